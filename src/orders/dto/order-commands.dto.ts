import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { ORDER_STATUSES, OrderStatus, PAYMENT_STATUSES, PaymentStatus } from '../domain/order-status';

export class ChangeOrderStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES })
  @IsIn(ORDER_STATUSES)
  status: OrderStatus;

  @ApiPropertyOptional({ maxLength: 128, description: 'Required with `status: shipped` and accepted only then: later transitions keep the one recorded at shipping' })
  @IsOptional()
  @ValidateBy({
    name: 'onlyWhenShipping',
    validator: {
      validate: (_value, args) => (args?.object as ChangeOrderStatusDto).status === OrderStatus.Shipped,
      defaultMessage: () => 'trackingNumber is recorded only when the order ships',
    },
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  trackingNumber?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CancelOrderDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class UpdatePaymentDto {
  @ApiProperty({ enum: PAYMENT_STATUSES })
  @IsIn(PAYMENT_STATUSES)
  paymentStatus: PaymentStatus;

  @ApiPropertyOptional({ maxLength: 128, description: 'payment provider reference' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  reference?: string;
}
