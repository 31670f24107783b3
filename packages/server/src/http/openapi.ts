// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { ERRORS } from '../errors.js';
import type { Schemas } from './schemas.js';

interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  auth: 'none' | 'bearer' | 'refresh';
  body?: z.ZodType;
  ok: { status: number; schema?: z.ZodType; description: string };
  errors: Array<keyof typeof ERRORS>;
}

export function buildOpenApi(config: ResolvedConfig, s: Schemas) {
  const base = config.basePath;
  const routes: RouteDoc[] = [
    {
      method: 'post',
      path: `${base}/register`,
      summary: 'Create an account and sign in',
      auth: 'none',
      body: s.register,
      ok: { status: 201, schema: s.tokenResponse, description: 'Signed in' },
      errors: ['validation_failed', 'email_taken', 'payload_too_large'],
    },
    {
      method: 'post',
      path: `${base}/login`,
      summary: 'Sign in with email and password',
      auth: 'none',
      body: s.login,
      ok: { status: 200, schema: s.tokenResponse, description: 'Signed in' },
      errors: ['invalid_credentials', 'rate_limited', 'validation_failed'],
    },
    {
      method: 'post',
      path: `${base}/refresh`,
      summary: 'Exchange the refresh token (cookie or body) for new tokens; rotates it',
      auth: 'refresh',
      body: s.refresh,
      ok: { status: 200, schema: s.tokenResponse, description: 'New tokens' },
      errors: ['invalid_token', 'token_expired', 'refresh_token_reused', 'session_revoked', 'csrf_rejected'],
    },
    {
      method: 'post',
      path: `${base}/logout`,
      summary: 'Revoke the session of the refresh token and clear the cookie',
      auth: 'refresh',
      body: s.refresh,
      ok: { status: 204, description: 'Signed out' },
      errors: ['csrf_rejected', 'validation_failed'],
    },
    {
      method: 'post',
      path: `${base}/logout-all`,
      summary: 'Revoke every session of the user',
      auth: 'bearer',
      ok: { status: 204, description: 'All sessions revoked' },
      errors: ['invalid_token', 'token_expired', 'session_revoked'],
    },
    {
      method: 'get',
      path: `${base}/sessions`,
      summary: "List the user's active sessions",
      auth: 'bearer',
      ok: { status: 200, schema: s.sessions, description: 'Sessions' },
      errors: ['invalid_token', 'token_expired', 'session_revoked'],
    },
    {
      method: 'delete',
      path: `${base}/sessions/{id}`,
      summary: 'Revoke one of your own sessions',
      auth: 'bearer',
      ok: { status: 204, description: 'Revoked' },
      errors: ['invalid_token', 'not_found'],
    },
    {
      method: 'get',
      path: `${base}/me`,
      summary: 'The signed-in user',
      auth: 'bearer',
      ok: { status: 200, schema: s.user, description: 'User' },
      errors: ['invalid_token', 'token_expired', 'session_revoked'],
    },
    {
      method: 'patch',
      path: `${base}/me`,
      summary: 'Update name and custom fields',
      auth: 'bearer',
      body: s.updateMe,
      ok: { status: 200, schema: s.user, description: 'Updated user' },
      errors: ['invalid_token', 'validation_failed'],
    },
    {
      method: 'post',
      path: `${base}/password`,
      summary: 'Change the password; every other session is revoked',
      auth: 'bearer',
      body: s.changePassword,
      ok: { status: 204, description: 'Changed' },
      errors: ['invalid_credentials', 'rate_limited', 'validation_failed', 'invalid_token'],
    },
    {
      method: 'get',
      path: `${base}/social/providers`,
      summary: 'Configured social sign-in providers, for drawing buttons',
      auth: 'none',
      ok: { status: 200, schema: s.socialProviders, description: 'Providers' },
      errors: [],
    },
    {
      method: 'post',
      path: `${base}/social/{provider}`,
      summary: 'Sign in with an OpenID Connect ID token or authorization code (PKCE); finds, links or creates the account',
      auth: 'none',
      body: s.socialSignIn,
      ok: { status: 200, schema: s.tokenResponse, description: 'Signed in (also when the account was just created)' },
      errors: ['validation_failed', 'invalid_id_token', 'invalid_grant', 'provider_not_configured', 'account_exists', 'provider_error'],
    },
    {
      method: 'delete',
      path: `${base}/social/{provider}`,
      summary: 'Unlink a social provider from your account',
      auth: 'bearer',
      ok: { status: 204, description: 'Unlinked' },
      errors: ['invalid_token', 'not_found', 'last_sign_in_method'],
    },
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'Public keys that verify access tokens (RFC 7517)',
      auth: 'none',
      ok: { status: 200, description: 'JWK Set' },
      errors: [],
    },
    {
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and database check',
      auth: 'none',
      ok: { status: 200, description: 'Healthy' },
      errors: ['service_unavailable'],
    },
  ];

  const jsonSchema = (schema: z.ZodType) => {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {
      [route.ok.status]: route.ok.schema
        ? { description: route.ok.description, content: { 'application/json': { schema: jsonSchema(route.ok.schema) } } }
        : { description: route.ok.description },
    };
    for (const code of route.errors) {
      const status = String(ERRORS[code].status);
      const entry = (responses[status] ??= {
        description: '',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      }) as { description: string };
      entry.description = [entry.description, code].filter(Boolean).join(', ');
    }
    const operation: Record<string, unknown> = { summary: route.summary, responses };
    if (route.auth === 'bearer') operation.security = [{ bearer: [] }];
    if (route.auth === 'refresh') {
      operation.security = [{ refreshCookie: [] }, {}];
      operation.description =
        'Send the refresh cookie (browsers; JSON content type and an allowed Origin required) or {"refresh_token"} in the body (server-side clients).';
    }
    const parameters: unknown[] = [];
    if (
      route.path.endsWith('/register') ||
      route.path.endsWith('/login') ||
      (route.method === 'post' && route.path.endsWith('/social/{provider}'))
    ) {
      parameters.push({
        name: 'X-Token-Transport',
        in: 'header',
        required: false,
        schema: { enum: ['cookie', 'body'] },
        description: '`body` returns refresh_token in the JSON instead of a cookie',
      });
    }
    for (const name of ['id', 'provider']) {
      if (route.path.includes(`{${name}}`)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
    if (parameters.length > 0) operation.parameters = parameters;
    if (route.body)
      operation.requestBody = { required: route.auth !== 'refresh', content: { 'application/json': { schema: jsonSchema(route.body) } } };
    (paths[route.path] ??= {})[route.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: { title: 'Tessera', version: '0.1.0', description: 'Authentication API: JWT access tokens, rotating refresh tokens, sessions.' },
    paths,
    components: {
      schemas: { Problem: jsonSchema(s.problem) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: config.cookie.name },
      },
    },
  };
}
