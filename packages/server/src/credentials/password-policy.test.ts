import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

const common = new Set(['password', '12345678']);
const isCommon = (password: string) => common.has(password.toLowerCase());
const ada = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

describe('password policy', () => {
  it('accepts an ordinary passphrase', () => {
    expect(passwordProblem('correct horse battery', ada, isCommon)).toBeUndefined();
  });

  it('refuses listed passwords in any case, and padded with spaces', () => {
    expect(passwordProblem('password', ada, isCommon)).toMatch(/most common/);
    expect(passwordProblem('PassWord', ada, isCommon)).toMatch(/most common/);
    expect(passwordProblem(' 12345678 ', ada, isCommon)).toMatch(/most common/);
  });

  it('refuses runs of one or two characters, spaces included', () => {
    for (const password of ['        ', 'aaaaaaaa', 'abababab', 'a a a a a ', '\t\t\t\t\t\t\t\t']) {
      expect(passwordProblem(password, ada, isCommon)).toMatch(/repetitive/);
    }
  });

  it('refuses the email, its local part, and passwords containing them', () => {
    expect(passwordProblem('ada.lovelace@example.com', ada, isCommon)).toMatch(/email/);
    expect(passwordProblem('ADA.LOVELACE@example.com!', ada, isCommon)).toMatch(/email/);
    expect(passwordProblem('ada.lovelace2026', ada, isCommon)).toMatch(/email/);
    // A short local part is no clue: `bo` is inside too many passwords.
    expect(passwordProblem('bonjour tout le monde', { email: 'bo@example.com' }, isCommon)).toBeUndefined();
  });

  it('refuses passwords containing the name or a part of it of four letters or more', () => {
    expect(passwordProblem('lovelace rules', ada, isCommon)).toMatch(/name/);
    expect(passwordProblem('AdaLovelace!', { email: 'x@example.com', name: 'Ada Lovelace' }, isCommon)).toMatch(/name/);
    expect(passwordProblem('my ada horse', ada, isCommon)).toBeUndefined();
    expect(passwordProblem('anything goes here', { email: 'x@example.com', name: null }, isCommon)).toBeUndefined();
  });
});
