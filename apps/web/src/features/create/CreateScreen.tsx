import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { CameraIcon } from '../../ui/icons.js';

export function CreateScreen() {
  const t = useT();
  return (
    <Screen title={t('create.title')} testId="create-screen">
      <EmptyState icon={<CameraIcon size={40} />} tag={t('common.comingSoon')} title={t('create.emptyTitle')} body={t('create.emptyBody')} />
    </Screen>
  );
}
