// next-auth's routes (/api/auth/*): sign-in, callbacks, session, sign-out.
import NextAuth from 'next-auth';
import { demoNextAuth } from '@/next-auth/auth';

type Context = { params: Promise<{ nextauth: string[] }> };
type Handler = (request: Request, context: Context, options: ReturnType<typeof demoNextAuth>['authOptions']) => Promise<Response>;

// Options per request (next-auth's advanced initialization): the Google/OIDC exchange at Tessera then carries the
// browser's user agent like the password and MFA steps, so the MFA step of a social sign-in is the same client that
// Tessera bound its mfa_token to. Built from the runtime environment on each request, never at build time.
function handle(request: Request, context: Context): Promise<Response> {
  return (NextAuth as unknown as Handler)(request, context, demoNextAuth().authOptionsFor(request.headers));
}

export { handle as GET, handle as POST };
export const dynamic = 'force-dynamic';
