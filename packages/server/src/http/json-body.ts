// Reads a JSON request body and validates it; every way it can be wrong is a 4xx with a clear problem.
import type { Context } from 'hono';
import type { z } from 'zod';
import { TesseraError } from '../errors.js';
import type { RequestContext } from './context.js';

export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Parses and validates the body. `optional` bodies may be absent (no Content-Length and no content). */
export async function readJson<T extends z.ZodType>(c: Context, schema: T, { optional = false } = {}): Promise<z.infer<T>> {
  // The Node listener has read the body into a Buffer already; taking it from there spares building a web
  // Request with a body stream, which costs a refresh about a third of its time (see adapters/node-listener.ts).
  const buffered = (c.env as RequestContext | undefined)?.incoming?.rawBody;
  const text = Buffer.isBuffer(buffered) ? buffered.toString('utf8') : await c.req.text();
  if (text.length === 0 && optional) return schema.parse({});
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new TesseraError('unsupported_media_type', 'Send the body as application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TesseraError('validation_failed', 'Body is not valid JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(result.error.issues);
  return result.data;
}

/** 400 `validation_failed` naming each field and what is wrong with it. */
export function validationFailed(issues: readonly z.core.$ZodIssue[]): TesseraError {
  const errors = issues.map((issue) => ({
    path: issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : ''),
    message: plainMessage(issue),
  }));
  return new TesseraError('validation_failed', errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; '), { errors });
}

/**
 * The field's reason in words a visitor understands, for the issues forms meet most (zod's own read "Too big: expected
 * string to have <=150 characters"); any other issue keeps zod's message.
 */
function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'Must not be empty' : `Must be at least ${issue.minimum} characters`;
      return issue.message;
    case 'too_big':
      return issue.origin === 'string' ? `Must be at most ${issue.maximum} characters` : issue.message;
    case 'invalid_format':
      return issue.format === 'email' ? 'Not a valid email address' : issue.message;
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? 'Required' : issue.message;
    default:
      return issue.message;
  }
}
