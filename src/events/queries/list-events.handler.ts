import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Not, IsNull, Repository } from 'typeorm';
import { OutboxEvent } from '../entities/outbox-event.entity';
import { ListEventsQuery } from './list-events.query';

export interface FeedEvent {
  id: string;
  seq: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  occurredAt: string;
  actor: unknown;
  payload: unknown;
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
