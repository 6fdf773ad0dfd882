import { sql } from 'kysely';
import type { MigrationSet } from '@server/store/migration-kit';

export const householdMigrations: MigrationSet = {
  '0001_households_core': {
    async up(db, t) {
      await db.schema
        .createTable('households')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('latitude', t.float)
        .addColumn('longitude', t.float)
        .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR'))
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('locale', 'text')
        .addColumn('voice_person_id', 'text')
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('profiles_household').on('profiles').column('household_id').execute();
      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text')
        .addColumn('label', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('tokens_household').on('tokens').column('household_id').execute();
    },
  },
  '0010_households_token_scopes': {
    async up(db) {
      // The single household token of the first round could do everything: it is an owner token.
      await db.updateTable('tokens').set({ scope: 'owner' }).where('scope', '=', 'household').execute();
      await db.schema.alterTable('tokens').addColumn('rotated_at', 'text').execute();
    },
  },
  '0011_households_url_tokens': {
    async up(db) {
      // Short-lived, single-purpose tokens for URLs (an EventSource, an <img src>): a leaked URL
      // in a proxy log is worth minutes, for one kind of request, and dies with its parent token.
      await db.schema
        .createTable('url_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('parent_id', 'text', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('url_tokens_household').on('url_tokens').column('household_id').execute();
      await db.schema.createIndex('url_tokens_expires').on('url_tokens').column('expires_at').execute();
    },
  },
  '0012_households_join_codes': {
    async up(db) {
      // Phone join codes (join-codes.ts): hashed like tokens; the used code keeps the token it became.
      await db.schema
        .createTable('join_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('token_id', 'text')
        .execute();
      await db.schema.createIndex('join_codes_household').on('join_codes').columns(['household_id', 'used_at']).execute();
      await db.schema.createIndex('join_codes_expires').on('join_codes').column('expires_at').execute();
      await db.schema
        .createTable('join_failures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('address_hash', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('join_failures_at').on('join_failures').column('at').execute();
      await db.schema.createIndex('join_failures_address').on('join_failures').columns(['address_hash', 'at']).execute();
    },
  },
  '0013_households_guess_failures': {
    // Join codes and voice pairing codes count wrong guesses the same way: one table, one
    // implementation (guess-limit.ts). Pairing failures move over in 0711, once their table exists.
    async up(db) {
      await db.schema
        .createTable('guess_failures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('guesser_hash', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('guess_failures_at').on('guess_failures').columns(['purpose', 'at']).execute();
      await db.schema.createIndex('guess_failures_guesser').on('guess_failures').columns(['purpose', 'guesser_hash', 'at']).execute();
      await sql`insert into guess_failures (id, purpose, guesser_hash, at) select id, 'join', address_hash, at from join_failures`.execute(db);
      await db.schema.dropTable('join_failures').execute();
    },
  },
  '0016_households_setup': {
    async up(db) {
      // The seed's demo household says so (first run offers to replace it); units null = the
      // locale's system; a person's declared comfort shifts the temperature they dress for.
      await db.schema.alterTable('households').addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('households').addColumn('units', 'text').execute();
      await db.schema.alterTable('profiles').addColumn('comfort', 'text', (c) => c.notNull().defaultTo('neutral')).execute();
    },
  },
  '0017_households_mirror_claims': {
    async up(db) {
      // First run moves the demo's mirrors by a claim their own display token redeems, so no token
      // ever rides the event stream (its replay buffer, the fleet's event log). Bound to both
      // households: erasing either removes it.
      await db.schema
        .createTable('mirror_claims')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('to_household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('mirror_claims_household').on('mirror_claims').column('household_id').execute();
      await db.schema.createIndex('mirror_claims_to_household').on('mirror_claims').column('to_household_id').execute();
      // The demo's display tokens live at first run, each allowed one redeem: the conditional
      // update of its row (used_at null → now) is the single use.
      await db.schema
        .createTable('mirror_claim_tokens')
        .addColumn('claim_id', 'text', (c) => c.notNull().references('mirror_claims.id').onDelete('cascade'))
        .addColumn('token_id', 'text', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
        .addColumn('used_at', 'text')
        .addColumn('minted_token_id', 'text')
        .addPrimaryKeyConstraint('mirror_claim_tokens_pk', ['claim_id', 'token_id'])
        .execute();
    },
  },
  '0020_households_token_expiry': {
    async up(db) {
      // OAuth access tokens (link scope, server/oauth) live an hour; the others until revoked.
      await db.schema.alterTable('tokens').addColumn('expires_at', 'text').execute();
    },
  },
};
