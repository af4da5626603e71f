// `sabt verify --since-checkpoint` (docs/journal-format.md §6.2): after a
// verify stores its signed result, the next run checks only the entries
// appended since, and the rest by the Merkle tree. A stored result signed by
// another key, or an old entry rewritten together with its hashes, is a
// failure that demands a full verify, never a silent pass. On SQLite and
// PostgreSQL (edits as the database owner).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { freshDatabase, backend } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { signNote } from '../lib/forge.mjs';

let s;
let token;
before(async () => {
  s = await startServer({ demo: true, demoArgs: ['--appeals', '5'], ...freshDatabase() });
  token = await login(s.url, 'desk', s.logins.desk);
});
after(async () => { await s?.cleanup(); });

function verify(...extra) {
  const r = spawnSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet', ...extra], { env: s.env });
  return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
}

// Raw SQL on the node's database, as its owner (hand edits).
function sql(query) {
  if (backend === 'sqlite') return execFileSync('sqlite3', [s.dbPath, query]).toString().trim();
  return execFileSync('psql', [s.env.SABT_PG_OWNER_URL, '-At', '-v', 'ON_ERROR_STOP=1', '-c', query]).toString().trim();
}
const hexOf = (col) => (backend === 'sqlite' ? `lower(hex(${col}))` : `encode(${col}, 'hex')`);
const blob = (buf) => (backend === 'sqlite' ? `X'${buf.toString('hex')}'` : `'\\x${buf.toString('hex')}'::bytea`);
const sha = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
const nodeAt = (level, idx) => {
  const h = sql(`SELECT ${hexOf('hash')} FROM merkle_nodes WHERE level = ${level} AND idx = ${idx}`);
  return h ? Buffer.from(h, 'hex') : null;
};

async function appendAppeals(n) {
  for (let i = 0; i < n; i++) {
    const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody());
    assert.equal(r.status, 201, r.text);
  }
}

test('with no stored result, --since-checkpoint says so and runs a full verify, which stores a signed result', () => {
  const r = verify('--since-checkpoint');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /no stored verify result: running a full verify/);
  assert.match(r.out, /rows match a replay/);
  assert.match(r.out, /verify result stored: size \d+, signed by sabt\/central/);
});

test('after appends, --since-checkpoint checks only the new entries and passes', async () => {
  const full = verify();
  assert.equal(full.code, 0, full.out);
  const m = Number(full.out.match(/verify result stored: size (\d+)/)[1]);
  await appendAppeals(4);
  const r = verify('--since-checkpoint');
  assert.equal(r.code, 0, r.out);
  const [, since, fresh] = r.out.match(/since the verified tree of size (\d+): (\d+) new entries checked/);
  assert.equal(Number(since), m);
  assert.ok(Number(fresh) >= 4, r.out);
  const n = Number(r.out.match(/verify result stored: size (\d+)/)[1]);
  assert.equal(n, m + Number(fresh));
  // The next run starts where this one ended.
  const again = verify('--since-checkpoint');
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, new RegExp(`since the verified tree of size ${n}: `));
});

test('a stored result signed by another key, or edited, fails and demands a full verify', () => {
  const good = verify();
  assert.equal(good.code, 0, good.out);
  const note = sql('SELECT note FROM verify_results ORDER BY id DESC LIMIT 1');
  const put = (text) => {
    const id = Number(sql('SELECT max(id) FROM verify_results')) + 1;
    sql(`INSERT INTO verify_results(id, note) VALUES (${id}, '${text.replaceAll("'", "''")}')`);
  };
  // Signed by a stranger who calls itself the node.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const stranger = { name: 'sabt/central', privateKey, pub: publicKey.export({ format: 'der', type: 'spki' }).subarray(12) };
  const body = note.slice(0, note.indexOf('\n\n') + 1);
  put(signNote(body, stranger));
  let r = verify('--since-checkpoint');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL: stored verify result #\d+: its signature does not verify with the node key sabt\/central; run a full sabt verify/);
  // The genuine signature under an edited size.
  put(note.replace(/\nsize (\d+)\n/, (_, n) => `\nsize ${Number(n) - 1}\n`) + '\n');
  r = verify('--since-checkpoint');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL: stored verify result #\d+: its signature does not verify/);
  // A full verify stores a good result again.
  assert.equal(verify().code, 0);
  assert.equal(verify('--since-checkpoint').code, 0);
});

