// The errors the hooks add to a route, for its OpenAPI entry: only when the application gave the hook.
import type { ResolvedConfig } from '../config/index.js';
import type { RouteError } from '../errors.js';

/** What a route that creates accounts may answer because of beforeRegister (a refusal is 403, or 422 if the hook says). */
export function beforeRegisterErrors(config: ResolvedConfig): readonly RouteError[] {
  return config.hooks.beforeRegister ? ['registration_refused', ['registration_refused', 422], 'hook_failed'] : [];
}
