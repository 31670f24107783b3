// How instances sharing a database tell each other that something changed (a key rotation, session revocations),
// so each reloads at once instead of on a timer. PostgreSQL: LISTEN/NOTIFY. SQLite (one machine,
// maybe several processes): a small table polled four times a second.

/**
 * What changed; listeners re-read the matching state from the database, so payloads stay small hints. `sessions`
 * carries the revoked session ids on PostgreSQL (sessions/revocation-log.ts); SQLite's pollers read their own log.
 */
export type ChangeTopic = 'keys' | 'sessions';

/** Called with the notification's payload, if it had one; with none after an outage (catch up from the database). */
export type ChangeListener = (payload?: string) => void;

export interface ChangeFeed {
  /** Tells every instance on the database, this one included. */
  publish(topic: ChangeTopic): Promise<void>;
  /**
   * Calls `listener` on every change of `topic`, and also after the feed recovers from an outage (changes may have
   * been missed meanwhile). Returns the unsubscribe function.
   */
  subscribe(topic: ChangeTopic, listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** The listener registry both implementations share. */
export function createListeners() {
  const listeners = new Map<ChangeTopic, Set<ChangeListener>>();
  return {
    add(topic: ChangeTopic, listener: ChangeListener) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(topic: ChangeTopic, payload?: string) {
      for (const listener of listeners.get(topic) ?? []) listener(payload);
    },
    emitAll() {
      for (const topic of listeners.keys()) this.emit(topic);
    },
  };
}

export const isChangeTopic = (value: string): value is ChangeTopic => value === 'keys' || value === 'sessions';

/** A feed that tells no one: for a database handle without a way to listen (an embedding app's own Kysely). */
export function createLocalChangeFeed(): ChangeFeed {
  const listeners = createListeners();
  return {
    publish: async (topic) => listeners.emit(topic),
    subscribe: (topic, listener) => listeners.add(topic, listener),
    close: async () => undefined,
  };
}
