import { useId, type TextareaHTMLAttributes } from 'react';
import { describedBy, Field } from './Field.js';

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  /** Shown as a live "used / max" counter; counts code points, like the server. */
  maxChars?: number;
}

export function TextArea({ label, hint, error, maxChars, id, value, ...props }: TextAreaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const used = [...value].length;
  const counter = maxChars !== undefined && (
    <span className={used > maxChars ? 'counter counter--over' : 'counter'}>
      {used}/{maxChars}
    </span>
  );
  return (
    <Field id={inputId} label={label} hint={hint} error={error} aside={counter}>
      <textarea
        id={inputId}
        className="input input--multiline"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error)}
        {...props}
      />
    </Field>
  );
}
