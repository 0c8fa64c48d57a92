import { useState } from 'react';
import { safeNext, useRouter } from '../../app/router.js';
import { useSession } from '../../app/SessionProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useFormSubmission } from '../../lib/use-form-submission.js';
import { validateDisplayName, validateHandle, validateNewPassword } from '../../lib/validation.js';
import { Button } from '../../ui/Button.js';
import { PasswordField } from '../../ui/PasswordField.js';
import { TextField } from '../../ui/TextField.js';
import { signUp } from './auth.api.js';
import { AuthLayout } from './AuthLayout.js';

export function SignUpScreen() {
  const { t, locale } = useI18n();
  const { search, navigate } = useRouter();
  const { setMe } = useSession();
  const [handle, setHandle] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');

  const fieldErrors = {
    handle: validateHandle(handle, t),
    displayName: validateDisplayName(displayName, t),
    password: validateNewPassword(password, t),
  };

  const { submit, shown, error, busy } = useFormSubmission(fieldErrors, async () => {
    // The account starts in the language the visitor is already using.
    const { user } = await signUp({ handle, displayName: displayName.trim(), password, locale });
    setMe(user);
    navigate(safeNext(search.get('next'), '/me'), { replace: true });
  });

  const loginHref = search.has('next') ? `/login?${search}` : '/login';
  return (
    <AuthLayout
      title={t('auth.signUpTitle')}
      subtitle={t('auth.signUpSubtitle')}
      error={error}
      onSubmit={submit}
      testId="signup-screen"
      footer={
        <>
          {t('auth.haveAccount')} <a href={loginHref}>{t('nav.logIn')}</a>
        </>
      }
    >
      <TextField
        label={t('auth.handle')}
        hint={t('auth.handleHint')}
        error={shown('handle')}
        value={handle}
        onChange={(e) => setHandle(e.target.value)}
        autoComplete="username"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        maxLength={30}
        data-testid="signup-handle"
      />
      <TextField
        label={t('auth.displayName')}
        hint={t('auth.displayNameHint')}
        error={shown('displayName')}
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
        autoComplete="nickname"
        data-testid="signup-display-name"
      />
      <PasswordField
        label={t('auth.password')}
        hint={t('auth.passwordHint')}
        error={shown('password')}
        showLabel={t('auth.showPassword')}
        hideLabel={t('auth.hidePassword')}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete="new-password"
        data-testid="signup-password"
      />
      <Button type="submit" block busy={busy} data-testid="signup-submit">
        {t('auth.signUpSubmit')}
      </Button>
    </AuthLayout>
  );
}
