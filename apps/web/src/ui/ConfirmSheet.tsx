import { Button } from './Button.js';
import { Sheet } from './Sheet.js';

interface ConfirmSheetProps {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before an action that cannot be undone (deleting a post or a comment). */
export function ConfirmSheet({ open, title, body, confirmLabel, cancelLabel, busy, onConfirm, onClose }: ConfirmSheetProps) {
  return (
    <Sheet open={open} onClose={onClose} title={title} testId="confirm-sheet">
      <p className="sheet__text">{body}</p>
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onClose}>
          {cancelLabel}
        </Button>
        <Button variant="danger" busy={busy} onClick={onConfirm} data-testid="confirm-button">
          {confirmLabel}
        </Button>
      </div>
    </Sheet>
  );
}
