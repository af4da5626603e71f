// `sabt backup --db sqlite:PATH --to FILE` while the node keeps registering
// appeals: the copy is one consistent snapshot that verifies on its own,
// carries the node key, restores into a working node, and an existing
// file is never overwritten. (A SQLite feature: runs on both suites.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { startServer, sabtBin } from '../lib/server.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

function runAsync(bin, args, env) {
  return new Promise((resolve) => {
    execFile(bin, args, { env }, (err, stdout, stderr) => resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr }));
  });
}

test('sabt backup refuses a PostgreSQL database and points to pg_basebackup', () => {
  const r = spawnSync(sabtBin(), ['backup', '--db', 'postgres://sabt_app@127.0.0.1:1/sabt', '--to', '/tmp/never-written.db']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr.toString(), /pg_basebackup/);
  assert.ok(!existsSync('/tmp/never-written.db'));
});

test('a backup taken while appeals are being registered verifies, carries the key and restores', { timeout: 120_000 }, async () => {
  const s = await startServer({ demo: true });
  let restored;
  try {
    const token = await login(s.url, 'desk', s.logins.desk);
    const sizeBefore = (await s.health()).journal_size;
    const file = path.join(s.dir, 'backup.db');
    let writing = true;
    let acked = 0;
    const writer = async () => {
      while (writing) {
        const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody());
        assert.equal(r.status, 201, r.text);
        acked += 1;
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    while (acked < 20) await new Promise((r) => setTimeout(r, 20));
    const b = await runAsync(s.bin, ['backup', '--db', s.dbUrl, '--to', file], s.env);
    writing = false;
    await Promise.all(writers);
    assert.equal(b.code, 0, `${b.stdout}\n${b.stderr}`);
    assert.match(b.stderr, /backup: (\d+)\/\1 pages \(100%\)/);
    assert.match(b.stdout, /backup .*backup\.db: OK, \d+ entries/);
    const sizeAfter = (await s.health()).journal_size;

    const v = execFileSync(s.bin, ['verify', '--db', `sqlite:${file}`, '--quiet'], { env: s.env }).toString();
    assert.match(v, /^OK:/m);
    const entries = Number(v.match(/OK: (\d+) entries/)[1]);
    assert.ok(entries > sizeBefore && entries <= sizeAfter, `snapshot of ${entries} entries between ${sizeBefore} and ${sizeAfter}`);
    assert.ok(existsSync(`${file}.key`), 'the node key is copied');
    assert.equal(statSync(`${file}.key`).mode & 0o777, 0o600);

    const again = spawnSync(s.bin, ['backup', '--db', s.dbUrl, '--to', file], { env: s.env });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr.toString(), /already exists; a backup never overwrites a file/);

    // Restore: a node started on the copy serves it, signed with the same key.
    await s.stop();
    restored = await startServer({ dbUrl: `sqlite:${file}`, init: false });
    assert.equal((await restored.health()).journal_size, entries);
    const keyA = execFileSync(s.bin, ['key', 'show', '--db', s.dbUrl], { env: s.env }).toString();
    const keyB = await (await fetch(new URL('/log/key', restored.url))).text();
    assert.equal(keyB.trim(), keyA.trim());
    const t2 = await login(restored.url, 'desk', s.logins.desk);
    assert.equal((await api(restored.url, t2, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  } finally {
    await restored?.cleanup();
    await s.cleanup();
  }
});
