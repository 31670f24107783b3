// The next-auth integration's server side (seeds 002-004): Credentials and Google sign-in exchanged at Tessera, tokens
// kept in next-auth's encrypted JWT cookie and rotated on the server. Built on first use, from the runtime environment.
import { createTesseraAuth, oidcProvider, tesseraTokenRequest, type TesseraAuth } from '@tessera/client/next-auth';
import type { TesseraUser } from '@tessera/client';
import type { AuthOptions } from 'next-auth';
import GoogleProvider from 'next-auth/providers/google';
import { demoConfig } from '../demo-config';
import { demoLogger } from './demo-logger';

export interface DemoNextAuth {
  tesseraAuth: TesseraAuth<TesseraUser>;
  authOptions: AuthOptions;
  /** The same options, with the request's headers for the Google/OIDC exchange (the route handler's). */
  authOptionsFor(headers: Headers): AuthOptions;
  /** 'local' when GOOGLE_ISSUER points at the dev provider, 'real' for Google itself, null when not configured. */
  google: 'local' | 'real' | null;
}

let instance: DemoNextAuth | undefined;

export function demoNextAuth(env: Readonly<Record<string, string | undefined>> = process.env): DemoNextAuth {
  if (instance) return instance;
  const config = demoConfig(env);
  // Server to server: next-auth's side calls the API on loopback (body transport, no browser cookie involved).
  const tesseraAuth = createTesseraAuth<TesseraUser>({
    baseUrl: env.TESSERA_INTERNAL_URL ?? config.apiUrl,
    refreshMargin: config.refreshMargin,
  });
  const providers: AuthOptions['providers'] = [
    tesseraAuth.credentials({ name: 'Email and password' }),
    // The second step after a sign-in that answered mfa_required, and passkey sign-in (no email typed).
    tesseraAuth.mfa(),
    tesseraAuth.passkey(),
  ];
  const { GOOGLE_CLIENT_ID: clientId, GOOGLE_CLIENT_SECRET: clientSecret, GOOGLE_ISSUER: issuer } = env;
  let google: DemoNextAuth['google'] = null;
  if (clientId && clientSecret) {
    // The id must stay 'google': the integration posts the ID token to Tessera's /auth/social/<id>.
    providers.push(
      issuer
        ? oidcProvider({ id: 'google', name: 'Google', issuer, clientId, clientSecret })
        : // Tessera checks the ID token's nonce (one it issued); next-auth's own check would refuse it.
          GoogleProvider({ clientId, clientSecret, token: { request: tesseraTokenRequest } }),
    );
    google = issuer ? 'local' : 'real';
  }
  const overrides: Partial<AuthOptions> = {
    providers,
    // Our own pages; next-auth sends failures to the sign-in page as ?error=<code>.
    pages: { signIn: '/next-auth/login', error: '/next-auth/login' },
    logger: demoLogger(),
  };
  const authOptions = tesseraAuth.authOptions(overrides);
  const authOptionsFor = (headers: Headers) => tesseraAuth.authOptions(overrides, { headers: Object.fromEntries(headers) });
  return (instance = { tesseraAuth, authOptions, authOptionsFor, google });
}
