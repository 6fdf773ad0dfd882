import { useResource, useSession } from '@app/core/session';
import { demoToken } from '@app/core/token';

/**
 * On the demo household: says so, and offers first run while it is open (the demo is this
 * Miroir's only household). On the family's household, right after first run: the demo still
 * to erase.
 */
export function DemoBanner() {
  const { i18n, household } = useSession();
  const status = useResource((api) => (household.demo ? api.get<{ available: boolean }>('/api/v1/setup') : Promise.resolve({ available: false })), [household.id, household.demo]);
  if (!household.demo) {
    if (!demoToken(window.localStorage)) return null;
    return (
      <section class="banner" aria-labelledby="demo-banner-title">
        <h2 id="demo-banner-title">{i18n.t('app.setup.demoLeftTitle')}</h2>
        <a class="button button-secondary" href="#/setup">
          {i18n.t('app.setup.eraseDemo')}
        </a>
      </section>
    );
  }
  return (
    <section class="banner" aria-labelledby="demo-banner-title">
      <h2 id="demo-banner-title">{i18n.t('app.setup.demoTitle')}</h2>
      <p>{i18n.t('app.setup.demoText')}</p>
      {status.data?.available ? (
        <a class="button" href="#/setup">
          {i18n.t('app.setup.start')}
        </a>
      ) : null}
    </section>
  );
}
