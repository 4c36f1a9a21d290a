/**
 * A client generated from the OpenAPI document (README: "Generate a client"): types by
 * openapi-typescript into ./schema.d.ts, requests by openapi-fetch. A customer registers, logs in,
 * orders the first product in stock, follows the order, cancels it and reads its history.
 *   npx tsc -p examples/client && node examples/client/dist/order-flow.js http://localhost:3000
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

const ADDRESS = { fullName: 'Ada Lovelace', line1: '12 Analytical St', city: 'London', postalCode: 'N1 9GU', country: 'GB' };

function must<T>(result: { data?: T; error?: unknown; response: Response }, step: string): T {
  if (result.data === undefined) throw new Error(`${step}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

export async function orderFlow(baseUrl: string): Promise<Record<string, unknown>> {
  const api = createClient<paths>({ baseUrl });
  const email = `typed-client-${Date.now()}@example.com`;
  const password = 'typed-client-password';

  must(await api.POST('/api/v1/auth/register', { body: { email, password, name: 'Typed Client' } }), 'register');
  const session = must(await api.POST('/api/v1/auth/login', { body: { email, password } }), 'login');
  const auth = { Authorization: `Bearer ${session.accessToken}` };

  const products = must(await api.GET('/api/v1/products', { params: { query: { inStock: true, limit: 1 } }, headers: auth }), 'list products');
  const product = products.items[0];
  if (!product) throw new Error('no product in stock');

  const created = await api.POST('/api/v1/orders', {
    params: { header: { 'Idempotency-Key': `typed-client-${Date.now()}` } },
    body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS },
    headers: auth,
  });
  const order = must(created, 'create order');

  const followed = await api.GET('/api/v1/orders/{id}', { params: { path: { id: order.id } }, headers: auth });
  const current = must(followed, 'get order');
  const etag = followed.response.headers.get('ETag') ?? '';

  const cancelled = must(
    await api.POST('/api/v1/orders/{id}/cancel', { params: { path: { id: order.id }, header: { 'If-Match': etag } }, body: { reason: 'changed my mind' }, headers: auth }),
    'cancel order',
  );
  const history = must(await api.GET('/api/v1/orders/{id}/history', { params: { path: { id: order.id } }, headers: auth }), 'history');

  return {
    location: created.response.headers.get('Location'),
    requestId: created.response.headers.get('X-Request-Id'),
    etag,
    statusBefore: current.status,
    statusAfter: cancelled.status,
    totalCents: current.totalCents,
    history: history.items.map((entry) => entry.toStatus),
  };
}

if (require.main === module) {
  orderFlow(process.argv[2] ?? 'http://localhost:3000').then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
