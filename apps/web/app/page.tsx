import Link from 'next/link';

export default function Home() {
  return (
    <main className="home">
      <section className="hero">
        <h1>Two ways to sign in to the same API</h1>
        <p className="muted">
          Both front ends talk to the Tessera demo API: short-lived JWT access tokens, rotating refresh tokens, sessions you can revoke.
          Pick one and watch the token rotate in the status panel.
        </p>
      </section>
      <div className="cards">
        <Link href="/direct/posts" className="card card-link" data-testid="home-direct">
          <h2>Direct SDK</h2>
          <p>
            <code>@tessera/client</code> in the browser. The access token stays in memory, the refresh token in the API&apos;s HttpOnly
            cookie; tabs share one refresh and sign out together.
          </p>
          <ul className="checks">
            <li>Register and sign in</li>
            <li>Posts polled every 10 s</li>
            <li>Profile, sessions, revoke, sign out everywhere</li>
          </ul>
          <span className="button">Open the direct demo →</span>
        </Link>
        <Link href="/next-auth/posts" className="card card-link" data-testid="home-next-auth">
          <h2>next-auth</h2>
          <p>
            <code>@tessera/client/next-auth</code>: next-auth signs in with a password or Google, keeps Tessera&apos;s tokens in its
            encrypted session cookie and rotates them on the server.
          </p>
          <ul className="checks">
            <li>Credentials and &ldquo;Sign in with Google&rdquo;</li>
            <li>
              Posts through <code>useAccessToken()</code>
            </li>
            <li>Sign out revokes the session at the API</li>
          </ul>
          <span className="button">Open the next-auth demo →</span>
        </Link>
        <Link href="/server/profile" className="card card-link" data-testid="home-server">
          <h2>Server-rendered</h2>
          <p>
            <code>@tessera/next</code>: the auth routes on this origin (a first-party refresh cookie), Server Components that render the
            user, and <code>proxy.ts</code> that refreshes once per request and protects pages.
          </p>
          <ul className="checks">
            <li>
              <code>getSession()</code> and <code>authFetch()</code> on the server
            </li>
            <li>One refresh per expiry across proxy, pages and the SDK</li>
            <li>Sign-out in another tab</li>
          </ul>
          <span className="button">Open the server-rendered demo →</span>
        </Link>
      </div>
    </main>
  );
}
