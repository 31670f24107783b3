'use client';
// "Confirm it's you": a sensitive action that the API refuses with 401 reauthentication_required opens this prompt
// (password, authenticator code or passkey); once POST /auth/reauthenticate has given the session a fresh auth_time,
// the action is retried. One prompt per section, shared by the Security page, the email change and the sessions list.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ConfirmIdentityDialog } from './confirm-identity-dialog';
import type { ReauthProof } from './security-api';

export interface StepUp {
  /**
   * Runs `action`; when the API asks for a recent sign-in, asks the user, then runs it once more. Resolves with its
   * result, or `undefined` when the user cancels; rejects with any other failure.
   */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
}

const StepUpContext = createContext<StepUp | null>(null);

export function useStepUp(): StepUp {
  const stepUp = useContext(StepUpContext);
  if (!stepUp) throw new Error('useStepUp() needs <StepUpProvider> above it');
  return stepUp;
}

/** True when the failure asks for a recent sign-in. */
const needsReauth = (error: unknown) =>
  !!error && typeof error === 'object' && 'code' in error && error.code === 'reauthentication_required';

interface Pending {
  retry: () => Promise<void>;
  cancel: () => void;
}

export function StepUpProvider({
  reauthenticate,
  children,
}: {
  /** POST /auth/reauthenticate with the proof, and adopt the answer's tokens. */
  reauthenticate: (proof: ReauthProof) => Promise<void>;
  children: ReactNode;
}) {
  const [pending, setPending] = useState<Pending | null>(null);
  // A second action asking while the prompt is open waits for the same confirmation.
  const queue = useRef<Pending[]>([]);

  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await action();
    } catch (error) {
      if (!needsReauth(error)) throw error;
    }
    return new Promise<T | undefined>((resolve, reject) => {
      const entry: Pending = {
        // The retry's own failure (a second reauthentication_required included) goes to the caller.
        retry: () => action().then(resolve, reject),
        cancel: () => resolve(undefined),
      };
      queue.current.push(entry);
      setPending((current) => current ?? entry);
    });
  }, []);

  /** Closes the prompt and hands every waiting action over (the prompt is gone before the retries run). */
  const settle = useCallback(() => {
    setPending(null);
    return queue.current.splice(0);
  }, []);

  const value = useMemo<StepUp>(() => ({ run }), [run]);
  return (
    <StepUpContext.Provider value={value}>
      {children}
      {pending ? (
        <ConfirmIdentityDialog
          onConfirm={async (proof) => {
            await reauthenticate(proof);
            await Promise.all(settle().map((entry) => entry.retry()));
          }}
          onCancel={() => settle().forEach((entry) => entry.cancel())}
        />
      ) : null}
    </StepUpContext.Provider>
  );
}
