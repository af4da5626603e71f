// The journal as a verifiable log: signed checkpoints, proofs checked by an
// independent implementation, headers without personal data, the public
// receipt check, erasure that keeps proofs, and key rotation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { freshDatabase, backend } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { verifierKey, openCheckpoint, verifyInclusion, verifyConsistency, unhex } from '../lib/rfc9162.mjs';

let s;
let db;
let logins;  // the demo's, kept across restarts
const registered = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function text(path) { const r = await fetch(new URL(path, s.url)); return { status: r.status, body: await r.text(), headers: r.headers }; }
async function checkpointAtLeast(size) {
  for (let i = 0; i < 50; i++) {
    const c = await text('/log/checkpoint');
    if (c.status === 200 && Number(c.body.split('\n')[1]) >= size) return c;
    await sleep(100);
  }
  throw new Error(`no checkpoint of size >= ${size}`);
}

before(async () => {
  db = freshDatabase();
  s = await startServer({ demo: true, ...db });
  logins = s.logins;
  const token = await login(s.url, 'desk', s.logins.desk);
  for (let i = 0; i < 5; i++) {
    const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody({ surname: `Ӯктамова${i}`, given_name: 'Зебуннисо' }));
    assert.equal(r.status, 201);
    registered.push(r.json);
  }
});
after(async () => { await s?.cleanup(); });

test('the checkpoint is signed by the published key and every receipt entry is provably included', async () => {
  const vk = verifierKey((await text('/log/key')).body);
  const size = (await s.health()).journal_size;
  const note = (await checkpointAtLeast(size)).body;
  const cp = openCheckpoint(note, vk);
  assert.ok(cp, 'signature verifies');
  assert.equal(cp.origin, 'sabt/central');
  for (const a of registered) {
    const p = (await api(s.url, null, 'GET', `/log/proof/inclusion?index=${a.entry.index}&size=${cp.size}`)).json;
    assert.ok(verifyInclusion(a.entry.index, cp.size, unhex(a.entry.leaf_hash), p.hashes.map(unhex), cp.root));
    assert.ok(!verifyInclusion(a.entry.index + 1, cp.size, unhex(a.entry.leaf_hash), p.hashes.map(unhex), cp.root), 'index + 1 fails');
  }
});

test('consistency proofs link stored checkpoints', async () => {
  const vk = verifierKey((await text('/log/key')).body);
  const first = openCheckpoint((await checkpointAtLeast(1)).body, vk);
  const token = await login(s.url, 'desk', s.logins.desk);
  await api(s.url, token, 'POST', '/api/v1/appeals', appealBody());
  const second = openCheckpoint((await checkpointAtLeast(first.size + 1)).body, vk);
  const p = (await api(s.url, null, 'GET', `/log/proof/consistency?from=${first.size}&to=${second.size}`)).json;
  assert.ok(verifyConsistency(first.size, second.size, first.root, second.root, p.hashes.map(unhex)));
  assert.ok(!verifyConsistency(first.size, second.size, second.root, first.root, p.hashes.map(unhex)), 'swapped roots fail');
  const stored = await text(`/log/checkpoint/${first.size}`);
  assert.equal(stored.status, 200);
});

test('bad proof requests get 400 and entry headers carry no personal data', async () => {
  assert.equal((await text('/log/proof/inclusion?index=5&size=5')).status, 400);
  assert.equal((await text('/log/proof/inclusion?index=x&size=5')).status, 400);
  assert.equal((await text('/log/proof/consistency?from=0&to=5')).status, 400);
  assert.equal((await text('/log/proof/inclusion?index=0&size=99999999')).status, 400);
  const e = (await api(s.url, null, 'GET', `/log/entry/${registered[0].entry.index}`)).json;
  assert.equal(e.kind, 'appeal.registered');
  assert.equal(e.entry, undefined, 'the entry bytes are not public');
  const served = JSON.stringify(e);
  assert.ok(!served.includes('Ӯктамова') && !served.includes('Зебуннисо') && !served.includes(registered[0].verification_code));
  assert.equal(e.leaf_hash, registered[0].entry.leaf_hash);
});

test('the public receipt check answers the same for a wrong code, an unknown and a malformed number', async () => {
  const a = registered[1];
  const q = (n, c) => api(s.url, null, 'GET', `/api/v1/public/receipt?number=${encodeURIComponent(n)}&code=${encodeURIComponent(c)}`);
  const ok = await q(a.number, a.verification_code.toLowerCase());
  assert.equal(ok.status, 200);
  assert.deepEqual(Object.keys(ok.json).sort(), ['department', 'entry', 'kind', 'number', 'received_at', 'status']);
  assert.ok(!ok.text.includes('Зебуннисо'));
  const wrong = await q(a.number, 'AAAA-BBBB');
  const unknown = await q('DSH-SNO/2026/99999', a.verification_code);
  const malformed = await q('not a number', a.verification_code);
  for (const r of [wrong, unknown, malformed]) {
    assert.equal(r.status, 404);
    assert.equal(r.text, wrong.text);
  }
});

