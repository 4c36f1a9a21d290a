import type { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/**
 * One data-modifying statement assembled from the parts of several modules:
 *
 *   WITH "step_a" AS (...), "step_b" AS (...), ... SELECT (...) AS "output_x", (...) AS "output_y"
 *
 * Why: a round trip to PostgreSQL costs far more than the work most write statements do (driver and
 * ORM CPU, a syscall each way, and locks held while the app waits). Writing a change that spans
 * modules — an order, its stock decrement and ledger, its outbox event — as ONE statement makes it
 * one round trip, atomic on its own (a single statement is its own transaction), without any
 * module writing another's tables: each owner contributes the steps for its tables and names the
 * condition the others' steps must respect.
 *
 * Semantics to keep in mind when contributing a step (PostgreSQL, "WITH Queries"):
 * - every step sees the same snapshot, and no step sees another's writes to a table; a step reads
 *   another step's effects only through that step's RETURNING rows;
 * - data-modifying steps always run to completion, whether or not anything reads them, so a step
 *   that must not write in some case needs a condition (e.g. `FROM "gate"` / `WHERE EXISTS`);
 * - foreign keys are checked at the end of the statement, so a child may be inserted in the same
 *   statement as its parent.
 */
export class WriteStatement {
  private readonly parameters: unknown[] = [];
  private readonly steps = new Map<string, string>();
  private readonly outputs = new Map<string, string>();

  /** A bound parameter (`$n`, with `::cast` when given). Objects and arrays of objects: pass JSON text. */
  param(value: unknown, cast?: string): string {
    this.parameters.push(value);
    return `$${this.parameters.length}${cast ? `::${cast}` : ''}`;
  }

  /** Rows as one `jsonb` parameter: a new column is a new key, not a new placeholder. */
  json(value: unknown): string {
    return this.param(JSON.stringify(value), 'jsonb');
  }

  /** Adds `WITH "name" AS [MATERIALIZED] (sql)`; steps may read the RETURNING rows of earlier ones. */
  step(name: string, sql: string, options: { materialized?: boolean } = {}): this {
    if (this.steps.has(name)) throw new Error(`statement step "${name}" is already defined`);
    this.steps.set(name, `"${name}" AS ${options.materialized ? 'MATERIALIZED ' : ''}(${sql})`);
    return this;
  }

  /** Adds a column to the one result row, usually a scalar sub-select of a step. */
  output(name: string, sql: string): this {
    if (this.outputs.has(name)) throw new Error(`statement output "${name}" is already defined`);
    this.outputs.set(name, `(${sql}) AS "${name}"`);
    return this;
  }

  /** `INSERT INTO "table" (keys) SELECT keys FROM jsonb_populate_recordset(...)`: rows given as JSON, one parameter. */
  insertRows(table: string, rows: readonly object[]): string {
    if (rows.length === 0) throw new Error(`no rows to insert into ${table}`);
    const columns = Object.keys(rows[0])
      .map((column) => `"${column}"`)
      .join(', ');
    return `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::"${table}", ${this.json(rows)}) AS r`;
  }

  /** The SQL text and its parameters (for logs, tests and the benchmark's pgbench script). */
  toQuery(): { sql: string; parameters: unknown[] } {
    if (this.outputs.size === 0) throw new Error('a statement needs at least one output');
    const sql = `WITH ${[...this.steps.values()].join(',\n')}\nSELECT ${[...this.outputs.values()].join(', ')}`;
    return { sql, parameters: [...this.parameters] };
  }

  /**
   * Runs the statement (in the manager's transaction, if any) and returns its one row. Prepared by
   * name: its text depends only on which steps the modules contributed, never on values.
   */
  async run<Row extends object>(manager: EntityManager): Promise<Row> {
    const { sql, parameters } = this.toQuery();
    const rows = await preparedQuery<Row>(manager, sql, parameters);
    return rows[0];
  }
}

/** A `timestamptz` expression as JavaScript's `Date#toISOString()` writes it (millisecond columns). */
export const isoTimestampSql = (expression: string): string =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
