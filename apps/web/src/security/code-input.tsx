// A labelled one-time code field: digits for TOTP, letters and dashes allowed for recovery codes.
export function CodeInput({
  name,
  label,
  kind = 'totp',
  autoFocus,
}: {
  name: string;
  label: string;
  /** @default 'totp' */
  kind?: 'totp' | 'recovery';
  autoFocus?: boolean;
}) {
  return (
    <label>
      {label}
      {kind === 'totp' ? (
        <input
          name={name}
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          placeholder="123456"
          className="code-input"
          autoFocus={autoFocus}
        />
      ) : (
        <input
          name={name}
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="xxxxx-xxxxx"
          className="code-input code-input-wide"
          autoFocus={autoFocus}
        />
      )}
    </label>
  );
}
