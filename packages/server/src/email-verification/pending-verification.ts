// What registration answers under EMAIL_VERIFICATION=required: the account, and no tokens until its email is proved.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { userSchema } from '../users/user-schemas.js';

export function pendingVerificationSchema(config: ResolvedConfig) {
  return z.object({
    user: userSchema(config),
    email_verification_required: z.literal(true).describe('a link was mailed; sign in after opening it'),
  });
}
