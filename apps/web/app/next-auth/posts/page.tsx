'use client';
import { useAccessToken } from '@tessera/client/next-auth/react';
import { useNextAuthSettings } from '@/next-auth/next-auth-providers';
import { NextAuthGuard } from '@/next-auth/next-auth-guard';
import { PostsView } from '@/ui/posts-view';
import { usePostsPoll } from '@/ui/use-posts-poll';

const INTERVAL = 10_000;

function Posts() {
  const { apiUrl, refreshMargin } = useNextAuthSettings();
  // Hands out the session's token, or refetches the session first when it is about to expire.
  const getAccessToken = useAccessToken({ margin: refreshMargin / 2 });
  const poll = usePostsPoll(async () => {
    const token = await getAccessToken();
    return fetch(`${apiUrl}/api/posts`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  }, INTERVAL);
  return <PostsView poll={poll} intervalMs={INTERVAL} via={<code>useAccessToken()</code>} />;
}

export default function NextAuthPostsPage() {
  return (
    <NextAuthGuard>
      <Posts />
    </NextAuthGuard>
  );
}
