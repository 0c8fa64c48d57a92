import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { describedBy, Field } from './Field.js';

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** A control inside the input's right edge, e.g. a show-password toggle. */
  trailing?: ReactNode;
}

export function TextField({ label, hint, error, trailing, id, className, ...props }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <Field id={inputId} label={label} hint={hint} error={error}>
      <div className={trailing ? 'input-wrap input-wrap--trailing' : 'input-wrap'}>
        <input
          id={inputId}
          className={['input', className].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(inputId, hint, error)}
          {...props}
        />
        {trailing && <span className="input-wrap__trailing">{trailing}</span>}
      </div>
    </Field>
  );
}
