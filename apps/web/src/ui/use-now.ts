'use client';
// The current time, re-read every `intervalMs`, for countdowns.
import { useEffect, useState } from 'react';

export function useNow(intervalMs = 1000): number | null {
  // null during the server render and hydration, so the markup matches; the clock starts in the browser.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function clockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en-GB', { hour12: false });
}
