'use client';
// One pending flag and one failure for a card's actions, each run through the step-up prompt.
import { useCallback, useState } from 'react';
import { failureOf } from '../account/account-messages';
import { useStepUp } from './step-up';

export function useAction() {
  const stepUp = useStepUp();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  /** Resolves with the action's result, or undefined when it failed (the failure is shown) or was cancelled. */
  const run = useCallback(
    async <T>(action: () => Promise<T>): Promise<T | undefined> => {
      setPending(true);
      setFailure(null);
      try {
        return await stepUp.run(action);
      } catch (error) {
        setFailure(failureOf(error));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [stepUp],
  );

  return { run, pending, failure, setFailure };
}
