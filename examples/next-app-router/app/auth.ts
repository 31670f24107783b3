'use client';
import { createAuthClient } from '@tessera/client';

// One client for the whole app, created at module scope (not in a component).
export const auth = createAuthClient({ baseUrl: process.env.NEXT_PUBLIC_API_URL! });
