import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The catalogue fields an order line snapshots, as this instance last saw them (never stock). */
export interface ProductQuote {
  id: string;
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  active: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Enough for any real catalogue's ordered products; the oldest quote goes first beyond it. */
const MAX_QUOTES = 20_000;

/**
 * What StockReservations prices a reservation with before it takes any lock. A quote is a HINT,
 * never an answer: the statement that reserves the stock compares every quoted field with the row
 * it has locked and writes nothing unless they all match (see StockReservations). So a quote that
 * is stale — the product was renamed, repriced or deactivated since, on this or another instance —
 * costs one retry, never a wrong order; and nothing is ever served from here to a reader.
 *
 * It saves the read of the products on every order: with the quotes at hand, an order is one
 * round trip. Refreshed from every row the database shows us (a read on a miss, the locked rows a
 * refused statement returns).
 */
@Injectable()
export class ProductQuotes {
  private readonly quotes = new Map<string, ProductQuote>();

  /** Quotes of these (lower-case) ids: remembered ones, the others read in one statement (unknown ids stay absent). */
  async of(manager: EntityManager, ids: readonly string[]): Promise<Map<string, ProductQuote>> {
    const found = new Map<string, ProductQuote>();
    const missing: string[] = [];
    for (const id of ids) {
      const quote = this.quotes.get(id);
      if (quote) found.set(id, quote);
      else if (UUID.test(id)) missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await manager.query<ProductQuote[]>(
        `SELECT "id", "sku", "name", "priceCents", "currency", "active" FROM "products" WHERE "id" = ANY($1::uuid[])`,
        [missing],
      );
      this.remember(rows);
      for (const row of rows) found.set(row.id, this.quotes.get(row.id)!);
    }
    return found;
  }

  /** Takes the catalogue fields of rows just read from the database. */
  remember(rows: Iterable<ProductQuote>): void {
    for (const { id, sku, name, priceCents, currency, active } of rows) {
      this.quotes.delete(id);
      this.quotes.set(id, { id, sku, name, priceCents, currency, active });
      if (this.quotes.size > MAX_QUOTES) this.quotes.delete(this.quotes.keys().next().value!);
    }
  }
}
