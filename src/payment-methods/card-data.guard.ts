import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { findCardData } from './domain/card-data';
import { CardDataRefusedError } from './domain/payment-method.errors';

/**
 * "No card data, ever": a body holding a card number (in any string, keys included, at any depth)
 * or a field named like a security code is refused with a 400 that names the field, not the value.
 * A guard, so it runs after authentication and before any pipe, handler or query sees the body;
 * nothing logs request bodies, so the value is neither stored nor logged.
 */
@Injectable()
export class CardDataGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { body } = context.switchToHttp().getRequest<Request>();
    const finding = body === undefined ? undefined : findCardData(body);
    if (finding) throw new CardDataRefusedError(finding);
    return true;
  }
}
