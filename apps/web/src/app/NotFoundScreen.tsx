import { useT } from '../i18n/I18nProvider.js';
import { CompassIcon } from '../ui/icons.js';
import { EmptyState } from '../ui/EmptyState.js';
import { Screen } from './Screen.js';

export function NotFoundScreen() {
  const t = useT();
  return (
    <Screen back="/">
      <EmptyState icon={<CompassIcon size={40} />} title={t('notFound.title')} body={t('notFound.body')}>
        <a className="button button--primary button--md" href="/">
          <span>{t('notFound.home')}</span>
        </a>
      </EmptyState>
    </Screen>
  );
}
