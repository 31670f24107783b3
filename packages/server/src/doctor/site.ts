// "Same site" as browsers decide it for cookies (RFC 6265bis §5.2, schemeful): the same scheme and the same
// registrable domain. The registrable domain needs the Public Suffix List; the doctor carries the suffixes that
// deployments of this stack actually meet (hosting platforms whose apps are separate sites: app.vercel.app and
// api.vercel.app are cross-site) instead of the whole 200 kB list, and says so when it falls back to the last two
// labels, so an unusual suffix is a stated guess rather than a silent one.

/** Public suffixes of more than one label (hosting platforms and country second levels) that deployments meet. */
const MULTI_LABEL_SUFFIXES = new Set([
  'vercel.app',
  'netlify.app',
  'pages.dev',
  'workers.dev',
  'herokuapp.com',
  'onrender.com',
  'fly.dev',
  'up.railway.app',
  'azurewebsites.net',
  'cloudfront.net',
  'amplifyapp.com',
  'appspot.com',
  'web.app',
  'firebaseapp.com',
  'github.io',
  'gitlab.io',
  'ngrok.app',
  'ngrok-free.app',
  'co.uk',
  'org.uk',
  'ac.uk',
  'com.au',
  'net.au',
  'co.nz',
  'co.jp',
  'com.br',
  'co.in',
  'co.za',
]);

export interface Site {
  scheme: string;
  /** The registrable domain (eTLD+1), or the whole host for IP addresses and single-label hosts (localhost). */
  registrable: string;
  /** True when the registrable domain was taken as the last two labels, for want of the suffix in the list above. */
  guessed: boolean;
}

const isIp = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');

export function siteOf(url: URL): Site {
  const host = url.hostname.toLowerCase();
  const scheme = url.protocol.replace(/:$/, '');
  const labels = host.split('.');
  if (isIp(host) || labels.length < 2) return { scheme, registrable: host, guessed: false };
  for (let i = 1; i < labels.length; i++) {
    if (MULTI_LABEL_SUFFIXES.has(labels.slice(i).join('.'))) {
      return { scheme, registrable: labels.slice(Math.max(0, i - 1)).join('.'), guessed: false };
    }
  }
  // `localhost` subdomains (app.localhost) are one site with localhost in Chromium and Firefox.
  if (labels.at(-1) === 'localhost') return { scheme, registrable: 'localhost', guessed: false };
  return { scheme, registrable: labels.slice(-2).join('.'), guessed: labels.length > 2 };
}

export function isSameSite(a: URL, b: URL): boolean {
  const x = siteOf(a);
  const y = siteOf(b);
  return x.scheme === y.scheme && x.registrable === y.registrable;
}

/** Hosts where browsers treat http as secure (Secure cookies may be set over http): localhost and loopback. */
export function isPotentiallyTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/** RFC 6265 §5.1.3 domain-match: the host is the domain or a subdomain of it. */
export function domainMatches(host: string, domain: string): boolean {
  const d = domain.replace(/^\./, '').toLowerCase();
  const h = host.toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}
