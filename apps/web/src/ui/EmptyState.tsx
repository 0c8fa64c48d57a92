import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  body: string;
  /** A small pill above the title, e.g. "Coming soon". */
  tag?: string;
  children?: ReactNode;
  testId?: string;
}

export function EmptyState({ icon, title, body, tag, children, testId }: EmptyStateProps) {
  return (
    <section className="empty-state" data-testid={testId}>
      <div className="empty-state__icon">{icon}</div>
      {tag && <span className="pill">{tag}</span>}
      <h2 className="empty-state__title">{title}</h2>
      <p className="empty-state__body">{body}</p>
      {children && <div className="empty-state__actions">{children}</div>}
    </section>
  );
}
