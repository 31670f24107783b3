// One in-flight promise shared by every concurrent caller, so a burst of getToken() costs one refresh.

/**
 * Wraps `run` so that calls made while a previous call is pending share its promise.
 * @example const refresh = singleFlight(() => postRefresh()); await Promise.all([refresh(), refresh()]) // one request
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= run().finally(() => {
      pending = undefined;
    }));
}
