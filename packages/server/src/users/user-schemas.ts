// The user object and its custom fields as zod schemas: what requests may set and what responses carry.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';

/** Schemas of the configured custom fields, for request bodies (each optional and nullable). */
export function customFieldSchemas(config: ResolvedConfig): Record<string, z.ZodType> {
  const custom: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(config.userFields)) {
    const base = spec.type === 'string' ? z.string().max(spec.maxLength) : spec.type === 'number' ? z.number() : z.boolean();
    custom[name] = base.nullable().optional();
  }
  return custom;
}

/** The display name accepted at registration and by PATCH /me. */
export const nameSchema = z.string().trim().max(150).nullable().optional();

export function userSchema(config: ResolvedConfig) {
  return z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    created_at: z.string().describe('ISO 8601'),
    providers: z
      .array(z.string())
      .optional()
      .describe('linked social sign-in provider ids, sorted; in GET and PATCH /me and POST /social/{provider}/link'),
    notify_new_sign_in: z
      .boolean()
      .optional()
      .describe('whether a sign-in from a new device is mailed (docs/events.md); in GET and PATCH /me'),
    ...Object.fromEntries(Object.keys(config.userFields).map((k) => [k, z.unknown()])),
  });
}

/** The configured custom fields present in a request body. */
export function pickCustomFields(fields: readonly string[], body: Record<string, unknown>): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  for (const field of fields) if (body[field] !== undefined) custom[field] = body[field];
  return custom;
}
