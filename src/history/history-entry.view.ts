import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrderHistoryEntry } from './order-history.entity';

export class HistoryActorView {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description:
      "Staff see every actor's id; in a customer's view only their own actions carry it, staff and the system appear as `{role}` alone",
  })
  id?: string | null;
  @ApiProperty({ enum: ['customer', 'admin', 'system'] }) role: string;
}

export class HistoryEntryView {
  @ApiProperty({ example: 'created', description: 'the event type without the `order.` prefix' }) action: string;
  @ApiPropertyOptional({ nullable: true, type: String }) fromStatus: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
    description:
      "field → `{from, to}`, and what the request said besides (`trackingNumber`, `reason`, the payment `reference`). Staff only, absent from a customer's view: the payment provider's `reference`, and a `reason` written by staff (a customer sees the reason they gave themselves).",
  })
  changes: Record<string, unknown>;
  @ApiProperty({ type: HistoryActorView }) actor: HistoryActorView;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class HistoryView {
  @ApiProperty({ type: [HistoryEntryView] }) items: HistoryEntryView[];
}

export const toHistoryEntryView = (e: OrderHistoryEntry): HistoryEntryView => ({
  action: e.action,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  changes: e.changes,
  actor: { id: e.actor.id, role: e.actor.role },
  at: e.at.toISOString(),
});

/**
 * A history entry as the order's customer sees it: staff and the system named by role alone, without
 * the payment provider's `reference` or a `reason` staff wrote (the customer's own reason stays).
 */
export function toCustomerHistoryEntryView(entry: HistoryEntryView): HistoryEntryView {
  const { reference: _reference, ...changes } = entry.changes;
  if (entry.actor.role === 'customer') return { ...entry, changes, actor: { ...entry.actor } };
  delete changes.reason;
  return { ...entry, changes, actor: { role: entry.actor.role } };
}

/** The history for whoever reads it: staff see every entry whole, a customer their view of it. */
export function historyViewFor(reader: { role: string }, items: HistoryEntryView[]): HistoryView {
  return { items: reader.role === 'admin' ? items : items.map(toCustomerHistoryEntryView) };
}
