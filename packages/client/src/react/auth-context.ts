'use client';
// The client handed down by <AuthProvider>; typed loosely here, narrowed again by useAuth's generics.
import { createContext } from 'react';
import type { AuthClient } from '../auth-client.js';

// never/never: any client's login/register fit here; useAuth restores the precise types.
export type AnyAuthClient = AuthClient<unknown, never, never>;

export const AuthContext = createContext<AnyAuthClient | null>(null);
