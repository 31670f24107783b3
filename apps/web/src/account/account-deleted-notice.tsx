'use client';
// "Your account was deleted" on the sign-in page the profile page sends a deleted account to (`?deleted=1`).
import { useEffect, useState } from 'react';

export function AccountDeletedNotice() {
  const [shown, setShown] = useState(false);
  // Read after mount: the sign-in page needs no Suspense boundary for one flag.
  useEffect(() => setShown(new URLSearchParams(window.location.search).has('deleted')), []);
  if (!shown) return null;
  return (
    <p className="alert alert-success" role="status" data-testid="account-deleted">
      Your account was deleted, and every session of it has ended.
    </p>
  );
}
