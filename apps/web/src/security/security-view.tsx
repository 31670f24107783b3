'use client';
// The Security page's body, shared by both sections: the authenticator app with its recovery codes, and the passkeys.
import { useCallback, useEffect, useState } from 'react';
import { AccountError } from '../account/account-alert';
import { SECURITY_MESSAGES } from './security-messages';
import { failureOf } from '../account/account-messages';
import { PasskeysCard } from './passkeys-card';
import type { Passkey, SecurityApi } from './security-api';
import { TotpCard } from './totp-card';

export function SecurityView({ api }: { api: SecurityApi }) {
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  const load = useCallback(async () => {
    try {
      setPasskeys(await api.listPasskeys());
      setFailure(null);
    } catch (error) {
      setFailure(failureOf(error));
    }
  }, [api]);

  useEffect(() => void load(), [load]);

  const reload = () => void load();
  return (
    <>
      <section className="card">
        <h1>Security</h1>
        <p className="muted">
          Second factors for signing in, and passkeys. Changing them asks you to confirm it&apos;s you when your last sign-in is not recent.
        </p>
        <AccountError failure={failure} messages={SECURITY_MESSAGES} />
      </section>
      <TotpCard api={api} />
      <PasskeysCard api={api} passkeys={passkeys} onChange={reload} />
    </>
  );
}
