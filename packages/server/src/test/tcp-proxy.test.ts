import { connect, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** Sends `text` through the proxy and resolves with the echo, or with the error code when the connection fails. */
const roundTrip = (port: number, text: string) =>
  new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.once('close', () => resolve('closed'));
  });

describe('startTcpProxy', () => {
  // The proxy resets the echo server's side too when cut: that reset is expected, not an uncaught error.
  const echo = createServer((socket) => socket.on('error', () => {}).pipe(socket));
  let proxy: TcpProxy;
  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await startTcpProxy({ host: '127.0.0.1', port: (echo.address() as { port: number }).port });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('forwards, refuses while cut, and forwards again once restored', async () => {
    expect(await roundTrip(proxy.port, 'one')).toBe('one');
    proxy.cut();
    expect(await roundTrip(proxy.port, 'two')).toMatch(/ECONNRESET|closed/);
    proxy.restore();
    expect(await roundTrip(proxy.port, 'three')).toBe('three');
  });

  it('resets connections that were open when it was cut', async () => {
    const socket = connect(proxy.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const ended = new Promise<string>((resolve) => {
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      socket.once('close', () => resolve('closed'));
    });
    // Let the proxy register the connection before cutting.
    await new Promise((resolve) => setImmediate(resolve));
    proxy.cut();
    expect(await ended).toMatch(/ECONNRESET|closed/);
    proxy.restore();
  });
});
