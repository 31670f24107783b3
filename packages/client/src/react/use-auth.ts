'use client';
// useAuth: the client's state as React state (useSyncExternalStore: tear-free under concurrent rendering) plus its actions.
import { useContext, useSyncExternalStore } from 'react';
import type { AuthClient } from '../auth-client.js';
import { LOADING_STATE, type AuthState } from '../auth-state.js';
import type { TesseraCredentials, TesseraRegistration, TesseraUser } from '../adapters/tessera.js';
import { AuthContext } from './auth-context.js';

export type UseAuthResult<TUser, TLogin, TRegister> = AuthState<TUser> &
  Pick<AuthClient<TUser, TLogin, TRegister>, 'login' | 'register' | 'logout' | 'logoutAll' | 'getToken' | 'fetch' | 'getUser'> & {
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
  const state = useSyncExternalStore(client.subscribe, client.getState, getServerSnapshot);
  const { login, register, logout, logoutAll, getToken, fetch, getUser } = client;
  return { ...state, login, register, logout, logoutAll, getToken, fetch, getUser, client };
}
