import type { FormEvent, ReactNode } from 'react';
import { useRouter } from '../../app/router.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { ChevronLeftIcon } from '../../ui/icons.js';

interface AuthLayoutProps {
  title: string;
  subtitle: string;
  error?: string | undefined;
  onSubmit: () => void;
  /** The fields and the submit button. */
  children: ReactNode;
  /** The switch to the other auth screen. */
  footer: ReactNode;
  testId: string;
}

export function AuthLayout({ title, subtitle, error, onSubmit, children, footer, testId }: AuthLayoutProps) {
  const t = useT();
  const { back } = useRouter();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <main className="auth" data-testid={testId}>
      {/* Guests land here from members-only tabs: always leave them a way back to browsing. */}
      <button type="button" className="icon-button auth__back" aria-label={t('nav.back')} onClick={() => back('/')}>
        <ChevronLeftIcon />
      </button>
      <a className="auth__logo" href="/" aria-label="Souk">
        <img src="/icons/icon.svg" alt="" width={56} height={56} />
      </a>
      <h1 className="auth__title">{title}</h1>
      <p className="auth__subtitle">{subtitle}</p>
      <form className="form" onSubmit={submit} noValidate>
        {error && <Alert tone="error" testId="form-error">{error}</Alert>}
        {children}
      </form>
      <p className="auth__footer">{footer}</p>
    </main>
  );
}
