// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthClient, type AuthClient } from '../../auth-client.js';
import { AuthProvider, useAuth } from '../../react/index.js';
import { createFakeLocks } from '../../test/fake-locks.js';
import { createFakeTessera, USER } from '../../test/fake-tessera.js';
import { useAccount } from './index.js';

let serial = 0;
const clients: AuthClient[] = [];
afterEach(() => {
  cleanup();
  for (const client of clients.splice(0)) client.destroy();
});

function setup(): AuthClient {
  const server = createFakeTessera();
  const client = createAuthClient({
    baseUrl: 'https://api.test',
    fetch: server.fetch,
    locks: createFakeLocks(),
    channel: `account-react-${++serial}`,
    autoStart: false,
  });
  clients.push(client);
  return client;
}

function MagicLink({ token }: { token: string }) {
  const { status, user } = useAuth();
  const { verifyEmailSignIn, pending, error } = useAccount();
  return (
    <div>
      <p>{`${status}:${user?.email ?? '-'}:${pending ? 'pending' : 'idle'}:${error?.code ?? '-'}`}</p>
      <button onClick={() => void verifyEmailSignIn({ token }).catch(() => {})}>sign in</button>
    </div>
  );
}

describe('useAccount', () => {
  it('signs in with a magic link, and the provider’s state follows', async () => {
    const client = setup();
    render(
      <AuthProvider client={client}>
        <MagicLink token="good" />
      </AuthProvider>,
    );
    await screen.findByText('unauthenticated:-:idle:-');
    fireEvent.click(screen.getByText('sign in'));
    await screen.findByText(`authenticated:${USER.email}:idle:-`);
  });

  it('shows the code of a refused link, and the next call clears it', async () => {
    const client = setup();
    render(
      <AuthProvider client={client}>
        <MagicLink token="bad" />
      </AuthProvider>,
    );
    await screen.findByText('unauthenticated:-:idle:-');
    fireEvent.click(screen.getByText('sign in'));
    await screen.findByText('unauthenticated:-:idle:invalid_token');
  });

  it('outside a provider says what is missing', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<MagicLink token="good" />)).toThrow(/AuthProvider/);
  });
});
