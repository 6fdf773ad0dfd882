import { useSession } from '@app/core/session';
import { DemoBanner } from '@app/screens/setup/demo-banner';
import { UNDER_MORE } from '@app/shell/routes';
import { ScreenTitle } from '@app/widgets/screen-title';

/** The screens a household opens now and then, one link each with what it is for. */
export function MoreScreen() {
  const { i18n } = useSession();
  return (
    <>
      <ScreenTitle>{i18n.t('app.nav.more')}</ScreenTitle>
      <DemoBanner />
      <ul class="more-list">
        {UNDER_MORE.map((name) => (
          <li key={name}>
            <a href={`#/${name}`} class="more-link">
              <strong>{i18n.t(`app.nav.${name}`)}</strong>
              <span class="muted">{i18n.t(`app.more.${name}`)}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
