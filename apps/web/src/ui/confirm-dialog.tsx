'use client';
// A yes/no question before something that cannot be undone, in the style of the "Confirm it's you" dialog.
import { useEffect, useId, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The label of the button that goes ahead, naming the action ("Sign out everywhere"), never just "OK". */
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, testId }: ConfirmDialogProps) {
  const id = useId();
  // Escape cancels, as in any modal dialog.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="dialog-backdrop">
      <section
        className="card dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        data-testid={testId}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <div id={`${id}-body`}>{children}</div>
        <div className="button-row">
          <button type="button" className="button-danger" onClick={onConfirm} data-testid="confirm-yes">
            {confirmLabel}
          </button>
          {/* The safe choice has the focus: Enter on an unexpected dialog must not end every session. */}
          <button type="button" className="button-secondary" onClick={onCancel} autoFocus data-testid="confirm-no">
            Cancel
          </button>
        </div>
      </section>
    </div>
  );
}
