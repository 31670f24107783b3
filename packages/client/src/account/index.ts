// @tessera/client/account: password reset, email verification and change, email sign-in, reauthentication,
// provider linking, TOTP, recovery codes and passkey management, as functions of a client. A subpath of its own: the
// core stays within its size budget.
export {
  changeEmail,
  confirmEmailChange,
  linkProvider,
  reauthenticate,
  requestEmailVerification,
  requestPasswordReset,
  resetPassword,
  revertEmailChange,
  signInWithEmail,
  verifyEmail,
  verifyEmailSignIn,
  type AccountClient,
} from './account.js';
export type { EmailSignInProof, ProviderProof, ReauthProof } from './account-requests.js';
export {
  confirmTotp,
  deletePasskey,
  disableTotp,
  getMfaStatus,
  listPasskeys,
  regenerateRecoveryCodes,
  renamePasskey,
  setupTotp,
  type MfaStatus,
  type Passkey,
  type TotpSetup,
} from './second-factors.js';
export { deleteAccount, exportAccount, listSecurityEvents, type SecurityEvent, type SecurityEventPage } from './own-account.js';
