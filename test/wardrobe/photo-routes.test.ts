import fs from 'node:fs';
import path from 'node:path';
import { buildTestApp, type TestApp } from '@test/helpers/build-app';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-rest-of-a-tiny-png')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg-body')]);

function multipart(file: Buffer, filename: string, contentType: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----miroirtest';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('wardrobe photos', () => {
  let t: TestApp;
  let home: Awaited<ReturnType<TestApp['household']>>;
  let other: Awaited<ReturnType<TestApp['household']>>;
  let garmentId: string;
  beforeAll(async () => {
    t = await buildTestApp();
    home = await t.household('Home');
    other = await t.household('Other');
    garmentId = (await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/items', headers: home.auth, payload: { name: 'Coat', kind: 'coat' } })).json().id;
  });
  afterAll(async () => t.close());

  const upload = (auth: { authorization: string }, id: string, file: Buffer, filename = 'photo.png', type = 'image/png') => {
    const body = multipart(file, filename, type);
    return t.app.inject({ method: 'PUT', url: `/api/v1/wardrobe/items/${id}/photo`, headers: { ...auth, ...body.headers }, payload: body.payload });
  };

  it('stores a PNG under the data dir and serves it back with its real type, also with a short-lived URL token', async () => {
    const res = await upload(home.auth, garmentId, PNG);
    expect(res.statusCode).toBe(200);
    expect(res.json().photoUrl).toBe(`/api/v1/wardrobe/items/${garmentId}/photo`);
    expect(fs.existsSync(path.join(t.dataDir, 'photos', home.id, `${garmentId}.png`))).toBe(true);
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${garmentId}/photo`, headers: home.auth });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    // In a URL only a short-lived photo token is taken, and its response is never cached.
    const bearerInUrl = await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${garmentId}/photo?access_token=${home.token}` });
    expect(bearerInUrl.statusCode).toBe(401);
    const urlToken = (await t.app.inject({ method: 'POST', url: '/api/v1/url-tokens', headers: home.auth, payload: { purpose: 'photo' } })).json<{ token: string }>().token;
    const viaQuery = await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${garmentId}/photo?access_token=${urlToken}` });
    expect(viaQuery.statusCode).toBe(200);
    expect(viaQuery.headers['cache-control']).toBe('no-store');
    expect(got.headers['cache-control']).toBe('private, max-age=300');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${garmentId}/photo` })).statusCode).toBe(401);
  });

  it('replaces the photo and removes the old file when the type changes', async () => {
    const res = await upload(home.auth, garmentId, JPEG, 'photo.jpg', 'image/jpeg');
    expect(res.statusCode).toBe(200);
    expect(fs.existsSync(path.join(t.dataDir, 'photos', home.id, `${garmentId}.png`))).toBe(false);
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${garmentId}/photo`, headers: home.auth });
    expect(got.headers['content-type']).toBe('image/jpeg');
  });

  it('judges the type by its bytes, not by its name or declared type', async () => {
    const res = await upload(home.auth, garmentId, Buffer.from('<svg onload="alert(1)"></svg>'), 'evil.png', 'image/png');
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('PHOTO_TYPE');
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${garmentId}/photo`, headers: home.auth });
    expect(got.headers['content-type']).toBe('image/jpeg');
  });

  it('refuses a photo over 5 MB', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const res = await upload(home.auth, garmentId, big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PHOTO_TOO_LARGE');
  });

  it("keeps another household away from the garment's photo", async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/wardrobe/items/${garmentId}/photo`, headers: other.auth })).statusCode).toBe(404);
    expect((await upload(other.auth, garmentId, PNG)).statusCode).toBe(404);
  });

  it('accepts photos only as multipart on this route, and JSON stays JSON elsewhere', async () => {
    const json = await t.app.inject({ method: 'PUT', url: `/api/v1/wardrobe/items/${garmentId}/photo`, headers: home.auth, payload: { photo: 'x' } });
    expect(json.statusCode).toBe(415);
    const body = multipart(PNG, 'p.png', 'image/png');
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/wardrobe/items', headers: { ...home.auth, ...body.headers }, payload: body.payload });
    expect(elsewhere.statusCode).toBe(415);
  });

  it('deletes the file with the photo and with the garment', async () => {
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/wardrobe/items/${garmentId}/photo`, headers: home.auth });
    expect(del.statusCode).toBe(204);
    expect(fs.readdirSync(path.join(t.dataDir, 'photos', home.id))).toEqual([]);
    await upload(home.auth, garmentId, PNG);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/wardrobe/items/${garmentId}`, headers: home.auth });
    expect(fs.readdirSync(path.join(t.dataDir, 'photos', home.id))).toEqual([]);
    t.app.wardrobePhotos.removeHousehold(home.id);
    expect(fs.existsSync(path.join(t.dataDir, 'photos', home.id))).toBe(false);
  });
});
