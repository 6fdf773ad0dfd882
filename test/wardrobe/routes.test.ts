import { buildTestApp, type TestApp } from '@test/helpers/build-app';
import { describeEachStore } from '@test/helpers/stores';

describeEachStore('wardrobe routes', (kind) => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let other: Awaited<ReturnType<TestApp['household']>>;
  /** A household of its own for the garments described in people's words, so lists elsewhere stay exact. */
  let described: Awaited<ReturnType<TestApp['household']>>;
  beforeAll(async () => {
    t = await buildTestApp({ store: kind });
    home = await t.household('Home', 'fr-FR');
    other = await t.household('Other', 'en-US');
    described = await t.household('Described', 'fr-FR');
  });
  afterAll(async () => t.close());

  const post = (auth: { authorization: string }, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/items', headers: auth, payload });

  it('creates a garment with warmth, category and formality defaulted from its kind', async () => {
    const res = await post(home.auth, { name: 'Trench beige', kind: 'Trench', colors: ['Beige', 'beige'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: expect.any(String),
      name: 'Trench beige',
      category: 'outerwear',
      kind: 'trench',
      warmth: 0.4,
      waterproof: true,
      formality: 'smart',
      colors: ['beige'],
      available: true,
      profileId: null,
      photoUrl: null,
    });
  });

  it('accepts an unknown kind with its category, and refuses one without or a contradiction', async () => {
    const kimono = await post(home.auth, { name: 'Kimono', kind: 'kimono', category: 'onepiece', warmth: 0.5 });
    expect(kimono.statusCode).toBe(201);
    expect(kimono.json()).toMatchObject({ category: 'onepiece', warmth: 0.5, formality: 'casual' });
    const unknown = await post(home.auth, { name: 'Thing', kind: 'thing' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('UNKNOWN_KIND');
    expect(unknown.json().error.message).toContain('thing');
    const mismatch = await post(home.auth, { name: 'Coat', kind: 'coat', category: 'top' });
    expect(mismatch.json().error.code).toBe('CATEGORY_MISMATCH');
  });

  it('lets the category a person gives win when it is plausible: a suit jacket filed as a blazer under outerwear', async () => {
    const res = await post(described.auth, { name: 'Suit jacket', category: 'outerwear', kind: 'blazer', colors: ['navy'] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Suit jacket', category: 'outerwear', kind: 'blazer', warmth: 0.36, formality: 'formal', waterproof: false });
    for (const [kindName, stored] of [['hoodie', 'hoodie'], ['Cardigan', 'cardigan'], ['gilet', 'vest']] as const) {
      const worn = await post(described.auth, { name: `Outer ${kindName}`, category: 'outerwear', kind: kindName });
      expect(worn.statusCode).toBe(201);
      expect(worn.json()).toMatchObject({ category: 'outerwear', kind: stored });
    }
    // Given fields win over the table; the table fills in the rest.
    const given = await post(described.auth, { name: 'Waxed blazer', category: 'outerwear', kind: 'blazer', waterproof: true, formality: 'smart', warmth: 0.5 });
    expect(given.json()).toMatchObject({ category: 'outerwear', waterproof: true, formality: 'smart', warmth: 0.5 });
    // A patch moving a blazer to outerwear is as plausible as a create.
    const blazer = (await post(described.auth, { name: 'Blazer', kind: 'blazer' })).json();
    expect(blazer.category).toBe('top');
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${blazer.id}`, headers: described.auth, payload: { category: 'outerwear' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ category: 'outerwear', kind: 'blazer' });
    // What no one wears that way stays a contradiction, and changes nothing.
    const jeansShoes = await post(described.auth, { name: 'Jeans', category: 'footwear', kind: 'jeans' });
    expect(jeansShoes.statusCode).toBe(400);
    expect(jeansShoes.json().error.code).toBe('CATEGORY_MISMATCH');
  });

  it.each([
    ['Tank top', 'tank_top', 'top', 'tank'],
    ['Derbies', 'dress-shoes', 'footwear', 'shoes'],
    ['Pegasus', 'Running Shoes', 'footwear', 'runningshoes'],
    ['Polo', 'T-Shirts', 'top', 'tshirt'],
    ['Manteau gris', 'manteau', 'outerwear', 'coat'],
    ['Manteaux', 'Manteaux', 'outerwear', 'coat'],
    ['Pull marin', 'pull', 'top', 'sweater'],
    ['Baskets blanches', 'baskets', 'footwear', 'sneakers'],
    ['Chemise blanche', 'Chemise', 'top', 'shirt'],
    ['Jupe plissée', 'jupe', 'bottom', 'skirt'],
    ['Écharpe en laine', 'écharpe', 'accessory', 'scarf'],
    ['Bottes de pluie', 'bottes de pluie', 'footwear', 'rainboots'],
    ['Bottes', 'bottes', 'footwear', 'boots'],
    ["Robe d'été", "robe d'été", 'onepiece', 'sundress'],
  ])('knows kinds as people write them: %s (%s)', async (name, kindName, category, stored) => {
    const res = await post(described.auth, { name, kind: kindName });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name, category, kind: stored });
    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items?kind=${encodeURIComponent(kindName)}`, headers: described.auth });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((g: { id: string }) => g.id)).toContain(res.json().id);
  });

  it('gives a kind nobody knows its category defaults, written as the person wrote it', async () => {
    const res = await post(described.auth, { name: 'Sarouel', kind: 'Harem Pants', category: 'bottom' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ category: 'bottom', kind: 'harempants', warmth: 0.2, formality: 'casual', waterproof: false });
  });

  it('rejects invalid bodies without storing anything', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/items', headers: home.auth })).json().items.length;
    for (const payload of [{ name: 'X', kind: 'tshirt', colour: 'red' }, { name: '', kind: 'tshirt' }, { name: 'X', kind: 'tshirt', warmth: '0.2' }, { name: 'X', kind: 'tshirt', formality: 'black-tie' }]) {
      const res = await post(home.auth, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/items', headers: home.auth })).json().items.length;
    expect(after).toBe(before);
  });

  it('lists with filters: category, availability, and a profile with the shared pieces', async () => {
    const profile = await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: home.auth, payload: { name: 'Julien' } });
    const julien = profile.json().id as string;
    await post(home.auth, { name: 'Pull de Julien', kind: 'sweater', profileId: julien });
    await post(home.auth, { name: 'Pull sale', kind: 'sweater', profileId: home.profileId, available: false });
    const tops = (await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/items?category=top', headers: home.auth })).json().items;
    expect(tops.map((g: { name: string }) => g.name).sort()).toEqual(['Pull de Julien', 'Pull sale']);
    const clean = (await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/items?category=top&available=true', headers: home.auth })).json().items;
    expect(clean.map((g: { name: string }) => g.name)).toEqual(['Pull de Julien']);
    const his = (await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items?profile=${julien}`, headers: home.auth })).json().items;
    expect(his.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['Pull de Julien', 'Trench beige']));
    expect(his.map((g: { name: string }) => g.name)).not.toContain('Pull sale');
    const foreign = await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items?profile=${other.profileId}`, headers: home.auth });
    expect(foreign.statusCode).toBe(404);
  });

  it('patches the laundry state and the kind (warmth follows the new kind unless given)', async () => {
    const created = (await post(home.auth, { name: 'Pull', kind: 'sweater' })).json();
    const washed = await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${created.id}`, headers: home.auth, payload: { available: false } });
    expect(washed.json()).toMatchObject({ available: false, warmth: 0.36 });
    const cardigan = await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${created.id}`, headers: home.auth, payload: { kind: 'cardigan' } });
    expect(cardigan.json()).toMatchObject({ kind: 'cardigan', warmth: 0.25, available: false });
    const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${created.id}`, headers: home.auth, payload: { available: 'yes' } });
    expect(bad.statusCode).toBe(400);
    const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${created.id}`, headers: home.auth, payload: {} });
    expect(empty.statusCode).toBe(400);
    const shared = await t.app.inject({ method: 'PATCH', url: `/api/v1/wardrobe/items/${created.id}`, headers: home.auth, payload: { profileId: other.profileId } });
    expect(shared.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${created.id}`, headers: home.auth })).json()).toMatchObject({ kind: 'cardigan', profileId: null });
  });

  it("answers 404 for another household's garment on every route", async () => {
    const mine = (await post(home.auth, { name: 'Mine', kind: 'jeans' })).json();
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `/api/v1/wardrobe/items/${mine.id}`, headers: other.auth, payload: method === 'PATCH' ? { available: false } : undefined });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${mine.id}`, headers: home.auth })).json().available).toBe(true);
    const worn = await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/worn', headers: other.auth, payload: { garmentIds: [mine.id] } });
    expect(worn.statusCode).toBe(404);
  });

  it('deletes a garment', async () => {
    const g = (await post(home.auth, { name: 'Old', kind: 'shorts' })).json();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/wardrobe/items/${g.id}`, headers: home.auth });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${g.id}`, headers: home.auth })).statusCode).toBe(404);
  });

  it('keeps a wear log, once per garment and day, and refuses unknown garments atomically', async () => {
    const shirt = (await post(home.auth, { name: 'Chemise', kind: 'shirt' })).json();
    const jeans = (await post(home.auth, { name: 'Jean', kind: 'jeans' })).json();
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/worn', headers: home.auth, payload: { garmentIds: [shirt.id, jeans.id], date: '2026-11-28' } });
    expect(first.statusCode).toBe(201);
    expect(first.json().worn).toHaveLength(2);
    await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/worn', headers: home.auth, payload: { garmentIds: [shirt.id], date: '2026-11-28' } });
    const today = await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/worn', headers: home.auth, payload: { garmentIds: [shirt.id] } });
    // 07:00 UTC on 30 November is the same day in Paris.
    expect(today.json().worn[0]).toMatchObject({ garmentId: shirt.id, profileId: home.profileId, date: '2026-11-30' });
    const mixed = await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/worn', headers: home.auth, payload: { garmentIds: [jeans.id, 'nope'], date: '2026-11-29' } });
    expect(mixed.statusCode).toBe(404);
    const log = await t.app.inject({ method: 'GET', url: '/api/v1/wardrobe/worn?from=2026-11-01&to=2026-11-30', headers: home.auth });
    expect(log.json().worn).toEqual([
      { garmentId: [shirt.id, jeans.id].sort()[0], profileId: home.profileId, date: '2026-11-28' },
      { garmentId: [shirt.id, jeans.id].sort()[1], profileId: home.profileId, date: '2026-11-28' },
      { garmentId: shirt.id, profileId: home.profileId, date: '2026-11-30' },
    ]);
  });
});