test('an old entry rewritten together with its leaf hash and Merkle nodes fails --since-checkpoint', async () => {
  const full = verify();
  assert.equal(full.code, 0, full.out);
  const m = Number(full.out.match(/verify result stored: size (\d+)/)[1]);
  await appendAppeals(2);
  // Rewrite an appeal of the verified part the way a careful forger would:
  // the entry, its leaf hash, and every stored node above it.
  const idx = Number(sql(`SELECT idx FROM journal WHERE kind = 'appeal.registered' AND idx < ${m} ORDER BY idx LIMIT 1 OFFSET 1`));
  const entry = Buffer.from(sql(`SELECT ${hexOf('entry')} FROM journal WHERE idx = ${idx}`), 'hex').toString();
  const forged = entry.replace('"category":"', '"category":"x');
  assert.notEqual(forged, entry);
  let hash = sha(Buffer.of(0), Buffer.from(forged));
  const updates = [];
  if (backend === 'sqlite') updates.push('DROP TRIGGER journal_no_update');
  else updates.push('ALTER TABLE journal DISABLE TRIGGER USER');
  updates.push(`UPDATE journal SET entry = ${blob(Buffer.from(forged))}, leaf_hash = ${blob(hash)} WHERE idx = ${idx}`);
  updates.push(`UPDATE merkle_nodes SET hash = ${blob(hash)} WHERE level = 0 AND idx = ${idx}`);
  for (let level = 1; ; level++) {
    const j = idx >> level;
    if (!nodeAt(level, j)) break;  // no complete subtree above: the frontier node was reached
    const left = ((idx >> (level - 1)) & 1) === 0;
    const sibling = nodeAt(level - 1, left ? (idx >> (level - 1)) + 1 : (idx >> (level - 1)) - 1);
    hash = sha(Buffer.of(1), left ? hash : sibling, left ? sibling : hash);
    updates.push(`UPDATE merkle_nodes SET hash = ${blob(hash)} WHERE level = ${level} AND idx = ${j}`);
  }
  sql(updates.join('; '));
  const r = verify('--since-checkpoint');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, new RegExp(`FAIL: the stored Merkle tree no longer matches the root verified at size ${m} .*old entries or their hashes were changed; run a full sabt verify`));
  // The full verify finds it too (the stored tree heads keep the old roots).
  const whole = verify();
  assert.equal(whole.code, 1, whole.out);
});

test('an old entry edited without its hashes is found by --since-checkpoint --sweep and by a full verify', async () => {
  // A node of its own: the other tests leave their database forged.
  const t = await startServer({ demo: true, demoArgs: ['--appeals', '5'], ...freshDatabase() });
  try {
    const run = (...extra) => {
      const r = spawnSync(t.bin, ['verify', '--db', t.dbUrl, '--quiet', ...extra], { env: t.env });
      return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
    };
    const q = (query) => (backend === 'sqlite'
      ? execFileSync('sqlite3', [t.dbPath, query]).toString().trim()
      : execFileSync('psql', [t.env.SABT_PG_OWNER_URL, '-At', '-v', 'ON_ERROR_STOP=1', '-c', query]).toString().trim());
    assert.equal(run().code, 0);
    let r = run('--since-checkpoint', '--sweep');
    assert.equal(r.code, 0, r.out);
    const idx = Number(q("SELECT idx FROM journal WHERE kind = 'appeal.registered' ORDER BY idx LIMIT 1 OFFSET 2"));
    const edit = backend === 'sqlite'
      ? `DROP TRIGGER journal_no_update; UPDATE journal SET entry = CAST(replace(CAST(entry AS TEXT), '"category":"', '"category":"x') AS BLOB) WHERE idx = ${idx}`
      : `ALTER TABLE journal DISABLE TRIGGER USER; UPDATE journal SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '"category":"', '"category":"x'), 'UTF8') WHERE idx = ${idx}`;
    q(edit);
    r = run('--since-checkpoint', '--sweep');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`FAIL: entry ${idx}: stored leaf hash does not match the entry \\(an old entry was changed\\); run a full sabt verify`));
    r = run();
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, new RegExp(`entry ${idx}: stored leaf hash does not match the entry`));
  } finally {
    await t.cleanup();
  }
});
