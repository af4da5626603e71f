// A row edited by hand with the sqlite3 CLI — in the appeals table, in a
// payload, or in an entry — makes `sabt verify` fail and name it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, sabtBin } from '../lib/server.mjs';
import { backend } from '../lib/backend.mjs';

const skipReason = backend === 'sqlite' ? false : 'hand edits use the sqlite3 CLI (SQLite backend only)';
let s;
let base;
before(async () => {
  if (skipReason) return;
  s = await startServer({ demo: true });
  for (let i = 0; i < 50; i++) {  // wait for the first signed checkpoint
    if ((await fetch(new URL('/log/checkpoint', s.url))).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await s.stop();
  base = s.dbPath;
});
after(async () => { await s?.cleanup(); });

function tampered(name, sql) {
  const p = path.join(s.dir, `${name}.db`);
  copyFileSync(base, p);
  execFileSync('sqlite3', [p, sql]);
  return p;
}
function verify(p) {
  const r = spawnSync(sabtBin(), ['verify', '--db', `sqlite:${p}`, '--quiet']);
  return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
}
const one = (p, sql) => execFileSync('sqlite3', [p, sql]).toString().trim();

test('the untouched database verifies', { skip: skipReason }, () => {
  const r = verify(base);
  assert.equal(r.code, 0, r.out);
});

test('an edited appeal row is detected and named', { skip: skipReason }, () => {
  const id = one(base, 'SELECT id FROM appeals ORDER BY entry_idx LIMIT 1 OFFSET 5');
  const p = tampered('appeal', `UPDATE appeals SET category = 'information_request' WHERE id = '${id}'`);
  const r = verify(p);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`table appeals, row ${id}`));
});

test('a deleted appeal row is detected and named', { skip: skipReason }, () => {
  const id = one(base, 'SELECT id FROM appeals ORDER BY entry_idx LIMIT 1 OFFSET 7');
  const r = verify(tampered('deleted', `DELETE FROM appeals WHERE id = '${id}'`));
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`table appeals, row ${id}: missing from the table`));
});

test('an edited payload is detected and its entry named', { skip: skipReason }, () => {
  // A payload that holds the letter the edit replaces (the demo writes many
  // kinds of entries; not every payload has a Tajik name in it).
  const idx = one(base, "SELECT idx FROM payloads WHERE instr(CAST(body AS TEXT), 'Ҳ') > 0 ORDER BY idx LIMIT 1 OFFSET 10");
  const r = verify(tampered('payload', `UPDATE payloads SET body = replace(body, 'Ҳ', 'Х') WHERE idx = ${idx}`));
  assert.equal(r.code, 1);
  // Either the payload no longer matches its commitment (normal) — named by entry.
  assert.match(r.out, new RegExp(`entry ${idx}: payload does not match its commitment`));
});

test('an edited journal entry is detected and named', { skip: skipReason }, () => {
  const idx = one(base, "SELECT idx FROM journal WHERE kind = 'appeal.registered' ORDER BY idx LIMIT 1 OFFSET 3");
  const p = tampered('entry', `DROP TRIGGER journal_no_update;
    UPDATE journal SET entry = CAST(replace(CAST(entry AS TEXT), '"category":"', '"category":"x') AS BLOB) WHERE idx = ${idx}`);
  const r = verify(p);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`entry ${idx}: stored leaf hash does not match the entry`));
});

test('a truncated journal is detected', { skip: skipReason }, () => {
  const n = Number(one(base, 'SELECT count(*) FROM journal'));
  const p = tampered('trunc', `DROP TRIGGER journal_no_delete; DELETE FROM payloads WHERE idx >= ${n - 3}; DELETE FROM journal WHERE idx >= ${n - 3}`);
  const r = verify(p);
  assert.equal(r.code, 1);
  assert.match(r.out, /journal truncated/);
});

test('an edited checkpoint is detected and named', { skip: skipReason }, () => {
  const size = one(base, 'SELECT max(size) FROM checkpoints');
  assert.ok(Number(size) > 0, 'the server signed a checkpoint');
  const r = verify(tampered('checkpoint', `UPDATE checkpoints SET note = replace(note, char(10) || '${size}' || char(10), char(10) || '${size}' || char(10)) || 'x', root = zeroblob(32) WHERE size = ${size}`));
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`checkpoint of size ${size}`));
});

test('a deleted journal entry is detected and named', { skip: skipReason }, () => {
  const p = tampered('gap', 'DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE idx = 10');
  const r = verify(p);
  assert.equal(r.code, 1);
  assert.match(r.out, /entry 10: missing/);
});
