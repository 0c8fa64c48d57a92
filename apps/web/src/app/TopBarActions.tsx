import { BellLink } from '../features/notifications/BellLink.js';
import { useT } from '../i18n/I18nProvider.js';
import { useSession } from './SessionProvider.js';

/** The right side of a tab's top bar: the bell when signed in, a log-in link otherwise. */
export function TopBarActions() {
  const t = useT();
  const { status } = useSession();
  if (status === 'authenticated') return <BellLink />;
  if (status === 'loading') return null; // avoids flashing "Log in" at signed-in users
  return (
    <a className="button button--primary button--sm" href="/login" data-testid="top-login">
      <span>{t('nav.logIn')}</span>
    </a>
  );
}
