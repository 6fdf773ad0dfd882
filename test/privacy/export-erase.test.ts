import fs from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';
import { householdScopes, readCatalogue } from '@server/privacy/discovery';
import { SKILL_ID } from '@test/skills/helpers/alexa-envelopes';
import { linkAlexaUser } from '@test/skills/helpers/skill-app';
import { eraseWithConfirmation } from './erase-steps';
import { PNG_1PX, richHousehold, type RichHousehold } from './rich-household';
import { digestHousehold, dumpStore, findNeedles, householdNeedles } from './store-scan';

interface ExportDoc {
  format: string;
  householdId: string;
  tables: Record<string, Record<string, unknown>[]>;
  files: { area: string; name: string; size: number; url: string; contentBase64?: string }[];
  omittedColumns: string[];
}

describeEachStore('privacy export and erase', (kind) => {
  let t: TestApp;
  let a: RichHousehold;
  let b: RichHousehold;

  beforeAll(async () => {
    t = await buildTestApp({ store: kind, env: { ALEXA_SKILL_ID: SKILL_ID, ALEXA_VERIFY_SIGNATURE: 'false' } });
    a = await richHousehold(t, 'Alpha Aldebaran');
    b = await richHousehold(t, 'Bravo Betelgeuse');
    // Voice links too: the Alexa account linked to each household, and its session state.
    await linkAlexaUser(t, a.auth, { userId: 'amzn1.ask.account.ALPHA' });
    await linkAlexaUser(t, b.auth, { userId: 'amzn1.ask.account.BRAVO' });
  });
  afterAll(async () => t.close());

  it('exports every table that holds the household, without secrets and without the neighbours', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: a.auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="miroir-export-\d{4}-\d{2}-\d{2}\.json"/);
    const doc = res.json<ExportDoc>();
    expect(doc.format).toBe('miroir-export/1');
    expect(doc.tables.households).toEqual([expect.objectContaining({ id: a.id, name: a.name })]);
    expect(doc.tables.profiles.map((p) => p.name)).toEqual(expect.arrayContaining([a.name, `${a.name} Junior`]));
    expect(doc.tables.tokens.length).toBeGreaterThanOrEqual(1);
    expect(doc.tables.tokens.every((row) => !('token_hash' in row))).toBe(true);
    expect(doc.omittedColumns).toContain('tokens.token_hash');
    // Every id the API gave back while filling the household is somewhere in the document.
    for (const id of a.ids) expect(res.body).toContain(id);
    expect(res.body).not.toContain(b.id);
    expect(res.body).not.toContain('Bravo');
    expect(res.body).not.toContain('amzn1.ask.account.BRAVO');
    const populated = Object.entries(doc.tables).filter(([, rows]) => rows.length > 0).map(([table]) => table);
    // What a rich household holds, by capability: every one of these must be in the document.
    for (const table of ['households', 'profiles', 'tokens', 'consents', 'privacy_audit', 'calendars', 'calendar_feeds', 'garments', 'garment_wear', 'supplies', 'devices', 'device_supplies', 'readings', 'orders', 'order_events', 'outbox', 'outfit_feedback', 'outfit_profiles', 'pairing_codes', 'skill_links']) {
      if (doc.tables[table] !== undefined) expect({ table, populated: populated.includes(table) }).toEqual({ table, populated: true });
    }
    expect(res.body).not.toMatch(/"token_hash"|[0-9a-f]{64}/);

    // The export is audited (and the audit row is itself household data, exported next time).
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/audit?kind=privacy', headers: a.auth });
    expect(audit.json<{ entries: { action: string }[] }>().entries.map((e) => e.action)).toContain('export');
  });

  it('links photos behind the household token, or embeds them on request', async () => {
    const linked = (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: a.auth })).json<ExportDoc>();
    if (!a.steps.some((s) => s.startsWith('PUT /api/v1/wardrobe/items/') && s.endsWith('200'))) return; // wardrobe photos not there yet
    expect(linked.files).toEqual([expect.objectContaining({ area: 'photos', size: PNG_1PX.length })]);
    const file = await t.app.inject({ method: 'GET', url: linked.files[0].url, headers: a.auth });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG_1PX)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: linked.files[0].url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: linked.files[0].url, headers: b.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/privacy/files/photos/..%2F..%2Fminiroir.sqlite', headers: a.auth })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/privacy/files/photos/../${b.id}/x.png`, headers: a.auth })).statusCode).toBe(404);

    const embedded = (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export?embed=photos', headers: a.auth })).json<ExportDoc>();
    expect(Buffer.from(embedded.files[0].contentBase64!, 'base64').equals(PNG_1PX)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export?embed=everything', headers: a.auth })).statusCode).toBe(400);
  });

  it('reaches every table that holds household data (a new table cannot slip out of export and erase)', async () => {
    const catalogue = await readCatalogue(t.testStore.store.db, kind);
    const scoped = new Set(householdScopes(catalogue).keys());
    const needles = await householdNeedles(t.testStore.store, a.id);
    const { rows } = await dumpStore(t.testStore.store);
    const unreachable: string[] = [];
    for (const [table, list] of rows) {
      if (scoped.has(table)) continue;
      const info = catalogue.get(table)!;
      const holds = list.some((row) => info.textColumns.some((c) => typeof row[c] === 'string' && needles.some((n) => (row[c] as string).includes(n))));
      if (holds) unreachable.push(table);
    }
    // A table listed here holds this household's ids but has neither a household_id column nor a
    // foreign key to a table that has one: export would miss it and erase would leave it behind.
    expect(unreachable).toEqual([]);
  });

  it('erases the household in every table and on disk, revokes its tokens at once, and leaves the neighbour intact', async () => {
    const needles = await householdNeedles(t.testStore.store, a.id);
    const neighbourBefore = await digestHousehold(t.testStore.store, b.id);
    const photoDir = path.join(t.dataDir, 'photos', a.id);
    const hadPhotos = fs.existsSync(photoDir);

    const res = await eraseWithConfirmation(t, a.auth);
    expect(res.statusCode).toBe(200);
    const { erased } = res.json<{ erased: { tables: Record<string, number>; files: number } }>();
    expect(erased.tables).toMatchObject({ households: 1, profiles: 2 });
    expect(erased.tables.tokens).toBeGreaterThanOrEqual(1);
    expect(erased.files).toBe(hadPhotos ? 1 : 0);

    expect(await findNeedles(t.testStore.store, [...needles, 'amzn1.ask.account.ALPHA', a.name])).toEqual([]);
    expect(fs.existsSync(photoDir)).toBe(false);
    for (const headers of [a.auth, ...(a.deviceToken ? [{ authorization: `Bearer ${a.deviceToken}` }] : [])]) {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers });
      expect(r.statusCode).toBe(401);
    }
    if (a.deviceId) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/devices/${a.deviceId}/telemetry`,
        headers: { authorization: `Bearer ${a.deviceToken}` },
        payload: { readings: [{ id: 'after-erase', supplyId: 'x', level: 1, unit: 'L', at: t.clock.now().toISOString() }] },
      });
      expect(r.statusCode).toBe(401);
    }

    expect(await digestHousehold(t.testStore.store, b.id)).toEqual(neighbourBefore);
    const neighbour = await t.app.inject({ method: 'GET', url: '/api/v1/household', headers: b.auth });
    expect(neighbour.statusCode).toBe(200);
    if (b.steps.some((s) => s.startsWith('PUT /api/v1/wardrobe/items/') && s.endsWith('200'))) expect(fs.existsSync(path.join(t.dataDir, 'photos', b.id))).toBe(true);
  });

  // Last: it adds tables to this store.
  it('exports and erases a table added tomorrow without touching the privacy code, children first, even with restrictive foreign keys and no cascade', async () => {
    const db = t.testStore.store.db;
    // A capability's future tables: one keyed by household, one reachable only through a foreign key, no cascade anywhere.
    await sql`create table notes (id text primary key, household_id text not null references households(id), body text not null)`.execute(db);
    await sql`create table note_tags (note_id text not null references notes(id), tag text not null)`.execute(db);
    const a = await t.household('Tomorrow A');
    const b = await t.household('Tomorrow B');
    for (const [h, n] of [
      [a, 'note-a-0001'],
      [b, 'note-b-0001'],
    ] as const) {
      await sql`insert into notes (id, household_id, body) values (${n}, ${h.id}, ${`secret of ${n}`})`.execute(db);
      await sql`insert into note_tags (note_id, tag) values (${n}, ${`tag of ${n}`})`.execute(db);
    }

    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: a.auth })).json<ExportDoc>();
    expect(doc.tables.notes).toEqual([{ id: 'note-a-0001', household_id: a.id, body: 'secret of note-a-0001' }]);
    expect(doc.tables.note_tags).toEqual([{ note_id: 'note-a-0001', tag: 'tag of note-a-0001' }]);

    const res = await eraseWithConfirmation(t, a.auth);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ erased: { tables: Record<string, number> } }>().erased.tables).toMatchObject({ notes: 1, note_tags: 1, households: 1 });
    expect(await findNeedles(t.testStore.store, ['note-a-0001', a.id])).toEqual([]);
    const left = await sql<{ tag: string }>`select tag from note_tags`.execute(db);
    expect(left.rows).toEqual([{ tag: 'tag of note-b-0001' }]);
  });
});
