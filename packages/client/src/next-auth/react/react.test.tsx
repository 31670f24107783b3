// @vitest-environment happy-dom
// The React pieces on the real next-auth/react SessionProvider, under StrictMode, with /api/auth/* answered by a fake.
// The clock is fake: time passes only where a test says so, so the timing assertions hold however loaded the machine.
import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from 'next-auth/react';
import type { TesseraSession } from '../session-token.js';
import { TesseraSessionProvider, useAccessToken, useAuth, withAuth } from './index.js';
import { MAX_RETRY_DELAY, RETRY_DELAY } from './refetch-schedule.js';

type FakeSession = TesseraSession<{ id: string; email: string }>;
const MARGIN = 60_000;

/** next-auth's routes as the browser sees them; `onRefetch` decides what a session update returns. */
function fakeNextAuth(initial: FakeSession | null, onRefetch: (current: FakeSession) => FakeSession = (s) => s, latency = 0) {
  const state = { current: initial, calls: [] as string[] };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), 'http://localhost:3000').pathname;
    const method = (init?.method ?? 'GET').toUpperCase();
    state.calls.push(`${method} ${path}`);
    if (path === '/api/auth/session') {
      if (method === 'POST' && state.current) {
        if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
        state.current = onRefetch(state.current);
      }
      return Response.json(state.current ?? {});
    }
    if (path === '/api/auth/csrf') return Response.json({ csrfToken: 'csrf' });
    if (path === '/api/auth/signout') {
      state.current = null;
      return Response.json({ url: 'http://localhost:3000/' });
    }
    return new Response('not found', { status: 404 });
  });
  vi.stubGlobal('fetch', fetch);
  return state;
}

const session = (overrides: Partial<FakeSession> = {}): FakeSession => ({
  user: { id: 'u1', email: 'ada@example.com' },
  expires: new Date(Date.now() + 86_400_000).toISOString(),
  accessToken: 'access-1',
  accessTokenExpires: Date.now() + 900_000,
  ...overrides,
});
const renewed = (current: FakeSession): FakeSession => ({
  ...current,
  accessToken: `access-${Number(current.accessToken!.split('-')[1]) + 1}`,
  accessTokenExpires: Date.now() + 900_000,
});
const updates = (state: { calls: string[] }) => state.calls.filter((c) => c === 'POST /api/auth/session').length;

const app = (children: ReactNode, props: { session?: FakeSession | null } = {}) => (
  <StrictMode>
    <TesseraSessionProvider refreshMargin={MARGIN} {...(props.session !== undefined ? { session: props.session } : {})}>
      {children}
    </TesseraSessionProvider>
  </StrictMode>
);

function Status() {
  const { status, user, accessToken, errorReason } = useAuth();
  return <p>{`${status}:${user?.email ?? '-'}:${accessToken ?? '-'}:${errorReason ?? '-'}`}</p>;
}

/** Lets fetches and renders run (real macrotasks, inside act) until `check` stops throwing. The clock stands still. */
async function until(check: () => unknown): Promise<void> {
  for (let turn = 0; ; turn++) {
    try {
      check();
      return;
    } catch (error) {
      if (turn === 100) throw error;
    }
    await act(() => new Promise<void>((resolve) => setImmediate(resolve)));
  }
}

/** Moves the fake clock on by `ms`, firing the timers that fall due. */
const elapse = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

beforeEach(() => {
  localStorage.clear();
  // Timers and Date only: setImmediate stays real, so fetches and renders settle while the clock stands still.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('TesseraSessionProvider', () => {
  it('refetches once, margin before the access token expires, and then waits for the new expiry', async () => {
    const state = fakeNextAuth(session({ accessTokenExpires: Date.now() + MARGIN + 1_200 }), renewed);
    render(app(<Status />));
    await until(() => screen.getByText('authenticated:ada@example.com:access-1:-'));
    await elapse(1_199);
    expect(updates(state)).toBe(0);
    await elapse(1);
    await until(() => screen.getByText('authenticated:ada@example.com:access-2:-'));
    // The new token is due margin before its own expiry, not sooner.
    await elapse(900_000 - MARGIN - 1);
    expect(updates(state)).toBe(1);
  });

  it('keeps the schedule across a reload: the timer comes from the expiry, not from mount time', async () => {
    const expires = Date.now() + MARGIN + 1_500;
    const state = fakeNextAuth(session({ accessTokenExpires: expires }), renewed);
    const first = render(app(<Status />, { session: state.current }));
    await until(() => screen.getByText('authenticated:ada@example.com:access-1:-'));
    await elapse(700);
    first.unmount();
    render(app(<Status />, { session: state.current }));
    await until(() => screen.getByText('authenticated:ada@example.com:access-1:-'));
    // From mount time it would be 1.5 s after the remount; from the expiry it is 0.8 s (raised to MIN_DELAY, 1 s).
    // The clock stands at 1.3 s after the remount while the update is awaited, so it was sent before then.
    await elapse(1_299);
    await until(() => expect(updates(state)).toBe(1));
  });

  it('backs off instead of spinning when a refetch brings no new token', async () => {
    const state = fakeNextAuth(session({ accessTokenExpires: Date.now() + MARGIN + 1_000 }), (s) => ({ ...s, errorReason: 'network' }));
    render(app(<Status />));
    await until(() => screen.getByText('authenticated:ada@example.com:access-1:-'));
    await elapse(1_000);
    await until(() => screen.getByText('authenticated:ada@example.com:access-1:network'));
    // Not again until the back-off is over.
    await elapse(RETRY_DELAY - 1);
    expect(updates(state)).toBe(1);
  });

  it('schedules nothing for a refused session', async () => {
    const state = fakeNextAuth(
      session({ accessToken: undefined, accessTokenExpires: Date.now(), error: 'RefreshAccessTokenError', errorReason: 'revoked' }),
    );
    function Loaded() {
      return <p>{useSession().status}</p>;
    }
    render(app(<Loaded />));
    await until(() => screen.getByText('authenticated'));
    await elapse(MAX_RETRY_DELAY);
    expect(updates(state)).toBe(0);
  });
});

