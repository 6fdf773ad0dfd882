import type { FastifyInstance } from 'fastify';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  nullable?: boolean;
  additionalProperties?: boolean | JsonSchema;
};

export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify form: `/api/v1/items/:id`. */
  path: string;
  params: string[];
  query: string[];
  body: JsonSchema | null;
  /** The route takes a body at all (POST/PUT/PATCH), schema or not. */
  takesBody: boolean;
  /** Server-Sent Events: an accepted request never ends, so only refusals can be injected. */
  streams: boolean;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every documented route with its body schema, read from the live app's OpenAPI document. */
export function documentedRoutes(app: FastifyInstance): RouteInfo[] {
  const doc = app.swagger() as { paths: Record<string, Partial<Record<(typeof METHODS)[number], OpenApiOperation>>> };
  const out: RouteInfo[] = [];
  for (const [openApiPath, ops] of Object.entries(doc.paths)) {
    const path = openApiPath.replace(/\{\*\}/g, '*').replace(/\{([^}]+)\}/g, ':$1');
    for (const m of METHODS) {
      const op = ops[m];
      if (!op) continue;
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      out.push({
        method: m.toUpperCase() as RouteInfo['method'],
        path,
        params,
        query,
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        takesBody: m === 'post' || m === 'put' || m === 'patch',
        streams: JSON.stringify(op).includes('text/event-stream'),
      });
    }
  }
  return out;
}

/**
 * Every route the router holds, from `printRoutes` (the tree, not the documentation): used to
 * prove that nothing is served that the OpenAPI document (and so this test) does not know about.
 */
export function registeredRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)(?:├── |└── )(.+?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    const segment = match[2];
    const full = (depth > 0 ? stack[depth - 1] : '') + (depth > 0 && !segment.startsWith('/') && !stack[depth - 1].endsWith('/') ? '/' : '') + segment;
    stack[depth] = full;
    stack.length = depth + 1;
    for (const method of match[3].split(', ')) if (method !== 'HEAD') out.push({ method, path: full });
  }
  return out;
}
