import { DataSource } from 'typeorm';
import { DATABASE_STARTUP, startDatabase, type StartupDataSourceOptions } from '../src/database/start-database';
import { typeormOptions } from '../src/database/typeorm-options';
import { createTestDatabase } from './support/test-app';

/** Instances of one deployment starting together on an empty database migrate one at a time. */
describe('Migrations when several instances start at once', () => {
  it('apply once, and every instance comes up on the migrated schema', async () => {
    const url = await createTestDatabase();
    const logged: unknown[] = [];
    const options = {
      ...typeormOptions(url),
      [DATABASE_STARTUP]: { connectRetryMs: 0, log: { info: (o: unknown) => logged.push(o), warn: () => undefined } },
    } as StartupDataSourceOptions;
    const results = await Promise.allSettled([startDatabase(options), startDatabase(options), startDatabase(options)]);
    const started = results.filter((r): r is PromiseFulfilledResult<DataSource> => r.status === 'fulfilled').map((r) => r.value);
    try {
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const applied = logged
        .filter((o) => (o as { phase?: string }).phase === 'migrations')
        .map((o) => (o as { applied: string[] }).applied.length);
      expect(applied.filter((n) => n > 0)).toHaveLength(1); // one instance applied them, the others found the schema current
      const [{ n }] = await started[0].query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM "migrations"`);
      expect(n).toBe(applied.find((x) => x > 0));
    } finally {
      await Promise.all(started.map((d) => d.destroy()));
    }
  });
});