describe('useAccessToken', () => {
  function Caller({ onToken }: { onToken: (tokens: Array<string | null>) => void }) {
    const getAccessToken = useAccessToken();
    const { status } = useAuth();
    useEffect(() => {
      if (status === 'authenticated') void Promise.all(Array.from({ length: 5 }, () => getAccessToken())).then(onToken);
    }, [status, getAccessToken, onToken]);
    return null;
  }

  it('hands out the current token without a request while it is fresh', async () => {
    const state = fakeNextAuth(session());
    const onToken = vi.fn();
    render(app(<Caller onToken={onToken} />));
    await until(() => expect(onToken).toHaveBeenCalled());
    expect(onToken.mock.calls[0]![0]).toEqual(Array(5).fill('access-1'));
    expect(updates(state)).toBe(0);
  });

  it('refetches once for concurrent callers when the token is about to expire', async () => {
    const state = fakeNextAuth(session({ accessTokenExpires: Date.now() + 10_000 }), renewed);
    const onToken = vi.fn();
    render(app(<Caller onToken={onToken} />));
    await until(() => expect(onToken).toHaveBeenCalled());
    for (const [tokens] of onToken.mock.calls) expect(tokens).toEqual(Array(5).fill('access-2'));
    expect(updates(state)).toBe(1);
  });

  it('resolves null when signed out', async () => {
    fakeNextAuth(null);
    let getter: (() => Promise<string | null>) | undefined;
    function Grab() {
      getter = useAccessToken();
      return null;
    }
    render(app(<Grab />));
    await until(() => expect(fetch).toHaveBeenCalled());
    await expect(getter!()).resolves.toBeNull();
  });
});

describe('useAuth', () => {
  it('signs out once and redirects once when the session says RefreshAccessTokenError', async () => {
    const state = fakeNextAuth(session({ accessToken: undefined, error: 'RefreshAccessTokenError', errorReason: 'reused' }));
    const navigate = vi.fn();
    function Page() {
      const { status, errorReason } = useAuth({ redirectTo: '/login', navigate });
      return <p>{`${status}:${errorReason ?? '-'}`}</p>;
    }
    render(app(<Page />));
    await until(() => expect(navigate).toHaveBeenCalledWith('/login'));
    await elapse(100);
    expect(state.calls.filter((c) => c === 'POST /api/auth/signout')).toHaveLength(1);
    expect(navigate).toHaveBeenCalledTimes(1);
    await until(() => screen.getByText('unauthenticated:-'));
  });

  it('required: redirects a signed-out visitor once', async () => {
    fakeNextAuth(null);
    const navigate = vi.fn();
    function Page() {
      const { status } = useAuth({ required: true, redirectTo: '/login', navigate });
      return <p>{status}</p>;
    }
    render(app(<Page />));
    await until(() => screen.getByText('unauthenticated'));
    await elapse(50);
    expect(navigate.mock.calls).toEqual([['/login']]);
  });

  it('stays authenticated while an update is in flight (next-auth reports loading then)', async () => {
    // A slow answer, so React renders while the update is pending.
    const state = fakeNextAuth(session({ accessTokenExpires: Date.now() + 10_000 }), renewed, 100);
    const statuses: string[] = [];
    function Page() {
      const { status } = useAuth();
      const getAccessToken = useAccessToken();
      const [token, setToken] = useState('-');
      statuses.push(status);
      useEffect(() => {
        if (status === 'authenticated' && token === '-') void getAccessToken().then((t) => setToken(t ?? 'null'));
      }, [status, token, getAccessToken]);
      return <p>{`${status}:${token}`}</p>;
    }
    render(app(<Page />));
    await until(() => expect(updates(state)).toBe(1));
    await elapse(100);
    await until(() => screen.getByText('authenticated:access-2'));
    expect(updates(state)).toBe(1);
    // loading only before the first session arrived; never again, never unauthenticated.
    expect(statuses.slice(statuses.indexOf('authenticated'))).toEqual(
      statuses.slice(statuses.indexOf('authenticated')).map(() => 'authenticated'),
    );
  });
});

describe('withAuth', () => {
  function Posts({ title }: { title: string }) {
    return <h1>{title}</h1>;
  }

  it('renders nothing while loading, then the page for a signed-in user', async () => {
    fakeNextAuth(session());
    const Guarded = withAuth(Posts, { fallback: <p>Access denied</p> });
    expect(Guarded.displayName).toBe('withAuth(Posts)');
    const { container } = render(app(<Guarded title="Posts" />));
    expect(container.textContent).toBe('');
    await until(() => screen.getByText('Posts'));
  });

  it('shows the access-denied fallback to a signed-out visitor and redirects when asked', async () => {
    fakeNextAuth(null);
    const navigate = vi.fn();
    const Guarded = withAuth(Posts, { fallback: <p>Access denied</p>, redirectTo: '/login', navigate });
    render(app(<Guarded title="Posts" />));
    await until(() => screen.getByText('Access denied'));
    expect(screen.queryByText('Posts')).toBeNull();
    await until(() => expect(navigate).toHaveBeenCalledTimes(1));
  });
});
