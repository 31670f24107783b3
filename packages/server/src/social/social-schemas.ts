// Request and response schemas of the social routes (validation and OpenAPI).
import { z } from 'zod';

const nonce = z
  .string()
  .min(1)
  .max(512)
  .optional()
  .describe(
    'the nonce sent in the authentication request; checked against the ID token when sent. With id_token, the token must carry a nonce from POST /auth/social/{provider}/nonce, usable once',
  );

export function socialSchemas() {
  return {
    socialSignIn: z
      .strictObject({
        id_token: z
          .string()
          .min(1)
          .max(8192)
          .optional()
          .describe('an ID token the front end obtained (Google Identity Services, next-auth account.id_token)'),
        code: z.string().min(1).max(2048).optional().describe('an authorization code; Tessera redeems it with the client secret'),
        // RFC 7636 §4.1: 43 to 128 unreserved characters.
        code_verifier: z
          .string()
          .regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~')
          .optional()
          .describe('the PKCE verifier (with code)'),
        redirect_uri: z.url().max(2048).optional().describe('the redirect_uri of the authorization request (with code)'),
        nonce,
      })
      .superRefine((body, ctx) => {
        const codeFields = (['code', 'code_verifier', 'redirect_uri'] as const).filter((k) => body[k] !== undefined);
        if (body.id_token !== undefined && codeFields.length > 0) {
          ctx.addIssue({ code: 'custom', path: [codeFields[0]!], message: 'send either id_token or code, not both' });
        } else if (body.id_token === undefined) {
          for (const field of ['code', 'code_verifier', 'redirect_uri'] as const) {
            if (body[field] === undefined)
              ctx.addIssue({
                code: 'custom',
                path: [field],
                message: codeFields.length === 0 ? 'send id_token, or code with code_verifier and redirect_uri' : `required with code`,
              });
          }
        }
      })
      .describe('Either {id_token, nonce?} (the token carrying a nonce Tessera issued) or {code, code_verifier, redirect_uri, nonce?}'),
    socialNonce: z.object({
      nonce: z.string().describe('put it in the authentication request (e.g. Google Identity Services `nonce`)'),
      expires_in: z.number().int().describe('seconds it stays usable'),
    }),
    socialProviders: z.object({
      providers: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          issuer: z.string(),
          client_id: z.string(),
          authorization_endpoint: z.string().nullable().describe('null while the provider cannot be reached'),
        }),
      ),
    }),
  };
}
