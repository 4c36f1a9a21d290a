import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ProductsUnavailableError } from '../../inventory/domain/inventory.errors';
import { FindUnavailableProductsQuery } from '../../inventory/queries/find-unavailable-products.query';
import { assertEachProductOnce } from '../../orders/domain/order-rules';
import { OrderTemplateView, toOrderTemplateView } from '../dto/order-template.dto';
import { OrderTemplate } from '../entities/order-template.entity';
import { CreateOrderTemplateCommand } from './create-order-template.command';

/**
 * Validates the items as an order's (shape by the DTO, each product once here) and asks Inventory
 * that every product exists and is sold (422 naming the others, as an order would), then stores the
 * template. No stock is checked or held: that happens when an order is placed from it.
 */
@CommandHandler(CreateOrderTemplateCommand)
export class CreateOrderTemplateHandler implements ICommandHandler<CreateOrderTemplateCommand, OrderTemplateView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ user, body }: CreateOrderTemplateCommand): Promise<OrderTemplateView> {
    assertEachProductOnce(body.items);
    const items = body.items.map(({ productId, quantity }) => ({ productId: productId.toLowerCase(), quantity }));
    const unavailable = await this.queries.execute(new FindUnavailableProductsQuery(items.map((i) => i.productId)));
    if (unavailable.length > 0) throw new ProductsUnavailableError(unavailable);

    const address = Object.fromEntries(Object.entries(body.shippingAddress).filter(([, value]) => value !== undefined));
    const template = await this.dataSource.getRepository(OrderTemplate).save(
      Object.assign(new OrderTemplate(), {
        customerId: user.id,
        name: body.name,
        items,
        shippingAddress: address,
        shippingMethod: body.shippingMethod ?? 'standard',
      }),
    );
    return toOrderTemplateView(template);
  }
}
