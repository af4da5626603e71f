// Helpers for the sync tests: a parent with demo data, an enrolled field node.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, sabtBin } from './server.mjs';
import { freshDatabase } from './backend.mjs';
import { login, api } from './api.mjs';

export function sabt(args, env = {}) {
  return new Promise((resolve) => {
    execFile(sabtBin(), args, { env: { ...process.env, ...env }, maxBuffer: 16 << 20, timeout: 180_000 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// `sabt verify` on a database must pass (exit 0); fails the test with its output otherwise.
export async function verify(dbUrl, env = {}) {
  const r = await sabt(['verify', '--db', dbUrl], env);
  if (r.code !== 0) throw new Error(`sabt verify ${dbUrl} failed:\n${r.stdout}\n${r.stderr}`);
}

// A parent node on the test backend, with demo data.
export async function startParent(serveArgs = []) {
  const db = freshDatabase();
  const parent = await startServer({ demo: true, ...db, serveArgs });
  parent.backendEnv = db.env;
  parent.adminToken = await login(parent.url, 'admin', parent.logins.admin);
  return parent;
}

// Restart a parent on its database (after stop or kill9); samePort: listen at
// the address its field nodes were enrolled with.
export async function restartParent(parent, serveArgs = [], { samePort = false } = {}) {
  const s = await startServer({
    dbUrl: parent.dbUrl, init: false, env: parent.backendEnv, serveArgs, port: samePort ? parent.port : undefined,
  });
  s.backendEnv = parent.backendEnv;
  s.logins = parent.logins;
  // Sessions are server-side rows in the node's database, so they outlive a
  // restart: reuse them rather than spend second-factor steps, unless the
  // restarted node ended them (e.g. its clock was moved past the idle limit).
  const alive = async (token, path) => token && (await api(s.url, token, 'GET', path)).status !== 401;
  s.adminToken = await alive(parent.adminToken, '/api/v1/sync/devices')
    ? parent.adminToken : await login(s.url, 'admin', parent.logins.admin);
  if (await alive(parent.headToken, '/api/v1/appeals?limit=1')) s.headToken = parent.headToken;
  return s;
}

// The head of the parent's demo district, signed in once per parent (every
// sign-in of a role with a second factor spends a TOTP step, and a third one
// within 30 s waits for the next step).
export async function headOf(parent) {
  parent.headToken ??= await login(parent.url, 'head', parent.logins.head);
  return parent.headToken;
}

export async function createEnrolment(parent, department = 'DSH-SNO-M1') {
  const r = await api(parent.url, parent.adminToken, 'POST', '/api/v1/sync/enrolments', { department });
  if (r.status !== 201) throw new Error(`enrolment: HTTP ${r.status} ${r.text}`);
  return r.json;
}

// Enrols a fresh SQLite field node with the parent; returns {dir, dbUrl, dbPath, origin}.
export async function enrolField(parent, code) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-field-'));
  const dbPath = path.join(dir, 'field.db');
  const dbUrl = `sqlite:${dbPath}`;
  const r = await sabt(['enroll', '--parent', parent.url, '--code', code, '--db', dbUrl]);
  return { ...r, dir, dbPath, dbUrl, origin: (r.stdout.match(/enrolled as (\S+)/) || [])[1] };
}

export async function startField(field, serveArgs = []) {
  return startServer({ dbUrl: field.dbUrl, init: false, serveArgs: ['--role', 'field', ...serveArgs] });
}

export async function syncStatus(field) {
  const r = await sabt(['sync', 'status', '--db', field.dbUrl]);
  if (r.code !== 0) throw new Error(`sync status: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Waits until pred() is true (checked every 200 ms), up to ms.
export async function until(pred, ms = 60_000, what = 'condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// Asks the field node at `url` to sync until a round has ended with nothing
// pending and no error. "Sync now" is sent only while no round runs: sending it
// on every poll would start a new round each time, and `running` would stay
// true on a slow parent (PostgreSQL under load). Answers the last status.
export async function syncUntilDone(url, token, ms = 60_000, what = 'the field node synced') {
  let last = null;
  let asked = false;
  const done = async () => {
    last = (await api(url, token, 'GET', '/api/v1/sync/status')).json;
    if (last.running) return false;
    if (asked && last.pending === 0 && last.last_error === '') return true;
    await api(url, token, 'POST', '/api/v1/sync/now');
    asked = true;
    return false;
  };
  await until(done, ms, what).catch((e) => { e.message += ` ${JSON.stringify(last)}`; throw e; });
  return last;
}

// `sabt serve` on a fixed port (so a node killed with SIGKILL comes back on
// the same address). Only the spawned pid is ever signalled.
const spawned = new Set();
process.on('exit', () => {
  for (const p of spawned) if (p.exitCode === null && p.signalCode === null) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
});
export async function serveOnPort({ dbUrl, port, env = {}, serveArgs = [], timeoutMs = 20_000 }) {
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let lastErr = '';
  while (Date.now() < deadline) {
    const proc = spawn(sabtBin(), ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`, ...serveArgs], {
      env: { ...process.env, SABT_DB: dbUrl, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    spawned.add(proc);
    proc.once('exit', () => spawned.delete(proc));
    let err = '';
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (c) => { err = (err + c).slice(-32_000); });
    const exited = () => proc.exitCode !== null || proc.signalCode !== null;
    const waitExit = () => (exited() ? Promise.resolve() : new Promise((r) => proc.once('exit', r)));
    while (!exited() && Date.now() < deadline) {
      try {
        const r = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        if (r.ok) {
          return {
            url, port, proc, stderr: () => err,
            async kill9() { if (!exited()) { process.kill(proc.pid, 'SIGKILL'); await waitExit(); } },
            async stop() { if (!exited()) { process.kill(proc.pid, 'SIGTERM'); await waitExit(); } },
          };
        }
      } catch { /* not up yet */ }
      await sleep(50);
    }
    lastErr = err;
    if (!exited()) { process.kill(proc.pid, 'SIGKILL'); await waitExit(); }
    await sleep(200);  // e.g. the port is still held by the killed process
  }
  throw new Error(`sabt serve on ${url} did not come up:\n${lastErr}`);
}
