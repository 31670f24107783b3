'use client';
// Seed 000's check: poll the protected posts every 10 s with whatever token the integration hands out.
import { useEffect, useRef, useState } from 'react';

export interface Post {
  id: number;
  title: string;
  body: string;
  author: string;
  published_at: string;
}

export interface PostsPoll {
  posts: Post[] | null;
  /** Successful loads since the page opened. */
  loads: number;
  /** Answers other than 200 (a 401 here means the integration handed out a dead token). */
  failures: number;
  lastLoadedAt: number | null;
  /** The last failure, as `status code`, cleared by the next success. */
  error: { status: number; code: string } | null;
}

/** `load` makes the request (adding the token its own way) and returns the raw Response. */
export function usePostsPoll(load: () => Promise<Response>, intervalMs = 10_000): PostsPoll {
  const [poll, setPoll] = useState<PostsPoll>({ posts: null, loads: 0, failures: 0, lastLoadedAt: null, error: null });
  // The latest `load`, without restarting the interval whenever the caller re-renders.
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let active = true;
    const tick = async () => {
      let response: Response;
      try {
        response = await loadRef.current();
      } catch {
        if (active) setPoll((p) => ({ ...p, failures: p.failures + 1, error: { status: 0, code: 'network_error' } }));
        return;
      }
      if (!active) return;
      if (response.ok) {
        const { posts } = (await response.json()) as { posts: Post[] };
        if (active) setPoll((p) => ({ posts, loads: p.loads + 1, failures: p.failures, lastLoadedAt: Date.now(), error: null }));
      } else {
        const problem = (await response.json().catch(() => ({}))) as { code?: string };
        if (active)
          setPoll((p) => ({ ...p, failures: p.failures + 1, error: { status: response.status, code: problem.code ?? 'unknown' } }));
      }
    };
    void tick();
    const id = setInterval(() => void tick(), intervalMs);
    return () => {
      active = false;
      clearInterval(id);
    };
  }, [intervalMs]);
  return poll;
}
