import { createHash } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';

/** The name each statement text is prepared under: its hash, so two texts never share a name. */
const names = new Map<string, string>();
function nameOf(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `oms_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` as a NAMED prepared statement on the manager's connection (its transaction's, if any)
 * and returns its rows. Why: `EntityManager.query` sends every statement unnamed, so PostgreSQL
 * parses and analyses the text again on every call — for the large data-modifying statements of
 * the write path (an order is one WITH of a dozen steps) that is a good part of the statement's
 * CPU. A named statement is parsed once per connection (node-postgres remembers which connections
 * prepared which names) and each call sends only Bind/Execute.
 *
 * Only for statements whose text comes from a bounded set of shapes (values always travel as
 * parameters): each distinct text is one prepared statement per pooled connection. Errors are
 * TypeORM's `QueryFailedError`, as from `manager.query`, so the code that maps them is the same.
 */
export async function preparedQuery<Row>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<Row[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as {
      query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }>;
    };
    const result = await client.query({ name: nameOf(sql), text: sql, values: parameters }).catch((error: Error) => {
      throw new QueryFailedError(sql, parameters, error);
    });
    return result.rows;
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}
