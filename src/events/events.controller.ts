import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { digitsToNumber } from '../common/http/validation';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { Roles } from '../common/auth/roles.decorator';
import { ListEventsQuery } from './queries/list-events.query';
import { EventFeedView, FeedEvent } from './queries/list-events.handler';

export class EventFeedQuery extends PickType(PageQuery, ['limit'] as const) {
  @ApiPropertyOptional({ description: 'Return events with `seq` greater than this (the last `seq` you saw).', default: 0 })
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after: number = 0;
}

@ApiTags('events')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('events')
export class EventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The durable event feed in `seq` order (admin). Next page: `?after=` the last `seq` seen.', description: 'Every committed domain event (orders, payments, products, stock) with its position `seq`. Positions are handed out in commit order, so a poller that asks for `after` the last `seq` it saw never skips an event. Admin only.' })
  @ApiOkResponse({ type: EventFeedView })
  @ApiForbiddenResponse({ description: 'not an admin' })
  listEvents(@Query() query: EventFeedQuery): Promise<{ items: FeedEvent[] }> {
    return this.queries.execute(new ListEventsQuery(query.after, query.limit));
  }
}
