import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { ApplyPaymentNotificationCommand } from '../orders/commands/apply-payment-notification.command';
import { PaymentNotificationRequest, PaymentNotificationResponse } from './payment-webhook.dto';
import { PaymentSignatureGuard } from './payment-signature.guard';

@ApiTags('payments')
@Controller('payments')
export class PaymentWebhookController {
  constructor(private readonly commands: CommandBus) {}

  @Public()
  @Post('webhook')
  @HttpCode(200)
  @UseGuards(PaymentSignatureGuard)
  @ApiOperation({
    summary: 'A payment notification from the payment provider (signed, no bearer token)',
    description:
      'Signed with `Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with PAYMENT_WEBHOOK_SECRET>`; a missing or wrong signature, or `t` more than PAYMENT_WEBHOOK_TOLERANCE_SECONDS (300) from now → 401 and nothing changes. Drives the order\'s payment status machine (`payment.succeeded` → paid, `payment.failed` → failed, `payment.refunded` → refunded) with the same events and history as PATCH /orders/:id/payment, actor `{role: "system"}`. `amountCents`/`currency` other than the order\'s total → 422; an `id` already applied → 200 with the same outcome (`replayed: true`), nothing applied twice; a forbidden transition → 409; unknown order → 404. Without PAYMENT_WEBHOOK_SECRET the route answers 404.',
  })
  @ApiHeader({
    name: 'Payment-Signature',
    required: true,
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`',
  })
  @ApiOkResponse({ type: PaymentNotificationResponse })
  @ApiBadRequestResponse({ description: 'A signed body that is not a valid notification.' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong signature, or a timestamp outside the tolerance.' })
  @ApiNotFoundResponse({ description: 'Unknown order, or no PAYMENT_WEBHOOK_SECRET configured.' })
  @ApiConflictResponse({ description: 'The payment status machine forbids this transition.' })
  @ApiUnprocessableEntityResponse({ description: "The amount or currency is not the order's total." })
  receivePaymentNotification(@Body() body: PaymentNotificationRequest): Promise<PaymentNotificationResponse> {
    return this.commands.execute(new ApplyPaymentNotificationCommand({ ...body, occurredAt: new Date(body.occurredAt) }));
  }
}
