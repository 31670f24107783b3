// What a second factor is to the rest of the server: a method name, whether a user has it, and a check of a proof.
// The MFA step of every sign-in (POST /auth/mfa/verify), reauthentication and step-up ask the registry in
// mfa/factors.ts, so TOTP, recovery codes and passkeys plug in the same way and none of them knows the others.
import type { Core } from '../core.js';
import type { ClientInfo } from '../http/client-info.js';
import type { AmrValue } from '../reauth/amr.js';

export type FactorMethod = 'totp' | 'webauthn' | 'recovery_code';

/** The proof sent for a method: a code (TOTP, recovery code) or a WebAuthn assertion (the browser's JSON). */
export type FactorProof = { method: 'totp' | 'recovery_code'; code: string } | { method: 'webauthn'; response: unknown };

export interface SecondFactor {
  method: FactorMethod;
  /** Whether the user has this factor in use (a confirmed TOTP, unused recovery codes, a registered passkey). */
  enrolled(core: Core, userId: string): Promise<boolean>;
  /**
   * Checks the proof for the user. Answers the RFC 8176 methods it proves (`otp`, or `hwk`/`swk` and `user`), or
   * throws TesseraError `invalid_code` (status 401) when it is wrong, replayed or already used. `purpose` names
   * the challenge a WebAuthn assertion must answer.
   */
  /**
   * What the client needs before it can prove this factor, sent with the MFA challenge as `<method>_options`
   * (WebAuthn: request options listing the user's passkeys, with a fresh single-use challenge). Absent for codes.
   */
  options?(core: Core, userId: string): Promise<unknown>;
  verify(core: Core, userId: string, proof: FactorProof, context: { purpose: 'mfa' | 'reauth'; client: ClientInfo }): Promise<AmrValue[]>;
}
