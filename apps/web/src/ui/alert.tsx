// An error box that names its code for tests (data-code) and says something a person can act on.
import { messageFor } from './auth-messages';

export function ErrorAlert({ code, retryAfter }: { code: string | null | undefined; retryAfter?: number | undefined }) {
  if (!code) return null;
  return (
    <p className="alert alert-error" role="alert" data-testid="form-error" data-code={code}>
      {messageFor(code, retryAfter)}
    </p>
  );
}
