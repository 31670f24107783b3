import { describe, expect, it, vi } from 'vitest';
import { createPeerWait } from './peer-wait.js';
import { createManualTimers } from './test/manual-timers.js';

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('createPeerWait', () => {
  it('ends every wait when woken', async () => {
    const peers = createPeerWait(createManualTimers());
    const done = vi.fn();
    void peers.wait(200).then(done);
    void peers.wait(200).then(done);
    peers.wake();
    await flush();
    expect(done).toHaveBeenCalledTimes(2);
  });

  it('ends a wait after its timeout when nobody wakes it', async () => {
    const timers = createManualTimers();
    const done = vi.fn();
    void createPeerWait(timers).wait(200).then(done);
    await flush();
    expect(done).not.toHaveBeenCalled();
    timers.fire(200);
    await flush();
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('does not end a wait that starts after the wake-up', async () => {
    const peers = createPeerWait(createManualTimers());
    peers.wake();
    const done = vi.fn();
    void peers.wait(200).then(done);
    await flush();
    expect(done).not.toHaveBeenCalled();
  });
});
