import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/auth-user';
import { WriteStatement } from '../../database/write-statement';
import type { OutboxEvent } from '../../events/entities/outbox-event.entity';
import { EventOutbox } from '../../events/outbox.service';
import { InsufficientStockError, ProductsUnavailableError } from '../domain/inventory.errors';
import { checkReservation, mergeStockLines, StockedProduct, StockLine } from '../domain/stock';
import { recordLowStockWithin } from './low-stock';
import { ProductQuote, ProductQuotes } from './product-quotes';

export type { StockLine } from '../domain/stock';

/** A line as the catalogue prices it: what an order snapshots. */
export interface ReservedLine {
  productId: string;
  sku: string;
  name: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
}

/**
 * What a reservation is priced with:
 * - `quoted`: this instance's quotes of the products (ProductQuotes), no lock taken yet; the
 *   statement verifies them under its own locks. One round trip for the whole order.
 * - `locked`: the products read `FOR UPDATE` in the caller's transaction first; the statement then
 *   cannot find them changed. The fallback when a quote was stale, and the basis of `reserve`.
 */
export type ReservationBasis = 'quoted' | 'locked';

type LockedProduct = StockedProduct & ProductQuote;

/** The columns a reservation adds to its statement's result row (see `Reservation.addTo`). */
export type ReservationOutput = { stock_reserved: boolean; stock_locked: LockedProduct[] | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Stock operations for other modules (Orders), always inside the caller's statement or transaction,
 * so the stock change, its ledger rows and the caller's own writes commit or roll back together.
 *
 * Locking choice: the products are locked with `SELECT ... ORDER BY id FOR UPDATE`, every line is
 * checked against the locked rows, and only then is anything written.
 * - A reservation is all-or-nothing and must report EVERY short line with what is available, and
 *   the order snapshots sku/name/price consistent with the decrement. Reading the rows under a row
 *   lock gives exactly that; a conditional `UPDATE ... WHERE stock >= $q` would stop at the first
 *   short line (or decrement and then need undoing) and could not report the others.
 * - Rows are locked in ascending id order (PostgreSQL locks rows as the sorted result is produced),
 *   so two transactions sharing products always queue on the same first row: no deadlock, whatever
 *   order their lines came in.
 * - The locks are held until the end of the writing statement (or the caller's transaction), so no
 *   other writer can change the stock between the check and the decrement: no lost update, never
 *   below zero. The `stock >= 0` CHECK constraint is the backstop.
 *
 * Round trips: the lock, the check and the writes are steps of ONE statement (see `Reservation`),
 * which the caller extends with its own writes (the order, its lines, its event), all conditioned
 * on the check. Priced from quotes, a whole order is that one statement; the check then also
 * compares the quoted catalogue fields with the locked row, and a mismatch (a stale quote) writes
 * nothing and sends the caller to the `locked` basis.
 */
@Injectable()
export class StockReservations {
  constructor(
    private readonly quotes: ProductQuotes,
    private readonly outbox: EventOutbox,
  ) {}

  /**
   * Prices `lines` for a reservation the caller writes as part of its statement (one line per input
   * line, same order). On the `locked` basis, locks the products in the caller's transaction and
   * throws the refusal (every unavailable or short line) right away. On the `quoted` basis, returns
   * undefined when a line cannot be quoted as orderable (unknown or inactive as far as this instance
   * knows): that is decided under locks, on the `locked` basis.
   */
  async prepare(manager: EntityManager, lines: StockLine[], basis: ReservationBasis): Promise<Reservation | undefined> {
    const normalized = lines.map((line) => ({ productId: line.productId.toLowerCase(), quantity: line.quantity }));
    const merged = mergeStockLines(normalized);
    const ids = merged.map((l) => l.productId);
    let products: ReadonlyMap<string, ProductQuote>;
    if (basis === 'locked') {
      const locked = await this.lockProducts(manager, ids);
      refuseUnlessReservable(merged, locked);
      products = locked;
    } else {
      products = await this.quotes.of(manager, ids);
      if (merged.some((line) => !products.get(line.productId)?.active)) return undefined;
    }
    const priced = normalized.map((line) => {
      const product = products.get(line.productId)!;
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        unitPriceCents: product.priceCents,
        currency: product.currency,
        quantity: line.quantity,
      };
    });
    return new Reservation(priced, merged, basis, this.quotes, this.outbox);
  }

  /** Locks, checks all lines, decrements and writes 'order' ledger rows, in the caller's transaction. */
  async reserve(manager: EntityManager, lines: StockLine[], ctx: { orderId: string; actor: Actor }): Promise<ReservedLine[]> {
    if (lines.length === 0) return [];
    const reservation = (await this.prepare(manager, lines, 'locked'))!;
    const statement = new WriteStatement();
    reservation.addTo(statement, ctx);
    reservation.settle(await statement.run<ReservationOutput>(manager));
    return reservation.lines;
  }

  /**
   * Returns stock (cancelled or deleted order), in one statement: locks in id order, increments,
   * writes ledger rows with `reason`. No check is needed (stock only grows), and the lock step runs
   * before the increment because the increment's condition reads it.
   */
  async release(
    manager: EntityManager,
    lines: StockLine[],
    ctx: { orderId: string; actor: Actor; reason: 'cancellation' | 'deletion' },
  ): Promise<void> {
    if (lines.length === 0) return;
    const merged = mergeStockLines(lines.map((line) => ({ productId: line.productId.toLowerCase(), quantity: line.quantity })));
    const statement = new WriteStatement();
    const ids = statement.param(
      merged.map((l) => l.productId),
      'uuid[]',
    );
    const quantities = statement.param(
      merged.map((l) => l.quantity),
      'int[]',
    );
    statement
      .step('stock_locked', `SELECT p."id" FROM "products" p WHERE p."id" = ANY(${ids}) ORDER BY p."id" FOR UPDATE`, {
        materialized: true,
      })
      .step(
        'stock_returned',
        `UPDATE "products" p SET "stock" = p."stock" + w."quantity"
           FROM unnest(${ids}, ${quantities}) AS w("id", "quantity")
          WHERE p."id" = w."id" AND (SELECT count(*) FROM "stock_locked") = ${statement.param(merged.length, 'int')}
          RETURNING p."id", p."stock", w."quantity"`,
      )
      .step('stock_ledger', ledgerInsert(statement, 'stock_returned', 1, { ...ctx }))
      .output('locked', `SELECT count(*)::int FROM "stock_locked"`);
    const { locked } = await statement.run<{ locked: number }>(manager);
    // Products are never deleted (only deactivated), so a released line always has its product.
    if (locked !== merged.length) throw new Error(`cannot release stock of unknown products of order ${ctx.orderId}`);
  }

  /**
   * Moves an existing order's stock by signed differences (an edit of a pending order): positive
   * deltas take units, negative ones return them, each with an 'order' ledger row. Same discipline
   * as `reserve`: every product involved is locked in id order first (one statement), every taking
   * line is checked against the locked rows — all short lines reported, products that are gone or
   * inactive refused — and only then does one statement write the stock, the ledger and the
   * `stock.low` events of the products it took to or below their threshold. Returns the locked
   * products (today's catalogue fields, for pricing lines the edit adds) and those events (for the
   * caller to publish after commit).
   */
  async rebalance(
    manager: EntityManager,
    deltas: ReadonlyArray<{ productId: string; delta: number }>,
    ctx: { orderId: string; actor: Actor },
  ): Promise<{ products: ReadonlyMap<string, ProductQuote>; lowStock: OutboxEvent[] }> {
    const moves = deltas
      .map((d) => ({ productId: d.productId.toLowerCase(), delta: d.delta }))
      .filter((d) => d.delta !== 0)
      .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
    if (moves.length === 0) return { products: new Map(), lowStock: [] };
    const locked = await this.lockProducts(
      manager,
      moves.map((m) => m.productId),
    );
    // Units an order gives back need no check (the product may even be inactive by now).
    refuseUnlessReservable(
      moves.filter((m) => m.delta > 0).map((m) => ({ productId: m.productId, quantity: m.delta })),
      locked,
    );
    if (moves.some((m) => !locked.has(m.productId))) throw new Error(`cannot return stock of unknown products of order ${ctx.orderId}`);
    const statement = new WriteStatement();
    const ids = statement.param(
      moves.map((m) => m.productId),
      'uuid[]',
    );
    const signed = statement.param(
      moves.map((m) => m.delta),
      'int[]',
    );
    statement
      .step(
        'stock_moved',
        `UPDATE "products" p SET "stock" = p."stock" - w."delta"
           FROM unnest(${ids}, ${signed}) AS w("id", "delta")
          WHERE p."id" = w."id"
          RETURNING p."id", p."sku", p."name", p."stock", p."lowStockThreshold", w."delta" AS "quantity"`,
      )
      .step('stock_ledger', ledgerInsert(statement, 'stock_moved', -1, { ...ctx, reason: 'order' }))
      .output('moved', `SELECT count(*)::int FROM "stock_moved"`);
    const readLowStock = recordLowStockWithin(statement, this.outbox, 'stock_moved', {
      actor: ctx.actor,
      reason: 'order',
      orderId: ctx.orderId,
    });
    const row = await statement.run<{ moved: number }>(manager);
    return { products: locked, lowStock: readLowStock(row) };
  }

  private async lockProducts(manager: EntityManager, ids: string[]): Promise<Map<string, LockedProduct>> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return new Map();
    const rows = await manager.query<LockedProduct[]>(
      `SELECT "id", "sku", "name", "priceCents", "currency", "stock", "active"
         FROM "products" WHERE "id" = ANY($1::uuid[]) ORDER BY "id" FOR UPDATE`,
      [valid],
    );
    this.quotes.remember(rows);
    return new Map(rows.map((row) => [row.id, row]));
  }
}

