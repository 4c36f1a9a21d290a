import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { typeormOptions } from './typeorm-options';

/**
 * `npm run migration:run`: applies pending migrations (to DATABASE_URL, or the embedded database).
 * `npm run migration:generate -- <Name>`: writes migrations/<timestamp>-<Name>.ts from the
 * difference between the entities and the schema; add the class to migrations/index.ts.
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
    if (command === 'generate') {
      if (!name) throw new Error('usage: npm run migration:generate -- <Name>');
      await dataSource.runMigrations();
      const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
      if (sqlInMemory.upQueries.length === 0) {
        process.stdout.write('No changes in the entities: nothing to generate.\n');
        return;
      }
      const timestamp = Date.now();
      const up = sqlInMemory.upQueries.map((q) => `    await queryRunner.query(\`${q.query.replace(/`/g, '\\`')}\`);`).join('\n');
      const down = sqlInMemory.downQueries.reverse().map((q) => `    await queryRunner.query(\`${q.query.replace(/`/g, '\\`')}\`);`).join('\n');
      const file = `migrations/${timestamp}-${name}.ts`;
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        file,
        `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      process.stdout.write(`Wrote ${file}; add ${name}${timestamp} to migrations/index.ts\n`);
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
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
