'use client';
// Watches an access token's expiry and notes when a new token arrived: what the status panel shows as rotation.
import { useEffect, useRef, useState } from 'react';

export interface TokenTimeline {
  /** When this page last received a token (sign-in, refresh, or another tab's refresh), epoch ms. */
  receivedAt: number | null;
  /** Tokens this page has received since it loaded. */
  received: number;
}

export function useTokenTimeline(expiresAt: number | null): TokenTimeline {
  const [timeline, setTimeline] = useState<TokenTimeline>({ receivedAt: null, received: 0 });
  const previous = useRef<number | null>(null);
  useEffect(() => {
    if (expiresAt !== null && expiresAt !== previous.current) setTimeline((t) => ({ receivedAt: Date.now(), received: t.received + 1 }));
    previous.current = expiresAt;
  }, [expiresAt]);
  return timeline;
}
