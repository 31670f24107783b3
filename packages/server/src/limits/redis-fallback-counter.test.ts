import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClock } from '../test/clock.js';
import { createRedisClient } from './redis-client.js';
import { createRedisFallbackCounter, type RedisFallbackCounter } from './redis-fallback-counter.js';

/**
 * A "Redis" that completes ioredis's handshake (CLIENT SETINFO, then INFO for the ready check) and then never
 * answers again: a server that is overloaded, or a network that drops packets without resetting connections.
 */
async function startHungRedis(): Promise<{ port: number; readonly pings: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let pings = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let hung = false;
    socket.on('data', (data) => {
      // Commands arrive as RESP arrays; the first bulk string of each is its name.
      const lines = data.toString().split('\r\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.startsWith('*')) continue;
        const name = lines[i + 2]!.toLowerCase();
        if (hung) {
          if (name === 'ping') pings++;
        } else if (name === 'info') {
          socket.write('$0\r\n\r\n');
          hung = true;
        } else socket.write('+OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get pings() {
      return pings;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Redis fallback counter', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('counts in the process when a connected Redis stops answering, and stays there while it does not answer', async () => {
    const hung = await startHungRedis();
    cleanup.push(hung.close);
    const warnings: string[] = [];
    const counter: RedisFallbackCounter = createRedisFallbackCounter({
      redis: await createRedisClient(`redis://127.0.0.1:${hung.port}`),
      prefix: 'test:',
      now: createClock().now,
      logger: { info() {}, warn: (message) => void warnings.push(message), error: (message) => void warnings.push(message) },
      probeIntervalMs: 20,
    });
    cleanup.push(() => counter.close());
    expect(counter.onRedis).toBe(true);

    const started = performance.now();
    await counter.reserve([{ key: 'acct:a', limit: 10, windowSeconds: 60 }]);
    console.log(`first count against a Redis that does not answer took ${Math.round(performance.now() - started)} ms`);
    expect(counter.onRedis).toBe(false);
    await counter.reserve([{ key: 'acct:a', limit: 10, windowSeconds: 60 }]);
    expect(await counter.get('acct:a')).toMatchObject({ count: 2 });

    // The PINGs time out as well: no switch back to a Redis that does not answer, and no further warning.
    await vi.waitFor(() => expect(hung.pings).toBeGreaterThanOrEqual(3), { timeout: 5_000, interval: 20 });
    expect(counter.onRedis).toBe(false);
    expect(warnings).toEqual(['Redis unavailable; login limits are counted in this process until it is back']);
  });
});
