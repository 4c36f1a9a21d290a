import type { HeaderObject, OpenAPIObject, OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';

const HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description: 'The request id: echoed from the request when given, generated otherwise. It tags every log line of the request; quote it when reporting a problem.',
    schema: { type: 'string' },
  },
  ETag: { description: 'The version of the resource, quoted (`"3"`); send it back as `If-Match` to change it.', schema: { type: 'string', example: '"3"' } },
  Location: { description: 'The address of the created resource.', schema: { type: 'string', format: 'uri-reference', example: '/api/v1/orders/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d' } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
  'Idempotent-Replayed': {
    description: 'Present (`true`) when this is the stored response of an earlier request with the same `Idempotency-Key` and body.',
    schema: { type: 'string', enum: ['true'] },
  },
};

/** The creations that honour `Idempotency-Key` (all of them place an order through the same command). */
const IDEMPOTENT_CREATES = ['orders', 'orders/{id}/reorder', 'order-templates/{id}/orders'];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * What the HTTP layer does for every route, written into the document once rather than on each
 * controller: the response headers the code sends (`X-Request-Id` always, `Location` with every
 * 201, `ETag` with every versioned resource, `Retry-After` with 429 and 503, the idempotency
 * headers of order creation), `security: []` on public routes (those without the bearer scheme),
 * so that a generated client and a linter know they need no token.
 */
export function documentHttpConventions(document: OpenAPIObject, apiPrefix: string): void {
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...HEADERS };
  const ref = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      operation.security ??= [];
      const idempotentCreate = method === 'post' && IDEMPOTENT_CREATES.some((route) => path === `/${apiPrefix}/${route}`);
      for (const [status, response] of Object.entries(operation.responses) as Array<[string, ResponseObject | ReferenceObject | undefined]>) {
        if (!response || '$ref' in response) continue;
        const headers: Record<string, HeaderObject | ReferenceObject> = (response.headers ??= {});
        const code = Number(status);
        headers['X-Request-Id'] = ref('X-Request-Id');
        if (code === 201) headers.Location = ref('Location');
        if (code >= 200 && code < 300 && hasVersion(document, response)) headers.ETag = ref('ETag');
        if (code === 429 || code === 503 || (idempotentCreate && code === 409)) headers['Retry-After'] = ref('Retry-After');
        if (idempotentCreate && (code === 201 || code === 409 || code === 422)) headers['Idempotent-Replayed'] = ref('Idempotent-Replayed');
      }
    }
  }
}

/**
 * A resource with a `version` is sent with its ETag (see common/http/if-match.ts); a response that is
 * one of several views (`anyOf`: staff and customer views of an order) when each of them has one.
 */
function hasVersion(document: OpenAPIObject, response: ResponseObject): boolean {
  const versioned = (schema: SchemaObject | ReferenceObject | undefined): boolean => {
    if (schema && '$ref' in schema) schema = document.components?.schemas?.[schema.$ref.split('/').pop()!] as SchemaObject | undefined;
    if (!schema || '$ref' in schema) return false;
    return schema.anyOf?.length ? schema.anyOf.every(versioned) : Boolean(schema.properties?.version);
  };
  return Object.values(response.content ?? {}).some((media: { schema?: SchemaObject | ReferenceObject }) => versioned(media.schema));
}
