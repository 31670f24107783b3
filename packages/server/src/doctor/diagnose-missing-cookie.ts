// The runtime half of `tessera doctor`: a refresh arrived without the refresh cookie; from what the request itself
// shows (its Origin, Sec-Fetch-Site, scheme and host, which cookies did come), the likely reason the browser kept the
// cookie back. The deployment rules are the doctor's (deployment-findings.ts), applied to the app the request came
// from and the API it reached. Only causes in the deployment are named (they keep any visitor's cookie back, or for
// third-party cookies many visitors'): a cookie that never came because nobody signed in on this browser looks the
// same as one the browser dropped, so a request that breaks no rule gets no diagnosis (a signed-out visitor of a
// sound deployment is told nothing).
import type { ResolvedConfig } from '../config/index.js';
import { MISSING_COOKIE_CAUSES, type CookieDiagnostic, type MissingCookieCause } from './cookie-diagnostic.js';
import { readCookie } from '../http/refresh-cookie.js';
import { diagnoseDeployment } from './deployment-findings.js';
import { isPotentiallyTrustworthy } from './site.js';

/** The parts of a refresh request the diagnosis reads, as plain values (header names lower-case). */
export interface RefreshRequestShape {
  /** The URL the server was asked for (scheme and Host as the server sees them). */
  url: string;
  headers: {
    origin?: string | undefined;
    referer?: string | undefined;
    'sec-fetch-site'?: string | undefined;
    'x-forwarded-proto'?: string | undefined;
    'x-forwarded-host'?: string | undefined;
    cookie?: string | undefined;
  };
}

/** The doctor's findings that keep a cookie from coming back (the path is a runtime-only cause, checked first). */
const CAUSES: ReadonlySet<string> = new Set(MISSING_COOKIE_CAUSES.filter((cause) => cause !== 'cookie_path_mismatch'));

/**
 * The likely reason no refresh cookie came with `request`, or undefined when the request breaks no rule (or does not
 * come from a browser page: no Origin, no Referer).
 * @example diagnoseMissingCookie({ url: 'http://localhost:4000/auth/refresh', headers: { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'cross-site' } }, config)
 */
export function diagnoseMissingCookie(
  request: RefreshRequestShape,
  config: Pick<ResolvedConfig, 'cookie' | 'corsAllowedOrigins'>,
): CookieDiagnostic | undefined {
  const { headers } = request;
  const app = originOf(headers.origin) ?? originOf(headers.referer);
  if (!app) return undefined;
  const { cookie } = config;

  // The hint has the refresh cookie's SameSite, Secure and Domain: when it came and the refresh cookie did not, only
  // the refresh cookie's own Path (the auth base path; the hint's is /) can have kept it back.
  if (readCookie(headers.cookie, cookie.hintName) !== undefined) {
    if (cookie.path === '/') return undefined;
    return diagnosis(
      'cookie_path_mismatch',
      `The session hint cookie came but not the refresh cookie, which the browser sends only to paths under Path=${cookie.path} (AUTH_BASE_PATH): the address the browser called is likely outside it, e.g. a proxy that serves the auth routes under another path.`,
      `Serve the auth routes at ${cookie.path}/… on the address the browser calls, or set AUTH_BASE_PATH to the path the browser uses.`,
    );
  }

  const api = new URL(request.url);
  const forwardedHost = first(headers['x-forwarded-host']);
  if (forwardedHost) api.host = forwardedHost;
  // Whatever scheme a TLS-terminating proxy hands us, the browser called the API over https (or on localhost) when the
  // request carries Sec-Fetch-* (sent only to potentially trustworthy URLs: W3C Fetch Metadata), or
  // comes from an https page (which may not fetch plain http: W3C Mixed Content), or a proxy says so. The forwarded
  // headers are believed without TRUST_PROXY: they can only change the hint sent back to the same caller.
  const site = headers['sec-fetch-site'];
  if (
    !isPotentiallyTrustworthy(api) &&
    (site !== undefined || app.protocol === 'https:' || first(headers['x-forwarded-proto']) === 'https')
  ) {
    api.protocol = 'https:';
  }
  const findings = diagnoseDeployment({
    app,
    api,
    cookie,
    corsAllowedOrigins: config.corsAllowedOrigins,
    production: false,
    // The browser's own verdict (RFC 6265bis §5.2, with the whole Public Suffix List) when it sent one.
    ...(site === 'cross-site' || site === 'same-site' || site === 'same-origin' ? { sameSite: site !== 'cross-site' } : {}),
  });
  const finding = findings.find((f) => CAUSES.has(f.code));
  if (!finding?.fix) return undefined;
  return diagnosis(finding.code as MissingCookieCause, finding.message, finding.fix);
}

function diagnosis(cause: MissingCookieCause, explanation: string, fix: string): CookieDiagnostic {
  return {
    likely_cause: cause,
    explanation,
    fix,
    message: `Tessera: the browser did not send the refresh cookie, so the session cannot be restored. Likely cause (${cause}): ${explanation} Fix: ${fix}`,
  };
}

function originOf(value: string | undefined): URL | undefined {
  if (!value || value === 'null') return undefined;
  try {
    const url = new URL(new URL(value).origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The first entry of a comma-separated forwarded header (the one the outermost proxy wrote). */
function first(value: string | undefined): string | undefined {
  return value?.split(',')[0]?.trim() || undefined;
}
