import { describe, expect, it } from 'vitest';
import { demoLogger } from './demo-logger';

function recorder() {
  const lines: Array<[string, unknown[]]> = [];
  return {
    lines,
    log: { error: (...args: unknown[]) => lines.push(['error', args]), info: (...args: unknown[]) => lines.push(['info', args]) },
  };
}

describe('demoLogger', () => {
  it('logs a sign-in cancelled at the provider once, as one line without a stack trace', () => {
    const { lines, log } = recorder();
    const logger = demoLogger(log);
    // What next-auth 4 logs for `?error=access_denied` on the callback: the handler's error, then the callback's.
    logger.error('OAUTH_CALLBACK_HANDLER_ERROR', { error: new Error('access_denied'), error_description: 'End-User aborted interaction' });
    logger.error('OAUTH_CALLBACK_ERROR', {
      error: Object.assign(new Error('access_denied'), { name: 'OAuthCallbackError' }),
      providerId: 'google',
    });
    expect(lines).toEqual([['info', ['[next-auth] Sign-in cancelled at the provider (access_denied).']]]);
  });

  it('logs any other error in full', () => {
    const { lines, log } = recorder();
    const error = new Error('invalid_grant');
    demoLogger(log).error('OAUTH_CALLBACK_ERROR', { error });
    expect(lines).toEqual([['error', ['[next-auth][error][OAUTH_CALLBACK_ERROR]', { error }]]]);
  });
});
