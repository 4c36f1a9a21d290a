import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PAYMENT_STATUSES, type PaymentStatus } from '../orders/domain/order-status';
import type { PaymentNotificationType } from '../orders/commands/apply-payment-notification.command';

const TYPES: PaymentNotificationType[] = ['payment.succeeded', 'payment.failed', 'payment.refunded'];

export class PaymentNotificationRequest {
  @ApiProperty({ description: "The provider's event id; a notification is applied once.", example: 'evt_1NqP2a', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  id: string;

  @ApiProperty({ enum: TYPES, description: '`succeeded` → paid, `failed` → failed, `refunded` → refunded.' })
  @IsIn(TYPES)
  type: PaymentNotificationType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orderId: string;

  @ApiProperty({ description: "The provider's payment reference (kept on the order, staff-only).", maxLength: 128 })
  @IsString()
  @Length(1, 128)
  reference: string;

  @ApiProperty({ description: "Must equal the order's `totalCents`.", minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents: number;

  @ApiProperty({ description: "Must equal the order's `currency` (ISO 4217).", example: 'USD' })
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  occurredAt: string;
}

export class PaymentNotificationResponse {
  @ApiProperty() notificationId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: PAYMENT_STATUSES, description: "The order's payment status this notification led to." })
  paymentStatus: PaymentStatus;
  @ApiProperty({ description: 'True when this notification id had been applied before: nothing was applied again.' })
  replayed: boolean;
}
