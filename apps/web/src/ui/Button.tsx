import type { ButtonHTMLAttributes } from 'react';
import { Spinner } from './Spinner.js';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  size?: 'md' | 'sm';
  block?: boolean;
  /** Shows a spinner and blocks clicks while an action is in flight. */
  busy?: boolean;
}

export function Button({ variant = 'primary', size = 'md', block, busy, disabled, className, children, type = 'button', ...props }: ButtonProps) {
  const classes = ['button', `button--${variant}`, `button--${size}`, block && 'button--block', className].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...props}>
      {busy && <Spinner size={16} />}
      <span>{children}</span>
    </button>
  );
}
