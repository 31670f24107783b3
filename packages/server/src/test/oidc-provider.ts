// A real OpenID Connect provider (oidc-provider) on loopback, driven by a scripted "browser", for social login tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TestProvider {
  issuer: string;
  /** The provider's signing key (private JWK with kid and alg), so tests can sign claims the provider never would. */
  signingKey: Record<string, unknown>;
  clients: TestClient[];
  accounts: Map<string, TestAccount>;
  /** Requests the provider has served, by path (e.g. '/jwks'). */
  hits: Map<string, number>;
  /** `down` drops every connection, `garbage` answers every request with a 200 HTML page. @default 'up' */
  mode: 'up' | 'down' | 'garbage';
  /** Runs the authorization code flow as a browser would (login and consent granted) and returns the code. */
  authorize(options: AuthorizeOptions): Promise<{ code: string; codeVerifier: string; redirectUri: string }>;
  /** Runs the whole flow and redeems the code at the token endpoint the way a front end's backend would. */
  idToken(options: AuthorizeOptions): Promise<string>;
  close(): Promise<void>;
}

export interface AuthorizeOptions {
  /** Account id (the `sub`); it must be in `accounts`. */
  login: string;
  nonce?: string;
  /** @default the first client */
  client?: TestClient;
}

/** oidc-provider's storage interface over a Map (its built-in one prints a production warning on every start). */
class MemoryAdapter {
  static store = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  constructor(private readonly model: string) {}
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
    MemoryAdapter.store.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }
  async find(id: string) {
    const entry = MemoryAdapter.store.get(this.key(id));
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  }
  async findByUid(uid: string) {
    for (const [key, entry] of MemoryAdapter.store) if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid) return entry.payload;
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(id: string) {
    const entry = MemoryAdapter.store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    MemoryAdapter.store.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [key, entry] of MemoryAdapter.store) if (entry.payload.grantId === grantId) MemoryAdapter.store.delete(key);
  }
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

export async function startTestProvider(options: {
  clients: Array<Omit<TestClient, 'redirectUri'> & { redirectUri?: string }>;
  alg?: 'RS256' | 'ES256';
}): Promise<TestProvider> {
  const alg = options.alg ?? 'RS256';
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: `k-${randomBytes(4).toString('hex')}`, alg, use: 'sig' };
  const accounts = new Map<string, TestAccount>();
  const hits = new Map<string, number>();
  const clients: TestClient[] = options.clients.map((c) => ({
    ...c,
    redirectUri: c.redirectUri ?? 'http://app.test/api/auth/callback/oidc',
  }));

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (result.mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (result.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      return;
    }
    // Defined below, once the provider exists; nothing knows the port before then.
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: alg,
    })),
    adapter: MemoryAdapter,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 3600, Interaction: 600, Session: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Like Google: the scope's claims go into the ID token, not only to the userinfo endpoint.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
  });
  const callback = provider.callback();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (!req.url?.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    // The login and consent pages: the account to sign in comes from login_hint; every scope is granted.
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const params = details.params as Record<string, string>;
      const grant = new provider.Grant({ accountId: params.login_hint!, clientId: params.client_id! });
      grant.addOIDCScope(params.scope!);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: params.login_hint! }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  };

  async function authorize({ login, nonce, client = clients[0]! }: AuthorizeOptions) {
    const { verifier, challenge } = pkce();
    const url = new URL('/auth', issuer);
    url.search = new URLSearchParams({
      client_id: client.clientId,
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: client.redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: randomBytes(8).toString('hex'),
      login_hint: login,
      ...(nonce ? { nonce } : {}),
    }).toString();
    const jar = new Map<string, string>();
    let next = url.toString();
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(next, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const index = pair!.indexOf('=');
        jar.set(pair!.slice(0, index), pair!.slice(index + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`authorization flow stopped at ${next}: ${res.status} ${await res.text()}`);
      const target = new URL(location, next);
      if (target.href.startsWith(client.redirectUri)) {
        const code = target.searchParams.get('code');
        if (!code) throw new Error(`no code in ${target.href}`);
        return { code, codeVerifier: verifier, redirectUri: client.redirectUri };
      }
      next = target.href;
    }
    throw new Error('too many redirects');
  }

  const result: TestProvider = {
    issuer,
    signingKey,
    clients,
    accounts,
    hits,
    mode: 'up',
    authorize,
    async idToken(options) {
      const client = options.client ?? clients[0]!;
      const { code, codeVerifier, redirectUri } = await authorize(options);
      const res = await fetch(new URL('/token', issuer), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: redirectUri }),
      });
      const body = (await res.json()) as { id_token?: string };
      if (!body.id_token) throw new Error(`token endpoint answered ${res.status} ${JSON.stringify(body)}`);
      return body.id_token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return result;
}
