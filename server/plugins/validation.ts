import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { simplifyForSerialization } from './serializable-schema';

/**
 * Bodies are validated strictly: no type coercion (`"12"` is not a number), unknown fields are
 * errors, never silently dropped. Query strings and path params are text on the wire, so those
 * are coerced. Two compilers, one rule each.
 */
const common: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false };
const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));

type Validate = ReturnType<FastifySchemaCompiler<unknown>> & { errors?: unknown };
type Serialize = (data: unknown) => string;

/**
 * Compiles each route's validators and response serializers on first use instead of at start:
 * compiling every schema up front (a dozen per route, with the error responses) took ~400 ms of
 * CPU before `/health` could answer, several times that on a Raspberry Pi. `warmUp` compiles what
 * is left once the server listens, a few schemas per event-loop turn, so a schema error still
 * shows within a second of starting (and in a test that warms the whole app up).
 */
export class LazySchemas {
  private readonly pending = new Set<() => void>();

  constructor(
    /** Shared schemas that responses refer to by `$ref` (`ErrorResponse`), keyed by `$id`. */
    private readonly externalSchemas: Record<string, unknown> = {},
  ) {}

  private readonly buildSerializer = SerializerSelector();

  readonly serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
    let compiled: Serialize | null = null;
    // Per response: once compiled, only the null check (the pending set is left on first compile).
    const compile = (): Serialize => {
      if (compiled) return compiled;
      compiled = this.buildSerializer(this.externalSchemas, {})({ ...route, schema: simplifyForSerialization(route.schema) } as never) as Serialize;
      this.pending.delete(compileNow);
      return compiled;
    };
    const compileNow = (): void => void compile();
    this.pending.add(compileNow);
    return (data: unknown) => compile()(data);
  };

  readonly validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodyAjv : textAjv;
    let compiled: Validate | null = null;
    const compile = (): Validate => {
      if (compiled) return compiled;
      compiled = ajv.compile(schema as object) as Validate;
      this.pending.delete(compileNow);
      return compiled;
    };
    const compileNow = (): void => void compile();
    this.pending.add(compileNow);
    const validate = ((data: unknown) => {
      const fn = compile();
      const ok = fn(data);
      validate.errors = fn.errors;
      return ok;
    }) as Validate;
    return validate;
  };

  get remaining(): number {
    return this.pending.size;
  }

  private warming: Promise<void> | null = null;

  /**
   * Compiles every schema not compiled yet, yielding between small batches. Whoever asks while
   * it runs (the mirror's start-up reads wait for it) shares the one run instead of adding its own.
   */
  warmUp(batch = 8): Promise<void> {
    this.warming ??= this.compileRemaining(batch).finally(() => {
      this.warming = null;
    });
    return this.warming;
  }

  private async compileRemaining(batch: number): Promise<void> {
    while (this.pending.size > 0) {
      for (const compile of [...this.pending].slice(0, batch)) compile();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * A NUL character is never meaningful text: PostgreSQL refuses it while SQLite would store it,
 * so it is refused at the door for both (one behaviour whatever the store).
 */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route's validators and serializers, compiled on first use or by `warmUp`. */
    schemas: LazySchemas;
  }
}
