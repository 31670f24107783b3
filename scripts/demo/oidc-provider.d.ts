// The small part of oidc-provider (which ships no types) that the dev provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    proxy: boolean;
    /** Koa middleware around every response the provider sends. */
    use(middleware: (ctx: { body: unknown; type: string }, next: () => Promise<void>) => Promise<void>): void;
  }
}
