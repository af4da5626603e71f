// Start a throw-away `sabt serve` for a test and stop it again.
//
//   import { startServer } from '../lib/server.mjs';
//   const s = await startServer({ demo: true });
//   // s.url, s.port, s.logins.desk, s.proc, s.dir, s.dbPath, s.dbUrl
//   await s.stop();      // SIGTERM to that pid, wait; SIGKILL after 5 s
//   await s.cleanup();   // stop() and remove the temp dir
//
// Options (all optional):
//   bin        path of the sabt binary; else $SABT_BIN; else build/sabt in the
//              repo. A relative path is taken relative to the repo root.
//   dbUrl      a database URL (e.g. postgres://...) to use instead of a fresh
//              SQLite file in the temp dir; init/demo run against it.
//   demo       true: run `sabt demo` and parse the printed logins.
//   demoArgs   extra arguments for `sabt demo` (e.g. ['--appeals', '0']).
//   demoFill   true: keep `sabt demo`'s fill (crime reports, cases, trips, queue,
//              overdue appeals); by default tests get `--fill no`, so their own
//              records are the only ones (numbers start at 1, lists start empty).
//   init       false: skip `sabt init` (e.g. restart on the db of a previous
//              server after kill9(): startServer({ dbUrl: s.dbUrl, init: false })).
//   env        extra environment variables for every sabt command.
//   serveArgs  extra arguments for `sabt serve` (e.g. ['--threads', '2']).
//   initArgs   extra arguments for `sabt init` (e.g. ['--origin', 'witness']).
//   timeoutMs  how long to wait for /api/v1/health (default 15000).
//   testClock  true: `sabt serve --clock-offset-file`; s.setClock(seconds) moves the
//              server's clock that far ahead of real time (lockouts, session limits).
//   port       listen on this port (e.g. restart a node at the same address a
//              field node was enrolled with); default: a free port.
//
// The helper only ever signals the pid it spawned, never a process by name.
// Children still alive when Node exits get SIGKILL (by pid) as a safety net.

import { spawn, execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { rememberSecret, secretOfUri, setClockOffset } from './totp.mjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sabtBin(bin) {
  const b = bin || process.env.SABT_BIN || 'build/sabt';
  return path.resolve(repoRoot, b);
}

// Live servers and temp dirs, for the exit-time safety net.
const live = new Set();
const tempDirs = new Set();
process.on('exit', () => {
  for (const proc of live) {
    if (proc.exitCode === null && proc.signalCode === null) {
      try { process.kill(proc.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
  if (!process.env.SABT_KEEP_TMP) {
    for (const d of tempDirs) {
      try { rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ }
    }
  }
});

// A free loopback port: bind port 0, read it, close. Another process could take
// it before sabt binds it; startServer retries with a new port if bind fails.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function run(bin, args, { env, cwd }) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, cwd, maxBuffer: 16 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) {
        err.message = `${path.basename(bin)} ${args.join(' ')} failed: ${err.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

// `sabt demo` prints "  username<TAB>password<TAB>role<TAB>department[<TAB>otpauth URI]"
// lines; a TOTP secret is registered for login()/signIn() (lib/totp.mjs).
export function parseLogins(stdout) {
  const logins = {};
  for (const line of stdout.split('\n')) {
    const cols = line.trim().split('\t');
    if (cols.length >= 4 && cols[0] && cols[1]) {
      logins[cols[0]] = cols[1];
      if (cols[4] && cols[4].startsWith('otpauth://')) rememberSecret(cols[0], cols[1], secretOfUri(cols[4]));
    }
  }
  return logins;
}

// GET /api/v1/health as JSON (throws on a non-2xx answer).
export async function health(url, { timeoutMs = 5000 } = {}) {
  const res = await fetch(new URL('/api/v1/health', url), { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`health: HTTP ${res.status}`);
  return res.json();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Keeps the last `limit` characters of a stream (so a chatty server never
// blocks on a full pipe and we still have its last words for error messages).
function tail(stream, limit = 64 * 1024) {
  const t = { text: '' };
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    t.text += chunk;
    if (t.text.length > limit) t.text = t.text.slice(-limit);
  });
  return t;
}

function waitExit(proc, ms) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { proc.off('exit', onExit); resolve(false); }, ms);
    function onExit() { clearTimeout(timer); resolve(true); }
    proc.once('exit', onExit);
  });
}

async function spawnServe({ bin, dbUrl, env, cwd, serveArgs, timeoutMs, fixedPort }) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = fixedPort || await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(bin, ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`, ...serveArgs], {
      env, cwd, stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    const out = tail(proc.stdout);
    const err = tail(proc.stderr);
    let spawnError = null;
    proc.once('error', (e) => { spawnError = e; });

    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`cannot start ${bin}: ${spawnError.message}`);
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      try {
        await health(url, { timeoutMs: 1000 });
        return { proc, port, url, out, err };
      } catch { /* not up yet */ }
      await sleep(100);
    }
    const exited = proc.exitCode !== null || proc.signalCode !== null;
    if (!exited) {
      try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ }
      await waitExit(proc, 2000);
    }
    lastError = new Error(
      `sabt serve on ${url} ${exited ? `exited (code ${proc.exitCode}, signal ${proc.signalCode})` : `did not answer /api/v1/health within ${timeoutMs} ms`}` +
      `\n--- stderr\n${err.text}\n--- stdout\n${out.text}`);
    // Only a process that died early (e.g. port taken meanwhile) is worth a retry.
    if (!exited) break;
  }
  throw lastError;
}

