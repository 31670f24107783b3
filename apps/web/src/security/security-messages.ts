// What the Security page, the MFA step and the prompt say per failure code, where it differs from the account pages.
export const SECURITY_MESSAGES: Readonly<Record<string, string>> = {
  invalid_code: 'That code is wrong or was used already. Authenticator codes change every 30 seconds; each recovery code works once.',
  invalid_token: 'This sign-in attempt expired or ran out of tries. Start over.',
  invalid_credentials: 'Wrong password.',
  reauthentication_required: 'Please confirm it is you first.',
  passkey_cancelled: 'The passkey prompt was closed or timed out. Try again.',
  passkey_refused: 'That passkey was not accepted. Try another, or sign in another way.',
  not_supported: 'This browser cannot use passkeys here.',
  not_found: 'Nothing to change: it is not set up, or was removed already.',
  mfa_already_enabled: 'An authenticator app is already on for this account.',
  passkey_exists: 'This device already holds one of your passkeys.',
  last_sign_in_method: 'This passkey is your only way to sign in: add another first.',
  mfa_required: 'This account needs a second step: finish signing in with it.',
};
