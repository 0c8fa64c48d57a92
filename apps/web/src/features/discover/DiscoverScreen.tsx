import { Screen } from '../../app/Screen.js';
import { TopBarActions } from '../../app/TopBarActions.js';
import { useT } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { SparkleIcon } from '../../ui/icons.js';
import { NoteSkeletons } from './NoteSkeletons.js';

export function DiscoverScreen() {
  const t = useT();
  return (
    <Screen title={<span className="wordmark">Souk</span>} actions={<TopBarActions />} testId="discover-screen">
      <EmptyState
        icon={<SparkleIcon size={40} />}
        tag={t('common.comingSoon')}
        title={t('discover.emptyTitle')}
        body={t('discover.emptyBody')}
        testId="discover-empty"
      />
      <NoteSkeletons />
    </Screen>
  );
}
