// next-auth's routes (/api/auth/*): sign-in, callbacks, session, sign-out.
import NextAuth from 'next-auth';
import { demoNextAuth } from '@/next-auth/auth';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options come from the runtime environment, so the handler is made on the first request rather than at build time.
let handler: ((request: Request, context: Context) => Promise<Response>) | undefined;
function handle(request: Request, context: Context): Promise<Response> {
  handler ??= NextAuth(demoNextAuth().authOptions) as (request: Request, context: Context) => Promise<Response>;
  return handler(request, context);
}

export { handle as GET, handle as POST };
export const dynamic = 'force-dynamic';
