import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../bin/cli';
import { buildApp } from '@server/app';
import { loadConfig } from '@server/plugins/config';
import { seedWardrobeDemo } from '@server/wardrobe/demo';
import type { StubProvider } from '@test/weather/stub-server';
import { startWeatherStub } from './helpers/demo-home';
import { plain } from './helpers/skill-app';

/** `miroir say`: the interaction model without a device, on a real data dir. */
describe('miroir say', () => {
  let dataDir: string;
  let stub: StubProvider;
  let env: NodeJS.ProcessEnv;
  let householdId: string;

  beforeAll(async () => {
    stub = await startWeatherStub();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-say-'));
    env = { MIROIR_DATA_DIR: dataDir, LOG_LEVEL: 'silent', MIROIR_FAKE_NOW: '2026-11-30T07:00:00Z', OPEN_METEO_URL: `${stub.url}/v1`, MIROIR_BACKGROUND_JOBS: 'false' };
    const app = await buildApp({ config: loadConfig(env), logger: false });
    await app.ready();
    const created = await app.households.create({ name: 'Maison', locale: 'fr-FR', timezone: 'Europe/Paris', latitude: 48.85, longitude: 2.35, profiles: [{ name: 'Camille' }] });
    householdId = created.household.id;
    await seedWardrobeDemo(app, created);
    await app.supplies.create(householdId, { name: 'Lait', unit: 'L', capacity: 6, level: 5, reorderPoint: 2, sku: 'milk-1l', policy: { mode: 'ask' } });
    await app.close();
  });
  afterAll(async () => {
    await stub.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function say(...args: string[]): Promise<{ code: number; out: { heard: { intent: string; slots: Record<string, { raw: string; id: string | null }> }; speech: string; awaiting: string | null }; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['say', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env });
    return { code, out: stdout ? JSON.parse(plain(stdout)) : null, stderr };
  }

  it('routes an utterance through the interaction model and prints the reply', async () => {
    const { code, out } = await say('Que dois-je porter demain ?', '--locale', 'fr-FR');
    expect(code).toBe(0);
    expect(out.heard).toMatchObject({ intent: 'SuggestOutfit', slots: { day: { raw: 'demain', id: 'tomorrow' } } });
    expect(out.speech).toMatch(/^Ma proposition pour demain : /);
    const en = await say('do I need an umbrella', '--locale', 'en-GB', '--household', householdId);
    expect(en.out.speech).toMatch(/^Yes, take an umbrella today: rain is likely from 17:00/);
  });

  it('remembers a question, so "oui" confirms the quoted order', async () => {
    const ask = await say('commande 2 lait', '--locale', 'fr-FR');
    expect(ask.out.speech).toBe('2 × Lait demi-écrémé 1 L pour 2,30 €. Je commande ?');
    expect(ask.out.awaiting).toBe('confirmation');
    const yes = await say('oui', '--locale', 'fr-FR');
    expect(yes.out.heard.intent).toBe('ReorderSupply');
    expect(yes.out.speech).toContain('est commandé');
    const status = await say('où en est ma commande', '--locale', 'fr-FR');
    expect(status.out.speech).toBe('Ta dernière commande, 2 × Lait, est programmée.');
  });

  it('hears the household\'s language when no --locale is given', async () => {
    const { code, out } = await say('qu\'est-ce que je mets demain');
    expect(code).toBe(0);
    expect(out.heard.intent).toBe('SuggestOutfit');
    expect(out.speech).toMatch(/^Ma proposition pour demain : /);
  });

  it('falls back on what the model does not know, and refuses a bad locale', async () => {
    const { out } = await say('sing me a song', '--locale', 'en-US');
    expect(out.heard.intent).toBe('Fallback');
    const bad = await say('hello', '--locale', 'de-DE');
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--locale');
  });
});
