import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/public.decorator';
import { poolsOf } from '../database/pg-pools';
import { Metrics } from './metrics.service';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    dataSource: DataSource,
  ) {
    // The pg pool's own public counters; no sample before the pool exists.
    const pools = (count: (pool: { totalCount: number; idleCount: number; waitingCount: number }) => number) => () => {
      const all = poolsOf(dataSource);
      return all.length ? all.reduce((sum, pool) => sum + count(pool), 0) : null;
    };
    metrics.gauge('db_pool_total_connections', 'Open connections in the pool', pools((p) => p.totalCount));
    metrics.gauge('db_pool_idle_connections', 'Idle connections in the pool', pools((p) => p.idleCount));
    metrics.gauge('db_pool_waiting_clients', 'Queries waiting for a connection', pools((p) => p.waitingCount));
  }

  @Get()
  async getMetrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
