// The types every route module shares: what a request carries besides the Request, and the Hono env.
import type { Core } from '../core.js';
import type { AccessClaims } from '../tokens/access-token.js';

/** What the handler may be given besides the Request: the client address, which a web Request does not carry. */
export interface RequestContext {
  clientIp?: string;
  /** Set by @hono/node-server. */
  incoming?: { socket?: { remoteAddress?: string }; rawHeaders?: string[]; rawBody?: unknown };
}

/** `core` is set for every request; `claims` on routes declared with `auth: 'bearer'` (and `'bearer-optional'` when a token came). */
export type Env = { Bindings: RequestContext; Variables: { core: Core; claims: AccessClaims } };
