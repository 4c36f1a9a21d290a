import pg from 'pg';
import type { DataSource } from 'typeorm';

const POOLS = Symbol('pools');

/**
 * The `pg` module for TypeORM's `driver` option, remembering every Pool TypeORM creates from it, so
 * that metrics read the pool's own public counters (`totalCount`, `idleCount`, `waitingCount`)
 * instead of TypeORM's internals. One per DataSource: nothing is shared between apps in a process.
 */
export function observedPgDriver(): typeof pg {
  const pools: pg.Pool[] = [];
  class ObservedPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      pools.push(this);
    }
  }
  return Object.assign(Object.create(pg) as typeof pg, { Pool: ObservedPool, [POOLS]: pools });
}

/** The pools of a DataSource configured with `observedPgDriver()` (empty before it connects). */
export function poolsOf(dataSource: DataSource): readonly pg.Pool[] {
  const driver = (dataSource.options as { driver?: { [POOLS]?: pg.Pool[] } }).driver;
  return driver?.[POOLS] ?? [];
}
