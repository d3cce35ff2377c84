// Starts and stops the loopback FHIR test server for the CTest fixture.
//   node ctl.mjs start <state-dir>   spawns server.mjs detached, waits for <state-dir>/endpoints.json
//   node ctl.mjs stop  <state-dir>   stops the server whose pid endpoints.json records
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [command, stateDirArg] = process.argv.slice(2);
if (!['start', 'stop'].includes(command) || !stateDirArg) {
  console.error('usage: ctl.mjs start|stop <state-dir>');
  process.exit(2);
}
const stateDir = path.resolve(stateDirArg);
const endpointsFile = path.join(stateDir, 'endpoints.json');

function stopRunning() {
  if (!existsSync(endpointsFile)) return;
  const { pid } = JSON.parse(readFileSync(endpointsFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(endpointsFile, { force: true });
}

if (command === 'stop') {
  stopRunning();
  process.exit(0);
}

if (!existsSync(path.join(here, 'node_modules', '@medplum', 'fhir-router'))) {
  console.error(
    `FHIR test server: ${path.join(here, 'node_modules')} is missing.\n` +
      `Install it first:  npm ci --prefix ${here}`
  );
  process.exit(1);
}

mkdirSync(stateDir, { recursive: true });
stopRunning();
const logFile = path.join(stateDir, 'server.log');
const out = openSync(logFile, 'w');
// Medplum 5 declares Node >= 22 but runs on Node 20 once the WebSocket global exists.
const major = Number(process.versions.node.split('.')[0]);
const nodeFlags = major < 22 ? ['--experimental-websocket'] : [];
const child = spawn(process.execPath, [...nodeFlags, path.join(here, 'server.mjs'), stateDir], {
  cwd: here,
  detached: true,
  stdio: ['ignore', out, out],
});
child.unref();

const deadline = Date.now() + 60_000;
while (!existsSync(endpointsFile)) {
  if (child.exitCode !== null || Date.now() > deadline) {
    console.error(`FHIR test server did not start; see ${logFile}:\n${readFileSync(logFile, 'utf8')}`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(readFileSync(endpointsFile, 'utf8'));
