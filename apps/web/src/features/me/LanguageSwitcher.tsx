import type { Locale } from '@souk/contracts';
import { useState } from 'react';
import { useSession } from '../../app/SessionProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { LOCALE_NAMES, LOCALES } from '../../i18n/locales.js';
import { Alert } from '../../ui/Alert.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { updateMe } from './me.api.js';

const OPTIONS = LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }));

/** Switches at once; a signed-in user's choice is also saved to the profile, so it follows them to other devices. */
export function LanguageSwitcher() {
  const { t, locale, setLocale } = useI18n();
  const { me, setMe } = useSession();
  const [error, setError] = useState<string>();

  const change = async (next: Locale) => {
    const previous = locale;
    setLocale(next);
    setError(undefined);
    if (!me) return;
    try {
      setMe(await updateMe({ locale: next }));
    } catch (caught) {
      setLocale(previous);
      setError(errorMessage(caught, t));
    }
  };

  return (
    <div className="language-switcher">
      <SegmentedControl label={t('me.language')} options={OPTIONS} value={locale} onChange={change} testIdPrefix="language" />
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
