// A fault-injecting HTTP proxy for FHIR client tests. Forwards everything to `upstream` unless a rule
// matches; rules are set at run time through a control endpoint so each test scopes its own faults.
//
// Control endpoint (on the proxy's own port):
//   POST   /__faults        {"rules":[rule, ...]}  appends rules, answers {"ok":true}
//   DELETE /__faults                               drops all rules and the request log
//   GET    /__faults/log?match=<substring>         [{method, path, fault, authorization, user_agent}] seen so far
//                                                  (authorization: whether the request carried one)
// A rule:
//   match       substring of the request path (e.g. "Patient/retry-503"); required
//   method      only this HTTP method (optional)
//   user_agent  only requests with exactly this User-Agent (optional; a test's own client, whatever runs alongside)
//   skip        let this many matching requests through before the fault applies (default 0)
//   fault       "status" | "reset" | "stall" | "malformed" | "respond"
//   status      for "status": the HTTP status to answer (500, 503, 429, 412, ...)
//   retry_after for "status": value of the Retry-After header (optional)
//   stall_ms    for "stall": how long to hold the request before dropping it (default 30000)
//   times       how many matching requests get the fault (default 1; -1 = every one)
//   for "respond" (answers without forwarding, as a hostile or misconfigured server would):
//     status    HTTP status (default 200); headers  extra response headers ({"Location": "..."})
//     body      the body; "{authorization}" in it (and in header values) becomes the request's Authorization
//     repeat    send the body this many times over (a huge answer), default 1
// Faults are applied in rule order; a rule with times exhausted is skipped. Tests should use paths
// unique to themselves so parallel tests do not consume each other's rules.
//
// Standalone: node fault_proxy.mjs <upstream-origin> [port]   (prints the port it listens on)
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const ISSUE_CODE = { 400: 'invalid', 404: 'not-found', 409: 'conflict', 412: 'conflict', 429: 'throttled', 500: 'exception', 503: 'transient' };

export function startFaultProxy({ upstream, port = 0, host = '127.0.0.1' }) {
  let rules = [];
  let log = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const target = new URL(upstream);

  function takeRule(req) {
    for (const rule of rules) {
      if (rule.times === 0) continue;
      if (!req.url.includes(rule.match)) continue;
      if (rule.method && rule.method !== req.method) continue;
      if (rule.user_agent && rule.user_agent !== req.headers['user-agent']) continue;
      if (rule.skip > 0) {
        rule.skip -= 1;
        continue;
      }
      if (rule.times > 0) rule.times -= 1;
      return rule;
    }
    return undefined;
  }

  function control(req, res, body) {
    const url = new URL(req.url, 'http://proxy/');
    const reply = (status, value) => {
      const text = JSON.stringify(value);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === 'POST' && url.pathname === '/__faults') {
      const added = JSON.parse(body || '{}').rules ?? [];
      for (const rule of added) rules.push({ times: 1, ...rule });
      return reply(200, { ok: true });
    }
    if (req.method === 'DELETE' && url.pathname === '/__faults') {
      rules = [];
      log = [];
      return reply(200, { ok: true });
    }
    if (req.method === 'GET' && url.pathname === '/__faults/log') {
      const match = url.searchParams.get('match') ?? '';
      return reply(200, log.filter((entry) => entry.path.includes(match)));
    }
    return reply(404, { error: 'unknown control request' });
  }

  function forward(req, res, body, malformed) {
    // The Host header stays as the client sent it so the server's links point back at the proxy.
    const headers = { ...req.headers };
    const upstreamReq = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (upstreamRes) => {
        const chunks = [];
        upstreamRes.on('data', (chunk) => chunks.push(chunk));
        upstreamRes.on('end', () => {
          let payload = Buffer.concat(chunks);
          const outHeaders = { ...upstreamRes.headers };
          delete outHeaders['transfer-encoding'];
          delete outHeaders.connection;
          if (malformed) payload = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
          outHeaders['content-length'] = payload.length;
          res.writeHead(malformed ? 200 : upstreamRes.statusCode, outHeaders);
          res.end(payload);
        });
      }
    );
    upstreamReq.on('error', (err) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`fault proxy: upstream failed: ${err.message}`);
    });
    upstreamReq.end(body);
  }

  const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url.startsWith('/__faults')) return control(req, res, body.toString('utf8'));
      const rule = takeRule(req);
      log.push({ method: req.method, path: req.url, fault: rule?.fault ?? null, authorization: req.headers.authorization !== undefined, user_agent: req.headers['user-agent'] ?? null });
      if (!rule) return forward(req, res, body, false);
      switch (rule.fault) {
        case 'status': {
          const status = rule.status ?? 500;
          const text = JSON.stringify({
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: ISSUE_CODE[status] ?? 'exception', diagnostics: `injected ${status}` }],
          });
          const headers = { 'Content-Type': 'application/fhir+json', 'Content-Length': Buffer.byteLength(text) };
          if (rule.retry_after !== undefined) headers['Retry-After'] = String(rule.retry_after);
          res.writeHead(status, headers);
          return res.end(text);
        }
        case 'reset':
          return req.socket.resetAndDestroy();
        case 'stall': {
          const timer = setTimeout(() => req.socket.destroy(), rule.stall_ms ?? 30_000);
          req.socket.on('close', () => clearTimeout(timer));
          return undefined;
        }
        case 'malformed':
          return forward(req, res, body, true);
        case 'respond': {
          const echo = (text) => String(text).split('{authorization}').join(req.headers.authorization ?? '');
          const one = Buffer.from(echo(rule.body ?? ''), 'utf8');
          const repeat = Math.max(1, rule.repeat ?? 1);
          const headers = { 'Content-Type': 'application/fhir+json', 'Content-Length': one.length * repeat };
          for (const [name, value] of Object.entries(rule.headers ?? {})) headers[name] = echo(value);
          res.writeHead(rule.status ?? 200, headers);
          for (let i = 0; i < repeat; i += 1) res.write(one);
          return res.end();
        }
        default:
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          return res.end(`fault proxy: unknown fault ${rule.fault}`);
      }
    });
  });

  return new Promise((resolve) => {
    server.listen(port, host, () => resolve({ port: server.address().port, server }));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const upstream = process.argv[2];
  if (!upstream) {
    console.error('usage: fault_proxy.mjs <upstream-origin> [port]');
    process.exit(2);
  }
  const { port } = await startFaultProxy({ upstream, port: Number(process.argv[3] ?? 0) });
  console.log(port);
}
