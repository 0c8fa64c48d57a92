import { useState } from 'react';
import { errorMessage } from '../i18n/error-message.js';
import { useT } from '../i18n/I18nProvider.js';
import { hasErrors } from './validation.js';

type FieldErrors = Record<string, string | undefined>;

/**
 * The submit cycle of a form that leaves the screen on success (sign-up,
 * log-in): field errors appear only after a first attempt, the button is
 * busy while the request runs, and a refusal from the server is shown in the
 * user's language.
 */
export function useFormSubmission<E extends FieldErrors>(fieldErrors: E, action: () => Promise<void>) {
  const t = useT();
  const [showErrors, setShowErrors] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setShowErrors(true);
    if (hasErrors(fieldErrors)) return;
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(errorMessage(caught, t));
      setBusy(false);
    }
  };
  const shown = (field: keyof E): string | undefined => (showErrors ? fieldErrors[field] : undefined);
  return { submit, shown, error, busy };
}
