import { useT } from '../i18n/I18nProvider.js';
import { Spinner } from '../ui/Spinner.js';

export function Splash() {
  const t = useT();
  return (
    <div className="splash">
      <Spinner size={28} label={t('app.loading')} />
    </div>
  );
}
