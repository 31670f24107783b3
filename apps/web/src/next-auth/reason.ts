// next-auth's error strings and the integration's refresh-failure reasons, as the demo's error codes.
import type { RefreshFailureReason } from '@tessera/client/next-auth/react';

export function codeForReason(reason: RefreshFailureReason | null | undefined): string | null {
  switch (reason) {
    case 'revoked':
      return 'session_revoked';
    case 'reused':
      return 'refresh_token_reused';
    case 'expired':
      return 'token_expired';
    case 'network':
      return 'network_error';
    default:
      return null;
  }
}

/** `signIn()` results and `?error=` values: next-auth's own names, or the Tessera code the integration threw. */
export function codeForSignInError(error: string): string {
  switch (error) {
    case 'CredentialsSignin':
      return 'invalid_credentials';
    case 'AccessDenied':
      return 'access_denied';
    case 'OAuthSignin':
    case 'OAuthCallback':
    case 'OAuthCreateAccount':
    case 'Callback':
    case 'OAuthAccountNotLinked':
    case 'Default':
      return 'oauth_failed';
    default:
      return error;
  }
}
