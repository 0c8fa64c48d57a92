import { useState, type ComponentProps } from 'react';
import { EyeIcon, EyeOffIcon } from './icons.js';
import { TextField } from './TextField.js';

interface PasswordFieldProps extends Omit<ComponentProps<typeof TextField>, 'type' | 'trailing'> {
  showLabel: string;
  hideLabel: string;
}

export function PasswordField({ showLabel, hideLabel, ...props }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const toggle = (
    <button
      type="button"
      className="icon-button"
      aria-label={visible ? hideLabel : showLabel}
      aria-pressed={visible}
      onClick={() => setVisible((v) => !v)}
    >
      {visible ? <EyeOffIcon size={20} /> : <EyeIcon size={20} />}
    </button>
  );
  return <TextField {...props} type={visible ? 'text' : 'password'} trailing={toggle} />;
}
