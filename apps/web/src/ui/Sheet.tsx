import { useEffect, useRef, type ReactNode } from 'react';

interface SheetProps {
  open: boolean;
  onClose: () => void;
  title?: string;
  children: ReactNode;
  testId?: string;
}

/**
 * A bottom sheet on phones, a centred card on wide screens. Built on the
 * native modal <dialog>: focus stays inside, Escape closes it, and the page
 * behind is inert; a tap on the backdrop closes it too.
 */
export function Sheet({ open, onClose, title, children, testId }: SheetProps) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="sheet"
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault(); // the parent owns `open`; it closes us
        onClose();
      }}
      onClick={(event) => event.target === event.currentTarget && onClose()}
      data-testid={testId}
    >
      {open && (
        <div className="sheet__body">
          {title && <h2 className="sheet__title">{title}</h2>}
          {children}
        </div>
      )}
    </dialog>
  );
}

interface SheetActionProps {
  icon?: ReactNode;
  label: string;
  onClick: () => void;
  tone?: 'default' | 'danger';
  /** A mark at the end of the row, e.g. the current choice. */
  trailing?: ReactNode;
  disabled?: boolean;
  testId?: string;
}

/** One row of an action sheet. */
export function SheetAction({ icon, label, onClick, tone = 'default', trailing, disabled, testId }: SheetActionProps) {
  return (
    <button type="button" className={`sheet-action sheet-action--${tone}`} onClick={onClick} disabled={disabled} data-testid={testId}>
      {icon && <span className="sheet-action__icon">{icon}</span>}
      <span className="sheet-action__label">{label}</span>
      {trailing}
    </button>
  );
}
