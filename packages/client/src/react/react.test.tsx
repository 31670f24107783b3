// @vitest-environment happy-dom
import { StrictMode, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthClient, type AuthClient } from '../auth-client.js';
import { createFakeLocks } from '../test/fake-locks.js';
import { createFakeTessera, USER, type FakeTessera } from '../test/fake-tessera.js';
import { AuthProvider, RequireAuth, useAuth, withAuth } from './index.js';

let serial = 0;
const clients: AuthClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.destroy();
});

async function setup(options: { signedIn?: boolean } = {}): Promise<{ client: AuthClient; server: FakeTessera }> {
  const server = createFakeTessera();
  if (options.signedIn) {
    await server.fetch('https://api.test/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: USER.email, password: 'secret' }),
    });
  }
  // autoStart off: the provider starts it, which is what these tests check.
  const client = createAuthClient({
    baseUrl: 'https://api.test',
    fetch: server.fetch,
    locks: createFakeLocks(),
    channel: `react-test-${++serial}`,
    autoStart: false,
  });
  clients.push(client);
  return { client, server };
}

function Status() {
  const { status, user, login, logout } = useAuth();
  return (
    <div>
      <p>{`${status}:${user?.email ?? '-'}`}</p>
      <button onClick={() => void login({ email: USER.email, password: 'secret' })}>login</button>
      <button onClick={() => void logout()}>logout</button>
    </div>
  );
}

const app = (client: AuthClient, children: ReactNode) => (
  <StrictMode>
    <AuthProvider client={client}>{children}</AuthProvider>
  </StrictMode>
);

describe('AuthProvider and useAuth', () => {
  it('go from loading to authenticated under StrictMode, restoring once', async () => {
    const { client, server } = await setup({ signedIn: true });
    render(app(client, <Status />));
    expect(screen.getByText('loading:-')).toBeTruthy();
    await screen.findByText(`authenticated:${USER.email}`);
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('re-render on login and logout', async () => {
    const { client } = await setup();
    render(app(client, <Status />));
    await screen.findByText('unauthenticated:-');
    fireEvent.click(screen.getByText('login'));
    await screen.findByText(`authenticated:${USER.email}`);
    fireEvent.click(screen.getByText('logout'));
    await screen.findByText('unauthenticated:-');
  });

  it('hand out the same actions on every render, so they are safe in effect dependencies', async () => {
    const { client } = await setup();
    const seen: Array<ReturnType<typeof useAuth>> = [];
    function Probe() {
      seen.push(useAuth());
      return null;
    }
    render(app(client, <Probe />));
    await vi.waitFor(() => expect(seen.at(-1)?.status).toBe('unauthenticated'));
    await act(async () => void (await seen.at(-1)!.login({ email: USER.email, password: 'secret' })));
    expect(seen.at(-1)?.status).toBe('authenticated');
    for (const action of ['login', 'register', 'logout', 'logoutAll', 'getToken', 'fetch', 'getUser'] as const) {
      expect(new Set(seen.map((auth) => auth[action])).size, action).toBe(1);
    }
  });

  it('render loading on the server whatever the client knows, so hydration matches', async () => {
    const { client } = await setup();
    await client.login({ email: USER.email, password: 'secret' });
    expect(renderToString(app(client, <Status />))).toContain('loading:-');
  });

  it('useAuth outside a provider says what is missing', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Status />)).toThrow(/AuthProvider/);
  });
});

describe('RequireAuth', () => {
  it('renders nothing while loading, then the children once signed in', async () => {
    const { client, server } = await setup({ signedIn: true });
    let release = () => {};
    server.gate = new Promise((resolve) => (release = resolve));
    const { container } = render(app(client, <RequireAuth fallback="denied">secret page</RequireAuth>));
    expect(container.textContent).toBe('');
    await act(async () => release());
    await screen.findByText('secret page');
  });

  it('renders the access-denied fallback when signed out', async () => {
    const { client } = await setup();
    render(app(client, <RequireAuth fallback={<p>Access denied</p>}>secret page</RequireAuth>));
    await screen.findByText('Access denied');
    expect(screen.queryByText('secret page')).toBeNull();
  });

  it('navigates once to redirectTo under StrictMode', async () => {
    const { client } = await setup();
    const navigate = vi.fn();
    render(
      app(
        client,
        <RequireAuth redirectTo="/login" navigate={navigate}>
          secret page
        </RequireAuth>,
      ),
    );
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/login'));
    await act(async () => {});
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('redirects with window.location.assign by default', async () => {
    const { client } = await setup();
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {});
    render(app(client, <RequireAuth redirectTo="/login">secret page</RequireAuth>));
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/login'));
  });

  it('redirects again after a later sign-out', async () => {
    const { client } = await setup({ signedIn: true });
    const navigate = vi.fn();
    render(
      app(
        client,
        <RequireAuth redirectTo="/login" navigate={navigate}>
          secret page
        </RequireAuth>,
      ),
    );
    await screen.findByText('secret page');
    await act(() => client.logout());
    expect(navigate).toHaveBeenCalledTimes(1);
  });
});

describe('withAuth', () => {
  it('guards a component and passes its props through', async () => {
    const { client } = await setup({ signedIn: true });
    function Dashboard({ title }: { title: string }) {
      return <h1>{title}</h1>;
    }
    const Guarded = withAuth(Dashboard, { fallback: 'denied' });
    expect(Guarded.displayName).toBe('withAuth(Dashboard)');
    render(app(client, <Guarded title="Dashboard" />));
    await screen.findByText('Dashboard');
  });
});