/**
 * A reservation priced and ready to be written as steps of the caller's statement. `addTo` adds the
 * steps and returns the condition every other write of the statement must carry; `settle` reads
 * the outcome from the statement's row.
 */
export class Reservation {
  constructor(
    /** One line per input line, in input order, priced from the quotes or the locked rows. */
    readonly lines: ReservedLine[],
    private readonly merged: StockLine[],
    private readonly basis: ReservationBasis,
    private readonly quotes: ProductQuotes,
    private readonly outbox: EventOutbox,
  ) {}

  private readLowStock?: (row: Record<string, unknown>) => OutboxEvent[];

  /**
   * The steps, in the order PostgreSQL must run them:
   * 1. `stock_locked` locks the products in id order (MATERIALIZED: run once, fully, before
   *    anything reads it) and returns their current rows;
   * 2. `stock_reserved` has one row when every line is orderable as priced: the product exists, is
   *    active, has the stock, and its sku, name, price and currency are the ones priced with;
   * 3. `stock_taken` decrements, only when `stock_reserved` has its row (the UPDATE's join needs
   *    it, so no row is touched before every lock is held); `stock >= 0` holds by the check and the
   *    CHECK constraint;
   * 4. `stock_ledger` writes one 'order' row per decremented product with the stock after it;
   * 5. `stock.low` events for the products this order took to or below their threshold (low-stock.ts).
   * Returns `EXISTS (SELECT 1 FROM "stock_reserved")`: the caller's writes must carry it.
   */
  addTo(statement: WriteStatement, ctx: { orderId: string; actor: Actor }): string {
    const byId = new Map(this.lines.map((line) => [line.productId, line]));
    const wanted = this.merged.map((line) => ({ ...byId.get(line.productId)!, quantity: line.quantity }));
    const column = <T>(cast: string, of: (w: ReservedLine) => T) => statement.param(wanted.map(of), cast);
    const ids = column('uuid[]', (w) => w.productId);
    const quantities = column('int[]', (w) => w.quantity);
    const skus = column('text[]', (w) => w.sku);
    const names = column('text[]', (w) => w.name);
    const prices = column('int[]', (w) => w.unitPriceCents);
    const currencies = column('text[]', (w) => w.currency);
    statement
      .step(
        'stock_locked',
        `SELECT p."id", p."sku", p."name", p."priceCents", p."currency", p."stock", p."active"
           FROM "products" p WHERE p."id" = ANY(${ids}) ORDER BY p."id" FOR UPDATE`,
        { materialized: true },
      )
      .step(
        'stock_wanted',
        `SELECT * FROM unnest(${ids}, ${quantities}, ${skus}, ${names}, ${prices}, ${currencies})
                    AS w("id", "quantity", "sku", "name", "priceCents", "currency")`,
      )
      .step(
        'stock_reserved',
        `SELECT 1 WHERE (SELECT count(*) FROM "stock_wanted" w JOIN "stock_locked" l USING ("id")
                          WHERE l."active" AND l."stock" >= w."quantity"
                            AND (l."sku", l."name", l."priceCents", l."currency") = (w."sku", w."name", w."priceCents", w."currency")
                        ) = ${statement.param(wanted.length, 'int')}`,
        { materialized: true },
      )
      // The new stock is computed from the LOCKED row, not from p: the UPDATE's scan reads the
      // statement's snapshot, and PostgreSQL checks CHECK constraints on the tuple computed from
      // that version before it finds the row updated since and re-evaluates on the latest one.
      // When stock was returned meanwhile (a cancellation committing while we waited for the
      // lock), p."stock" - quantity can be negative although the locked stock suffices: a spurious
      // CHK_products_stock_non_negative violation (a 500). l."stock" is the latest value under our
      // lock, so both evaluations agree, and the CHECK still guards the invariant.
      .step(
        'stock_taken',
        `UPDATE "products" p SET "stock" = l."stock" - w."quantity"
           FROM "stock_wanted" w JOIN "stock_locked" l USING ("id"), "stock_reserved"
          WHERE p."id" = w."id"
          RETURNING p."id", p."sku", p."name", p."stock", p."lowStockThreshold", w."quantity"`,
      )
      .step('stock_ledger', ledgerInsert(statement, 'stock_taken', -1, { ...ctx, reason: 'order' }))
      .output('stock_reserved', `SELECT EXISTS (SELECT 1 FROM "stock_reserved")`)
      // Only a refusal needs the locked rows back: to report every line, or to re-quote.
      .output('stock_locked', `SELECT json_agg(l) FROM "stock_locked" l WHERE NOT EXISTS (SELECT 1 FROM "stock_reserved")`);
    this.readLowStock = recordLowStockWithin(statement, this.outbox, 'stock_taken', {
      actor: ctx.actor,
      reason: 'order',
      orderId: ctx.orderId,
    });
    return `EXISTS (SELECT 1 FROM "stock_reserved")`;
  }

