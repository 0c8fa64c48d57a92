import { useEffect, useRef } from 'react';

interface PinInputProps {
  value: string;
  onChange: (value: string) => void;
  /** Called once six digits are in. */
  onComplete?: (pin: string) => void;
  label: string;
  autoFocus?: boolean;
  disabled?: boolean;
  invalid?: boolean;
  testId?: string;
}

export const PIN_LENGTH = 6;

/**
 * Six boxes over one real input: the phone's number pad, paste and password
 * managers work on the input, while the boxes show how many digits are in
 * (as dots: a PIN is not shown, even to its owner's neighbours).
 */
export function PinInput({ value, onChange, onComplete, label, autoFocus, disabled, invalid, testId = 'pin-input' }: PinInputProps) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  return (
    <label className={invalid ? 'pin-input pin-input--invalid' : 'pin-input'}>
      <span className="visually-hidden">{label}</span>
      <input
        ref={input}
        className="pin-input__field"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]*"
        maxLength={PIN_LENGTH}
        value={value}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          const digits = event.target.value.replace(/\D/g, '').slice(0, PIN_LENGTH);
          onChange(digits);
          if (digits.length === PIN_LENGTH) onComplete?.(digits);
        }}
        data-testid={testId}
      />
      <span className="pin-input__boxes" aria-hidden="true">
        {Array.from({ length: PIN_LENGTH }, (_, index) => (
          <span key={index} className={index === value.length ? 'pin-input__box pin-input__box--current' : 'pin-input__box'}>
            {index < value.length && <span className="pin-input__dot" />}
          </span>
        ))}
      </span>
    </label>
  );
}
