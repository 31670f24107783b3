// GET /auth/dev/mailbox: the development mailbox, so a developer (and the demo's mailbox page) can read the mail
// the flows sent without a mail server. Served only when NODE_ENV=development and mail goes to that mailbox.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';
import { route, type RouteGroup } from '../http/route.js';
import { linkOf } from './dev-mailbox.js';

const mailSchema = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  at: z.string().describe('ISO 8601'),
  link: z.string().nullable().describe('The first link of the text part, the one to follow'),
});

/** Whether this server lists its mailbox: a development server whose mail stays in the development mailbox. */
export const servesMailbox = (config: ResolvedConfig): boolean => config.email.development && config.email.transport.kind === 'development';

/**
 * The route exists only on a server that serves it (http/app.ts adds the group only when `servesMailbox`). Elsewhere it is not registered at all, so a request meets the
 * app's own 404 `not_found`, byte for byte the answer to any unknown path: a production server does not even say it
 * has such a route. For the same reason it is in the OpenAPI document only where it is served (the document
 * describes the server that serves it), and there its summary says it is for development only; the document a
 * production server publishes, and the one the OpenAPI lint checks, never lists it.
 */
export function mailboxRoutes(): RouteGroup {
  return {
    name: 'development',
    description: 'Development only (NODE_ENV=development without SMTP_URL): the mail the server kept instead of sending',
    mount: 'auth',
    prefix: '/dev',
    routes: [
      route({
        method: 'get',
        path: '/mailbox',
        operationId: 'getDevMailbox',
        summary: 'Development only: the development mailbox, newest first',
        description: 'Answered only when NODE_ENV=development and no SMTP_URL or mail.send is set; 404 not_found otherwise.',
        auth: 'none',
        ok: { status: 200, schema: z.object({ mails: z.array(mailSchema) }), description: 'The kept mails' },
        errors: [],
        handler: (c) => {
          const mailbox = c.get('core').mailbox;
          // The core's transport comes from the same config, so this is a wiring fault, not a client's.
          if (!mailbox) throw new TesseraError('not_found', 'No such endpoint');
          const mails = mailbox.list().map((mail) => ({
            id: mail.id,
            kind: mail.kind,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            at: new Date(mail.at).toISOString(),
            link: linkOf(mail) ?? null,
          }));
          return c.json({ mails });
        },
      }),
    ],
  };
}
