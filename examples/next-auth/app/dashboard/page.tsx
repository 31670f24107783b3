'use client';
import { useAccessToken, useAuth } from '@tessera/client/next-auth/react';
import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

interface Session {
  id: string;
  user_agent: string | null;
  current: boolean;
}

export default function DashboardPage() {
  const router = useRouter();
  // required: a signed-out visitor goes to /login. RefreshAccessTokenError: signOut(), then /login.
  const { status, user } = useAuth({ required: true, redirectTo: '/login', navigate: router.replace });
  const getAccessToken = useAccessToken();
  const [sessions, setSessions] = useState<Session[]>([]);
  useEffect(() => {
    if (status !== 'authenticated') return;
    void (async () => {
      const token = await getAccessToken(); // current, refreshed first if it was about to expire
      const res = await fetch(`${process.env.NEXT_PUBLIC_API_URL}/auth/sessions`, { headers: { authorization: `Bearer ${token}` } });
      // Tessera's GET /auth/sessions answers { sessions: [...] }: the devices this user is signed in on.
      if (res.ok) setSessions(((await res.json()) as { sessions: Session[] }).sessions);
    })();
  }, [status, getAccessToken]);
  if (status !== 'authenticated') return null;
  return (
    <main>
      <p>Signed in as {user?.email}</p>
      <ul>
        {sessions.map((session) => (
          <li key={session.id}>
            {session.user_agent ?? 'Unknown device'}
            {session.current && ' (this one)'}
          </li>
        ))}
      </ul>
      {/* events.signOut revokes the session at Tessera too. */}
      <button onClick={() => void signOut({ callbackUrl: '/login' })}>Sign out</button>
    </main>
  );
}
