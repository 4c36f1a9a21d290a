import { Writable } from 'node:stream';
import pino from 'pino';
import { ParameterFreeLogger } from './parameter-free-logger';

describe('ParameterFreeLogger', () => {
  const hash = '$argon2id$v=19$m=19456,t=2,p=1$secret-hash';

  function capture(level = 'debug') {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return { lines, logger: new ParameterFreeLogger('all', pino({ level }, sink).child({ context: 'TypeORM' })) };
  }

  it('writes failed, slow and plain queries as JSON lines of the app logger, without their parameters', () => {
    const { lines, logger } = capture();
    logger.logQueryError('error: null value in column "role"', 'UPDATE "users" SET "passwordHash" = $1', [hash]);
    logger.logQuerySlow(5000, 'INSERT INTO "users" VALUES ($1)', [hash]);
    logger.logQuery('SELECT $1', [hash]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, context: 'TypeORM', msg: 'query failed', query: 'UPDATE "users" SET "passwordHash" = $1', error: 'error: null value in column "role"' }),
      expect.objectContaining({ level: 40, msg: 'query is slow', query: 'INSERT INTO "users" VALUES ($1)', durationMs: 5000 }),
      expect.objectContaining({ level: 20, msg: 'query', query: 'SELECT $1' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-hash');
  });

  it('writes migrations and TypeORM notices at info and warn, and respects the logger level', () => {
    const { lines, logger } = capture('info');
    logger.logMigration('Migration Init1700000000000 has been executed successfully.');
    logger.log('warn', 'something odd');
    logger.logQuery('SELECT 1');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'Migration Init1700000000000 has been executed successfully.' }),
      expect.objectContaining({ level: 40, msg: 'something odd' }),
    ]);
  });
});
