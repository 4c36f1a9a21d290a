import { ParameterFreeLogger } from './parameter-free-logger';

describe('ParameterFreeLogger', () => {
  it('logs failed, slow and plain queries without their parameters', () => {
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))),
    );
    try {
      const logger = new ParameterFreeLogger('all');
      const hash = '$argon2id$v=19$m=19456,t=2,p=1$secret-hash';
      logger.logQueryError('error: null value in column "role"', 'UPDATE "users" SET "passwordHash" = $1', [hash]);
      logger.logQuerySlow(5000, 'INSERT INTO "users" VALUES ($1)', [hash]);
      logger.logQuery('SELECT $1', [hash]);
      // TypeORM highlights SQL with ANSI colours when the terminal (or CI) supports them.
      // eslint-disable-next-line no-control-regex
      const output = printed.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
      expect(output).toContain('UPDATE "users"');
      expect(output).toContain('null value in column');
      expect(output).not.toContain('secret-hash');
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });
});
