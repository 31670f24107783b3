// How an application's hook says no: a typed error the server answers as a clear 4xx problem, never a 500.

/**
 * Thrown by a `before…` hook to refuse the action. `beforeRegister` answers it as `registration_refused` (403, or
 * the status given) with `detail` shown to the user as it is: say why, and nothing you would not show.
 */
export class HookRefusal extends Error {
  readonly status: 403 | 422;
  constructor(detail: string, options: { status?: 403 | 422 } = {}) {
    super(detail);
    this.name = 'HookRefusal';
    this.status = options.status ?? 403;
  }
}

/**
 * Refuses the action from a hook.
 * @example
 * hooks: {
 *   beforeRegister({ email }) {
 *     if (!email.endsWith('@example.com')) refuse('Only example.com addresses may register');
 *   },
 * }
 */
export function refuse(detail: string, options?: { status?: 403 | 422 }): never {
  throw new HookRefusal(detail, options);
}

/** A refusal, also one thrown by another copy of this module (an app bundling the package twice). */
export function isHookRefusal(error: unknown): error is HookRefusal {
  return error instanceof HookRefusal || (error instanceof Error && error.name === 'HookRefusal' && 'status' in error);
}
