import { ApiProperty, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { SHIPPING_METHODS, ShippingMethod } from '../../orders/domain/pricing';
import { CreateOrderDto, ShippingAddressInput } from '../../orders/dto/create-order.dto';
import type { OrderTemplate } from '../entities/order-template.entity';

/** POST /order-templates: an order's items, address and shipping method (validated as for an order), and a name. */
export class CreateOrderTemplateDto extends PickType(CreateOrderDto, ['items', 'shippingAddress', 'shippingMethod'] as const) {
  @ApiProperty({ maxLength: 100, example: 'Monday office supplies' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class ListOrderTemplatesQueryDto extends PageQuery {}

export class TemplateLineView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ minimum: 1, maximum: 1000 }) quantity: number;
}

export class OrderTemplateView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [TemplateLineView] }) items: TemplateLineView[];
  @ApiProperty({ type: ShippingAddressInput }) shippingAddress: ShippingAddressInput;
  @ApiProperty({ enum: SHIPPING_METHODS }) shippingMethod: ShippingMethod;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OrderTemplatePageView {
  @ApiProperty({ type: [OrderTemplateView] }) items: OrderTemplateView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function toOrderTemplateView(template: OrderTemplate): OrderTemplateView {
  return {
    id: template.id,
    name: template.name,
    items: template.items.map(({ productId, quantity }) => ({ productId, quantity })),
    shippingAddress: template.shippingAddress,
    shippingMethod: template.shippingMethod,
    createdAt: new Date(template.createdAt).toISOString(),
  };
}
