import { CompiledQuery, type Compilable } from 'kysely';
import type { Queryable } from './store';

/** Stands for one named parameter while a query is compiled; never reaches the database. */
class Placeholder {
  constructor(readonly name: string) {}
}

type Slot = { placeholder: string } | { constant: unknown };

interface Compiled {
  sql: string;
  slots: Slot[];
}

/**
 * A query built and compiled once per dialect, then run with new parameters. Kysely builds an
 * immutable tree for every query and compiles it to SQL each time: for the handful of statements
 * a device reading runs (about ten), that was a large share of the server's time per reading.
 * The builder gets a stand-in for each parameter; the SQL it compiles to is kept with where each
 * stand-in went. Only for shapes that do not depend on the values (no `in` lists of varying
 * length, no conditional clauses).
 */
export class PreparedQuery<P extends Record<string, unknown>, R> {
  private readonly compiled = new WeakMap<object, Compiled>();

  constructor(private readonly build: (db: Queryable, params: P) => Compilable<R>) {}

  async execute(db: Queryable, params: P): Promise<{ rows: R[]; numAffectedRows?: bigint }> {
    const { sql, slots } = this.compile(db);
    const parameters = slots.map((slot) => ('placeholder' in slot ? params[slot.placeholder] : slot.constant));
    const result = await db.executeQuery<R>(CompiledQuery.raw(sql, parameters));
    return { rows: result.rows, numAffectedRows: result.numAffectedRows };
  }

  async all(db: Queryable, params: P): Promise<R[]> {
    return (await this.execute(db, params)).rows;
  }

  async first(db: Queryable, params: P): Promise<R | undefined> {
    return (await this.execute(db, params)).rows[0];
  }

  /** Rows inserted, updated or deleted. */
  async affected(db: Queryable, params: P): Promise<number> {
    return Number((await this.execute(db, params)).numAffectedRows ?? 0);
  }

  private compile(db: Queryable): Compiled {
    // One compilation per dialect: a store and its transactions share their adapter.
    const key = db.getExecutor().adapter;
    let compiled = this.compiled.get(key);
    if (compiled) return compiled;
    const stand = new Proxy({}, { get: (_, name) => new Placeholder(String(name)) }) as P;
    const query = this.build(db, stand).compile();
    compiled = {
      sql: query.sql,
      slots: query.parameters.map((value) => (value instanceof Placeholder ? { placeholder: value.name } : { constant: value })),
    };
    this.compiled.set(key, compiled);
    return compiled;
  }
}

export function prepare<P extends Record<string, unknown>, R>(build: (db: Queryable, params: P) => Compilable<R>): PreparedQuery<P, R> {
  return new PreparedQuery(build);
}