test('sabt verify-receipt proves a receipt and refuses a wrong code', () => {
  const a = registered[2];
  const good = spawnSync(s.bin, ['verify-receipt', '--url', s.url, '--number', a.number, '--code', a.verification_code, '--leaf-hash', a.entry.leaf_hash]);
  assert.equal(good.status, 0, good.stdout.toString());
  assert.match(good.stdout.toString(), /included in the journal of sabt\/central at size \d+/);
  const flipped = a.entry.leaf_hash.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  const bad = spawnSync(s.bin, ['verify-receipt', '--url', s.url, '--number', a.number, '--code', a.verification_code, '--leaf-hash', flipped]);
  assert.notEqual(bad.status, 0);
});

// Where the erased bytes could still be found: the SQLite files, or the
// payload row on PostgreSQL (read as the owner role).
function payloadPresent(index, name) {
  if (backend === 'sqlite') {
    return [s.dbPath, `${s.dbPath}-wal`].filter(existsSync).some((f) => readFileSync(f).includes(name));
  }
  const out = execFileSync('psql', [db.env.SABT_PG_OWNER_URL, '-XAtqc', `SELECT count(*) FROM payloads WHERE idx = ${Number(index)}`]).toString();
  return out.trim() === '1';
}

test('an erased payload is gone from the database, old proofs still verify, verify names the erasure', async () => {
  const a = registered[3];
  const vk = verifierKey((await text('/log/key')).body);
  const cp = openCheckpoint((await checkpointAtLeast((await s.health()).journal_size)).body, vk);
  const proof = (await api(s.url, null, 'GET', `/log/proof/inclusion?index=${a.entry.index}&size=${cp.size}`)).json.hashes.map(unhex);
  await s.stop();
  const name = Buffer.from('Ӯктамова3');
  assert.ok(payloadPresent(a.entry.index, name), 'the payload is stored before erasure');
  const out = execFileSync(s.bin, ['erase', '--db', s.dbUrl, '--entry', String(a.entry.index), '--reason-code', 'court_order', '--reason', 'Қарори суд № 5'], { env: s.env }).toString();
  assert.match(out, /erased the payload of entry/);
  assert.ok(!payloadPresent(a.entry.index, name), 'the payload is gone after erasure');
  const v = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(v, new RegExp(`entry ${a.entry.index}: payload erased by #\\d+`));
  assert.match(v, /^OK:/m);
  assert.ok(verifyInclusion(a.entry.index, cp.size, unhex(a.entry.leaf_hash), proof, cp.root), 'the old proof still verifies');
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: db.env });
  const after = (await api(s.url, null, 'GET', `/log/proof/inclusion?index=${a.entry.index}&size=${cp.size}`)).json.hashes.map(unhex);
  assert.deepEqual(after, proof, 'the same proof is served after erasure');
});

test('an entry without personal data cannot be erased and nothing changes', async () => {
  const size = (await s.health()).journal_size;
  await s.stop();
  const r = spawnSync(s.bin, ['erase', '--db', s.dbUrl, '--entry', '0', '--reason-code', 'court_order', '--reason', 'Қарори суд № 6'], { env: s.env });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr.toString(), /cannot be erased \(nothing changed\)/);
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: db.env });
  assert.equal((await s.health()).journal_size, size);
});

test('a key rotation is journaled, new checkpoints use the new key, and verify still accepts the old ones', async () => {
  const oldKeyText = (await text('/log/key')).body.trim();
  const oldVk = verifierKey(oldKeyText);
  const before = (await s.health()).journal_size;
  const oldNote = (await checkpointAtLeast(before)).body;
  await s.stop();
  const out = execFileSync(s.bin, ['key', 'rotate', '--db', s.dbUrl], { env: s.env }).toString();
  const printed = out.match(/new key: (sabt\/central\+\S+)/);
  assert.ok(printed, out);
  const v = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(v, /^OK:/m);
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: db.env });
  const newKeyText = (await text('/log/key')).body.trim();
  assert.equal(newKeyText, printed[1], 'the node serves the key that rotate printed');
  assert.notEqual(newKeyText, oldKeyText, 'the key changed');
  const newVk = verifierKey(newKeyText);
  assert.equal(newVk.name, 'sabt/central');
  // The rotation is the first entry after the old journal.
  const rot = (await api(s.url, null, 'GET', `/log/entry/${before}`)).json;
  assert.equal(rot.kind, 'node.key_rotated');
  // New checkpoints are signed by the new key only; the old one still opens
  // under the old key and is consistent with the new.
  const token = await login(s.url, 'desk', logins.desk);
  assert.equal((await api(s.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  const newNote = (await checkpointAtLeast(before + 2)).body;
  const cpNew = openCheckpoint(newNote, newVk);
  assert.ok(cpNew, 'the new checkpoint verifies under the new key');
  assert.equal(openCheckpoint(newNote, oldVk), null, 'and not under the old key');
  const cpOld = openCheckpoint(oldNote, oldVk);
  assert.ok(cpOld, 'the old checkpoint still verifies under the old key');
  const p = (await api(s.url, null, 'GET', `/log/proof/consistency?from=${cpOld.size}&to=${cpNew.size}`)).json;
  assert.ok(verifyConsistency(cpOld.size, cpNew.size, cpOld.root, cpNew.root, p.hashes.map(unhex)));
});
