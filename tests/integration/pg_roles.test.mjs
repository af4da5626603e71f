// PostgreSQL least privilege is not optional (docs/operations.md "PostgreSQL
// roles", docs/security.md): a node whose --db role may rewrite the journal
// refuses to start unless given --allow-owner-role, and the application role
// cannot UPDATE or DELETE the journal.
// Needs the PostgreSQL cluster: runs with SABT_TEST_BACKEND=postgres.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, sabtBin, freePort } from '../lib/server.mjs';
import { freshDatabase, backend } from '../lib/backend.mjs';

const skip = backend === 'postgres' ? false
  : 'needs PostgreSQL roles: runs with SABT_TEST_BACKEND=postgres (make test runs it in the PostgreSQL suite)';

const psql = (url, sql) => spawnSync('psql', [url, '-XAtqc', sql], { encoding: 'utf8' });

test('a node whose database role owns the journal refuses to start and says why; --allow-owner-role starts it',
  { skip, timeout: 60_000 }, async () => {
    const db = freshDatabase();
    const ownerUrl = db.env.SABT_PG_OWNER_URL;
    const keys = mkdtempSync(path.join(os.tmpdir(), 'sabt-roles-'));
    const env = { ...process.env, ...db.env, SABT_KEY_DIR: keys };
    const init = spawnSync(sabtBin(), ['init', '--db', ownerUrl], { env, encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    const port = await freePort();
    const refused = spawnSync(sabtBin(), ['serve', '--db', ownerUrl, '--listen', `127.0.0.1:${port}`],
      { env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(refused.status, 1, `serve as the owner must exit 1:\n${refused.stderr}`);
    assert.match(refused.stderr, /may UPDATE\/DELETE\/TRUNCATE the journal/);
    assert.match(refused.stderr, /SABT_PG_OWNER_URL/);
    assert.match(refused.stderr, /--allow-owner-role/);

    const dev = await startServer({ dbUrl: ownerUrl, init: false, env: { ...db.env, SABT_KEY_DIR: keys }, serveArgs: ['--allow-owner-role'] });
    try {
      assert.equal((await dev.health()).backend, 'postgres');
    } finally {
      await dev.cleanup();
    }
  });

test('the application role cannot UPDATE or DELETE the journal, and a node on it starts without any flag',
  { skip, timeout: 60_000 }, async () => {
    const db = freshDatabase();
    const s = await startServer({ demo: true, ...db });
    try {
      assert.ok((await s.health()).journal_size > 0);
      const size = psql(db.dbUrl, 'SELECT count(*) FROM journal');
      assert.equal(size.status, 0, size.stderr);
      const update = psql(db.dbUrl, "UPDATE journal SET kind = 'x' WHERE idx = 0");
      assert.notEqual(update.status, 0);
      assert.match(update.stderr, /permission denied/);
      const del = psql(db.dbUrl, 'DELETE FROM journal WHERE idx = 0');
      assert.notEqual(del.status, 0);
      assert.match(del.stderr, /permission denied/);
      const trunc = psql(db.dbUrl, 'TRUNCATE journal');
      assert.notEqual(trunc.status, 0);
      assert.match(trunc.stderr, /permission denied/);
      assert.equal(psql(db.dbUrl, 'SELECT count(*) FROM journal').stdout, size.stdout, 'the journal is unchanged');
    } finally {
      await s.cleanup();
    }
  });
