import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsDefined,
  IsISO31661Alpha2,
  IsObject,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SHIPPING_METHODS, ShippingMethod } from '../domain/pricing';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OrderLineInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @ApiProperty({ minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;
}

export class ShippingAddressInput {
  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200)
  fullName: string;

  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200)
  line1: string;

  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  line2?: string;

  @ApiProperty({ maxLength: 100 }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100)
  city: string;

  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @Transform(trim) @IsString() @MaxLength(100)
  state?: string;

  @ApiProperty({ maxLength: 20 }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(20)
  postalCode: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'US' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO31661Alpha2()
  country: string;

  @ApiPropertyOptional({ maxLength: 32 }) @IsOptional() @Transform(trim) @IsString() @Matches(/^\+?[0-9 ()./-]{3,32}$/)
  phone?: string;
}

export class CreateOrderDto {
  @ApiProperty({ type: [OrderLineInput], minItems: 1, maxItems: 50, description: 'each product at most once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLineInput)
  items: OrderLineInput[];

  @ApiProperty({ type: ShippingAddressInput })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressInput)
  shippingAddress: ShippingAddressInput;

  @ApiPropertyOptional({ enum: SHIPPING_METHODS, default: 'standard' })
  @IsOptional()
  @IsIn(SHIPPING_METHODS)
  shippingMethod?: ShippingMethod;

  @ApiPropertyOptional({ maxLength: 64, example: 'card', description: 'free text; not together with paymentMethodId (400)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  paymentMethod?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "one of the customer's saved payment methods (for an admin ordering on behalf, that customer's); a missing, deleted or someone else's method → 422. The order keeps a snapshot of it (`paymentMethodDetails`).",
  })
  @IsOptional()
  @IsUUID()
  paymentMethodId?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'admin only: create on behalf of this customer (a customer sending it gets 400)' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}
