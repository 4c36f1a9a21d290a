import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, ValidationError } from '../../common/errors/domain-error';
import { OrderStatus } from '../domain/order-status';
import { ChangeOrderStatusCommand } from './change-order-status.command';
import { ChangeOrderStatusesCommand, StatusChangeOutcome } from './change-order-statuses.command';

/**
 * A bulk status change is the single change, once per order: the same command (rules, locks,
 * stock release on cancellation, events, history, cache), each in its own transaction. Orders go
 * one after the other, in the order given, so a bulk call holds at most one order's locks at a time
 * and cannot deadlock with itself. A duplicate id (UUIDs compare case-insensitively) counts once.
 */
@CommandHandler(ChangeOrderStatusesCommand)
export class ChangeOrderStatusesHandler implements ICommandHandler<ChangeOrderStatusesCommand, StatusChangeOutcome[]> {
  private readonly logger = new Logger('ChangeOrderStatuses');

  constructor(private readonly commands: CommandBus) {}

  async execute({ user, orderIds, status, options }: ChangeOrderStatusesCommand): Promise<StatusChangeOutcome[]> {
    // The single change's rule that depends on the request alone: every order would fail it alike,
    // so the whole call is the 400, not each of its results.
    if (status === OrderStatus.Shipped && options.trackingNumber === undefined) {
      throw new ValidationError([{ field: 'trackingNumber', message: 'trackingNumber is required when the orders ship' }]);
    }
    const outcomes: StatusChangeOutcome[] = [];
    for (const orderId of new Set(orderIds.map((id) => id.toLowerCase()))) {
      try {
        const order = await this.commands.execute(new ChangeOrderStatusCommand(user, orderId, status, options));
        outcomes.push({ orderId, order });
      } catch (error) {
        // The orders before this one are committed: the answer must say so, whatever happened here.
        if (!(error instanceof DomainError))
          this.logger.error({ err: error, orderId }, 'bulk status change failed for one order');
        outcomes.push({ orderId, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    return outcomes;
  }
}
