// The user object of the admin API: the public user plus what an administrator needs to see.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import type { Core } from '../core.js';
import type { UserRow } from '../users/user-store.js';

export function adminUser(core: Core, row: UserRow) {
  return {
    ...core.users.toPublic(row),
    is_superuser: row.is_superuser === 1,
    disabled: row.disabled_at !== null,
    disabled_at: row.disabled_at === null ? null : new Date(row.disabled_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export function adminUserSchema(config: ResolvedConfig) {
  return z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    email_verified: z.boolean(),
    created_at: z.string().describe('ISO 8601'),
    is_superuser: z.boolean(),
    disabled: z.boolean(),
    disabled_at: z.string().nullable().describe('ISO 8601'),
    updated_at: z.string().describe('ISO 8601'),
    ...Object.fromEntries(Object.keys(config.userFields).map((k) => [k, z.unknown()])),
  });
}
