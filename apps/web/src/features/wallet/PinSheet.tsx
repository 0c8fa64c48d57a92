import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { Sheet } from '../../ui/Sheet.js';
import { PIN_LENGTH, PinInput } from './PinInput.js';

interface PinSheetProps {
  open: boolean;
  /** What the PIN confirms: "Pay ¥12.50 to Li Wei". */
  summary: string;
  busy: boolean;
  /** A wrong PIN: the sheet stays open, emptied, with this message. */
  error: string | undefined;
  /** Bumped on each wrong PIN: the digits are cleared for the next try. */
  wrongTries: number;
  onSubmit: (pin: string) => void;
  onClose: () => void;
}

/** Asks for the payment PIN; six digits submit on their own, as on a till's keypad. */
export function PinSheet({ open, summary, busy, error, wrongTries, onSubmit, onClose }: PinSheetProps) {
  const t = useT();
  return (
    <Sheet open={open} onClose={onClose} title={t('wallet.pin.enter')} testId="pin-sheet">
      <PinSheetBody key={wrongTries} summary={summary} busy={busy} error={error} onSubmit={onSubmit} onClose={onClose} />
    </Sheet>
  );
}

function PinSheetBody({ summary, busy, error, onSubmit, onClose }: Omit<PinSheetProps, 'open' | 'wrongTries'>) {
  const t = useT();
  const [pin, setPin] = useState('');
  return (
    <form
      className="pin-sheet"
      onSubmit={(event) => {
        event.preventDefault();
        if (pin.length === PIN_LENGTH) onSubmit(pin);
      }}
    >
      <p className="pin-sheet__summary" data-testid="pin-summary">
        {summary}
      </p>
      <PinInput value={pin} onChange={setPin} onComplete={onSubmit} label={t('wallet.pin.label')} autoFocus disabled={busy} invalid={Boolean(error)} />
      {error && (
        <p className="pin-sheet__error" role="alert" data-testid="pin-error">
          {error}
        </p>
      )}
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" busy={busy} disabled={pin.length !== PIN_LENGTH} data-testid="pin-submit">
          {t('wallet.pin.confirm')}
        </Button>
      </div>
    </form>
  );
}
