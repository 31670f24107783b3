// The OpenAPI 3.1 document, generated from the route declarations (route.ts): the same zod schemas the routes
// validate with, the same auth they enforce, and error codes typed as the server's own.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { MISSING_COOKIE_CAUSES } from '../doctor/cookie-diagnostic.js';
import { ERRORS, type ErrorCode } from '../errors.js';
import { impliedErrors, routePath, type RouteGroup, type RouteSpec } from './route.js';

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('stable error code; see the response descriptions for the codes of each operation'),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  cookie_diagnostic: z
    .object({
      likely_cause: z.enum(MISSING_COOKIE_CAUSES),
      explanation: z.string(),
      fix: z.string(),
      message: z.string().describe('the whole diagnosis as one sentence, for a developer console'),
    })
    .optional()
    .describe(
      'Only outside production (COOKIE_DIAGNOSTICS), on a POST /refresh answered 401 invalid_token because no refresh cookie came: why the browser likely kept it back (docs/deployment.md)',
    ),
});

const TRANSPORT_HEADER = {
  name: 'X-Token-Transport',
  in: 'header',
  required: false,
  schema: { type: 'string', enum: ['cookie', 'body'] },
  description: '`body` returns refresh_token in the JSON instead of a cookie',
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Every error code an operation can answer with, its own and those its auth and body imply. */
function operationErrors(spec: RouteSpec): Array<[ErrorCode, number]> {
  const all = new Map<string, [ErrorCode, number]>();
  for (const error of [...spec.errors, ...impliedErrors(spec)]) {
    const [code, status] = typeof error === 'string' ? [error, ERRORS[error].status] : error;
    all.set(`${code}@${status}`, [code, status]);
  }
  return [...all.values()];
}

function operation(group: RouteGroup, spec: RouteSpec, path: string): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [spec.ok.status]: spec.ok.schema
      ? { description: spec.ok.description, content: { 'application/json': { schema: jsonSchema(spec.ok.schema) } } }
      : { description: spec.ok.description },
  };
  for (const [code, status] of operationErrors(spec)) {
    const entry = (responses[String(status)] ??= {
      description: '',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    }) as { description: string };
    entry.description = [entry.description, code].filter(Boolean).join(', ');
  }
  const op: Record<string, unknown> = { operationId: spec.operationId, summary: spec.summary, tags: [group.name] };
  if (spec.description) op.description = spec.description;
  // An empty security list states "no authentication" rather than leaving it undeclared.
  op.security =
    spec.auth === 'bearer'
      ? [{ bearer: [] }]
      : spec.auth === 'refresh'
        ? [{ refreshCookie: [] }, {}]
        : spec.auth === 'bearer-optional'
          ? [{ bearer: [] }, {}]
          : [];
  const parameters: unknown[] = [];
  if (spec.tokenTransport) parameters.push(TRANSPORT_HEADER);
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  for (const [name, field] of Object.entries(spec.query?.shape ?? {})) {
    const { description, ...schema } = jsonSchema(field as z.ZodType);
    const required = !(field as z.ZodType).safeParse(undefined).success;
    parameters.push({ name, in: 'query', required, schema, ...(description ? { description } : {}) });
  }
  if (parameters.length > 0) op.parameters = parameters;
  if (spec.body) {
    op.requestBody = {
      required: spec.auth !== 'refresh' && spec.auth !== 'bearer-optional',
      content: { 'application/json': { schema: jsonSchema(spec.body) } },
    };
  }
  op.responses = responses;
  return op;
}

/** OpenAPI path syntax for a Hono path: `/sessions/:id` → `/sessions/{id}`. */
function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)/g, '{$1}');
}

export function buildOpenApi(config: ResolvedConfig, groups: readonly RouteGroup[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const group of groups) {
    for (const spec of group.routes) {
      const path = openApiPath(routePath(config.basePath, group, spec));
      (paths[path] ??= {})[spec.method] = operation(group, spec, path);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera',
      version: '0.1.0',
      description: 'Authentication API: JWT access tokens, rotating refresh tokens, sessions.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the document is served by the API it describes, wherever that is mounted.
    servers: [{ url: '/', description: 'the server that serves this document' }],
    tags: groups.map((group) => ({ name: group.name, description: group.description })),
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: config.cookie.name },
      },
    },
  };
}
