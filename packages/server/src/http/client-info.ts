// Who is calling: the client address (behind trusted proxies, see client-address.ts) and user agent (forwarded by a
// trusted server, see forwarded-user-agent.ts), for sessions, events and limits.
import type { Context } from 'hono';
import { clientAddress } from './client-address.js';
import type { Env } from './context.js';
import { FORWARDED_USER_AGENT, userAgent } from './forwarded-user-agent.js';

export interface ClientInfo {
  userAgent: string | null;
  ip: string;
}

const peerOf = (c: Context<Env>): string | undefined => c.env?.clientIp ?? c.env?.incoming?.socket?.remoteAddress;

export function clientIp(c: Context<Env>): string {
  return clientAddress(peerOf(c), c.req.header('x-forwarded-for'), c.get('core').config.proxyTrust);
}

export function clientInfo(c: Context<Env>): ClientInfo {
  const { proxyTrust } = c.get('core').config;
  return {
    userAgent: userAgent(peerOf(c), c.req.header('user-agent'), c.req.header(FORWARDED_USER_AGENT), proxyTrust),
    ip: clientIp(c),
  };
}
