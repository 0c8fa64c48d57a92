import { FEED_MODES, type FeedMode } from '@souk/contracts';
import { useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { EyeOffIcon, InfoIcon } from '../../ui/icons.js';
import { ListRow } from '../../ui/ListRow.js';
import { Spinner } from '../../ui/Spinner.js';
import { useFeedSettings } from './use-feed-settings.js';

/** Settings › Your feed: For You (profiled), Latest or Popular (not profiled, EU DSA article 38). */
export function FeedSettingsScreen() {
  const t = useT();
  const toast = useToast();
  const settings = useFeedSettings();
  const [saveError, setSaveError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const choose = async (mode: FeedMode) => {
    if (mode === settings.mode || saving) return;
    setSaving(true);
    setSaveError(undefined);
    try {
      await settings.change(mode);
      toast(t('feedSettings.saved', { mode: t(`feedMode.${mode}`) }));
    } catch (caught) {
      setSaveError(errorMessage(caught, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Screen title={t('feedSettings.title')} back="/me" testId="feed-settings-screen">
      <section className="card">
        <h2 className="card__title">{t('feedSettings.mode')}</h2>
        {settings.error !== undefined ? (
          <ErrorState message={errorMessage(settings.error, t)} retryLabel={t('common.retry')} onRetry={settings.reload} />
        ) : !settings.mode ? (
          <div className="centered centered--small">
            <Spinner label={t('app.loading')} />
          </div>
        ) : (
          <div className="mode-options" role="radiogroup" aria-label={t('feedSettings.mode')} aria-busy={saving || undefined}>
            {FEED_MODES.map((mode) => (
              <label key={mode} className={mode === settings.mode ? 'mode-option mode-option--active' : 'mode-option'}>
                <input
                  type="radio"
                  name="feed-mode"
                  value={mode}
                  checked={mode === settings.mode}
                  disabled={saving}
                  onChange={() => void choose(mode)}
                  data-testid={`feed-mode-${mode}`}
                />
                <span className="mode-option__text">
                  <span className="mode-option__name">{t(`feedMode.${mode}`)}</span>
                  <span className="mode-option__hint">{t(`feedMode.${mode}Hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        )}
        {saveError && <Alert tone="error">{saveError}</Alert>}
        <p className="card__note">{t('feedSettings.notProfiled')}</p>
      </section>
      <section className="card card--list">
        <ListRow icon={<InfoIcon />} label={t('how.title')} href="/feed/how" testId="how-link" />
        <ListRow icon={<EyeOffIcon />} label={t('how.notInterestedTitle')} href="/feed/how#not-interested" testId="not-interested-link" />
      </section>
    </Screen>
  );
}
