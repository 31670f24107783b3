// Next 16's proxy (formerly middleware). Every request: a page opened at 127.0.0.1 goes to localhost first (see
// src/loopback-redirect.ts). next-auth pages: the session is refreshed before the page renders and the rotated
// cookie is written both to the browser and to this request, so the layout reads a current session. The
// server-rendered section: @tessera/next's helper refreshes an expired access cookie once per request, writes the new
// cookies onto this request and the response, and sends signed-out visits of its protected pages to sign-in.
import type { ProxyHelper } from '@tessera/next';
import { withTesseraSession } from '@tessera/client/next-auth';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { localhostRedirect } from './src/loopback-redirect';
import { demoNextAuth } from './src/next-auth/auth';
import { SERVER_PROTECTED, serverTessera } from './src/server-rendered/server-tessera';

let refresh: ((request: NextRequest, event: NextFetchEvent) => Promise<Response>) | undefined;
let serverSection: ProxyHelper | undefined;

export async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const localhost = localhostRedirect(request.url, request.headers.get('host'));
  if (localhost) return NextResponse.redirect(localhost, 307);
  const { pathname } = request.nextUrl;
  if (pathname === '/server' || pathname.startsWith('/server/')) {
    serverSection ??= serverTessera().proxy({ protect: SERVER_PROTECTED, signInPath: '/server/login' });
    return serverSection(request);
  }
  if (pathname !== '/next-auth' && !pathname.startsWith('/next-auth/')) return NextResponse.next();
  refresh ??= withTesseraSession(demoNextAuth().tesseraAuth.session);
  return refresh(request, event);
}

// Everything but the build's static files (a page loaded from localhost asks for them on localhost anyway).
export const config = { matcher: ['/((?!_next/static|_next/image).*)'] };
