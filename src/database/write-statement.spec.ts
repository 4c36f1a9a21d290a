import { isoTimestampSql, WriteStatement } from './write-statement';

describe('WriteStatement', () => {
  it('numbers parameters in the order they are added, across steps and outputs', () => {
    const statement = new WriteStatement();
    statement
      .step('a', `INSERT INTO "t" ("x") VALUES (${statement.param(1)}) RETURNING "x"`)
      .step('b', `UPDATE "u" SET "y" = ${statement.param('two', 'text')} FROM "a"`)
      .output('x', `SELECT "x" FROM "a"`);
    const { sql, parameters } = statement.toQuery();
    expect(sql).toBe(
      'WITH "a" AS (INSERT INTO "t" ("x") VALUES ($1) RETURNING "x"),\n"b" AS (UPDATE "u" SET "y" = $2::text FROM "a")\nSELECT (SELECT "x" FROM "a") AS "x"',
    );
    expect(parameters).toEqual([1, 'two']);
  });

  it('inserts rows given as one JSON parameter, with the columns of their keys', () => {
    const statement = new WriteStatement();
    const sql = statement.insertRows('items', [
      { orderId: 'o', quantity: 2 },
      { orderId: 'o', quantity: 3 },
    ]);
    expect(sql).toBe(
      'INSERT INTO "items" ("orderId", "quantity") SELECT "orderId", "quantity" FROM jsonb_populate_recordset(NULL::"items", $1::jsonb) AS r',
    );
    expect(statement.toQuery.bind(statement)).toThrow(/at least one output/);
    expect(JSON.parse(statement.output('n', 'SELECT 1').toQuery().parameters[0] as string)).toHaveLength(2);
  });

  it('refuses a step or an output named twice', () => {
    const statement = new WriteStatement().step('a', 'SELECT 1').output('o', 'SELECT 1');
    expect(() => statement.step('a', 'SELECT 2')).toThrow(/already defined/);
    expect(() => statement.output('o', 'SELECT 2')).toThrow(/already defined/);
  });

  it('materializes a step when asked', () => {
    const statement = new WriteStatement().step('locked', 'SELECT 1 FOR UPDATE', { materialized: true }).output('n', 'SELECT 1');
    expect(statement.toQuery().sql).toContain('"locked" AS MATERIALIZED (SELECT 1 FOR UPDATE)');
  });

  it('formats timestamps like Date#toISOString', () => {
    expect(isoTimestampSql('o."createdAt"')).toBe(`to_char(o."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  });
});
