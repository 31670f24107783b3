// Calls the application's hooks so that they can refuse what they are meant to refuse and break nothing else.
import type { Logger } from '../config/options.js';
import { TesseraError } from '../errors.js';
import type { PublicUser } from '../users/user-store.js';
import type { WebhookEvent } from '../webhooks/webhook-event.js';
import type { RegistrationInput, TesseraHooks } from './hook-options.js';
import { isHookRefusal } from './hook-refusal.js';

export interface HookRunner {
  /** Throws 403/422 `registration_refused` for a refusal, 500 `hook_failed` for any other throw. */
  beforeRegister(input: RegistrationInput): Promise<void>;
  /** Never throws. */
  afterRegister(user: PublicUser): Promise<void>;
  /** Never throws: call it after the event's transaction committed. */
  onEvent(event: WebhookEvent): Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createHookRunner(hooks: TesseraHooks, logger: Logger): HookRunner {
  return {
    async beforeRegister(input) {
      if (!hooks.beforeRegister) return;
      try {
        await hooks.beforeRegister(input);
      } catch (error) {
        if (isHookRefusal(error)) {
          logger.info('registration refused by the beforeRegister hook', { method: input.method, reason: error.message });
          throw new TesseraError('registration_refused', error.message, { status: error.status });
        }
        // A TesseraError thrown on purpose (rate_limited, validation_failed…) is an answer the app chose.
        if (error instanceof TesseraError) throw error;
        // An unexpected throw refuses too (no account is made that the app could not vet), with a stable code and a
        // detail that names the hook, not the app's own message (which may say more than a client should read).
        logger.error('beforeRegister hook failed; registration refused', { method: input.method, error: message(error) });
        throw new TesseraError('hook_failed', 'The beforeRegister hook failed; the account was not created', { cause: error });
      }
    },
    async afterRegister(user) {
      if (!hooks.afterRegister) return;
      try {
        await hooks.afterRegister(user);
      } catch (error) {
        logger.error('afterRegister hook failed; the registration stands', { user: user.id, error: message(error) });
      }
    },
    async onEvent(event) {
      if (!hooks.onEvent) return;
      try {
        await hooks.onEvent(event);
      } catch (error) {
        logger.error('onEvent hook failed', { event: event.id, type: event.type, error: message(error) });
      }
    },
  };
}
