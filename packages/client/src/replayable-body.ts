// Whether a fetch body can be sent a second time; a stream is consumed by the first attempt.

const REPLAYABLE = ['URLSearchParams', 'Blob', 'ArrayBuffer', 'FormData'] as const;

/** True for bodies fetch can send twice: none, string, URLSearchParams, Blob, ArrayBuffer (or a view), FormData. */
export function isReplayableBody(body: unknown): boolean {
  if (body == null || typeof body === 'string' || ArrayBuffer.isView(body)) return true;
  // Looked up at call time: not every runtime defines all of these globals.
  return REPLAYABLE.some((name) => {
    const type = globalThis[name];
    return typeof type === 'function' && body instanceof type;
  });
}
