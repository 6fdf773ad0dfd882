import {
  decideWindowOpen,
  DEFAULT_MIROIR_URL,
  isAllowedNavigation,
  kioskUrl,
  kioskWindowOptions,
  originOf,
  permissionCheckHandler,
  permissionRequestHandler,
  webPreferences,
} from '@mirror/electron/security';

const ORIGIN = 'http://192.168.1.20:3000';
const RETRY = 'file:///opt/miroir/mirror/electron/retry.html';

describe('kiosk web preferences', () => {
  it('isolate the page from Node and from the preload', () => {
    const prefs = webPreferences('/opt/miroir/dist/electron/preload.js');
    expect(prefs).toMatchObject({
      preload: '/opt/miroir/dist/electron/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it('open one fullscreen kiosk window, black until the page is ready', () => {
    const options = kioskWindowOptions('/p.js');
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, show: false, backgroundColor: '#000000' });
    expect(options.webPreferences).toEqual(webPreferences('/p.js'));
  });
});

describe('navigation guard', () => {
  it.each([
    [`${ORIGIN}/mirror`, true],
    [`${ORIGIN}/mirror#token=abc`, true],
    [`${ORIGIN}/api/v1/weather?x=1`, true],
    [RETRY, true],
    [`${RETRY}#again`, true],
    ['https://192.168.1.20:3000/mirror', false],
    ['http://192.168.1.20:3001/mirror', false],
    ['http://192.168.1.20.evil.example:3000/mirror', false],
    ['http://evil.example/?http://192.168.1.20:3000', false],
    ['http://user@evil.example:3000/', false],
    ['file:///etc/passwd', false],
    ['file:///opt/miroir/mirror/electron/other.html', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<h1>hi</h1>', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url, ORIGIN, RETRY)).toBe(allowed);
  });

  it('allows no file at all when there is no retry page', () => {
    expect(isAllowedNavigation(RETRY, ORIGIN)).toBe(false);
  });

  it('derives origins for http(s) only', () => {
    expect(originOf('http://127.0.0.1:3000/mirror')).toBe('http://127.0.0.1:3000');
    expect(originOf('HTTPS://Mirror.Home:443/x')).toBe('https://mirror.home');
    expect(originOf('file:///x')).toBeNull();
    expect(originOf('%%%')).toBeNull();
  });
});

describe('new windows', () => {
  it('are always denied; a same-origin link opens in the kiosk window instead', () => {
    expect(decideWindowOpen({ url: `${ORIGIN}/mirror` }, ORIGIN)).toEqual({ action: 'deny', navigateMainTo: `${ORIGIN}/mirror` });
    expect(decideWindowOpen({ url: 'https://example.com/' }, ORIGIN)).toEqual({ action: 'deny', navigateMainTo: null });
    expect(decideWindowOpen({ url: RETRY }, ORIGIN)).toEqual({ action: 'deny', navigateMainTo: null });
  });
});

describe('permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal'])('denies %s', (permission) => {
    const answers: boolean[] = [];
    permissionRequestHandler(null, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect(permissionCheckHandler()).toBe(false);
  });
});

describe('MIROIR_URL', () => {
  it('defaults to the local server and accepts http(s) only', () => {
    expect(kioskUrl({})).toBe(DEFAULT_MIROIR_URL);
    expect(kioskUrl({ MIROIR_URL: ' http://10.0.0.2:3000/mirror ' })).toBe('http://10.0.0.2:3000/mirror');
    expect(() => kioskUrl({ MIROIR_URL: 'file:///etc/passwd' })).toThrow(/MIROIR_URL/);
    expect(() => kioskUrl({ MIROIR_URL: 'javascript:alert(1)' })).toThrow(/MIROIR_URL/);
  });
});
