// The superuser's password for `tessera createsuperuser`, read where no other process can see it: never from argv
// (every local user sees a process's arguments in `ps` and /proc/<pid>/cmdline), but from standard input or a prompt
// that does not echo.

/** All of a stream as text, without the one line break a shell's `echo` or a file's last line adds. */
export async function readPasswordFrom(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) text += chunk.toString();
  return text.replace(/\r?\n$/, '');
}

/** The parts of a TTY the prompt uses: process.stdin and process.stderr in the CLI, fakes in tests. */
export interface PromptStreams {
  input: NodeJS.ReadableStream & { setRawMode(mode: boolean): unknown; isRaw?: boolean };
  output: { write(text: string): unknown };
}

/**
 * Asks for a password on a terminal with echo off (raw mode: each key arrives as typed and nothing is printed).
 * Enter ends it, Backspace erases, Ctrl-C and Ctrl-D give up.
 */
export function promptPassword(question: string, { input, output }: PromptStreams): Promise<string> {
  output.write(question);
  const wasRaw = input.isRaw ?? false;
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new Error('Cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}
