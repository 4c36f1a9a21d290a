import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { defineConfigSlice, toInt } from '../config/config-slice';

/** Pricing of orders. */
class OrdersVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000)
  TAX_RATE_BPS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000000)
  SHIPPING_STANDARD_CENTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000000)
  SHIPPING_EXPRESS_CENTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(9007199254740991)
  FREE_SHIPPING_THRESHOLD_CENTS?: number;
}

export const ordersConfig = defineConfigSlice({
  variables: OrdersVariables,
  build: (v) => ({
    /** Tax on the subtotal in basis points (825 = 8.25 %), rounded half-up. */
    taxRateBps: v.TAX_RATE_BPS ?? 0,
    shippingStandardCents: v.SHIPPING_STANDARD_CENTS ?? 500,
    shippingExpressCents: v.SHIPPING_EXPRESS_CENTS ?? 1500,
    /** Standard shipping is free when the subtotal reaches this. */
    freeShippingThresholdCents: v.FREE_SHIPPING_THRESHOLD_CENTS ?? 5000,
  }),
});
