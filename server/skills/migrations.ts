import { sql } from 'kysely';
import type { MigrationSet } from '@server/store/migration-kit';

/** Migrations of the skills capability; names start with its number block (see store/migrations.ts). */
export const skillsMigrations: MigrationSet = {
  '0701_skills_pairing_links_states': {
    async up(db) {
      await db.schema
        .createTable('pairing_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Two live codes never collide: the lookup by hash must name one household.
      await db.schema.createIndex('pairing_codes_live_hash').on('pairing_codes').column('code_hash').unique().where(sql.ref('used_at'), 'is', null).execute();
      await db.schema.createIndex('pairing_codes_household').on('pairing_codes').column('household_id').execute();
      await db.schema
        .createTable('skill_links')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('skill_links_pk', ['platform', 'user_hash'])
        .execute();
      await db.schema.createIndex('skill_links_household').on('skill_links').column('household_id').execute();
      await db.schema
        .createTable('skill_states')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.references('households.id').onDelete('cascade'))
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('skill_states_pk', ['platform', 'user_hash'])
        .execute();
      await db.schema.createIndex('skill_states_household').on('skill_states').column('household_id').execute();
    },
  },
  '0710_skills_pairing_failures': {
    async up(db) {
      // Wrong pairing codes, counted in the store (not in a conversation a platform may reset):
      // per voice user, and across the service. No household: a guess belongs to none.
      await db.schema
        .createTable('pairing_failures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('caller_hash', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('pairing_failures_at').on('pairing_failures').column('at').execute();
      await db.schema.createIndex('pairing_failures_caller').on('pairing_failures').columns(['platform', 'caller_hash', 'at']).execute();
    },
  },
  '0711_skills_pairing_failures_shared': {
    // Wrong pairing codes join the wrong join codes (0013, server/households/guess-limit.ts). The
    // caller hash already names the platform it was taken on.
    async up(db) {
      await sql`insert into guess_failures (id, purpose, guesser_hash, at) select id, 'pairing', caller_hash, at from pairing_failures`.execute(db);
      await db.schema.dropTable('pairing_failures').execute();
    },
  },
  '0720_skills_alexa_event_subscriptions': {
    async up(db) {
      // Alexa users who allowed Miroir's order updates (AlexaSkillEvent.ProactiveSubscriptionChanged).
      // The user id is kept in clear: Amazon's Unicast audience needs it, and only it.
      await db.schema
        .createTable('alexa_event_subscriptions')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alexa_event_subscriptions_household').on('alexa_event_subscriptions').column('household_id').execute();
    },
  },
  '0730_mirror_power_overrides': {
    async up(db) {
      // The 07xx block is voice's; the mirror's night override lives here because voice (Google's
      // OnOff) is what asked for it, and the mirror capability has no migrations of its own.
      await db.schema
        .createTable('mirror_power_overrides')
        .addColumn('household_id', 'text', (c) => c.primaryKey().references('households.id').onDelete('cascade'))
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('until', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0731_alexa_event_outbox': {
    async up(db) {
      await db.schema
        .createTable('alexa_event_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('available_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('leased_by', 'text')
        .addColumn('last_error', 'text')
        .addColumn('done_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alexa_event_outbox_due').on('alexa_event_outbox').columns(['done_at', 'available_at']).execute();
    },
  },
  '0732_alexa_event_subscription_names': {
    async up(db) {
      // Which events each person allowed: the order updates, the "new message" alerts, or both.
      // Rows from before allowed the order updates only (0720 recorded nothing else).
      await db.schema.alterTable('alexa_event_subscriptions').addColumn('event_names', 'text', (c) => c.notNull().defaultTo('["AMAZON.OrderStatus.Updated"]')).execute();
    },
  },
  '0750_mirror_power_watch': {
    async up(db) {
      // Where the per-minute job left off: the scheduled night boundaries it crossed since are
      // reported to Google, once across a fleet (a compare-and-set on this row picks the instance).
      await db.schema
        .createTable('mirror_power_watch')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('checked_until', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
