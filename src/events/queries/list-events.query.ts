import { Query } from '@nestjs/cqrs';
import type { FeedEvent } from './list-events.handler';
export class ListEventsQuery extends Query<{ items: FeedEvent[] }> {
  constructor(
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}
