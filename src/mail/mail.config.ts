import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { defineConfigSlice, toInt } from '../config/config-slice';

/** Outgoing mail: the SMTP server (or the development mailbox), the sender, links and retries. */
class MailVariables {
  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  MAIL_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(320)
  @Matches(/^([^<>]*<)?[^@\s<>]+@[^@\s<>]+>?$/, {
    message: 'must be an address, optionally with a name: Shop <shop@example.com>',
  })
  MAIL_FROM?: string;

  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'must be an http(s) URL without query or fragment' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600000)
  MAIL_RETRY_BASE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400000)
  MAIL_RETRY_MAX_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  MAIL_POLL_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  MAIL_TIMEOUT_MS?: number;
}

export const mailConfig = defineConfigSlice({
  variables: MailVariables,
  build: (v, { raw }) => ({
    /** Unset: mail goes to the development mailbox (the `mail_messages` table, links in the log). */
    mailUrl: v.MAIL_URL,
    mailFrom: v.MAIL_FROM ?? 'Order Management API <no-reply@localhost>',
    /** Base of the links in mails (`/verify-email?token=…`), without a trailing slash. */
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${raw.PORT || 3000}`).replace(/\/+$/, ''),
    /** Backoff of a failed send: base, doubling per attempt, capped; after the last attempt the mail is `failed`. */
    mailRetryBaseMs: v.MAIL_RETRY_BASE_MS ?? 5000,
    mailRetryMaxMs: v.MAIL_RETRY_MAX_MS ?? 3600000,
    mailMaxAttempts: v.MAIL_MAX_ATTEMPTS ?? 12,
    /** How often an idle dispatcher looks for due mail (it is also woken when mail is queued). */
    mailPollIntervalMs: v.MAIL_POLL_INTERVAL_MS ?? 1000,
    /** Connection, greeting and socket timeout of one SMTP attempt. */
    mailTimeoutMs: v.MAIL_TIMEOUT_MS ?? 10000,
  }),
});
