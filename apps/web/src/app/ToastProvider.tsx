import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/** A button in the toast, e.g. "Undo"; the toast stays longer so there is time to reach it. */
export interface ToastAction {
  label: string;
  onAction: () => void;
}

interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  action: ToastAction | undefined;
}

type ShowToast = (text: string, tone?: Toast['tone'], action?: ToastAction) => void;

const ToastContext = createContext<ShowToast | null>(null);
const VISIBLE_MS = 2600;
const VISIBLE_WITH_ACTION_MS = 6000;

/** Short confirmations and failures of quick actions (a like, a copied link), announced to screen readers. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<Toast>();
  const nextId = useRef(0);

  const show = useCallback<ShowToast>((text, tone = 'info', action) => {
    nextId.current += 1;
    setToast({ id: nextId.current, text, tone, action });
  }, []);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(
      () => setToast((current) => (current?.id === toast.id ? undefined : current)),
      toast.action ? VISIBLE_WITH_ACTION_MS : VISIBLE_MS,
    );
    return () => clearTimeout(timer);
  }, [toast]);

  const act = (shown: Toast) => {
    setToast(undefined);
    shown.action?.onAction();
  };

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {toast && (
          <p key={toast.id} className={`toast toast--${toast.tone}${toast.action ? ' toast--action' : ''}`} data-testid="toast">
            <span>{toast.text}</span>
            {toast.action && (
              <button type="button" className="toast__action" onClick={() => act(toast)} data-testid="toast-action">
                {toast.action.label}
              </button>
            )}
          </p>
        )}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToast must be used inside <ToastProvider>');
  return value;
}
