// The doctor against the deployment shapes people actually run, each with the findings a browser would bear out.
import { describe, expect, it } from 'vitest';
import { diagnoseDeployment, doctorExitCode, type Deployment, type FindingCode } from './deployment-findings.js';
import { isSameSite, siteOf } from './site.js';

type Shape = Partial<Omit<Deployment, 'app' | 'api' | 'cookie'>> & { app: string; api: string; cookie?: Partial<Deployment['cookie']> };

const deployment = (shape: Shape): Deployment => ({
  app: new URL(shape.app),
  api: new URL(shape.api),
  cookie: { name: 'refresh_token', secure: true, sameSite: 'lax', domain: undefined, ...shape.cookie },
  corsAllowedOrigins: shape.corsAllowedOrigins ?? [new URL(shape.app).origin],
  production: shape.production ?? false,
});

const codes = (shape: Shape, severity?: 'error' | 'warning' | 'info') =>
  diagnoseDeployment(deployment(shape))
    .filter((finding) => !severity || finding.severity === severity)
    .map((finding) => finding.code)
    .sort();

describe('site', () => {
  it('compares scheme and registrable domain, with the hosting platforms that are public suffixes', () => {
    expect(isSameSite(new URL('https://app.example.com'), new URL('https://api.example.com'))).toBe(true);
    expect(isSameSite(new URL('http://app.example.com'), new URL('https://api.example.com'))).toBe(false);
    expect(isSameSite(new URL('https://shop.vercel.app'), new URL('https://shop-api.vercel.app'))).toBe(false);
    expect(isSameSite(new URL('https://app.example.co.uk'), new URL('https://api.example.co.uk'))).toBe(true);
    expect(isSameSite(new URL('http://localhost:3000'), new URL('http://localhost:4000'))).toBe(true);
    expect(isSameSite(new URL('http://localhost:3000'), new URL('http://127.0.0.1:4000'))).toBe(false);
    expect(siteOf(new URL('https://a.b.example.com')).guessed).toBe(true);
    expect(siteOf(new URL('https://a.example.co.uk')).guessed).toBe(false);
  });
});

describe('tessera doctor findings', () => {
  const table: Array<{ name: string; shape: Shape; errors: FindingCode[]; warnings: FindingCode[]; exit: 0 | 1 }> = [
    {
      name: 'local development on localhost ports (the demo)',
      shape: { app: 'http://localhost:3000', api: 'http://localhost:4000' },
      errors: [],
      warnings: [],
      exit: 0,
    },
    {
      name: 'the app opened on 127.0.0.1 while the API is on localhost',
      shape: { app: 'http://127.0.0.1:3000', api: 'http://localhost:4000' },
      errors: ['samesite_blocks_cross_site'],
      warnings: [],
      exit: 1,
    },
    {
      name: 'app and API subdomains of one site over https',
      shape: { app: 'https://app.example.com', api: 'https://api.example.com', production: true },
      errors: [],
      warnings: [],
      exit: 0,
    },
    {
      name: 'two unrelated domains with the default SameSite=Lax',
      shape: { app: 'https://shop.example', api: 'https://auth.example.net', production: true },
      errors: ['samesite_blocks_cross_site'],
      warnings: [],
      exit: 1,
    },
    {
      name: 'two unrelated domains with SameSite=None; Secure',
      shape: { app: 'https://shop.example', api: 'https://auth.example.net', production: true, cookie: { sameSite: 'none' } },
      errors: [],
      warnings: ['third_party_cookies'],
      exit: 0,
    },
    {
      name: 'two apps of a hosting platform (vercel.app is a public suffix)',
      shape: { app: 'https://shop.vercel.app', api: 'https://shop-api.vercel.app', production: true },
      errors: ['samesite_blocks_cross_site'],
      warnings: [],
      exit: 1,
    },
    {
      name: 'http in production',
      shape: { app: 'http://app.example.com', api: 'http://api.example.com', production: true },
      errors: ['http_in_production', 'http_in_production', 'secure_cookie_over_http'],
      warnings: [],
      exit: 1,
    },
    {
      name: 'a LAN address in development with the Secure cookie',
      shape: { app: 'http://192.168.1.20:3000', api: 'http://192.168.1.20:4000' },
      errors: ['secure_cookie_over_http'],
      warnings: [],
      exit: 1,
    },
    {
      name: 'the app missing from CORS_ALLOWED_ORIGINS',
      shape: { app: 'https://app.example.com', api: 'https://api.example.com', corsAllowedOrigins: ['https://example.com'] },
      errors: ['cors_origin_missing'],
      warnings: [],
      exit: 1,
    },
    {
      name: 'a cookie domain that does not cover the API',
      shape: { app: 'https://app.example.com', api: 'https://api.example.com', cookie: { domain: 'example.org' } },
      errors: ['cookie_domain_mismatch'],
      warnings: [],
      exit: 1,
    },
    {
      name: 'JWT_COOKIE_SECURE=false in production',
      shape: { app: 'https://app.example.com', api: 'https://api.example.com', production: true, cookie: { secure: false } },
      errors: ['insecure_cookie_in_production'],
      warnings: [],
      exit: 1,
    },
  ];

  it.each(table)('$name', ({ shape, errors, warnings, exit }) => {
    expect(codes(shape, 'error')).toEqual([...errors].sort());
    expect(codes(shape, 'warning')).toEqual(warnings);
    expect(doctorExitCode(diagnoseDeployment(deployment(shape)))).toBe(exit);
  });

  it('tells the 127.0.0.1 user to use the same host name as the API', () => {
    const [finding] = diagnoseDeployment(deployment({ app: 'http://127.0.0.1:3000', api: 'http://localhost:4000' }));
    expect(finding?.fix).toBe(
      'Use one host name for both: open the app at http://localhost:3000 (127.0.0.1 and localhost are different sites to a browser).',
    );
  });

  it('says whether the app server (Next.js middleware) receives the cookie, and how to share it within a site', () => {
    const subdomains = { app: 'https://app.example.com', api: 'https://api.example.com' };
    const hidden = diagnoseDeployment(deployment(subdomains)).find((f) => f.code === 'middleware_cannot_see_cookie');
    expect(hidden?.fix).toBe("JWT_COOKIE_DOMAIN=example.com shares it with the app's host (every subdomain of it then receives it).");
    expect(codes({ ...subdomains, cookie: { domain: 'example.com' } })).not.toContain('middleware_cannot_see_cookie');
    // Cookies ignore ports: localhost:3000 receives a host-only cookie of localhost:4000.
    expect(codes({ app: 'http://localhost:3000', api: 'http://localhost:4000' })).not.toContain('middleware_cannot_see_cookie');
  });

  it('marks a guessed site as such', () => {
    expect(codes({ app: 'https://app.eu.example.com', api: 'https://api.eu.example.com' }, 'info')).toContain('site_guessed');
  });
});
