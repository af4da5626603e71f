// Hot standby and failover on PostgreSQL: a primary and a streaming
// replication standby (scripts/pg-test-cluster.sh start / standby, on
// 127.0.0.1 in temp dirs). Appeals registered on the primary through
// `sabt serve` reach the standby; a node pointed at the standby serves the
// same journal size, root and checkpoint, refuses writes with 503 and a
// translated message, and keeps running. Then the standby is promoted and
// takes writes. Both clusters are stopped with pg_ctl (by data directory).
// Runs only with SABT_TEST_BACKEND=postgres: it needs the PostgreSQL 15
// server programs that the PostgreSQL suite uses.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { backend } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

const skip = backend === 'postgres' ? false
  : 'needs PostgreSQL: runs with SABT_TEST_BACKEND=postgres (make test runs it in the PostgreSQL suite)';
const cluster = path.join(repoRoot, 'scripts', 'pg-test-cluster.sh');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const messages = Object.fromEntries(['tg', 'ru', 'en'].map((l) =>
  [l, JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', `${l}.json`), 'utf8')).err_read_only]));

const dirs = [];
const servers = [];
after(async () => {
  for (const s of servers) await s.cleanup().catch(() => {});
  for (const d of dirs.reverse()) {
    try { execFileSync(cluster, ['stop', d], { stdio: 'pipe' }); } catch { /* not running */ }
    rmSync(d, { recursive: true, force: true });
  }
});

function tempDir(prefix) {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

async function until(what, fn, ms = 30_000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await fn().catch((e) => e);
    if (last === true) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

async function checkpoint(url) {
  const r = await fetch(new URL('/log/checkpoint', url));
  return r.status === 200 ? r.text() : null;
}

test('a streaming standby follows the primary, serves reads, refuses writes clearly, and takes over when promoted',
  { skip, timeout: 120_000 }, async () => {
    const pdir = tempDir('sabt-pg-primary-');
    const sdir = tempDir('sabt-pg-standby-');
    const keys = tempDir('sabt-keys-');
    const pport = execFileSync(cluster, ['start', pdir], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
    const primaryUrl = `postgres://sabt_app@127.0.0.1:${pport}/sabt`;
    const primaryEnv = { SABT_PG_OWNER_URL: `postgres://sabt_owner@127.0.0.1:${pport}/sabt`, SABT_KEY_DIR: keys };
    const primary = await startServer({ demo: true, dbUrl: primaryUrl, env: primaryEnv });
    servers.push(primary);
    const token = await login(primary.url, 'desk', primary.logins.desk);
    for (let i = 0; i < 20; i++) {
      const r = await api(primary.url, token, 'POST', '/api/v1/appeals', appealBody());
      assert.equal(r.status, 201, r.text);
    }

    const sport = execFileSync(cluster, ['standby', pdir, sdir], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
    const standbyUrl = `postgres://sabt_app@127.0.0.1:${sport}/sabt`;
    const standby = await startServer({ dbUrl: standbyUrl, init: false, env: { SABT_KEY_DIR: keys } });
    servers.push(standby);

    // More writes after the standby started: it follows by replication.
    for (let i = 0; i < 10; i++) {
      const r = await api(primary.url, token, 'POST', '/api/v1/appeals', appealBody());
      assert.equal(r.status, 201, r.text);
    }
    const ph = await primary.health();
    await until('the primary checkpoint covering the journal',
      async () => Number((await checkpoint(primary.url))?.split('\n')[1]) === ph.journal_size);
    const note = await checkpoint(primary.url);
    await until('the standby to reach the primary journal size and root', async () => {
      const h = await standby.health();
      return h.journal_size === ph.journal_size && h.root === ph.root;
    });
    await until('the standby to serve the primary checkpoint', async () => (await checkpoint(standby.url)) === note);
    const sh = await standby.health();
    assert.equal(sh.read_only, true);
    assert.equal(ph.read_only, false);

    // Reads work: the proof endpoints and the sessions replicated from the primary.
    const list = await api(standby.url, token, 'GET', '/api/v1/appeals?page=1&page_size=5');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.total >= 30, true);
    const proof = await api(standby.url, null, 'GET', `/log/proof/inclusion?index=3&size=${ph.journal_size}`);
    assert.equal(proof.status, 200);

    // Writes are refused with 503 and a message in the asked language.
    for (const lang of ['tg', 'ru', 'en']) {
      const r = await api(standby.url, token, 'POST', '/api/v1/appeals', appealBody(), { 'accept-language': lang });
      assert.equal(r.status, 503, r.text);
      assert.equal(r.json.error, 'read_only');
      assert.equal(r.json.message, messages[lang]);
    }
    const signin = await api(standby.url, null, 'POST', '/api/v1/login', { username: 'desk', password: primary.logins.desk }, { 'accept-language': 'ru' });
    assert.equal(signin.status, 503);
    assert.equal(signin.json.message, messages.ru);
    // Still up, still the same journal, nothing written by its checkpointer.
    const again = await standby.health();
    assert.equal(again.journal_size, ph.journal_size);
    assert.equal(standby.proc.exitCode, null);

    // Failover: stop the primary node and server, promote the standby.
    await primary.stop();
    execFileSync(cluster, ['stop', pdir], { stdio: 'pipe' });
    execFileSync(cluster, ['promote', sdir], { stdio: 'pipe' });
    // The node started on the standby keeps refusing until it is restarted:
    // its journal state dates from its start.
    const stale = await api(standby.url, token, 'POST', '/api/v1/appeals', appealBody(), { 'accept-language': 'en' });
    assert.equal(stale.status, 503, stale.text);
    assert.equal(stale.json.error, 'read_only');
    await standby.stop();
    const key = execFileSync(primary.bin, ['key', 'path', '--db', primaryUrl], { env: { ...process.env, SABT_KEY_DIR: keys } }).toString().trim();
    const promotedEnv = { SABT_PG_OWNER_URL: `postgres://sabt_owner@127.0.0.1:${sport}/sabt`, SABT_KEY_DIR: keys };
    const promoted = await startServer({ dbUrl: standbyUrl, init: false, env: promotedEnv, serveArgs: ['--key', key] });
    servers.push(promoted);
    const h = await promoted.health();
    assert.equal(h.read_only, false);
    assert.equal(h.journal_size, ph.journal_size);
    const t2 = await login(promoted.url, 'desk', primary.logins.desk);
    const r = await api(promoted.url, t2, 'POST', '/api/v1/appeals', appealBody());
    assert.equal(r.status, 201, r.text);
    await promoted.stop();
    const v = execFileSync(promoted.bin, ['verify', '--db', standbyUrl, '--quiet'], { env: { ...process.env, ...promotedEnv } }).toString();
    assert.match(v, /^OK:/m);
  });
