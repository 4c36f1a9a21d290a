import { CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { CreatedOrder, CreateOrderCommand } from '../../orders/commands/create-order.command';
import { orderBodyFrom } from '../../orders/order-source';
import { GetOrderTemplateQuery } from '../queries/get-order-template.query';
import { PlaceTemplateOrderCommand } from './place-template-order.command';

/**
 * Reads the caller's template and places the order through CreateOrderCommand, exactly as
 * `POST /orders`: today's prices, stock reserved and checked, products no longer sold refused, the
 * Idempotency-Key claimed — keyed on "an order from this template", so a retry replays the first
 * answer even if the template changed in between (a deleted template answers 404).
 */
@CommandHandler(PlaceTemplateOrderCommand)
export class PlaceTemplateOrderHandler implements ICommandHandler<PlaceTemplateOrderCommand, CreatedOrder> {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async execute({ user, templateId, idempotencyKey }: PlaceTemplateOrderCommand): Promise<CreatedOrder> {
    const template = await this.queries.execute(new GetOrderTemplateQuery(user, templateId));
    return this.commands.execute(
      new CreateOrderCommand(user, orderBodyFrom(template), idempotencyKey, { fromTemplate: template.id }),
    );
  }
}
