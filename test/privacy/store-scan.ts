import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { householdScopes, readCatalogue, type Catalogue } from '@server/privacy/discovery';
import type { Store } from '@server/store/store';

/** Every row of every table, read straight from the store's catalogue (what an auditor would look at). */
export async function dumpStore(store: Store): Promise<{ catalogue: Catalogue; rows: Map<string, Record<string, unknown>[]> }> {
  const catalogue = await readCatalogue(store.db, store.dialect);
  const rows = new Map<string, Record<string, unknown>[]>();
  for (const table of catalogue.keys()) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db);
    rows.set(table, result.rows);
  }
  return { catalogue, rows };
}

/** The household id and the `id` of every row scoped to it: what must not survive an erase. */
export async function householdNeedles(store: Store, householdId: string): Promise<string[]> {
  const catalogue = await readCatalogue(store.db, store.dialect);
  const needles = new Set([householdId]);
  for (const scope of householdScopes(catalogue).values()) {
    if (!catalogue.get(scope.table)!.columns.includes('id')) continue;
    const result = await sql<{ id: unknown }>`select ${sql.ref('id')} from ${sql.table(scope.table)} where ${scope.where(householdId)}`.execute(store.db);
    for (const r of result.rows) if (typeof r.id === 'string' && r.id.length >= 8) needles.add(r.id);
  }
  return [...needles];
}

/** `table.column = value` for every text cell, in any table, that contains one of the needles. */
export async function findNeedles(store: Store, needles: string[]): Promise<string[]> {
  const { catalogue, rows } = await dumpStore(store);
  const hits: string[] = [];
  for (const [table, list] of rows) {
    const info = catalogue.get(table)!;
    for (const row of list) {
      for (const column of info.columns) {
        const value = row[column];
        if (typeof value !== 'string') continue;
        const needle = needles.find((n) => value.includes(n));
        if (needle) hits.push(`${table}.${column} holds ${needle}`);
      }
    }
  }
  return hits;
}

/** A digest per table, order-independent: equal digests mean not one cell changed. */
export async function digestStore(store: Store, exclude: string[] = []): Promise<Record<string, string>> {
  const { rows } = await dumpStore(store);
  const out: Record<string, string> = {};
  for (const [table, list] of rows) {
    if (exclude.includes(table)) continue;
    const lines = list.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))).sort();
    out[table] = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16) + `:${list.length}`;
  }
  return out;
}

/** Only the rows of one household (by the same scoping export and erase use), digested per table. */
export async function digestHousehold(store: Store, householdId: string): Promise<Record<string, string>> {
  const catalogue = await readCatalogue(store.db, store.dialect);
  const out: Record<string, string> = {};
  for (const scope of householdScopes(catalogue).values()) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(scope.table)} where ${scope.where(householdId)}`.execute(store.db);
    const lines = result.rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))).sort();
    out[scope.table] = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16) + `:${result.rows.length}`;
  }
  return out;
}
