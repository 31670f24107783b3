// Next 16's proxy (formerly middleware): refreshes the next-auth session before a next-auth page renders and writes
// the rotated cookie both to the browser and to this request, so the layout reads a current session.
import { withTesseraSession } from '@tessera/client/next-auth';
import type { NextFetchEvent, NextRequest } from 'next/server';
import { demoNextAuth } from './src/next-auth/auth';

let refresh: ((request: NextRequest, event: NextFetchEvent) => Promise<Response>) | undefined;

export function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  refresh ??= withTesseraSession(demoNextAuth().tesseraAuth.session);
  return refresh(request, event);
}

export const config = { matcher: ['/next-auth/:path*'] };
