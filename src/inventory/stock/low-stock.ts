import { Actor } from '../../common/auth/auth-user';
import { WriteStatement } from '../../database/write-statement';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { EventOutbox } from '../../events/outbox.service';
import { crossesLowStockSql } from '../domain/stock';

/**
 * Adds to `statement` one `stock.low` event per product of step `changed` whose stock crossed down
 * to or below its `lowStockThreshold` by this change — in the same statement as the change, so the
 * alert commits (or not) with it, and a crossing is decided on the locked row's own before and after
 * (two orders racing past the threshold cannot both see a crossing). `changed` returns, per product,
 * `id`, `sku`, `name`, the new `stock`, `lowStockThreshold` and the units taken as `quantity`.
 * Returns how to read the written events from the statement's result row.
 */
export function recordLowStockWithin(
  statement: WriteStatement,
  outbox: EventOutbox,
  changed: string,
  ctx: { actor: Actor; reason: 'order' | 'adjustment'; orderId: string | null },
): (row: Record<string, unknown>) => OutboxEvent[] {
  const crossed = `${changed}_low`;
  statement.step(crossed, `SELECT * FROM "${changed}" c WHERE ${crossesLowStockSql('c')}`);
  return outbox.appendEachWithin(
    statement,
    { type: 'stock.low', aggregateType: 'product', actor: ctx.actor },
    {
      from: crossed,
      aggregateId: 'a."id"',
      payload: {
        sku: 'a."sku"',
        name: 'a."name"',
        stockAfter: 'a."stock"',
        lowStockThreshold: 'a."lowStockThreshold"',
        reason: statement.param(ctx.reason, 'text'),
        orderId: statement.param(ctx.orderId, 'uuid'),
      },
    },
  );
}
