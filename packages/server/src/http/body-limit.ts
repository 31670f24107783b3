// Request body size limit. Hono's bodyLimit reads `request.body`, and on @hono/node-server merely touching it
// builds a full web Request with a body stream: measured, that alone halves the throughput of a small JSON route.
// Bodies the Node listener has buffered were limited while it read them; only other bodies go through Hono's check.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { TesseraError } from '../errors.js';
import type { Env } from './context.js';
import { problem } from './problem.js';

export function bodyLimit(maxBytes: number): MiddlewareHandler<Env> {
  const tooLarge = (c: Context) => problem(c, new TesseraError('payload_too_large', `Body is larger than ${maxBytes} bytes`));
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const buffered = c.env?.incoming?.rawBody;
    if (Buffer.isBuffer(buffered)) return buffered.length > maxBytes ? tooLarge(c) : next();
    return streaming(c, next);
  };
}
