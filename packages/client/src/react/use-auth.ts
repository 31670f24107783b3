'use client';
// useAuth: the client's state as React state (useSyncExternalStore: tear-free under concurrent rendering) plus its actions.
import { useContext, useMemo, useSyncExternalStore } from 'react';
import type { AuthClient } from '../auth-client.js';
import { LOADING_STATE, type AuthState } from '../auth-state.js';
import type { TesseraCredentials, TesseraRegistration, TesseraUser } from '../adapters/tessera.js';
import { AuthContext } from './auth-context.js';

export type UseAuthResult<TUser, TLogin, TRegister> = AuthState<TUser> &
  Pick<
    AuthClient<TUser, TLogin, TRegister>,
    'login' | 'verifyMfa' | 'register' | 'logout' | 'logoutAll' | 'getToken' | 'fetch' | 'getUser'
  > & {
    client: AuthClient<TUser, TLogin, TRegister>;
  };

// The server render and hydration always see 'loading', whatever the client learned meanwhile.
const getServerSnapshot = () => LOADING_STATE;

/**
 * @example
 * const { status, user, logout } = useAuth();
 * if (status === 'authenticated') return <button onClick={logout}>Sign out {user.email}</button>;
 */
export function useAuth<TUser = TesseraUser, TLogin = TesseraCredentials, TRegister = TesseraRegistration>(): UseAuthResult<
  TUser,
  TLogin,
  TRegister
> {
  const client = useContext(AuthContext) as AuthClient<TUser, TLogin, TRegister> | null;
  if (!client) throw new Error('useAuth() needs an <AuthProvider client={...}> above it');
  // Bound once per client: stable identities (no resubscribing, safe in effect deps), and a client whose methods
  // use `this` still works once they are handed out on their own.
  const bound = useMemo(
    () => ({
      subscribe: client.subscribe.bind(client),
      getState: client.getState.bind(client),
      login: client.login.bind(client),
      verifyMfa: client.verifyMfa.bind(client),
      register: client.register.bind(client),
      logout: client.logout.bind(client),
      logoutAll: client.logoutAll.bind(client),
      getToken: client.getToken.bind(client),
      fetch: client.fetch.bind(client),
      getUser: client.getUser.bind(client),
    }),
    [client],
  );
  const { subscribe, getState, ...actions } = bound;
  const state = useSyncExternalStore(subscribe, getState, getServerSnapshot);
  return { ...state, ...actions, client };
}
