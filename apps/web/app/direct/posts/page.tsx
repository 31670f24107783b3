'use client';
import { useAuth } from '@tessera/client/react';
import { DirectGuard } from '@/direct/direct-guard';
import { PostsView } from '@/ui/posts-view';
import { usePostsPoll } from '@/ui/use-posts-poll';

const INTERVAL = 10_000;

function Posts() {
  const { fetch } = useAuth();
  // client.fetch adds the Bearer token, refreshing first when it is about to expire.
  const poll = usePostsPoll(() => fetch('/api/posts'), INTERVAL);
  return <PostsView poll={poll} intervalMs={INTERVAL} via={<code>client.fetch()</code>} />;
}

export default function DirectPostsPage() {
  return (
    <DirectGuard>
      <Posts />
    </DirectGuard>
  );
}
