// The account pages' error box: the code for tests (data-code), a sentence for people.
import { accountMessageFor } from './account-messages';

export function AccountError({ failure }: { failure: { code: string; retryAfter?: number | undefined } | null }) {
  if (!failure) return null;
  return (
    <p className="alert alert-error" role="alert" data-testid="form-error" data-code={failure.code}>
      {accountMessageFor(failure.code, failure.retryAfter)}
    </p>
  );
}
