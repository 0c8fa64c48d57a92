import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { errorCode, walletErrorMessage } from './wallet-errors.js';

export interface PinAction {
  /** Starts the action: straight away, or through the PIN sheet when `askPin`. */
  start: (askPin: boolean) => void;
  busy: boolean;
  /** The last refusal (not a wrong PIN, which stays in the sheet). */
  error: unknown;
  clearError: () => void;
  /** Spread into <PinSheet>. */
  sheet: { open: boolean; busy: boolean; error: string | undefined; wrongTries: number; onSubmit: (pin: string) => void; onClose: () => void };
}

/**
 * Runs a money action that may need the payment PIN. The PIN is asked for
 * up front when the screen knows it is needed (above the limit, any QR
 * payment), or when the server answers PIN_REQUIRED; a wrong PIN keeps the
 * sheet open for another try; anything else closes it and is shown on the
 * screen.
 */
export function usePinAction<R>(action: (pin: string | undefined) => Promise<R>, onDone: (result: R) => void): PinAction {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [pinError, setPinError] = useState<string>();
  const [wrongTries, setWrongTries] = useState(0);

  const attempt = async (pin: string | undefined) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await action(pin);
      setOpen(false);
      setPinError(undefined);
      onDone(result);
    } catch (caught) {
      const code = errorCode(caught);
      if (code === 'PIN_REQUIRED') {
        setPinError(undefined);
        setOpen(true);
      } else if (code === 'PIN_WRONG' && pin !== undefined) {
        setPinError(walletErrorMessage(caught, t));
        setWrongTries((n) => n + 1);
      } else {
        setOpen(false);
        setPinError(undefined);
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  };

  return {
    start: (askPin) => {
      setError(undefined);
      if (askPin) {
        setPinError(undefined);
        setOpen(true);
      } else {
        void attempt(undefined);
      }
    },
    busy,
    error,
    clearError: () => setError(undefined),
    sheet: {
      open,
      busy,
      error: pinError,
      wrongTries,
      onSubmit: (pin) => void attempt(pin),
      onClose: () => setOpen(false),
    },
  };
}
