import { sql } from 'kysely';
import fs from 'node:fs';
import type { Store } from '@server/store/store';
import { householdScopes, isSecretColumn, readCatalogue } from './discovery';
import { listHouseholdFiles } from './household-files';

export interface ExportedFile {
  area: string;
  name: string;
  size: number;
  /** Authenticated link (household token) to the file itself. */
  url: string;
  /** Present with `?embed=photos`. */
  contentBase64?: string;
}

export interface HouseholdExport {
  format: 'miroir-export/1';
  exportedAt: string;
  householdId: string;
  /** Every table holding this household's rows, by table name; JSON text columns decoded. */
  tables: Record<string, Record<string, unknown>[]>;
  files: ExportedFile[];
  /** `table.column` left out because they hold secrets (token hashes): named so nothing is hidden silently. */
  omittedColumns: string[];
}

export const FILES_ROUTE_PREFIX = '/api/v1/privacy/files';

/** JSON kept as text in the store reads back as structure, so the export is one readable document. */
function decode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export async function exportHousehold(store: Store, dataDir: string, householdId: string, now: Date, options: { embedFiles: boolean }): Promise<HouseholdExport> {
  // One read transaction: the document is a consistent snapshot even while devices keep reporting.
  const tables = await store.transaction(async (tx) => {
    const catalogue = await readCatalogue(tx, store.dialect);
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const scope of [...householdScopes(catalogue).values()].sort((a, b) => a.table.localeCompare(b.table))) {
      const info = catalogue.get(scope.table)!;
      const visible = info.columns.filter((c) => !isSecretColumn(c));
      const order = info.columns.includes('id') ? sql` order by ${sql.ref('id')}` : sql``;
      const result = await sql<Record<string, unknown>>`select ${sql.join(visible.map((c) => sql.ref(c)))} from ${sql.table(scope.table)} where ${scope.where(householdId)}${order}`.execute(tx);
      out[scope.table] = result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, decode(v)])));
    }
    const omitted = Object.keys(out).flatMap((t) => catalogue.get(t)!.columns.filter(isSecretColumn).map((c) => `${t}.${c}`));
    return { out, omitted };
  });
  const files = listHouseholdFiles(dataDir, householdId).map((f): ExportedFile => ({
    area: f.area,
    name: f.name,
    size: f.size,
    url: `${FILES_ROUTE_PREFIX}/${encodeURIComponent(f.area)}/${f.name.split('/').map(encodeURIComponent).join('/')}`,
    ...(options.embedFiles ? { contentBase64: fs.readFileSync(f.fullPath).toString('base64') } : {}),
  }));
  return { format: 'miroir-export/1', exportedAt: now.toISOString(), householdId, tables: tables.out, files, omittedColumns: tables.omitted.sort() };
}
