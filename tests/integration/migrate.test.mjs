// `sabt migrate --from sqlite:PATH --to postgres://…`: a SQLite node with
// demo data and appeals registered over HTTP is copied into an empty
// PostgreSQL database; a node started on it serves the same checkpoint
// (root), `sabt verify` passes there, users sign in, and a second migrate
// into the now non-empty database is refused without writing anything.
// Needs the PostgreSQL cluster: runs with SABT_TEST_BACKEND=postgres.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { startServer, sabtBin } from '../lib/server.mjs';
import { freshDatabase, backend } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

const skip = backend === 'postgres' ? false
  : 'needs a PostgreSQL target: runs with SABT_TEST_BACKEND=postgres (make test runs it in the PostgreSQL suite)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function checkpointAtLeast(url, size) {
  for (let i = 0; i < 100; i++) {
    const r = await fetch(new URL('/log/checkpoint', url));
    const body = await r.text();
    if (r.status === 200 && Number(body.split('\n')[1]) >= size) return body;
    await sleep(100);
  }
  throw new Error(`no checkpoint of size >= ${size}`);
}

test('a SQLite node migrates into an empty PostgreSQL database with equal roots, verifies, and a second migrate is refused',
  { skip, timeout: 120_000 }, async () => {
    const lite = await startServer({ demo: true });
    let pg;
    try {
      const token = await login(lite.url, 'desk', lite.logins.desk);
      const files = [];
      for (let i = 0; i < 25; i++) {
        const r = await api(lite.url, token, 'POST', '/api/v1/appeals', appealBody());
        assert.equal(r.status, 201, r.text);
        if (i % 10 === 0) {  // three appeals with an attached scan (~300 KB)
          const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(300_000), Buffer.from('\n%%EOF\n')]);
          const up = await fetch(new URL(`/api/v1/appeals/${r.json.id}/attachments?name=scan${i}.pdf`, lite.url), {
            method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes,
          });
          assert.equal(up.status, 201, await up.text());
          files.push({ id: r.json.id, bytes, sha: createHash('sha256').update(bytes).digest('hex') });
        }
      }
      const size = (await lite.health()).journal_size;
      const note = await checkpointAtLeast(lite.url, size);
      const key = await (await fetch(new URL('/log/key', lite.url))).text();
      const liteRoot = (await lite.health()).root;
      await lite.stop();

      const target = freshDatabase();
      const env = { ...lite.env, ...target.env, SABT_KEY_DIR: lite.dir };
      const m = spawnSync(lite.bin, ['migrate', '--from', lite.dbUrl, '--to', target.dbUrl], { env });
      assert.equal(m.status, 0, `${m.stdout}\n${m.stderr}`);
      assert.match(m.stderr.toString(), new RegExp(`entries copied: ${size}/${size} \\(100%\\)`));
      assert.match(m.stdout.toString(), new RegExp(`migrated ${size} entries`));
      assert.match(m.stdout.toString(), /3 attached files \(\d+ bytes\)/);
      assert.match(m.stderr.toString(), /attachments copied: 3\/3 \(100%\)/);

      pg = await startServer({ dbUrl: target.dbUrl, init: false, env });
      assert.equal(await (await fetch(new URL('/log/checkpoint', pg.url))).text(), note, 'the same signed checkpoint');
      assert.equal(await (await fetch(new URL('/log/key', pg.url))).text(), key, 'the same node key');
      const h = await pg.health();
      assert.equal(h.backend, 'postgres');
      assert.equal(h.journal_size, size);
      assert.equal(h.root, liteRoot, 'the same tree head root');
      const t2 = await login(pg.url, 'desk', lite.logins.desk);
      const r = await api(pg.url, t2, 'POST', '/api/v1/appeals', appealBody());
      assert.equal(r.status, 201, 'the migrated node takes new appeals');
      for (const f of files) {  // the attached files came along, byte for byte
        const d = await fetch(new URL(`/api/v1/appeals/${f.id}/attachments/${f.sha}`, pg.url), { headers: { authorization: `Bearer ${t2}` } });
        assert.equal(d.status, 200);
        assert.ok(Buffer.from(await d.arrayBuffer()).equals(f.bytes), 'the attached file is byte-identical on PostgreSQL');
      }
      await pg.stop();

      const v = execFileSync(lite.bin, ['verify', '--db', target.dbUrl, '--quiet'], { env }).toString();
      assert.match(v, /^OK:/m);
      const sv = execFileSync(lite.bin, ['verify', '--db', lite.dbUrl, '--quiet'], { env }).toString();
      const rootOf = (out) => out.match(/root ([0-9a-f]{64})/)[1];
      assert.match(sv, /^OK:/m);
      assert.equal(note.split('\n')[2], Buffer.from(rootOf(sv), 'hex').toString('base64'), 'the checkpoint root is the SQLite root');

      const again = spawnSync(lite.bin, ['migrate', '--from', lite.dbUrl, '--to', target.dbUrl], { env });
      assert.notEqual(again.status, 0);
      assert.match(again.stderr.toString(), /already holds a journal of \d+ entries; nothing was written/);
      const v2 = execFileSync(lite.bin, ['verify', '--db', target.dbUrl, '--quiet'], { env }).toString();
      assert.equal(v2, v, 'the refused migrate changed nothing');
    } finally {
      await pg?.cleanup();
      await lite.cleanup();
    }
  });

test('sabt migrate --help explains the command', () => {
  const r = spawnSync(sabtBin(), ['migrate', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout.toString(), /--from/);
  assert.match(r.stdout.toString(), /--to/);
  assert.match(r.stdout.toString(), /one transaction/);
});
