'use client';
// The posts list with its polling record, shared by both integrations.
import type { ReactNode } from 'react';
import { clockTime, useNow } from './use-now';
import type { PostsPoll } from './use-posts-poll';

export function PostsView({ poll, intervalMs, via }: { poll: PostsPoll; intervalMs: number; via: ReactNode }) {
  const now = useNow(1000);
  const { posts, loads, failures, lastLoadedAt, error } = poll;
  return (
    <section className="card">
      <header className="card-header">
        <div>
          <h1>Posts</h1>
          <p className="muted">
            <code>GET /api/posts</code> with a Bearer token from {via}, every {intervalMs / 1000} s.
          </p>
        </div>
        <div className="poll-stats">
          <span className="stat" title="Successful loads">
            <strong data-testid="posts-loads">{loads}</strong> {loads === 1 ? 'load' : 'loads'}
          </span>
          <span className={`stat ${failures ? 'stat-bad' : ''}`} title="Failed loads">
            <strong data-testid="posts-failures">{failures}</strong> failed
          </span>
          {lastLoadedAt !== null ? (
            <span className="muted small" data-testid="posts-last-loaded">
              last at {clockTime(lastLoadedAt)}
              {now !== null ? ` (${Math.max(0, Math.round((now - lastLoadedAt) / 1000))} s ago)` : ''}
            </span>
          ) : null}
        </div>
      </header>
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="posts-error" data-status={error.status}>
          The last load failed: {error.status ? `HTTP ${error.status}` : 'no answer'} ({error.code}).
        </p>
      ) : null}
      {posts === null ? (
        <p className="muted">Loading posts…</p>
      ) : (
        <ul className="posts" data-testid="posts">
          {posts.map((post) => (
            <li key={post.id} className="post">
              <h3>{post.title}</h3>
              <p>{post.body}</p>
              <p className="muted small">
                {post.author} ·{' '}
                {new Date(post.published_at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
