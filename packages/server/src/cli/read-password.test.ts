import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptPassword, readPasswordFrom } from './read-password.js';

/** A fake terminal: what is typed goes in, what the prompt writes is kept, raw mode is recorded. */
function fakeTty() {
  const input = Object.assign(new PassThrough(), {
    isRaw: false,
    setRawMode(mode: boolean) {
      input.isRaw = mode;
      return input;
    },
  });
  let written = '';
  return { input, output: { write: (text: string) => (written += text) }, written: () => written };
}

describe('reading the superuser password', () => {
  it('reads standard input whole, dropping only the final line break', async () => {
    expect(await readPasswordFrom(Readable.from([Buffer.from('a long '), Buffer.from('password\n')]))).toBe('a long password');
    expect(await readPasswordFrom(Readable.from(['  spaced  \r\n']))).toBe('  spaced  ');
    expect(await readPasswordFrom(Readable.from(['two\n\n']))).toBe('two\n');
  });

  it('prompts in raw mode without echoing what is typed, honouring Backspace, and restores the terminal', async () => {
    const tty = fakeTty();
    const answer = promptPassword('Password: ', tty);
    expect(tty.input.isRaw).toBe(true);
    tty.input.write('a long passwordX');
    tty.input.write('\u007f\r');
    expect(await answer).toBe('a long password');
    expect(tty.written()).toBe('Password: \n');
    expect(tty.input.isRaw).toBe(false);
  });

  it('gives up on Ctrl-C', async () => {
    const tty = fakeTty();
    const answer = promptPassword('Password: ', tty);
    tty.input.write('abc\u0003');
    await expect(answer).rejects.toThrow('Cancelled');
    expect(tty.input.isRaw).toBe(false);
  });
});
