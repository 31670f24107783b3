// Who is calling: the client address (behind a trusted proxy, from X-Forwarded-For) and user agent, for sessions and limits.
import type { Context } from 'hono';
import type { Env } from './context.js';

export interface ClientInfo {
  userAgent: string | null;
  ip: string;
}

export function clientIp(c: Context<Env>): string {
  if (c.get('core').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return c.env?.clientIp ?? c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function clientInfo(c: Context<Env>): ClientInfo {
  return { userAgent: c.req.header('user-agent') ?? null, ip: clientIp(c) };
}
