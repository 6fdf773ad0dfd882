import { sql, type RawBuilder } from 'kysely';
import type { Queryable, DialectName } from '@server/store/store';

/**
 * What the store holds, read from its own catalogue at run time (sqlite_master + pragmas, or
 * PostgreSQL's catalogue for the current schema). Export and erase walk this map instead of a
 * hand-kept list, so a table a capability adds tomorrow is exported and erased without anyone
 * remembering to touch the privacy code.
 */
export interface ForeignKey {
  column: string;
  references: string;
  referencedColumn: string;
}

export interface TableInfo {
  name: string;
  columns: string[];
  /** Columns holding text: where a leftover id could hide. */
  textColumns: string[];
  foreignKeys: ForeignKey[];
}

export type Catalogue = Map<string, TableInfo>;

/** Bookkeeping of the migrator, not household data. */
const INTERNAL_TABLE = /^(kysely_|sqlite_)/;

export async function readCatalogue(db: Queryable, dialect: DialectName): Promise<Catalogue> {
  return dialect === 'sqlite' ? readSqlite(db) : readPostgres(db);
}

async function readSqlite(db: Queryable): Promise<Catalogue> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(db);
  const out: Catalogue = new Map();
  for (const { name } of tables.rows) {
    if (INTERNAL_TABLE.test(name)) continue;
    const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(db);
    const fks = await sql<{ from: string; table: string; to: string | null }>`select "from", "table", "to" from pragma_foreign_key_list(${name})`.execute(db);
    out.set(name, {
      name,
      columns: cols.rows.map((c) => c.name),
      textColumns: cols.rows.filter((c) => /char|text|clob/i.test(c.type) || c.type === '').map((c) => c.name),
      // A foreign key without a target column points at the parent's primary key, `id` here.
      foreignKeys: fks.rows.map((f) => ({ column: f.from, references: f.table, referencedColumn: f.to ?? 'id' })),
    });
  }
  return out;
}

async function readPostgres(db: Queryable): Promise<Catalogue> {
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const fks = await sql<{ table_name: string; column_name: string; ref_table: string; ref_column: string }>`
    select cl.relname as table_name, att.attname as column_name, rcl.relname as ref_table, ratt.attname as ref_column
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace
    join pg_class rcl on rcl.oid = con.confrelid
    cross join lateral unnest(con.conkey, con.confkey) as k(attnum, fattnum)
    join pg_attribute att on att.attrelid = con.conrelid and att.attnum = k.attnum
    join pg_attribute ratt on ratt.attrelid = con.confrelid and ratt.attnum = k.fattnum
    where con.contype = 'f' and ns.nspname = current_schema()`.execute(db);
  const out: Catalogue = new Map();
  for (const c of cols.rows) {
    if (INTERNAL_TABLE.test(c.table_name)) continue;
    let info = out.get(c.table_name);
    if (!info) {
      info = { name: c.table_name, columns: [], textColumns: [], foreignKeys: [] };
      out.set(c.table_name, info);
    }
    info.columns.push(c.column_name);
    if (/char|text/i.test(c.data_type)) info.textColumns.push(c.column_name);
  }
  for (const f of fks.rows) out.get(f.table_name)?.foreignKeys.push({ column: f.column_name, references: f.ref_table, referencedColumn: f.ref_column });
  return out;
}

/** Column names that hold secrets: never exported, whatever table they are in. */
export function isSecretColumn(column: string): boolean {
  return /(^|_)hash$/i.test(column) || /secret|password|passphrase|private_key/i.test(column);
}

/**
 * How to find one household's rows in each table: its `household_id` column, the households row
 * itself, or (for a child table with no household column) a foreign key into a table that is
 * already scoped. Tables reached by none of these are not household data (shared caches, the
 * simulated store's own book) and are left out.
 */
export interface Scope {
  table: string;
  where: (householdId: string) => RawBuilder<unknown>;
  /** Tables this one references among the scoped ones: they must be erased after it. */
  parents: string[];
}

export function householdScopes(catalogue: Catalogue): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  const direct = (info: TableInfo): ((id: string) => RawBuilder<unknown>)[] => {
    const out: ((id: string) => RawBuilder<unknown>)[] = [];
    if (info.name === 'households') out.push((id) => sql`${sql.ref('id')} = ${id}`);
    if (info.columns.includes('household_id')) out.push((id) => sql`${sql.ref('household_id')} = ${id}`);
    return out;
  };
  for (const info of catalogue.values()) {
    const conds = direct(info);
    if (conds.length > 0) scopes.set(info.name, { table: info.name, where: orOf(conds), parents: [] });
  }
  // Reach child tables through foreign keys until nothing new is found (bounded by the table count).
  for (let pass = 0; pass < catalogue.size; pass++) {
    let grew = false;
    for (const info of catalogue.values()) {
      if (scopes.has(info.name)) continue;
      const viaParents = info.foreignKeys.filter((fk) => scopes.has(fk.references) && fk.references !== info.name);
      if (viaParents.length === 0) continue;
      const conds = viaParents.map((fk) => {
        const parent = scopes.get(fk.references)!;
        return (id: string) =>
          sql`${sql.ref(fk.column)} in (select ${sql.ref(fk.referencedColumn)} from ${sql.table(fk.references)} where ${parent.where(id)})`;
      });
      scopes.set(info.name, { table: info.name, where: orOf(conds), parents: [] });
      grew = true;
    }
    if (!grew) break;
  }
  for (const scope of scopes.values()) {
    const info = catalogue.get(scope.table)!;
    scope.parents = [...new Set(info.foreignKeys.map((fk) => fk.references).filter((t) => t !== scope.table && scopes.has(t)))];
  }
  return scopes;
}

function orOf(conds: ((id: string) => RawBuilder<unknown>)[]): (id: string) => RawBuilder<unknown> {
  if (conds.length === 1) return conds[0];
  return (id) => sql`(${sql.join(conds.map((c) => sql`(${c(id)})`), sql` or `)})`;
}

/** Children before parents, so deleting in this order never trips a foreign key (cascades or not). */
export function eraseOrder(scopes: Map<string, Scope>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Depth-first on "is referenced by": a table goes out only after every table that points at it.
  const referencedBy = new Map<string, string[]>();
  for (const s of scopes.values()) for (const p of s.parents) referencedBy.set(p, [...(referencedBy.get(p) ?? []), s.table]);
  const visit = (table: string): void => {
    if (state.get(table)) return;
    state.set(table, 'visiting');
    for (const child of referencedBy.get(table) ?? []) visit(child);
    state.set(table, 'done');
    order.push(table);
  };
  for (const table of [...scopes.keys()].sort()) visit(table);
  return order;
}
