// A signing key as every part of the key store sees it.
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { JwtAlgorithm } from '../config/index.js';

export interface SigningKey {
  kid: string;
  alg: JwtAlgorithm;
  privateKey: KeyObject;
  /** Absent for HS256: a shared secret is never published. */
  publicJwk: JWK | undefined;
  verifyKey: KeyObject;
  createdAt: number;
  /** Signing starts here. */
  notBefore: number;
  retiredAt: number | null;
}
