// `tessera doctor --app <url> --api <url> [--json]`: the deployment findings for the settings this process reads
// (environment and .env), as text or JSON; exit status 1 when one is an error.
import type { ResolvedConfig } from '../config/index.js';
import { diagnoseDeployment, doctorExitCode, formatFindings } from './deployment-findings.js';

const DOCTOR_USAGE = 'Usage: tessera doctor --app https://app.example.com --api https://api.example.com [--json]';

export function runDoctor(
  config: ResolvedConfig,
  args: { app?: string | undefined; api?: string | undefined; json?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): { output: string; code: 0 | 1 | 2 } {
  const app = parseOrigin(args.app);
  const api = parseOrigin(args.api);
  if (!app || !api) return { output: `--app and --api take the http(s) addresses the browser uses.\n${DOCTOR_USAGE}`, code: 2 };
  const findings = diagnoseDeployment({
    app,
    api,
    cookie: config.cookie,
    corsAllowedOrigins: config.corsAllowedOrigins,
    production: env.NODE_ENV === 'production',
  });
  const code = doctorExitCode(findings);
  if (args.json) return { output: JSON.stringify({ ok: code === 0, findings }, null, 2), code };
  const verdict = code === 0 ? 'No errors found.' : 'Errors found: sign-in or refresh will fail for some or all users.';
  return { output: `${formatFindings(findings)}\n\n${verdict}`, code };
}

function parseOrigin(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
