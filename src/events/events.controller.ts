import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../common/auth/roles.decorator';
import { ListEventsQuery } from './queries/list-events.query';
import type { FeedEvent } from './queries/list-events.handler';

export class EventFeedQuery {
  @ApiPropertyOptional({ description: 'Return events with `seq` greater than this (the last `seq` you saw).', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

@ApiTags('events')
@ApiBearerAuth('bearer')
@Roles('admin')
@Controller('events')
export class EventsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The durable event feed in `seq` order (admin). Next page: `?after=` the last `seq` seen.' })
  @ApiOkResponse({ description: '`{ items: [{id, seq, type, aggregateType, aggregateId, occurredAt, actor, payload}] }`' })
  @ApiForbiddenResponse({ description: 'not an admin' })
  list(@Query() query: EventFeedQuery): Promise<{ items: FeedEvent[] }> {
    return this.queries.execute(new ListEventsQuery(query.after, query.limit));
  }
}
