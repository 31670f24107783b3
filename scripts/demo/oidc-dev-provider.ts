// A local OpenID Connect provider that plays Google in the demo: oidc-provider with its development login and
// consent pages, so "Sign in with Google" runs the real authorization code flow without Google credentials.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

export interface DevProviderOptions {
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  clientId: string;
  clientSecret: string;
  /** next-auth's callback, e.g. `http://localhost:3000/api/auth/callback/google`. */
  redirectUris: string[];
}

export interface DevProvider {
  /** `http://localhost:<port>`: loopback http is the one non-https issuer Tessera and next-auth accept. */
  issuer: string;
  close(): Promise<void>;
}

/** Claims for whoever signs in: the login is the email, always verified, as Google reports for Gmail addresses. */
function devClaims(login: string): Record<string, unknown> {
  const email = (login.includes('@') ? login : `${login || 'google-user'}@example.com`).trim().toLowerCase();
  const local = email.split('@')[0]!.replace(/[._-]+/g, ' ');
  return {
    // Google's `sub` is a stable number-like string; a hash of the email keeps it stable across restarts.
    sub: BigInt(`0x${createHash('sha256').update(email).digest('hex').slice(0, 15)}`).toString(),
    email,
    email_verified: true,
    name: local.replace(/\b\w/g, (c) => c.toUpperCase()),
  };
}

/** oidc-provider's storage over a Map, without the production warning its built-in one prints. */
function memoryAdapter() {
  const store = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  return class MemoryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
      store.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    }
    async find(id: string) {
      const entry = store.get(this.key(id));
      return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
    }
    async findByUid(uid: string) {
      for (const [key, entry] of store) if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid) return entry.payload;
      return undefined;
    }
    async findByUserCode() {
      return undefined;
    }
    async consume(id: string) {
      const entry = store.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    }
  };
}

/** The page's CSS without its web font import, and with the system font for Roboto. */
function withoutWebFonts(html: string): string {
  return html.replace(/@import url\(https?:\/\/[^)]*\);?/g, '').replace(/'?Roboto'?\s*,/g, 'system-ui,');
}

export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  const issuer = `http://localhost:${options.port}`;
  const signingKey = {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: 'dev-1',
    alg: 'RS256',
    use: 'sig',
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    adapter: memoryAdapter(),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Like Google: the requested claims go into the ID token itself, not only to the userinfo endpoint.
    conformIdTokenClaims: false,
    // The development login page (any login, any password) and consent page, served at /interaction/:uid.
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => devClaims(id) }),
  });
  // The development pages ask Google Fonts for Roboto (an @import in their inline CSS, with no option to change it):
  // the demo loads nothing from the internet, so the import is dropped and the pages use the system font.
  provider.use(async (ctx, next) => {
    await next();
    if (typeof ctx.body === 'string' && ctx.type === 'text/html') ctx.body = withoutWebFonts(ctx.body);
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
