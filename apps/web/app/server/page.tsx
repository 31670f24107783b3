// The section's landing page, public: rendered on the server, it already knows whether someone is signed in.
import Link from 'next/link';
import { serverTessera } from '@/server-rendered/server-tessera';

export default async function ServerHome() {
  const auth = await serverTessera().auth();
  return (
    <section className="card">
      <h1>Server-rendered</h1>
      <p className="muted">
        <code>@tessera/next</code> serves the auth routes on this origin, so the refresh cookie is first-party. <code>proxy.ts</code>{' '}
        refreshes an expired access token once per request and protects the profile; Server Components read the user with{' '}
        <code>getSession()</code>.
      </p>
      <p data-testid="server-home-status">{auth ? `Signed in (user ${auth.userId}).` : 'Not signed in.'}</p>
      <Link href={auth ? '/server/profile' : '/server/login'} className="button">
        {auth ? 'Open the profile' : 'Sign in'}
      </Link>
    </section>
  );
}
