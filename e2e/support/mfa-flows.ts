// MFA and passkey helpers: codes computed from the secret the page shows, the "confirm it's you" prompt, and the
// DevTools protocol's virtual authenticator standing in for a device's platform authenticator.
import type { CDPSession, Locator, Page } from 'playwright-core';
import { TOTP } from 'otpauth';
import { screenshot } from './browser.js';

/** RFC 6238's code for `secret` (base32) at `at`; the next 30 s step by default, which no earlier use has spent. */
export function totpCode(secret: string, at = Date.now() + 30_000): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
}

/**
 * Waits for `done`; if the API asked for a recent sign-in first (the e2e stack's REAUTH_MAX_AGE is a few seconds),
 * confirms with the password in the prompt on the way.
 */
export async function confirmIfAsked(page: Page, done: Locator, password: string, shot?: string): Promise<void> {
  const dialog = page.getByTestId('reauth-dialog');
  await done.or(dialog).first().waitFor();
  if (!(await dialog.isVisible())) return;
  if (shot) await screenshot(page, shot);
  await dialog.getByLabel('Current password').fill(password);
  await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
  await done.waitFor();
}

/** A credential as WebAuthn.getCredentials answers it (the private key included: the authenticator is ours). */
export type VirtualCredential = Awaited<ReturnType<typeof listCredentials>>[number];

const listCredentials = async (cdp: CDPSession, authenticatorId: string) =>
  (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

/** A platform authenticator with resident keys and user verification, for `page` only. */
export async function virtualAuthenticator(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    async credentials(): Promise<VirtualCredential[]> {
      return listCredentials(cdp, authenticatorId);
    },
    /** Puts `credential` back as it was: a clone of the key with its old signature counter. */
    async restore(credential: VirtualCredential): Promise<void> {
      await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential.credentialId });
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
  };
}
