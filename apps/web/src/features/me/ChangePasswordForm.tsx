import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { hasErrors, validateNewPassword, validateRequired } from '../../lib/validation.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { PasswordField } from '../../ui/PasswordField.js';
import { changePassword } from './me.api.js';

export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [result, setResult] = useState<{ tone: 'error' | 'success'; text: string }>();
  const [busy, setBusy] = useState(false);

  const fieldErrors = { current: validateRequired(currentPassword, t), next: validateNewPassword(newPassword, t) };
  const shown = (message: string | undefined) => (showErrors ? message : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (hasErrors(fieldErrors)) return;
    setBusy(true);
    setResult(undefined);
    try {
      await changePassword({ currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setShowErrors(false);
      setResult({ tone: 'success', text: t('security.passwordChanged') });
      onChanged();
    } catch (caught) {
      setResult({ tone: 'error', text: errorMessage(caught, t) });
    } finally {
      setBusy(false);
    }
  };

  const passwordLabels = { showLabel: t('auth.showPassword'), hideLabel: t('auth.hidePassword') };
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <h2 className="card__title">{t('security.changePassword')}</h2>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
      <PasswordField
        {...passwordLabels}
        label={t('security.currentPassword')}
        error={shown(fieldErrors.current)}
        value={currentPassword}
        onChange={(e) => setCurrentPassword(e.target.value)}
        autoComplete="current-password"
      />
      <PasswordField
        {...passwordLabels}
        label={t('security.newPassword')}
        hint={t('auth.passwordHint')}
        error={shown(fieldErrors.next)}
        value={newPassword}
        onChange={(e) => setNewPassword(e.target.value)}
        autoComplete="new-password"
      />
      <Button type="submit" block busy={busy}>
        {t('security.submit')}
      </Button>
    </form>
  );
}
