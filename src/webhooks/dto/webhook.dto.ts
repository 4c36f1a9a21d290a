import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { OptionalNotNull } from '../../common/http/validation';
import { PageQuery } from '../../common/pagination';
import { EVENT_TYPES } from '../../events/event-types';
import { isValidSubscription } from '../domain/subscriptions';

@ValidatorConstraint({ name: 'subscription' })
class SubscriptionPatterns implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every((p) => typeof p === 'string' && isValidSubscription(p));
  }
  defaultMessage(): string {
    return `events must be event types (${EVENT_TYPES.join(', ')}), prefixes such as "order.*", or "*"`;
  }
}

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true };
const EVENTS_DOC: ApiPropertyOptions = { type: [String], example: ['order.*'], description: 'Event types (`order.shipped`), prefixes (`order.*`) or `*` for all' };

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.example.com/hooks/orders', maxLength: 2048, description: 'http(s); in production not a loopback, private or link-local address' })
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_OPTIONS, { message: 'url must be an http(s) URL' })
  url: string;

  @ApiProperty(EVENTS_DOC)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Validate(SubscriptionPatterns)
  events: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2048 })
  @OptionalNotNull()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_OPTIONS, { message: 'url must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional(EVENTS_DOC)
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Validate(SubscriptionPatterns)
  events?: string[];

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ description: 'false pauses deliveries (events meanwhile are not queued for it)' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) events: string[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookWithSecretView extends WebhookView {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Signing secret, shown only in this response' })
  secret: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) items: WebhookView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export class ListDeliveriesQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event id, sent as `webhook-id`' }) eventId: string;
  @ApiProperty({ example: 'order.created' }) eventType: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: '`failed`: dead-lettered after the last attempt, until retried by hand' }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last answer; null when none came (timeout, refused)' }) lastStatusCode: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next attempt is due (while pending)' }) nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryView] }) items: WebhookDeliveryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** The JSON body POSTed to a receiver (OpenAPI: the delivered payload). */
export class WebhookEventPayload {
  @ApiProperty({ format: 'uuid', description: 'The event id; also the `webhook-id` header (deduplicate by it)' }) id: string;
  @ApiProperty({ description: 'Position in the global event feed' }) seq: number;
  @ApiProperty({ enum: EVENT_TYPES }) type: string;
  @ApiProperty({ format: 'uuid' }) aggregateId: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Who caused it (`{type, id, role}`)' }) actor: object;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'As in the event feed for this type' }) payload: object;
}
