import fc, { type Arbitrary } from 'fast-check';
import { ADMIN, loginAsAdmin, registerCustomer, type RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct } from './support/orders';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Property-based fuzzing driven by the app's own OpenAPI document (/docs-json): for every
 * operation, fast-check builds requests from its schemas — valid bodies, boundary values (lengths
 * and numbers at and just past their limits), wrong types, unknown fields, malformed JSON and
 * junk — with path ids that exist and ones that do not, with queries and headers, with and without
 * tokens of both roles. Every response must be below 500; every error must be RFC 9457 problem
 * details; no response may carry a stack trace or SQL.
 *
 * Bounded: FUZZ_RUNS requests (default 2000), 4 at a time, within FUZZ_TIME_LIMIT_MS; FUZZ_SEED
 * replays a run (the seed is printed).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 60_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 4;

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Schema;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
}
type Auth = 'none' | 'admin' | 'customer' | 'garbage' | 'expired-shape';
interface Plan {
  operation: string;
  method: string;
  url: string;
  auth: Auth;
  headers: Record<string, string>;
  body?: string;
}

describe('Fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let doc: {
    paths: Record<
      string,
      Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
    >;
    components?: { schemas?: Record<string, Schema> };
  };
  const tokens: Record<'admin' | 'customer', string> = { admin: '', customer: '' };
  let customer: RegisteredCustomer;
  let ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0', DOCS_ENABLED: 'true' });
    doc = (await t.http().get('/docs-json').expect(200)).body;
    tokens.admin = await loginAsAdmin(t);
    customer = await registerCustomer(t);
    tokens.customer = customer.accessToken;
    // Real ids to aim at — none of them the admin's or the fuzzing customer's own account.
    const victim = await registerCustomer(t);
    const product = await createProduct(t, tokens.admin, { stock: 1000 });
    const category = await t
      .http()
      .post('/api/v1/categories')
      .set(bearer(tokens.admin))
      .send({ name: `Fuzz ${Date.now()}` });
    const order = await t
      .http()
      .post('/api/v1/orders')
      .set(bearer(tokens.customer))
      .send({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS })
      .expect(201);
    ids = [victim.id, product.id, order.body.id, category.body.id].filter((id): id is string => typeof id === 'string');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${RUNS} generated requests without a 5xx, always with problem details on errors`, async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(20);
    const plans = fc.sample(
      planArbitrary(operations, doc.components?.schemas ?? {}, () => ids),
      { numRuns: RUNS, seed: SEED },
    );

    const failures: string[] = [];
    const byStatus: Record<string, number> = {};
    const coverage = new Map<string, Set<number>>();
    const deadline = Date.now() + TIME_LIMIT_MS;
    let sent = 0;
    let next = 0;
    const worker = async () => {
      while (next < plans.length && Date.now() < deadline) {
        const plan = plans[next++];
        const outcome = await send(plan);
        sent++;
        byStatus[outcome.status] = (byStatus[outcome.status] ?? 0) + 1;
        if (!coverage.has(plan.operation)) coverage.set(plan.operation, new Set());
        coverage.get(plan.operation)!.add(outcome.status);
        const problem = judge(outcome);
        if (problem)
          failures.push(
            `${problem}: ${plan.method} ${plan.url} auth=${plan.auth} body=${(plan.body ?? '').slice(0, 300)} → ${outcome.status} ${outcome.text.slice(0, 300)}`,
          );
        // A generated request may legitimately end the session of a token (e.g. logout): log in again.
        if (outcome.status === 401 && (plan.auth === 'admin' || plan.auth === 'customer')) await relogin(plan.auth);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const untouched = operations.map((o) => `${o.method} ${o.path}`).filter((o) => !coverage.has(o));
    process.stdout.write(
      `\n[fuzz] seed=${SEED} requests=${sent} operations=${operations.length} byStatus=${JSON.stringify(byStatus)} failures=${failures.length}\n`,
    );
    expect(failures.slice(0, 15)).toEqual([]);
    // A saturated machine gets fewer than RUNS done within the time limit; the count is printed.
    expect(sent).toBeGreaterThanOrEqual(Math.min(RUNS, 100));
    if (sent >= RUNS) expect(untouched).toEqual([]);
  }, 120_000);

  async function send(plan: Plan): Promise<{ status: number; contentType: string; text: string }> {
    const headers: Record<string, string> = { ...plan.headers };
    if (plan.auth === 'admin' || plan.auth === 'customer') headers.authorization = `Bearer ${tokens[plan.auth]}`;
    if (plan.auth === 'garbage') headers.authorization = 'Bearer not-a-jwt';
    if (plan.auth === 'expired-shape') headers.authorization = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const res = await fetch(`${t.url}${plan.url}`, { method: plan.method, headers, body: plan.body });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  }

  let relogging: Promise<void> | undefined;
  async function relogin(role: 'admin' | 'customer'): Promise<void> {
    relogging ??= (async () => {
      const credentials = role === 'admin' ? ADMIN : { email: customer.email, password: customer.password };
      const res = await t.http().post('/api/v1/auth/login').send(credentials);
      if (res.status === 200) tokens[role] = res.body.accessToken as string;
    })().finally(() => (relogging = undefined));
    await relogging;
  }
});

/** Why a response breaks the contract, or undefined. */
function judge({ status, contentType, text }: { status: number; contentType: string; text: string }): string | undefined {
  if (status >= 500) return `${status}`;
  if (/\n\s+at .+\(?[^\s]+:\d+:\d+\)?/.test(text) || /QueryFailedError|TypeORMError|node_modules/.test(text))
    return 'stack trace';
  if (status < 400) return undefined;
  if (
    /\b(SELECT\s.+\sFROM|INSERT INTO|UPDATE\s+"\w+"\s+SET|DELETE FROM)\b/i.test(text) ||
    /violates .* constraint|relation "/.test(text)
  )
    return 'SQL';
  if (!contentType.startsWith('application/problem+json')) return `not problem+json (${contentType})`;
  try {
    const body = JSON.parse(text) as { type?: unknown; title?: unknown; status?: unknown };
    if (typeof body.type !== 'string' || typeof body.title !== 'string' || body.status !== status)
      return 'problem document incomplete';
  } catch {
    return 'problem body is not JSON';
  }
  return undefined;
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema ?? (op.requestBody ? {} : undefined),
      });
    }
  }
  return operations;
}

/** Printable ASCII (what an HTTP header value may hold). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'null',
    'true',
    '[]',
    '{}',
    "' OR 1=1 --",
    '../../etc/passwd',
    '%00',
    '\u0000',
    '😀',
    'a'.repeat(5000),
  ),
);
const junkJson: Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, [], {}, 0, -1, 1e308, '', true, JSON.parse('{"__proto__":{"admin":true}}') as unknown, {
    constructor: { prototype: {} },
  }),
);

function planArbitrary(operations: Operation[], schemas: Record<string, Schema>, ids: () => string[]): Arbitrary<Plan> {
  const idValue = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids()) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: junkString },
  );
  const auth = fc.constantFrom<Auth>('admin', 'customer', 'admin', 'customer', 'none', 'garbage', 'expired-shape');
  return fc.constantFrom(...operations).chain((op) => {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const headerParams = op.parameters.filter((p) => p.in === 'header');
    const body = op.body === undefined ? fc.constant(undefined) : bodyArbitrary(op.body, schemas, idValue);
    return fc
      .record({
        auth,
        path: fc.tuple(...pathParams.map(() => idValue), fc.constant(0)),
        query: fc.tuple(
          ...queryParams.map((p) => fc.option(valueArbitrary(p.schema ?? {}, schemas, idValue, p.name).map(String), { freq: 2 })),
          fc.constant(0),
        ),
        extraQuery: fc.option(fc.tuple(fc.constantFrom('limit', 'cursor', 'unknown', 'status', 'x'), junkString), { freq: 4 }),
        headers: fc.tuple(...headerParams.map(() => fc.option(headerValue, { freq: 2 })), fc.constant(0)),
        body,
      })
      .map(({ auth, path, query, extraQuery, headers, body }) => {
        let url = op.path;
        pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(String(path[i])))));
        const search = new URLSearchParams();
        queryParams.forEach((p, i) => query[i] !== null && search.append(p.name, query[i] as string));
        if (extraQuery) search.append(extraQuery[0], extraQuery[1]);
        const qs = search.toString();
        const sent: Record<string, string> = {};
        headerParams.forEach((p, i) => headers[i] !== null && (sent[p.name] = headers[i] as string));
        if (body !== undefined) sent['content-type'] = body.contentType;
        return {
          operation: `${op.method} ${op.path}`,
          method: op.method,
          url: qs ? `${url}?${qs}` : url,
          auth,
          headers: sent,
          body: body?.text,
        };
      });
  });
}

function bodyArbitrary(
  schema: Schema,
  schemas: Record<string, Schema>,
  idValue: Arbitrary<unknown>,
): Arbitrary<{ text: string; contentType: string }> {
  const json = (value: Arbitrary<unknown>) =>
    value.map((v) => ({ text: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
  const resolved = resolve(schema, schemas);
  return fc.oneof(
    { weight: 5, arbitrary: json(validArbitrary(resolved, schemas, idValue, 0, '')) },
    { weight: 3, arbitrary: json(mutatedArbitrary(resolved, schemas, idValue)) },
    { weight: 1, arbitrary: json(junkJson) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{', '{"a":', '[1,2', 'nul', '"\\u00"', '{"items":[{"quantity":1e999}]}')
        .map((text) => ({ text, contentType: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1')
        .map((contentType) => ({ text: 'a=1', contentType })),
    },
  );
}

/** A query value: mostly valid for its schema, sometimes junk. */
function valueArbitrary(
  schema: Schema,
  schemas: Record<string, Schema>,
  idValue: Arbitrary<unknown>,
  name = '',
): Arbitrary<unknown> {
  const valid = validArbitrary(resolve(schema, schemas), schemas, idValue, 1, name);
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: junkString });
}

/**
 * A valid body with one thing wrong — so the request gets past everything else to the check that
 * must catch it: a field replaced by a wrong type, a boundary or junk, a required field dropped,
 * or an undeclared one added.
 */
function mutatedArbitrary(schema: Schema, schemas: Record<string, Schema>, idValue: Arbitrary<unknown>): Arbitrary<unknown> {
  const keys = Object.keys(schema.properties ?? {});
  const valid = validArbitrary(schema, schemas, idValue, 0, '');
  if (keys.length === 0) return fc.oneof(valid, junkJson);
  const wrong = fc.oneof(junkJson, junkString, fc.constantFrom(null, -1, 0, 2 ** 31, 1e308, '', [], {}, 'x'.repeat(5001)));
  return fc.tuple(valid, fc.constantFrom(...keys), wrong).chain(([value, key, junk]) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return fc.constant(value);
    const object = value as Record<string, unknown>;
    const rest = JSON.stringify(object).slice(1);
    const polluted = JSON.parse(`{"__proto__":{"role":"admin"}${rest === '}' ? '' : ','}${rest}`) as unknown;
    return fc.constantFrom(
      { ...object, [key]: junk },
      omit(object, key),
      { ...object, role: 'admin' },
      { ...object, unknownField: junk },
      polluted,
    );
  });
}

/** Values that satisfy the schema (so requests reach the handlers), boundaries included. */
function validArbitrary(
  schema: Schema,
  schemas: Record<string, Schema>,
  idValue: Arbitrary<unknown>,
  depth: number,
  name: string,
): Arbitrary<unknown> {
  if (schema.allOf?.length) {
    const merged = Object.assign({}, ...schema.allOf.map((s) => resolve(s, schemas))) as Schema;
    return validArbitrary(merged, schemas, idValue, depth, name);
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length)
    return fc.oneof(...alternatives.map((s) => validArbitrary(resolve(s, schemas), schemas, idValue, depth + 1, name)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const nullable = schema.nullable || (Array.isArray(schema.type) && schema.type.includes('null'));
  const withNull = (a: Arbitrary<unknown>) => (nullable ? fc.option(a, { freq: 8 }) : a);
  switch (type) {
    case 'string':
      return withNull(stringArbitrary(schema, idValue, name));
    case 'integer':
    case 'number':
      return withNull(numberArbitrary(schema, type === 'integer'));
    case 'boolean':
      return withNull(fc.boolean());
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const max = Math.min(schema.maxItems ?? 5, 5);
      const items = validArbitrary(resolve(schema.items ?? {}, schemas), schemas, idValue, depth + 1, name);
      const over = Math.min((schema.maxItems ?? 5) + 1, 60); // just past the limit: the point is the check, not the size
      return fc.oneof(
        { weight: 10, arbitrary: fc.array(items, { minLength: Math.min(schema.minItems ?? 0, max), maxLength: max }) },
        { weight: 1, arbitrary: fc.array(items, { minLength: over, maxLength: over }) },
      );
    }
    default: {
      if (!schema.properties) return fc.constant({});
      if (depth > 3) return fc.constant({});
      const required = new Set(schema.required ?? []);
      const shape: Record<string, Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(schema.properties)) {
        shape[key] = validArbitrary(resolve(property, schemas), schemas, idValue, depth + 1, key);
      }
      return withNull(fc.record(shape, { requiredKeys: Object.keys(shape).filter((k) => required.has(k)) }));
    }
  }
}

function stringArbitrary(schema: Schema, idValue: Arbitrary<unknown>, name: string): Arbitrary<unknown> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 60, 5000);
  const boundaries = fc.constantFrom(
    'x'.repeat(Math.max(min, 1)),
    'x'.repeat(max),
    'x'.repeat(max + 1),
    'x'.repeat(Math.max(0, min - 1)),
  );
  let valid: Arbitrary<unknown>;
  if (schema.format === 'uuid' || /Id$/.test(name)) valid = idValue;
  else if (schema.format === 'email' || /email/i.test(name))
    valid = fc.oneof(
      fc.emailAddress(),
      fc.uuid().map((u) => `fuzz-${u}@example.com`),
    );
  else if (schema.format === 'date-time' || schema.format === 'date') {
    valid = fc
      .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => (schema.format === 'date' ? d.toISOString().slice(0, 10) : d.toISOString()));
  } else if (schema.format === 'uri' || /url/i.test(name)) {
    valid = fc.oneof(
      fc.webUrl(),
      fc.constantFrom('http://127.0.0.1/hook', 'https://example.com/hook', 'ftp://x', 'javascript:alert(1)'),
    );
  } else if (/country/i.test(name)) valid = fc.constantFrom('GB', 'DE', 'US', 'XX', 'gb');
  else {
    const unit = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABC-0123456789');
    valid = fc.string({ unit, minLength: Math.max(1, Math.min(min, max)), maxLength: Math.max(1, Math.min(max, 40)) });
  }
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: boundaries }, { weight: 1, arbitrary: junkString });
}

function numberArbitrary(schema: Schema, integer: boolean): Arbitrary<unknown> {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  const valid = integer
    ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) })
    : fc.double({ min, max, noNaN: true });
  return fc.oneof(
    { weight: 10, arbitrary: valid },
    { weight: 2, arbitrary: fc.constantFrom(min, max, min - 1, max + 1, 0, -1, 0.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308) },
  );
}

function resolve(schema: Schema, schemas: Record<string, Schema>): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) s = schemas[s.$ref.split('/').pop()!] ?? {};
  return s;
}

function omit(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
