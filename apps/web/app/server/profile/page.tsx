// A Server Component that knows the user: getSession() reads the access cookie (refreshed by proxy.ts before this
// render when it had expired) and authFetch() calls the API with the user's token, all on the server.
import { redirect } from 'next/navigation';
import { SdkStatus } from '@/server-rendered/sdk-status';
import { ServerSignOut } from '@/server-rendered/server-sign-out';
import { serverTessera } from '@/server-rendered/server-tessera';

export default async function ServerProfilePage() {
  const tessera = serverTessera();
  const session = await tessera.getSession();
  // proxy.ts already redirected signed-out visits; this is the page's own guarantee.
  if (!session) redirect('/server/login?next=%2Fserver%2Fprofile');
  const { posts } = (await (await tessera.authFetch('/api/posts')).json()) as { posts: { id: string | number; title: string }[] };
  return (
    <section className="card">
      <h1>Profile, rendered on the server</h1>
      <dl>
        <dt>Email</dt>
        <dd data-testid="server-email">{session.user.email}</dd>
        <dt>Access token</dt>
        <dd data-testid="server-token" data-jti={session.claims.jti} data-exp={session.claims.exp}>
          id {session.claims.jti.slice(0, 8)}…, expires {new Date(session.claims.exp * 1000).toISOString()}
        </dd>
        <dt>Posts (fetched on the server)</dt>
        <dd data-testid="server-posts">{posts.length}</dd>
      </dl>
      <SdkStatus />
      <ServerSignOut />
    </section>
  );
}
