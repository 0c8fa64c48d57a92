import type { ReactNode } from 'react';

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** Right-aligned beside the label, e.g. a character counter. */
  aside?: ReactNode;
  children: ReactNode;
}

/** Label, control, then hint or error: the frame shared by every form control. */
export function Field({ id, label, hint, error, aside, children }: FieldProps) {
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <div className="field__top">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        {aside && <span className="field__aside">{aside}</span>}
      </div>
      {children}
      {error ? (
        <p className="field__error" id={`${id}-message`} role="alert">
          {error}
        </p>
      ) : (
        hint && (
          <p className="field__hint" id={`${id}-message`}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}

export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return hint || error ? `${id}-message` : undefined;
}
