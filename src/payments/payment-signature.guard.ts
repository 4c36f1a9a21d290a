import { CanActivate, ExecutionContext, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { UnauthorizedError } from '../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { verifyPaymentSignature } from './payment-signature';

export class InvalidPaymentSignatureError extends UnauthorizedError {
  override readonly type = 'invalid-signature';
  constructor() {
    super('The Payment-Signature header is missing, does not match the body, or is older than the tolerance.');
  }
}

/**
 * Admits a provider notification only with a valid `Payment-Signature` over its raw body, before
 * the body is even validated: an unsigned request learns nothing and changes nothing. Without
 * PAYMENT_WEBHOOK_SECRET the route does not exist (404).
 */
@Injectable()
export class PaymentSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const secret = this.config.paymentWebhookSecret;
    if (!secret) throw new NotFoundException();
    const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const header = request.headers['payment-signature'];
    const ok = verifyPaymentSignature(
      typeof header === 'string' ? header : undefined,
      request.rawBody ?? Buffer.alloc(0),
      secret,
      this.config.paymentWebhookToleranceSeconds,
    );
    if (!ok) throw new InvalidPaymentSignatureError();
    return true;
  }
}
