import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Not, IsNull, Repository } from 'typeorm';
import { OutboxEvent } from '../entities/outbox-event.entity';
import { EVENT_TYPES } from '../event-types';
import { ListEventsQuery } from './list-events.query';

export class FeedActorView {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) id: string | null;
  @ApiProperty({ enum: ['customer', 'admin', 'system'] }) role: string;
}

export class FeedEvent {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'global, gap-free position in the feed' }) seq: number;
  @ApiProperty({ enum: EVENT_TYPES }) type: string;
  @ApiProperty({ enum: ['order', 'product'] }) aggregateType: string;
  @ApiProperty({ format: 'uuid' }) aggregateId: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: FeedActorView }) actor: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'type-specific data (statuses, changes, totals, …)' }) payload: unknown;
}

export class EventFeedView {
  @ApiProperty({ type: [FeedEvent] }) items: FeedEvent[];
}

@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery, { items: FeedEvent[] }> {
  constructor(@InjectRepository(OutboxEvent) private readonly events: Repository<OutboxEvent>) {}

  async execute({ after, limit }: ListEventsQuery): Promise<{ items: FeedEvent[] }> {
    const rows = await this.events.find({
      where: { seq: after > 0 ? MoreThan(after) : Not(IsNull()) },
      order: { seq: 'ASC' },
      take: limit,
    });
    return {
      items: rows.map((e) => ({
        id: e.id,
        seq: e.seq!,
        type: e.type,
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        occurredAt: e.occurredAt.toISOString(),
        actor: e.actor,
        payload: e.payload,
      })),
    };
  }
}
