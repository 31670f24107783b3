// next-auth's error log for the demo. A visitor who presses Cancel at the provider is an ordinary outcome, but
// next-auth logs it twice, each time as an error with a stack trace (OAUTH_CALLBACK_HANDLER_ERROR, then the same
// error again, wrapped, as OAUTH_CALLBACK_ERROR): here it is one plain line. Every other error is logged as before.
import type { AuthOptions } from 'next-auth';

type Logger = NonNullable<AuthOptions['logger']>;

/** What the provider answered on the callback (`?error=`), for the OAuth errors that say a person said no. */
const DECLINED = new Set(['access_denied']);

function messageOf(metadata: unknown): string | undefined {
  const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | null)?.error;
  return error instanceof Error ? error.message : undefined;
}

export function demoLogger(log: Pick<Console, 'error' | 'info'> = console): Required<Pick<Logger, 'error'>> {
  return {
    error(code, metadata) {
      const message = messageOf(metadata);
      if (message && DECLINED.has(message)) {
        if (code === 'OAUTH_CALLBACK_ERROR') log.info(`[next-auth] Sign-in cancelled at the provider (${message}).`);
        return;
      }
      log.error(`[next-auth][error][${code}]`, metadata);
    },
  };
}
