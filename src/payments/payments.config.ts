import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { defineConfigSlice, toInt } from '../config/config-slice';

/** Payment notifications from the provider. */
class PaymentsVariables {
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @MaxLength(512)
  PAYMENT_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  PAYMENT_WEBHOOK_TOLERANCE_SECONDS?: number;
}

export const paymentsConfig = defineConfigSlice({
  variables: PaymentsVariables,
  build: (v) => ({
    /** HMAC-SHA256 key of `Payment-Signature`; unset: POST /payments/webhook answers 404. */
    paymentWebhookSecret: v.PAYMENT_WEBHOOK_SECRET,
    /** A signature whose `t` is further than this from now is refused (replay protection). */
    paymentWebhookToleranceSeconds: v.PAYMENT_WEBHOOK_TOLERANCE_SECONDS ?? 300,
  }),
});
