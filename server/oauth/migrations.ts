import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the oauth capability: block 1000–1099 (see store/migrations.ts). */
export const oauthMigrations: MigrationSet = {
  '1000_oauth_grants_codes_refresh': {
    async up(db) {
      await db.schema
        .createTable('oauth_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('oauth_grants_household').on('oauth_grants').column('household_id').execute();
      await db.schema
        .createTable('oauth_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('code_challenge', 'text')
        .addColumn('code_challenge_method', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('oauth_refresh_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('access_token_id', 'text', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
        .addColumn('parent_id', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('oauth_refresh_grant').on('oauth_refresh_tokens').column('grant_id').execute();
      await db.schema.createIndex('oauth_refresh_access').on('oauth_refresh_tokens').column('access_token_id').execute();
      await db.schema.createIndex('oauth_refresh_parent').on('oauth_refresh_tokens').column('parent_id').execute();
    },
  },
};