  /** The `stock.low` events the statement wrote (after `settle` returned true), to publish after commit. */
  lowStockEvents(row: object): OutboxEvent[] {
    return this.readLowStock?.(row as Record<string, unknown>) ?? [];
  }

  /**
   * True when the stock was reserved. Otherwise throws the refusal — every unavailable or short
   * line, as the locked rows showed them — or returns false when only the quote was stale (the
   * caller prices again on the `locked` basis).
   */
  settle(row: ReservationOutput): boolean {
    if (row.stock_reserved) return true;
    const locked = new Map((row.stock_locked ?? []).map((product) => [product.id, product]));
    this.quotes.remember(locked.values());
    refuseUnlessReservable(this.merged, locked);
    if (this.basis === 'locked') throw new Error('a reservation checked under its own locks was refused by its statement');
    return false;
  }
}

function refuseUnlessReservable(lines: StockLine[], locked: ReadonlyMap<string, StockedProduct>): void {
  const { unavailableProductIds, stockIssues } = checkReservation(lines, locked);
  if (unavailableProductIds.length > 0) throw new ProductsUnavailableError(unavailableProductIds, stockIssues);
  if (stockIssues.length > 0) throw new InsufficientStockError(stockIssues);
}

/** The ledger step: one row per product changed by step `from` (which returns id, stock, quantity). */
function ledgerInsert(
  statement: WriteStatement,
  from: string,
  sign: 1 | -1,
  ctx: { orderId: string; actor: Actor; reason: 'order' | 'cancellation' | 'deletion' },
): string {
  return `INSERT INTO "stock_movements" ("productId", "delta", "reason", "stockAfter", "orderId", "actorId", "actorRole")
          SELECT c."id", ${sign} * c."quantity", ${statement.param(ctx.reason)}, c."stock", ${statement.param(ctx.orderId, 'uuid')},
                 ${statement.param(ctx.actor.id, 'uuid')}, ${statement.param(ctx.actor.role)}
            FROM "${from}" c`;
}
