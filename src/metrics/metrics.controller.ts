import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/public.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { poolsOf } from '../database/pg-pools';
import { Metrics } from './metrics.service';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  /** Public unless METRICS_TOKEN is set; then only a scraper presenting it as a bearer token reads the figures. */
  @Get()
  async getMetrics(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (this.config.metricsToken && !sameSecret(bearerOf(req), this.config.metricsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException('GET /metrics needs the METRICS_TOKEN as a bearer token.');
    }
    res.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}

const bearerOf = (req: Request): string => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';

/** Compares digests, so neither the length nor the content leaks through timing. */
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
