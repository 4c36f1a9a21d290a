import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SHIPPING_METHODS, ShippingMethod } from '../domain/pricing';
import { OrderLineInput, ShippingAddressInput } from './create-order.dto';

/** PATCH /orders/:id — every field optional; what is given replaces the order's value. */
export class EditOrderDto {
  @ApiPropertyOptional({
    type: [OrderLineInput],
    minItems: 1,
    maxItems: 50,
    description:
      "the complete new list of lines, each product at most once: a product the order has keeps its price (its quantity may change), a new one takes today's price, one left out is removed",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OrderLineInput)
  items?: OrderLineInput[];

  @ApiPropertyOptional({ type: ShippingAddressInput, description: 'the whole new address' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressInput)
  shippingAddress?: ShippingAddressInput;

  @ApiPropertyOptional({ enum: SHIPPING_METHODS })
  @IsOptional()
  @IsIn(SHIPPING_METHODS)
  shippingMethod?: ShippingMethod;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, type: String, description: '`null` clears the notes' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}
