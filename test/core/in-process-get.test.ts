import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { inProcessGet } from '@server/core/in-process-get';

describe('inProcessGet: a GET through the app’s own request listener, inside the process', () => {
  let app: FastifyInstance;
  const seen: { ip: string; host: string | undefined; language: string | undefined }[] = [];
  const finished: string[] = [];
  const closed: string[] = [];

  beforeAll(async () => {
    app = Fastify({ logger: false });
    app.addHook('onRequest', async (request, reply) => {
      reply.raw.on('close', () => closed.push(request.url));
      seen.push({ ip: request.ip, host: request.headers.host, language: request.headers['accept-language'] });
    });
    app.addHook('onResponse', async (request, reply) => {
      finished.push(`${request.url} ${reply.statusCode}`);
    });
    app.get('/json', async () => ({ ok: true, text: 'déjà vu' }));
    app.get('/stream', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(Readable.from(['one ', 'two ', Buffer.from('three')])));
    app.get('/empty', async (_request, reply) => reply.status(204).send());
    app.get('/fails', async () => {
      throw Object.assign(new Error('no such thing'), { statusCode: 409 });
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => inProcessGet(app.routing, { url, headers, remoteAddress: '192.0.2.7' });

  it('answers with the status, content type and body the route sent, as inject does', async () => {
    const answer = await get('/json?x=1', { host: 'mirror.local:8080', 'accept-language': 'fr-FR' });
    const injected = await app.inject({ method: 'GET', url: '/json?x=1' });
    expect(answer).toEqual({ statusCode: 200, contentType: injected.headers['content-type'], payload: injected.payload });
    expect(JSON.parse(answer.payload)).toEqual({ ok: true, text: 'déjà vu' });
    expect(seen.at(-2)).toEqual({ ip: '192.0.2.7', host: 'mirror.local:8080', language: 'fr-FR' });
  });

  it('keeps a streamed body whole, an empty one empty, and an error as the route’s error body', async () => {
    expect(await get('/stream')).toEqual({ statusCode: 200, contentType: 'text/plain; charset=utf-8', payload: 'one two three' });
    expect(await get('/empty')).toMatchObject({ statusCode: 204, payload: '' });
    const failed = await get('/fails');
    expect(failed.statusCode).toBe(409);
    expect(JSON.parse(failed.payload)).toMatchObject({ message: 'no such thing' });
    expect((await get('/nowhere')).statusCode).toBe(404);
  });

  it('ends the exchange as a server does: the response hooks run and the response closes', async () => {
    await get('/json?closing=1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toContain('/json?closing=1 200');
    expect(closed).toContain('/json?closing=1');
  });
});
