import type { LoggerOptions, LogLevel, LogMessage, ObjectLiteral, QueryRunner } from 'typeorm';
import { AbstractLogger } from 'typeorm';

/** The part of a pino logger (or nestjs-pino's PinoLogger) that TypeORM's lines go to. */
export interface JsonLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * TypeORM's logs as JSON lines of the app's pino logger (one stream, request ids included), and
 * without query parameters: they carry password and token hashes and personal data (emails,
 * addresses). The SQL text and the error message are enough to debug.
 */
export class ParameterFreeLogger extends AbstractLogger {
  constructor(
    options: LoggerOptions,
    private readonly logger: JsonLogger,
  ) {
    super(options);
  }

  override logQuery(query: string, _parameters?: unknown[] | ObjectLiteral, queryRunner?: QueryRunner): void {
    super.logQuery(query, undefined, queryRunner);
  }

  override logQueryError(error: string, query: string, _parameters?: unknown[] | ObjectLiteral, queryRunner?: QueryRunner): void {
    super.logQueryError(error, query, undefined, queryRunner);
  }

  override logQuerySlow(time: number, query: string, _parameters?: unknown[] | ObjectLiteral, queryRunner?: QueryRunner): void {
    super.logQuerySlow(time, query, undefined, queryRunner);
  }

  protected override writeLog(level: LogLevel, logMessage: LogMessage | string | number | Array<LogMessage | string | number>): void {
    const messages = (Array.isArray(logMessage) ? logMessage : [logMessage]).map((m): LogMessage => (typeof m === 'object' ? m : { message: m }));
    const fields: Record<string, unknown> = {};
    let text = '';
    for (const m of messages) {
      const value: unknown = m.message;
      if (m.format === 'sql') fields.query = String(value);
      else if (m.type === 'query-error') fields.error = value instanceof Error ? value.message : String(value);
      else if (m.type === 'query-slow') fields.durationMs = Number(value);
      else text = String(value);
    }
    const message = text || messages[0]?.prefix || String(level);
    if (messages[0]?.type === 'query-error' || level === 'error') this.logger.error(fields, message);
    else if (level === 'warn') this.logger.warn(fields, message);
    else if (level === 'query' || level === 'schema') this.logger.debug(fields, message);
    else this.logger.info(fields, message);
  }
}
