// The account pages' error box: the code for tests (data-code), a sentence for people.
import { accountMessageFor } from './account-messages';

export function AccountError({
  failure,
  messages,
}: {
  failure: { code: string; retryAfter?: number | undefined } | null;
  /** Sentences that replace the account pages' own for some codes (a TOTP code is not a mailed one). */
  messages?: Readonly<Record<string, string>>;
}) {
  if (!failure) return null;
  return (
    <p className="alert alert-error" role="alert" data-testid="form-error" data-code={failure.code}>
      {messages?.[failure.code] ?? accountMessageFor(failure.code, failure.retryAfter)}
    </p>
  );
}
