import { describe, expect, it } from 'vitest';
import { isReplayableBody } from './replayable-body.js';

describe('isReplayableBody', () => {
  it.each([
    ['no body', undefined],
    ['null', null],
    ['a string', '{"a":1}'],
    ['URLSearchParams', new URLSearchParams('a=1')],
    ['a Blob', new Blob(['x'])],
    ['an ArrayBuffer', new ArrayBuffer(2)],
    ['a typed array', new Uint8Array(2)],
    ['FormData', new FormData()],
  ])('accepts %s', (_, body) => {
    expect(isReplayableBody(body)).toBe(true);
  });

  it('refuses a ReadableStream, which the first attempt consumes', () => {
    expect(isReplayableBody(new ReadableStream())).toBe(false);
  });
});
