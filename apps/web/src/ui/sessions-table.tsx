'use client';
// The user's sessions (GET /auth/sessions) with a revoke button per session.
export interface SessionInfo {
  id: string;
  created_at: string;
  last_used_at: string;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

/** "Chrome on Linux" from a user agent string; the raw string is in the title attribute. */
function describeAgent(agent: string | null): string {
  if (!agent) return 'Unknown client';
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(agent)
        ? 'Chromium'
        : /Safari\//.test(agent)
          ? 'Safari'
          : /node|undici/i.test(agent)
            ? 'Server (next-auth)'
            : agent.split(/[\s/]/)[0] || 'Unknown client';
  const os = /Windows/.test(agent)
    ? 'Windows'
    : /Mac OS X/.test(agent)
      ? 'macOS'
      : /Android/.test(agent)
        ? 'Android'
        : /iPhone|iPad/.test(agent)
          ? 'iOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function SessionsTable({
  sessions,
  onRevoke,
  busy,
}: {
  sessions: SessionInfo[];
  onRevoke: (session: SessionInfo) => void;
  busy: string | null;
}) {
  return (
    <table className="sessions" data-testid="sessions">
      <thead>
        <tr>
          <th>Device</th>
          <th>Signed in</th>
          <th>Last active</th>
          <th>IP</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id} data-testid="session-row" data-current={session.current}>
            <td title={session.user_agent ?? ''}>
              {describeAgent(session.user_agent)}
              {session.current ? <span className="badge badge-authenticated">this browser</span> : null}
            </td>
            <td>{when(session.created_at)}</td>
            <td>{when(session.last_used_at)}</td>
            <td>{session.ip ?? '—'}</td>
            <td className="actions">
              <button
                type="button"
                className="button-small button-danger"
                disabled={busy === session.id}
                onClick={() => onRevoke(session)}
                data-testid="revoke-session"
              >
                {session.current ? 'Sign out' : 'Revoke'}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
