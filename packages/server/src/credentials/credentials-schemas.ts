// Request bodies of register, login and password change; password bounds come from the configuration.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { customFieldSchemas, nameSchema } from '../users/user-schemas.js';

export function credentialsSchemas(config: ResolvedConfig) {
  const password = z.string().min(config.passwordMinLength).max(config.passwordMaxLength);
  // Login and the current password only bound the length: a policy change must not lock out existing passwords.
  const anyPassword = z.string().min(1).max(config.passwordMaxLength);
  return {
    register: z.strictObject({ email: z.email().max(254), password, name: nameSchema, ...customFieldSchemas(config) }),
    login: z.strictObject({ email: z.string().min(1).max(254), password: anyPassword }),
    changePassword: z.strictObject({ current_password: anyPassword, new_password: password }),
  };
}
