import { Command } from '@nestjs/cqrs';
import type { PaymentStatus } from '../domain/order-status';

export type PaymentNotificationType = 'payment.succeeded' | 'payment.failed' | 'payment.refunded';

export interface PaymentNotification {
  /** The provider's event id: a notification applies once. */
  id: string;
  type: PaymentNotificationType;
  orderId: string;
  reference: string;
  amountCents: number;
  currency: string;
  occurredAt: Date;
}

export interface PaymentNotificationOutcome {
  notificationId: string;
  orderId: string;
  /** The order's payment status the notification led to. */
  paymentStatus: PaymentStatus;
  /** True when this id had been applied before: nothing was applied again. */
  replayed: boolean;
}

export class ApplyPaymentNotificationCommand extends Command<PaymentNotificationOutcome> {
  constructor(readonly notification: PaymentNotification) {
    super();
  }
}
