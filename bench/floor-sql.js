'use strict';
/**
 * The floor's order: the whole of an order as ONE data-modifying statement — what the schema allows
 * at best. Shared by the floor shell (bench/baseline/main.js with BASELINE_MODE=floor, `$n`
 * parameters) and the pgbench script (bench/run.js, pgbench variables and SQL expressions).
 *
 * In one statement, one snapshot: lock the products in id order (FOR UPDATE under ORDER BY takes
 * the row locks in sorted order, so two multi-line orders cannot deadlock), check every line, and
 * only if all of them hold: decrement the stock, insert the order, its lines, the ledger rows and
 * the `order.created` event. A refusal writes nothing and reports every short line. Pricing as the
 * baseline's (subtotal = total; tax, shipping and discount 0).
 *
 * `p` holds SQL expressions: ids (uuid[]), quantities (int[]), orderId (uuid, evaluated once),
 * customerId (uuid), currency, shippingAddress (jsonb), shippingMethod, paymentMethod, notes, actor (jsonb).
 */
function orderStatement(p) {
  return `
WITH params AS MATERIALIZED (
  SELECT ${p.orderId} AS "orderId", ${p.customerId} AS "customerId"
), req AS (
  SELECT r."id", r."q", (r."pos" - 1)::smallint AS "pos"
    FROM unnest(${p.ids}, ${p.quantities}) WITH ORDINALITY AS r("id", "q", "pos")
), locked AS (
  SELECT pr."id", pr."sku", pr."name", pr."priceCents", pr."currency", pr."stock", pr."active"
    FROM "products" pr WHERE pr."id" IN (SELECT "id" FROM req) ORDER BY pr."id" FOR UPDATE
), checked AS (
  SELECT r."id", r."q", r."pos", l."sku", l."name", l."priceCents",
         coalesce(l."active" AND l."stock" >= r."q", false) AS "ok"
    FROM req r LEFT JOIN locked l ON l."id" = r."id"
), verdict AS (
  SELECT bool_and("ok") AS "ok", sum("priceCents"::bigint * "q") AS "subtotal" FROM checked
), stock AS (
  UPDATE "products" pr SET "stock" = pr."stock" - c."q"
    FROM checked c, verdict v
   WHERE v."ok" AND pr."id" = c."id"
  RETURNING pr."id", pr."stock"
), new_order AS (
  INSERT INTO "orders" ("id", "customerId", "status", "paymentStatus", "currency", "subtotalCents", "taxCents",
                        "shippingCents", "discountCents", "totalCents", "shippingAddress", "shippingMethod", "paymentMethod", "notes")
  SELECT pa."orderId", pa."customerId", 'pending', 'pending', ${p.currency}, v."subtotal", 0, 0, 0, v."subtotal",
         ${p.shippingAddress}, ${p.shippingMethod}, ${p.paymentMethod}, ${p.notes}
    FROM verdict v, params pa WHERE v."ok"
  RETURNING *
), new_items AS (
  INSERT INTO "order_items" ("orderId", "position", "productId", "sku", "name", "unitPriceCents", "quantity", "lineTotalCents")
  SELECT o."id", c."pos", c."id", c."sku", c."name", c."priceCents", c."q", c."priceCents"::bigint * c."q"
    FROM checked c, new_order o
), ledger AS (
  INSERT INTO "stock_movements" ("productId", "delta", "reason", "stockAfter", "orderId", "actorId", "actorRole")
  SELECT s."id", -c."q", 'order', s."stock", pa."orderId", pa."customerId", 'customer'
    FROM stock s JOIN checked c ON c."id" = s."id", params pa
), event AS (
  INSERT INTO "events" ("type", "aggregateType", "aggregateId", "actor", "payload", "handledAt")
  SELECT 'order.created', 'order', o."id", ${p.actor},
         jsonb_build_object('number', o."number", 'customerId', o."customerId", 'totalCents', o."totalCents",
           'items', (SELECT jsonb_agg(jsonb_build_object('productId', c."id", 'quantity', c."q") ORDER BY c."pos") FROM checked c)),
         now()
    FROM new_order o
)
SELECT (SELECT row_to_json(o) FROM new_order o) AS "order",
       (SELECT json_agg(json_build_object('productId', c."id", 'sku', c."sku", 'name', c."name", 'unitPriceCents', c."priceCents",
                 'quantity', c."q", 'lineTotalCents', c."priceCents"::bigint * c."q") ORDER BY c."pos") FROM checked c) AS "items",
       (SELECT json_agg(json_build_object('productId', c."id", 'requested', c."q") ORDER BY c."pos") FROM checked c WHERE NOT c."ok") AS "stockIssues"`;
}

/** The statement with node-postgres parameters, in the order of `floorParameters`. */
const FLOOR_SQL = orderStatement({
  ids: '$1::uuid[]',
  quantities: '$2::int[]',
  orderId: '$3::uuid',
  customerId: '$4::uuid',
  currency: '$5::char(3)',
  shippingAddress: '$6::jsonb',
  shippingMethod: '$7::varchar',
  paymentMethod: '$8::varchar',
  notes: '$9::text',
  actor: '$10::jsonb',
});

module.exports = { orderStatement, FLOOR_SQL };
