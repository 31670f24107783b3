'use client';
// The 10 recovery codes, shown once (the API stores them hashed): the user copies them, then says so.
import { useState } from 'react';

export function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="recovery" data-testid="recovery-codes">
      <p className="alert alert-warning">
        Save these recovery codes somewhere safe. Each one signs you in once if you lose your authenticator. They are shown only now.
      </p>
      <ol className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code data-testid="recovery-code">{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button
          type="button"
          className="button-secondary"
          onClick={() =>
            void navigator.clipboard.writeText(codes.join('\n')).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy all'}
        </button>
        <button type="button" className="button" onClick={onSaved} data-testid="codes-saved">
          I saved them
        </button>
      </div>
    </div>
  );
}
