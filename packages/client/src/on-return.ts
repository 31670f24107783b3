// Timers stall while a laptop sleeps or a background tab is frozen: look again when the user is back.

/**
 * Calls `wake` when the page becomes visible again or the browser comes back online; returns the unsubscribe.
 * Does nothing outside browsers.
 */
export function onReturn(wake: () => void): () => void {
  if (typeof document !== 'object') return () => {};
  const onVisible = () => document.visibilityState === 'visible' && wake();
  document.addEventListener('visibilitychange', onVisible);
  addEventListener('online', wake);
  return () => {
    document.removeEventListener('visibilitychange', onVisible);
    removeEventListener('online', wake);
  };
}
