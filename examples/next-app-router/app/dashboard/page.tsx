'use client';
import { RequireAuth, useAuth } from '@tessera/client/react';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

interface Session {
  id: string;
  user_agent: string | null;
  current: boolean;
}

export default function DashboardPage() {
  const router = useRouter();
  return (
    <RequireAuth redirectTo="/login" navigate={router.replace}>
      <Sessions />
    </RequireAuth>
  );
}

function Sessions() {
  const { user, fetch, logout } = useAuth();
  const [sessions, setSessions] = useState<Session[]>([]);
  useEffect(() => {
    // Paths starting with "/" resolve against baseUrl; the token is added, refreshed and retried for you.
    // Tessera's GET /auth/sessions answers { sessions: [...] }: the devices this user is signed in on.
    void fetch('/auth/sessions')
      .then((res) => res.json())
      .then((body: { sessions: Session[] }) => setSessions(body.sessions));
  }, [fetch]);
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
      <button onClick={() => void logout()}>Sign out</button>
    </main>
  );
}
