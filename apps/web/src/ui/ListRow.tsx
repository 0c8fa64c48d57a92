import type { ReactNode } from 'react';
import { ChevronRightIcon } from './icons.js';

interface ListRowProps {
  icon: ReactNode;
  label: string;
  /** Shown before the chevron: a badge, a value. */
  trailing?: ReactNode;
  href?: string;
  onClick?: () => void;
  tone?: 'default' | 'danger';
  testId?: string;
}

/** A settings-style row: a link when given `href`, else a button. */
export function ListRow({ icon, label, trailing, href, onClick, tone = 'default', testId }: ListRowProps) {
  const content = (
    <>
      <span className="list-row__icon">{icon}</span>
      <span className="list-row__label">{label}</span>
      {trailing}
      {href && <ChevronRightIcon className="list-row__chevron" size={18} />}
    </>
  );
  const className = `list-row list-row--${tone}`;
  return href ? (
    <a className={className} href={href} data-testid={testId}>
      {content}
    </a>
  ) : (
    <button type="button" className={className} onClick={onClick} data-testid={testId}>
      {content}
    </button>
  );
}
