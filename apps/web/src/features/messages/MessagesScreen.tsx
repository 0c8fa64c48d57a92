import { Screen } from '../../app/Screen.js';
import { TopBarActions } from '../../app/TopBarActions.js';
import { useT } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ChatIcon } from '../../ui/icons.js';

export function MessagesScreen() {
  const t = useT();
  return (
    <Screen title={t('messages.title')} actions={<TopBarActions />} testId="messages-screen">
      <EmptyState icon={<ChatIcon size={40} />} tag={t('common.comingSoon')} title={t('messages.emptyTitle')} body={t('messages.emptyBody')} />
    </Screen>
  );
}
