// `tessera doctor`: what the browser will do with the refresh cookie for one deployment (the app's address, the
// API's, the cookie and CORS settings), as findings with stable codes and a fix each. The most common failure of this
// stack is a cookie silently not set or not sent; every rule below names one way that happens.
import type { SameSite } from '../config/options.js';
import { domainMatches, isPotentiallyTrustworthy, isSameSite, siteOf } from './site.js';

export interface Deployment {
  /** Where the Next.js app is served (its origin). */
  app: URL;
  /** Where the Tessera API is served. */
  api: URL;
  cookie: { name: string; secure: boolean; sameSite: SameSite; domain: string | undefined };
  corsAllowedOrigins: readonly string[];
  production: boolean;
  /**
   * Whether the browser counts the app and the API as one site, when a browser has said so (a request's
   * Sec-Fetch-Site, see diagnose-missing-cookie.ts): it knows the whole Public Suffix List. @default computed (site.ts)
   */
  sameSite?: boolean;
}

export type FindingCode =
  | 'topology'
  | 'site_guessed'
  | 'http_in_production'
  | 'insecure_cookie_in_production'
  | 'secure_cookie_over_http'
  | 'cors_origin_missing'
  | 'samesite_blocks_cross_site'
  | 'third_party_cookies'
  | 'cookie_domain_mismatch'
  | 'middleware_cannot_see_cookie';

export interface Finding {
  code: FindingCode;
  /** `error`: sign-in or refresh will fail for some or all users; `warning`: it fails in some browsers; `info`. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  fix?: string;
}

/** The findings for `deployment`, errors first. */
export function diagnoseDeployment(deployment: Deployment): Finding[] {
  const { app, api, cookie } = deployment;
  const findings: Finding[] = [];
  const add = (finding: Finding) => findings.push(finding);
  const sameOrigin = app.origin === api.origin;
  const sameSite = deployment.sameSite ?? isSameSite(app, api);

  add({
    code: 'topology',
    severity: 'info',
    message: sameOrigin
      ? `The app and the API share one origin (${app.origin}).`
      : sameSite
        ? `The app (${app.origin}) and the API (${api.origin}) are different origins on the same site (${siteOf(app).registrable}): the refresh cookie is first-party.`
        : `The app (${app.origin}) and the API (${api.origin}) are different sites: the refresh cookie is a third-party cookie to the app.`,
  });
  for (const url of [app, api]) {
    const site = siteOf(url);
    if (site.guessed) {
      add({
        code: 'site_guessed',
        severity: 'info',
        message: `${url.hostname}: its site was taken to be ${site.registrable}; if ${site.registrable} is itself a public suffix (publicsuffix.org), the two are different sites.`,
      });
    }
  }

  if (deployment.production) {
    for (const [name, url] of [
      ['app', app],
      ['API', api],
    ] as const) {
      if (url.protocol !== 'https:' && !isPotentiallyTrustworthy(url)) {
        add({
          code: 'http_in_production',
          severity: 'error',
          message: `The ${name} is served over http in production: tokens and cookies cross the network in clear.`,
          fix: `Serve it over https (${url.href.replace(/^http:/, 'https:')}).`,
        });
      }
    }
    if (!cookie.secure) {
      add({
        code: 'insecure_cookie_in_production',
        severity: 'error',
        message: 'JWT_COOKIE_SECURE=false in production: the refresh cookie would also travel over plain http.',
        fix: 'Remove JWT_COOKIE_SECURE (it defaults to true outside development).',
      });
    }
  }
  if (cookie.secure && !isPotentiallyTrustworthy(api)) {
    add({
      code: 'secure_cookie_over_http',
      severity: 'error',
      message: `The refresh cookie is Secure but the API is http on ${api.hostname}: browsers drop a Secure cookie set over http (they allow it only on localhost), so every reload signs the user out.`,
      fix: `Serve the API over https, or in local development use http://localhost instead of ${api.hostname}.`,
    });
  }

  if (!sameOrigin && !deployment.corsAllowedOrigins.includes(app.origin)) {
    add({
      code: 'cors_origin_missing',
      severity: 'error',
      message: `${app.origin} is not in CORS_ALLOWED_ORIGINS: the browser refuses the API's answers to the app, and the same list is the CSRF allowlist, so cookie refreshes from the app are refused too.`,
      fix: `CORS_ALLOWED_ORIGINS=${[...deployment.corsAllowedOrigins, app.origin].join(',')}`,
    });
  }

  if (!sameSite) {
    if (cookie.sameSite !== 'none') {
      const loopbackMix = isPotentiallyTrustworthy(app) && isPotentiallyTrustworthy(api) && app.hostname !== api.hostname;
      add({
        code: 'samesite_blocks_cross_site',
        severity: 'error',
        message: `The refresh cookie is SameSite=${cookie.sameSite[0]!.toUpperCase()}${cookie.sameSite.slice(1)} and the app is on another site: the browser never sends it with the app's requests, so the session cannot be restored after a reload.`,
        fix: loopbackMix
          ? `Use one host name for both: open the app at ${app.protocol}//${api.hostname}:${app.port || (app.protocol === 'https:' ? 443 : 80)} (${app.hostname} and ${api.hostname} are different sites to a browser).`
          : `Serve the API on the app's site (e.g. api.${siteOf(app).registrable}), or set JWT_COOKIE_SAMESITE=none (Secure is then required, and see third_party_cookies).`,
      });
    } else {
      add({
        code: 'third_party_cookies',
        severity: 'warning',
        message:
          'The refresh cookie is SameSite=None across sites: it works only where third-party cookies are allowed. Safari blocks them, and so does Chrome for users who turn them off: those users are signed out at every reload.',
        fix: `Serve the API on the app's site (e.g. api.${siteOf(app).registrable}) so the cookie is first-party.`,
      });
    }
  }

  if (cookie.domain !== undefined && !domainMatches(api.hostname, cookie.domain)) {
    add({
      code: 'cookie_domain_mismatch',
      severity: 'error',
      message: `JWT_COOKIE_DOMAIN=${cookie.domain} does not cover the API's host ${api.hostname}: browsers reject the cookie.`,
      fix: `Set JWT_COOKIE_DOMAIN to ${api.hostname} or a parent of it, or remove it (a host-only cookie).`,
    });
  }

  // Cookies ignore ports: a cookie reaches the app's server (Next.js middleware, Server Components) when its host,
  // or its Domain attribute, covers the app's host name.
  const reachesApp = cookie.domain === undefined ? app.hostname === api.hostname : domainMatches(app.hostname, cookie.domain);
  if (!reachesApp) {
    add({
      code: 'middleware_cannot_see_cookie',
      severity: 'info',
      message: `The refresh cookie is not sent to ${app.hostname}, so Next.js middleware and Server Components cannot see the session (the browser SDK works without it).`,
      ...(sameSite && cookie.domain === undefined
        ? { fix: `JWT_COOKIE_DOMAIN=${siteOf(app).registrable} shares it with the app's host (every subdomain of it then receives it).` }
        : {}),
    });
  }

  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** Exit status of `tessera doctor`: 1 when a finding is an error, so it can gate a deploy; warnings alone keep 0. */
export function doctorExitCode(findings: readonly Finding[]): 0 | 1 {
  return findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

/** The findings as plain text, one block each. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((finding) => {
      const head = `${finding.severity.padEnd(7)} ${finding.code}\n        ${finding.message}`;
      return finding.fix ? `${head}\n        fix: ${finding.fix}` : head;
    })
    .join('\n\n');
}
