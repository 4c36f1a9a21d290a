import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { withMigrationLock } from './start-database';
import { typeormOptions } from './typeorm-options';

/**
 * `npm run migration:run`: applies pending migrations (to DATABASE_URL, or the embedded database).
 * `npm run migration:create -- <Name>`: writes an empty migrations/<timestamp>-<Name>.ts to fill in.
 * `npm run migration:generate -- <Name>`: writes one from the difference between the entities and
 * the schema. Our migrations are hand-written SQL with CHECKs, partial and trigram indexes that the
 * entities do not declare, so a generated file also proposes dropping those: review it, keep only
 * what the entity change needs. Either way, add the class to migrations/index.ts.
 */
async function run(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadAppConfig(process.env);
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const dataSource = new DataSource({
    ...typeormOptions(config.databaseUrl ?? embedded!.url),
    entities: [__dirname + '/../**/*.entity.js'],
  });
  try {
    await dataSource.initialize();
    const [command, name] = process.argv.slice(2);
    if (command === 'generate' || command === 'create') {
      if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`usage: npm run migration:${command} -- <PascalCaseName>`);
      let upQueries: string[] = [];
      let downQueries: string[] = [];
      if (command === 'generate') {
        await dataSource.runMigrations();
        const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
        upQueries = sqlInMemory.upQueries.map((q) => q.query);
        downQueries = sqlInMemory.downQueries.reverse().map((q) => q.query);
        if (upQueries.length === 0) {
          process.stdout.write('No changes in the entities: nothing to generate.\n');
          return;
        }
        const drops = upQueries.filter((q) => /\bDROP\b/i.test(q)).length;
        if (drops > 0) {
          process.stdout.write(
            `Review before use: ${drops} statement(s) drop constraints or indexes that the hand-written migrations define and the entities do not declare.\n`,
          );
        }
      }
      const timestamp = Date.now();
      const toLines = (queries: string[]) =>
        queries.length ? queries.map((q) => `    await queryRunner.query(\`${q.replace(/`/g, '\\`')}\`);`).join('\n') : '    // TODO';
      const up = toLines(upQueries);
      const down = toLines(downQueries);
      const file = `migrations/${timestamp}-${name}.ts`;
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        file,
        `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      process.stdout.write(`Wrote ${file}; add ${name}${timestamp} to migrations/index.ts\n`);
    } else {
      const applied = await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
      process.stdout.write(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}\n` : 'No pending migrations.\n');
    }
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
