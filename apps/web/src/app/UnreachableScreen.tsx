import { useT } from '../i18n/I18nProvider.js';
import { Button } from '../ui/Button.js';
import { GlobeIcon } from '../ui/icons.js';
import { EmptyState } from '../ui/EmptyState.js';
import { useSession } from './SessionProvider.js';
import { Screen } from './Screen.js';

/** Shown instead of a members-only screen when the server could not be reached to check the session. */
export function UnreachableScreen() {
  const t = useT();
  const { retry } = useSession();
  return (
    <Screen>
      <EmptyState icon={<GlobeIcon size={40} />} title={t('app.offline')} body={t('error.NETWORK_ERROR')}>
        <Button onClick={retry}>{t('common.retry')}</Button>
      </EmptyState>
    </Screen>
  );
}
