import { useSession } from '@app/core/session';
import { ScreenTitle } from '@app/widgets/screen-title';

export function TodayScreen() {
  const { i18n } = useSession();
  return <ScreenTitle>{i18n.t('app.today.title')}</ScreenTitle>;
}
