import type { ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider.js';
import { ChevronLeftIcon } from '../ui/icons.js';
import { useRouter } from './router.js';

interface ScreenProps {
  title?: ReactNode;
  /** Where the back arrow leads when there is no in-app history to go back to. */
  back?: string;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** A screen: a sticky top bar (back, title, actions) over scrolling content. */
export function Screen({ title, back, actions, children, testId }: ScreenProps) {
  return (
    <div className="screen" data-testid={testId}>
      <header className="top-bar">
        <div className="top-bar__side">{back && <BackButton fallback={back} />}</div>
        <h1 className="top-bar__title">{title}</h1>
        <div className="top-bar__side top-bar__side--end">{actions}</div>
      </header>
      <main className="screen__content">{children}</main>
    </div>
  );
}

function BackButton({ fallback }: { fallback: string }) {
  const t = useT();
  const { back } = useRouter();
  return (
    <button type="button" className="icon-button" aria-label={t('nav.back')} onClick={() => back(fallback)} data-testid="back-button">
      <ChevronLeftIcon />
    </button>
  );
}
