import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrderHistoryEntry } from './order-history.entity';

export class HistoryActorView {
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) id: string | null;
  @ApiProperty({ enum: ['customer', 'admin', 'system'] }) role: string;
}

export class HistoryEntryView {
  @ApiProperty({ example: 'created', description: 'the event type without the `order.` prefix' }) action: string;
  @ApiPropertyOptional({ nullable: true, type: String }) fromStatus: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', properties: { from: {}, to: {} } }, description: 'field → `{from, to}`' })
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
