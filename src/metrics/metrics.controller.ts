import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/public.decorator';
import { AppCache } from '../cache/app-cache.service';
import { Metrics } from './metrics.service';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    cache: AppCache,
    dataSource: DataSource,
  ) {
    metrics.gauge('cache_hits_total', 'Cache hits since start', () => cache.hits);
    metrics.gauge('cache_misses_total', 'Cache misses since start', () => cache.misses);
    const pool = () => (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    metrics.gauge('db_pool_total_connections', 'Open connections in the pool', () => pool()?.totalCount ?? 0);
    metrics.gauge('db_pool_idle_connections', 'Idle connections in the pool', () => pool()?.idleCount ?? 0);
    metrics.gauge('db_pool_waiting_clients', 'Queries waiting for a connection', () => pool()?.waitingCount ?? 0);
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
