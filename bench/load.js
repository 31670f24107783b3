// One autocannon run in its own process; prints its summary as JSON on stdout.
// argv[2]: JSON {url, path, method, connections, duration, headers, body, mode}
// mode 'refresh-chain' rotates real refresh tokens: every request spends one token and returns its successor to the pool.
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);
const request = { method: spec.method ?? 'GET', path: spec.path, headers: spec.headers ?? {} };
if (spec.body) request.body = JSON.stringify(spec.body);

const pool = spec.tokens ? [...spec.tokens] : [];
let failed = 0;
if (spec.mode === 'refresh-chain') {
  request.setupRequest = (req) => ({ ...req, body: JSON.stringify({ refresh_token: pool.shift() }) });
  request.onResponse = (status, body) => {
    if (status === 200) pool.push(JSON.parse(body).refresh_token);
    else failed++;
  };
}

const result = await autocannon({ url: spec.url, connections: spec.connections ?? 10, duration: spec.duration ?? 10, requests: [request] });
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    chainFailures: failed,
  }),
);
