// Who is calling: the client address (behind trusted proxies, see client-address.ts) and user agent, for sessions and limits.
import type { Context } from 'hono';
import { clientAddress } from './client-address.js';
import type { Env } from './context.js';

export interface ClientInfo {
  userAgent: string | null;
  ip: string;
}

export function clientIp(c: Context<Env>): string {
  const peer = c.env?.clientIp ?? c.env?.incoming?.socket?.remoteAddress;
  return clientAddress(peer, c.req.header('x-forwarded-for'), c.get('core').config.proxyTrust);
}

export function clientInfo(c: Context<Env>): ClientInfo {
  return { userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) };
}
