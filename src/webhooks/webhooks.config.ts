import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { defineConfigSlice, toBool, toInt } from '../config/config-slice';

/** Webhook delivery: timeout, retry schedule, address policy and the dispatcher's pace. */
class WebhooksVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(60000)
  WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional() @IsString() @Matches(/^\s*\d{1,8}(\s*,\s*\d{1,8}){0,19}\s*$/, { message: 'must be up to 20 comma-separated delays in ms' })
  WEBHOOK_RETRY_SCHEDULE_MS?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_URLS?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  WEBHOOK_CONCURRENCY?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(50) @Max(60000)
  WEBHOOK_POLL_INTERVAL_MS?: number;
}

export const webhooksConfig = defineConfigSlice({
  variables: WebhooksVariables,
  build: (v, { env }) => ({
    /** A 2xx answer within this time is success; anything else is retried. */
    webhookTimeoutMs: v.WEBHOOK_TIMEOUT_MS ?? 5000,
    /** Delays before the 2nd, 3rd, ... attempt; after the last, a delivery is `failed`. */
    webhookRetryScheduleMs: (v.WEBHOOK_RETRY_SCHEDULE_MS ?? '5000,30000,120000,600000,3600000').split(',').map((s) => Number(s.trim())),
    /** Outside production, loopback and private receivers are allowed (local development, tests). */
    webhookAllowPrivateUrls: v.WEBHOOK_ALLOW_PRIVATE_URLS ?? env !== 'production',
    /** Requests in flight per instance; one endpoint takes at most a quarter of them. */
    webhookConcurrency: v.WEBHOOK_CONCURRENCY ?? 16,
    /** How often an idle dispatcher looks for due deliveries (it is also woken by new events). */
    webhookPollIntervalMs: v.WEBHOOK_POLL_INTERVAL_MS ?? 500,
  }),
});
