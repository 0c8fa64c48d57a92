import { useState } from 'react';
import { safeNext, useRouter } from '../../app/router.js';
import { useSession } from '../../app/SessionProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { useFormSubmission } from '../../lib/use-form-submission.js';
import { validateRequired } from '../../lib/validation.js';
import { Button } from '../../ui/Button.js';
import { PasswordField } from '../../ui/PasswordField.js';
import { TextField } from '../../ui/TextField.js';
import { logIn } from './auth.api.js';
import { AuthLayout } from './AuthLayout.js';

export function LogInScreen() {
  const t = useT();
  const { search, navigate } = useRouter();
  const { setMe } = useSession();
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');

  // Only presence is checked here: rules may have changed since an old account chose its password.
  const fieldErrors = { handle: validateRequired(handle, t), password: validateRequired(password, t) };

  const { submit, shown, error, busy } = useFormSubmission(fieldErrors, async () => {
    const { user } = await logIn({ handle: handle.trim(), password });
    setMe(user);
    navigate(safeNext(search.get('next'), '/me'), { replace: true });
  });

  const signUpHref = search.has('next') ? `/signup?${search}` : '/signup';
  return (
    <AuthLayout
      title={t('auth.logInTitle')}
      subtitle={t('auth.logInSubtitle')}
      error={error}
      onSubmit={submit}
      testId="login-screen"
      footer={
        <>
          {t('auth.noAccount')} <a href={signUpHref}>{t('nav.signUp')}</a>
        </>
      }
    >
      <TextField
        label={t('auth.handle')}
        error={shown('handle')}
        value={handle}
        onChange={(e) => setHandle(e.target.value)}
        autoComplete="username"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        data-testid="login-handle"
      />
      <PasswordField
        label={t('auth.password')}
        error={shown('password')}
        showLabel={t('auth.showPassword')}
        hideLabel={t('auth.hidePassword')}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete="current-password"
        data-testid="login-password"
      />
      <Button type="submit" block busy={busy} data-testid="login-submit">
        {t('auth.logInSubmit')}
      </Button>
    </AuthLayout>
  );
}