export async function startServer(opts = {}) {
  const {
    demo = false,
    init = true,
    env: extraEnv = {},
    serveArgs = [],
    timeoutMs = 15_000,
  } = opts;
  const bin = sabtBin(opts.bin);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-test-'));
  tempDirs.add(dir);
  const dbPath = opts.dbUrl ? null : path.join(dir, 'sabt.db');
  const dbUrl = opts.dbUrl || `sqlite:${dbPath}`;
  // SABT_DB from the caller's shell must not leak into a test.
  const env = { ...process.env, SABT_DB: dbUrl, ...extraEnv };

  const removeDir = async () => {
    if (process.env.SABT_KEEP_TMP) return;
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };

  let logins = {};
  let served;
  try {
    if (init) await run(bin, ['init', '--db', dbUrl, ...(opts.initArgs || [])], { env, cwd: dir });
    if (demo) {
      const fill = opts.demoFill || (opts.demoArgs || []).includes('--fill') ? [] : ['--fill', 'no'];
      const { stdout } = await run(bin, ['demo', '--db', dbUrl, ...fill, ...(opts.demoArgs || [])], { env, cwd: dir });
      logins = parseLogins(stdout);
      if (Object.keys(logins).length === 0) throw new Error(`sabt demo printed no logins:\n${stdout}`);
    }
    const clockArgs = opts.testClock ? ['--clock-offset-file', path.join(dir, 'clock-offset')] : [];
    served = await spawnServe({ bin, dbUrl, env, cwd: dir, serveArgs: [...clockArgs, ...serveArgs], timeoutMs, fixedPort: opts.port });
  } catch (e) {
    await removeDir();
    throw e;
  }
  const { proc, port, url, out, err } = served;
  // A server started with a moved clock: TOTP codes for it are made on that clock.
  const offsetAt = serveArgs.indexOf('--clock-offset-seconds');
  if (offsetAt >= 0) setClockOffset(url, Number(serveArgs[offsetAt + 1]));

  async function stop() {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try { process.kill(proc.pid, 'SIGTERM'); } catch { /* gone */ }
    if (await waitExit(proc, 5000)) return;
    try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ }
    await waitExit(proc, 5000);
  }

  async function kill9() {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ }
    await waitExit(proc, 5000);
  }

  async function cleanup() {
    await stop();
    await removeDir();
  }

  return {
    url, port, proc, dir, dbPath, dbUrl, logins, bin, env,
    stdout: () => out.text,
    stderr: () => err.text,
    health: () => health(url),
    stop, kill9, cleanup,
    // testClock: move the server's clock to `seconds` ahead of real time
    // (read by the server at every clock reading; no restart, no sleep).
    setClock: (seconds) => {
      if (!opts.testClock) throw new Error('startServer({ testClock: true }) to move the clock');
      writeFileSync(path.join(dir, 'clock-offset'), String(Math.round(seconds)));
      setClockOffset(url, seconds);
    },
  };
}
