import { useSession } from '@app/core/session';
import { ScreenTitle } from '@app/widgets/screen-title';

export function SuppliesScreen() {
  const { i18n } = useSession();
  return <ScreenTitle>{i18n.t('app.supplies.title')}</ScreenTitle>;
}
