'use strict';
/**
 * The speed baseline: a minimal NestJS (Express adapter) app doing the SAME storage work per request
 * as the real API, and nothing else — one module, one controller, a plain `pg` Pool; no CQRS, TypeORM,
 * validation, guards, cache, logging or events machinery.
 *
 *   POST /api/v1/orders      one READ COMMITTED transaction: lock the products FOR UPDATE in id order,
 *                            check them, decrement stock, insert the order, its lines, the
 *                            stock_movements rows and an `events` row; 201 + Location + the order.
 *   GET  /api/v1/orders/:id  one SELECT of the order with its lines (json_agg); 200 or 404.
 *
 * BASELINE_MODE=floor makes it the FLOOR instead: the same shell, but POST /api/v1/orders is ONE
 * data-modifying statement (bench/floor-sql.js) — one round trip, no transaction block: what the
 * schema allows at best.
 *
 * The customer is the `sub` claim of the bearer token, decoded but NOT verified (no guards here), so
 * the load generator sends byte-identical requests to both apps. Runs on the real schema (point
 * DATABASE_URL at the database the real app migrated). Plain CommonJS: NestJS 12 ships ES modules,
 * which Node >= 20.19 loads through require(); decorators are applied by hand.
 *
 * Env: DATABASE_URL (required), PORT (default 3100), HOST (default 127.0.0.1), CURRENCY (USD),
 * BASELINE_MODE (`baseline` or `floor`).
 */
require('reflect-metadata');
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const { Module, Controller, Post, Get, Body, Param, Headers, Res, HttpException, NotFoundException } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

const { FLOOR_SQL } = require('../floor-sql');

const CURRENCY = process.env.CURRENCY || 'USD';
const FLOOR = process.env.BASELINE_MODE === 'floor';
// Same pool size as the real app (src/database/typeorm-options.ts).
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 20,
  application_name: process.env.BASELINE_MODE === 'floor' ? 'bench-floor' : 'bench-baseline',
});

function customerOf(authorization) {
  const token = String(authorization || '').replace(/^Bearer\s+/i, '');
  const payload = token.split('.')[1];
  if (!payload) throw new HttpException({ status: 401, title: 'Unauthorized' }, 401);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub;
}

const toNumber = (row, fields) => {
  for (const f of fields) if (row[f] !== null && row[f] !== undefined) row[f] = Number(row[f]);
  return row;
};

