// @tessera/client/account: password reset, email verification and change, email sign-in, reauthentication and
// provider linking, as functions of a client. A subpath of its own: the core stays within its size budget.
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
export type { EmailSignInProof, ProviderProof } from './account-requests.js';
