import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessView {
  @ApiProperty({ example: 'ok' }) status: 'ok';
}

export class ReadinessView {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    },
    description: 'check name → its status',
    example: { database: { status: 'up' }, migrations: { status: 'up' } },
  })
  checks: Record<string, unknown>;
}

class ComponentStatus {
  @ApiProperty({ enum: ['up', 'down', 'disabled'] }) status: string;
}

class HealthComponents {
  @ApiProperty({ type: ComponentStatus }) database: ComponentStatus;
  @ApiProperty({ type: ComponentStatus }) migrations: ComponentStatus;
  @ApiProperty({ type: ComponentStatus, description: '`disabled` when REDIS_URL is unset' }) redis: ComponentStatus;
  @ApiProperty({
    type: ComponentStatus,
    description:
      'the Kafka broker the outbox publishes to: `down` when unreachable or its last delivery failed (readiness is not affected), `disabled` when EVENTS_STREAMS does not name kafka',
  })
  kafka: ComponentStatus;
}

interface WebhookBacklog {
  pending: number;
  failed: number;
}

export class HealthDetailView {
  @ApiProperty({ enum: ['ok', 'error', 'draining'] }) status: string;
  @ApiProperty({ type: HealthComponents }) components: HealthComponents;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'events not yet sequenced, handled or delivered to every sink',
  })
  eventBacklog: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'events Kafka has not acknowledged yet (the outbox head vs the Kafka cursor); they are published in seq order when the broker is back. null when Kafka is not configured or the count cannot be read',
  })
  kafkaBacklog: number | null;
  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    properties: {
      pending: { type: 'integer', description: 'deliveries waiting for their (next) attempt' },
      failed: { type: 'integer', description: 'dead-lettered deliveries, until retried by hand' },
    },
    description: 'webhook deliveries not yet delivered; null when the count could not be read',
  })
  webhookBacklog: WebhookBacklog | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'mail queued and not sent yet (retried while the mail server is down)',
  })
  mailBacklog: number | null;
  @ApiProperty() version: string;
  @ApiProperty() uptimeSeconds: number;
  @ApiProperty({ format: 'date-time' }) timestamp: string;
}
