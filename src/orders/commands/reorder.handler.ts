import { CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { orderBodyFrom } from '../order-source';
import { GetOrderQuery } from '../queries/get-order.query';
import { CreatedOrder, CreateOrderCommand } from './create-order.command';
import { ReorderCommand } from './reorder.command';

/**
 * Reads the previous order as its owner (or staff) may see it — someone else's answers 404 — and
 * places the new one through CreateOrderCommand: today's prices, stock reserved and checked, the
 * Idempotency-Key claimed, exactly as for `POST /orders`. Staff reorder for the order's customer.
 */
@CommandHandler(ReorderCommand)
export class ReorderHandler implements ICommandHandler<ReorderCommand, CreatedOrder> {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async execute({ user, orderId, idempotencyKey }: ReorderCommand): Promise<CreatedOrder> {
    const previous = await this.queries.execute(new GetOrderQuery(user, orderId));
    const body = orderBodyFrom(previous, user.role === 'admin' ? previous.customerId : undefined);
    return this.commands.execute(new CreateOrderCommand(user, body, idempotencyKey, { reorderOf: previous.id }));
  }
}
