import { AdvancedConsoleLogger, ObjectLiteral, QueryRunner } from 'typeorm';

/**
 * TypeORM's console logger, minus query parameters: they carry password and token hashes and
 * personal data (emails, addresses). The SQL text and the error message are enough to debug.
 */
export class ParameterFreeLogger extends AdvancedConsoleLogger {
  override logQuery(query: string, _parameters?: unknown[] | ObjectLiteral, queryRunner?: QueryRunner): void {
    super.logQuery(query, undefined, queryRunner);
  }

  override logQueryError(error: string, query: string, _parameters?: unknown[] | ObjectLiteral, queryRunner?: QueryRunner): void {
    super.logQueryError(error, query, undefined, queryRunner);
  }

  override logQuerySlow(time: number, query: string, _parameters?: unknown[] | ObjectLiteral, queryRunner?: QueryRunner): void {
    super.logQuerySlow(time, query, undefined, queryRunner);
  }
}
