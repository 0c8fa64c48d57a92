import type { ReactNode } from 'react';

export function Alert({ tone, children, testId }: { tone: 'error' | 'success'; children: ReactNode; testId?: string }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
