import { useEffect, useState } from 'preact/hooks';
import { LANGUAGES, type Language } from '@app/core/i18n';
import { useSession } from '@app/core/session';
import { CalendarsScreen } from '@app/screens/calendars/calendars-screen';
import { MoreScreen } from '@app/screens/more/more-screen';
import { OrdersScreen } from '@app/screens/orders/orders-screen';
import { PeopleScreen } from '@app/screens/people/people-screen';
import { PhonesScreen } from '@app/screens/phones/phones-screen';
import { SettingsScreen } from '@app/screens/settings/settings-screen';
import { SetupScreen } from '@app/screens/setup/setup-screen';
import { PrivacyScreen } from '@app/screens/privacy/privacy-screen';
import { SuppliesScreen } from '@app/screens/supplies/supplies-screen';
import { TodayScreen } from '@app/screens/today/today-screen';
import { VoiceScreen } from '@app/screens/voice/voice-screen';
import { WardrobeScreen } from '@app/screens/wardrobe/wardrobe-screen';
import { NavIcon } from './icons';
import { NAV, navOf, screenFromHash, type ScreenName } from './routes';

function useScreen(): ScreenName {
  const [screen, setScreen] = useState(() => screenFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    // The hash may have changed between the first render and this effect.
    onHash();
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return screen;
}

function Screen({ name }: { name: ScreenName }) {
  switch (name) {
    case 'today':
      return <TodayScreen />;
    case 'wardrobe':
      return <WardrobeScreen />;
    case 'supplies':
      return <SuppliesScreen />;
    case 'orders':
      return <OrdersScreen />;
    case 'privacy':
      return <PrivacyScreen />;
    case 'more':
      return <MoreScreen />;
    case 'calendars':
      return <CalendarsScreen />;
    case 'people':
      return <PeopleScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'phones':
      return <PhonesScreen />;
    case 'voice':
      return <VoiceScreen />;
    case 'setup':
      return <SetupScreen />;
  }
}

function useReachable(): boolean {
  const { api } = useSession();
  const [reachable, setReachable] = useState(true);
  useEffect(() => api.onReachability(setReachable), [api]);
  return reachable;
}

/**
 * The frame of every screen: a header (household, language switch), the screen, and the bottom
 * navigation a thumb reaches on a phone (a side rail on a desktop, from the same markup).
 */
export function AppShell() {
  const { i18n, household, setLanguage } = useSession();
  const screen = useScreen();
  const reachable = useReachable();
  useEffect(() => {
    document.title = `${i18n.t(`app.nav.${screen}`)} · ${household.name}`;
    // Focus the new screen's heading so a screen reader announces where the person is.
    document.getElementById('screen-title')?.focus({ preventScroll: true });
  }, [screen, i18n, household.name]);
  return (
    <div class="shell">
      <a class="skip-link" href="#screen">
        {i18n.t('app.shell.skip')}
      </a>
      <header class="topbar">
        <span class="brand">{household.name}</span>
        <label class="language">
          <span class="visually-hidden">{i18n.t('app.shell.language')}</span>
          <select value={i18n.language} onChange={(e) => setLanguage(e.currentTarget.value as Language)} aria-label={i18n.t('app.shell.language')}>
            {LANGUAGES.map((lng) => (
              <option key={lng} value={lng} lang={lng}>
                {i18n.t(`app.languages.${lng}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      {reachable ? null : (
        <p class="offline" role="status">
          {i18n.t('app.shell.offline')}
        </p>
      )}
      <main id="screen" class="screen" data-screen={screen}>
        <Screen name={screen} />
      </main>
      <nav class="bottom-nav" aria-label={i18n.t('app.shell.navigation')}>
        <ul>
          {NAV.map((name) => (
            <li key={name}>
              <a href={`#/${name}`} aria-current={name === navOf(screen) ? 'page' : undefined}>
                <NavIcon name={name} />
                <span>{i18n.t(`app.nav.${name}`)}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
