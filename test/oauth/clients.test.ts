import { ConfigError, loadConfig } from '@server/plugins/config';
import { clientsFromConfig, OAuthClients } from '@server/oauth/clients';
import { ALEXA, GOOGLE, OAUTH_ENV } from './helpers/platform';

describe('OAuth clients from the environment', () => {
  it('needs each platform’s three variables together, and names what is missing', () => {
    expect(() => loadConfig({ ALEXA_OAUTH_CLIENT_ID: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ GOOGLE_OAUTH_CLIENT_ID: 'x', GOOGLE_OAUTH_CLIENT_SECRET: 'y'.repeat(16) })).toThrow(/GOOGLE_PROJECT_ID/);
    expect(() => loadConfig({ ...OAUTH_ENV, ALEXA_OAUTH_CLIENT_SECRET: 'short' })).toThrow(/ALEXA_OAUTH_CLIENT_SECRET/);
    expect(clientsFromConfig(loadConfig({}))).toEqual([]);
  });

  it('allows exactly the platforms’ redirect URIs and authenticates the secret only', () => {
    const clients = new OAuthClients(clientsFromConfig(loadConfig(OAUTH_ENV)));
    const alexa = clients.find(ALEXA.clientId)!;
    expect(alexa.redirectUris).toEqual([
      `https://pitangui.amazon.com/api/skill/link/${ALEXA.vendorId}`,
      `https://layla.amazon.com/api/skill/link/${ALEXA.vendorId}`,
      `https://alexa.amazon.co.jp/api/skill/link/${ALEXA.vendorId}`,
    ]);
    expect(clients.find(GOOGLE.clientId)!.redirectUris).toEqual([`https://oauth-redirect.googleusercontent.com/r/${GOOGLE.projectId}`, `https://oauth-redirect-sandbox.googleusercontent.com/r/${GOOGLE.projectId}`]);
    expect(clients.redirectAllowed(alexa, `https://PITANGUI.amazon.com/api/skill/link/${ALEXA.vendorId}`)).toBe(false);
    expect(clients.authenticate(ALEXA.clientId, ALEXA.secret)?.platform).toBe('alexa');
    expect(clients.authenticate(ALEXA.clientId, GOOGLE.secret)).toBeNull();
    expect(clients.authenticate(GOOGLE.clientId, ALEXA.secret)).toBeNull();
    expect(clients.authenticate('nobody', ALEXA.secret)).toBeNull();
  });
});
