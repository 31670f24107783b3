// Request and response schemas: the one source for validation and for the OpenAPI document.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { createSocialSchemas } from '../social/social-schemas.js';

export function createSchemas(config: ResolvedConfig) {
  const custom: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(config.userFields)) {
    const base = spec.type === 'string' ? z.string().max(spec.maxLength) : spec.type === 'number' ? z.number() : z.boolean();
    custom[name] = base.nullable().optional();
  }
  const password = z.string().min(config.passwordMinLength).max(config.passwordMaxLength);
  const name = z.string().trim().max(150).nullable().optional();

  const user = z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    created_at: z.string().describe('ISO 8601'),
    providers: z.array(z.string()).optional().describe('linked social sign-in providers; in GET and PATCH /me'),
    ...Object.fromEntries(Object.keys(custom).map((k) => [k, z.unknown()])),
  });

  return {
    register: z.strictObject({ email: z.email().max(254), password, name, ...custom }),
    login: z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(config.passwordMaxLength) }),
    refresh: z.strictObject({ refresh_token: z.string().min(1).max(512).optional() }),
    updateMe: z.strictObject({ name, ...custom }),
    changePassword: z.strictObject({ current_password: z.string().min(1).max(config.passwordMaxLength), new_password: password }),
    user,
    ...createSocialSchemas(),
    tokenResponse: z.object({
      access_token: z.string(),
      token_type: z.literal('Bearer'),
      expires_in: z.number().int().describe('seconds'),
      expires_at: z.number().int().describe('epoch milliseconds'),
      user,
      refresh_token: z.string().optional().describe('only with X-Token-Transport: body'),
      refresh_expires_at: z.number().int().optional().describe('epoch milliseconds; only with X-Token-Transport: body'),
    }),
    sessions: z.object({
      sessions: z.array(
        z.object({
          id: z.string(),
          created_at: z.string(),
          last_used_at: z.string(),
          user_agent: z.string().nullable(),
          ip: z.string().nullable(),
          current: z.boolean(),
        }),
      ),
    }),
    problem: z.object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      code: z.string(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  };
}

export type Schemas = ReturnType<typeof createSchemas>;