class OrdersController {
  async create(body, authorization, res) {
    const customerId = customerOf(authorization);
    const lines = (body && Array.isArray(body.items) ? body.items : []).map((i) => ({
      productId: String(i.productId).toLowerCase(),
      quantity: i.quantity,
    }));
    if (lines.length === 0) throw new HttpException({ status: 400, title: 'Bad Request' }, 400);
    const ids = lines.map((l) => l.productId);
    const orderId = randomUUID();
    const shippingMethod = body.shippingMethod || 'standard';
    if (FLOOR) return this.createInOneStatement(body, customerId, orderId, lines, shippingMethod, res);
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      const { rows: products } = await client.query(
        `SELECT "id", "sku", "name", "priceCents", "currency", "stock", "active"
           FROM "products" WHERE "id" = ANY($1::uuid[]) ORDER BY "id" FOR UPDATE`,
        [ids],
      );
      const byId = new Map(products.map((p) => [p.id, p]));
      const short = lines.filter(
        (l) => !byId.has(l.productId) || !byId.get(l.productId).active || byId.get(l.productId).stock < l.quantity,
      );
      if (short.length > 0) {
        await client.query('ROLLBACK');
        throw new HttpException(
          { status: 409, title: 'Conflict', stockIssues: short.map((l) => ({ productId: l.productId, requested: l.quantity })) },
          409,
        );
      }
      const { rows: after } = await client.query(
        `UPDATE "products" p SET "stock" = p."stock" - d."q"
           FROM unnest($1::uuid[], $2::int[]) AS d("id", "q") WHERE p."id" = d."id"
         RETURNING p."id", p."stock"`,
        [ids, lines.map((l) => l.quantity)],
      );
      const stockAfter = new Map(after.map((r) => [r.id, r.stock]));
      const items = lines.map((l, position) => {
        const p = byId.get(l.productId);
        return {
          productId: p.id,
          position,
          sku: p.sku,
          name: p.name,
          unitPriceCents: p.priceCents,
          quantity: l.quantity,
          lineTotalCents: p.priceCents * l.quantity,
        };
      });
      const subtotalCents = items.reduce((s, i) => s + i.lineTotalCents, 0);
      const totals = { subtotalCents, taxCents: 0, shippingCents: 0, discountCents: 0, totalCents: subtotalCents };
      const {
        rows: [order],
      } = await client.query(
        `INSERT INTO "orders" ("id", "customerId", "status", "paymentStatus", "currency", "subtotalCents", "taxCents",
                               "shippingCents", "discountCents", "totalCents", "shippingAddress", "shippingMethod", "paymentMethod", "notes")
         VALUES ($1, $2, 'pending', 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING *`,
        [
          orderId,
          customerId,
          CURRENCY,
          totals.subtotalCents,
          totals.taxCents,
          totals.shippingCents,
          totals.discountCents,
          totals.totalCents,
          body.shippingAddress,
          shippingMethod,
          body.paymentMethod || null,
          body.notes || null,
        ],
      );
      await client.query(
        `INSERT INTO "order_items" ("orderId", "position", "productId", "sku", "name", "unitPriceCents", "quantity", "lineTotalCents")
         SELECT $1, * FROM unnest($2::smallint[], $3::uuid[], $4::varchar[], $5::varchar[], $6::int[], $7::int[], $8::bigint[])`,
        [
          orderId,
          items.map((i) => i.position),
          items.map((i) => i.productId),
          items.map((i) => i.sku),
          items.map((i) => i.name),
          items.map((i) => i.unitPriceCents),
          items.map((i) => i.quantity),
          items.map((i) => i.lineTotalCents),
        ],
      );
      await client.query(
        `INSERT INTO "stock_movements" ("productId", "delta", "reason", "stockAfter", "orderId", "actorId", "actorRole")
         SELECT d."id", d."delta", 'order', d."after", $1, $2, 'customer' FROM unnest($3::uuid[], $4::int[], $5::int[]) AS d("id", "delta", "after")`,
        [orderId, customerId, ids, lines.map((l) => -l.quantity), ids.map((id) => stockAfter.get(id))],
      );
      await client.query(
        `INSERT INTO "events" ("type", "aggregateType", "aggregateId", "actor", "payload", "handledAt")
         VALUES ('order.created', 'order', $1, $2, $3, now())`,
        [
          orderId,
          { id: customerId, role: 'customer' },
          {
            number: Number(order.number),
            customerId,
            totalCents: totals.totalCents,
            items: items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
          },
        ],
      );
      await client.query('COMMIT');
      res.setHeader('Location', `/api/v1/orders/${orderId}`);
      res.setHeader('ETag', `"${order.version}"`);
      toNumber(order, ['number', 'subtotalCents', 'taxCents', 'shippingCents', 'discountCents', 'totalCents']);
      order.items = items.map(({ position, ...rest }) => rest); // eslint-disable-line no-unused-vars
      return order;
    } catch (error) {
      if (!(error instanceof HttpException)) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async createInOneStatement(body, customerId, orderId, lines, shippingMethod, res) {
    const {
      rows: [row],
    } = await pool.query(FLOOR_SQL, [
      lines.map((l) => l.productId),
      lines.map((l) => l.quantity),
      orderId,
      customerId,
      CURRENCY,
      body.shippingAddress,
      shippingMethod,
      body.paymentMethod || null,
      body.notes || null,
      { id: customerId, role: 'customer' },
    ]);
    if (!row.order) throw new HttpException({ status: 409, title: 'Conflict', stockIssues: row.stockIssues }, 409);
    const order = toNumber(row.order, ['number', 'subtotalCents', 'taxCents', 'shippingCents', 'discountCents', 'totalCents']);
    res.setHeader('Location', `/api/v1/orders/${orderId}`);
    res.setHeader('ETag', `"${order.version}"`);
    order.items = row.items;
    return order;
  }

  async get(id, res) {
    const { rows } = await pool.query(
      `SELECT o.*, coalesce((SELECT json_agg(json_build_object('productId', i."productId", 'sku', i."sku", 'name', i."name",
                'unitPriceCents', i."unitPriceCents", 'quantity', i."quantity", 'lineTotalCents', i."lineTotalCents") ORDER BY i."position")
           FROM "order_items" i WHERE i."orderId" = o."id"), '[]'::json) AS "items"
         FROM "orders" o WHERE o."id" = $1`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundException();
    res.setHeader('ETag', `"${rows[0].version}"`);
    return toNumber(rows[0], ['number', 'subtotalCents', 'taxCents', 'shippingCents', 'discountCents', 'totalCents']);
  }
}

// Decorators by hand (what TypeScript would emit for @Controller/@Post/@Body/...).
const proto = OrdersController.prototype;
const method = (decorator, name) => decorator(proto, name, Object.getOwnPropertyDescriptor(proto, name));
method(Post(), 'create');
Body()(proto, 'create', 0);
Headers('authorization')(proto, 'create', 1);
Res({ passthrough: true })(proto, 'create', 2);
method(Get(':id'), 'get');
Param('id')(proto, 'get', 0);
Res({ passthrough: true })(proto, 'get', 1);
Controller('api/v1/orders')(OrdersController);

class BaselineModule {}
Module({ controllers: [OrdersController] })(BaselineModule);

async function main() {
  const app = await NestFactory.create(BaselineModule, { logger: ['error', 'warn'] });
  await app.listen(Number(process.env.PORT || 3100), process.env.HOST || '127.0.0.1');
  process.stdout.write(`${FLOOR ? 'floor' : 'baseline'} listening on ${await app.getUrl()}\n`);
  const stop = async () => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`baseline failed to start: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
