import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Public } from '../common/auth/public.decorator';
import { ServiceUnavailableError } from './service-unavailable.error';
import { HealthIndicators } from './health.indicators';
import { HealthDetailView, LivenessView, ReadinessView } from './health.views';
import { ShutdownState } from './shutdown-state';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicators,
    private readonly shutdown: ShutdownState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('health/live')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Liveness: the process is up (touches no dependency)',
    description:
      'Kubernetes liveness probe. Answers 200 as long as the event loop runs; it never checks PostgreSQL or Redis, so a database outage does not get healthy pods restarted. Public, not rate limited.',
  })
  @ApiOkResponse({ type: LivenessView })
  checkLiveness(): LivenessView {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: the database answers and migrations are applied; 503 otherwise and while draining',
    description:
      'Kubernetes readiness probe. 200 when PostgreSQL answers within 1.5 s and no migration is pending; 503 with `checks` (and `Retry-After`) otherwise, and from SIGTERM on while in-flight requests drain. Redis is not checked: it is a cache. Public, not rate limited.',
  })
  @ApiOkResponse({ type: ReadinessView })
  @ApiServiceUnavailableResponse({ description: 'not ready (problem details with `checks`)' })
  async checkReadiness(): Promise<ReadinessView> {
    if (this.shutdown.isDraining) throw new ServiceUnavailableError('The service is shutting down.', {});
    try {
      const result = await this.health.check([() => this.indicators.database(), () => this.indicators.migrations()]);
      return { status: 'ok', checks: result.details };
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const body = error.getResponse() as { details?: Record<string, unknown> };
        throw new ServiceUnavailableError('A dependency the service needs is not ready.', body.details ?? {});
      }
      throw error;
    }
  }

  @Get('health')
  @ApiOperation({
    summary: 'Detailed health: database, Redis, Kafka, event backlogs, version, uptime (no secrets)',
    description:
      'Status of each component (`up`, `down`, or `disabled` for Redis without `REDIS_URL` and for Kafka when `EVENTS_STREAMS` does not name it), the number of events not yet sequenced, handled or delivered to every sink (Redis stream, Kafka), the events Kafka has not acknowledged yet (`kafkaBacklog`; the broker `down` does not make the service unready: the outbox holds the events) and the webhook deliveries pending and dead-lettered, the mail waiting to be sent (`null` when a count cannot be read), version and uptime. Never shows a host name, URL or secret. Public.',
  })
  @ApiOkResponse({ type: HealthDetailView })
  async getHealth(): Promise<HealthDetailView> {
    const [database, migrations, redis, kafka, eventBacklog, webhookBacklog, mailBacklog] = await Promise.all([
      this.indicators.database().then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.indicators.migrations().then((r) => r.migrations.status),
      this.indicators.redisStatus(),
      this.indicators.kafka(),
      this.indicators.eventBacklog(),
      this.indicators.webhookBacklog(),
      this.indicators.mailBacklog(),
    ]);
    const status = this.shutdown.isDraining ? 'draining' : database === 'up' && migrations === 'up' ? 'ok' : 'error';
    return {
      status,
      components: {
        database: { status: database },
        migrations: { status: migrations },
        redis,
        kafka: { status: kafka.status },
      },
      eventBacklog,
      kafkaBacklog: kafka.backlog,
      webhookBacklog,
      mailBacklog,
      version: this.config.version,
      uptimeSeconds: Math.round((Date.now() - this.shutdown.startedAt) / 1000),
      timestamp: new Date().toISOString(),
    };
  }
}
