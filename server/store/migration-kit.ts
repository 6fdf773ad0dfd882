/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';
import type { DialectName } from './store';

/**
 * Migrations run before the typed schema exists, so they take an untyped Kysely (the one place
 * `any` is allowed). Column types differ per dialect only for floats; everything else is text or
 * integer in both (times are ISO text, booleans 0/1, JSON as text).
 */
export type MigrationDb = Kysely<any>;

export interface DialectTypes {
  name: DialectName;
  /** 8-byte float: `real` in SQLite, `double precision` in PostgreSQL. */
  float: 'real' | 'double precision';
}

export interface StoreMigration {
  up(db: MigrationDb, dialect: DialectTypes): Promise<void>;
  down?(db: MigrationDb, dialect: DialectTypes): Promise<void>;
}

/** Migration names sort globally: `NNNN_capability_what`, numbered per capability block. */
export type MigrationSet = Record<string, StoreMigration>;

export function dialectTypes(name: DialectName): DialectTypes {
  return { name, float: name === 'postgres' ? 'double precision' : 'real' };
}
