// Tessera's auth routes under the demo's own origin, for the "server-rendered" section (@tessera/next): the refresh
// cookie is first-party here, and every token answer also sets the HttpOnly access cookie its Server Components read.
import { serverTessera } from '@/server-rendered/server-tessera';

export const dynamic = 'force-dynamic';

const handle = (request: Request) => serverTessera().handlers.POST(request);
export { handle as GET, handle as POST, handle as PATCH, handle as PUT, handle as DELETE };
