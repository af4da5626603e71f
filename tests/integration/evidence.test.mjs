// Evidence files are inside the proofs (docs/journal-format.md §4.2): a
// scan whose bytes were swapped in the database is never served (an error
// and an `evidence.alert` entry instead) and `sabt verify` names it; a legal
// erasure removes an attachment's bytes from the database while every proof
// still verifies. SQLite (sqlite3 CLI) and PostgreSQL (psql as the owner).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { backend, freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { verifierKey, openCheckpoint, verifyInclusion, unhex } from '../lib/rfc9162.mjs';

let s, db, desk;
before(async () => {
  db = freshDatabase();
  s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...db });
  desk = await login(s.url, 'desk', s.logins.desk);
});
after(async () => { await s?.cleanup(); });

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
// A real 4×4 grey PNG whose pixels depend on `shade`, with a marker text chunk.
function png(shade, marker) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0); ihdr.writeUInt32BE(4, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < 4; y++) rows.push(Buffer.from([0, ...Array(12).fill((shade + y * 17) % 256)]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${marker}`, 'latin1')),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

async function upload(appealId, bytes, name) {
  const r = await fetch(new URL(`/api/v1/appeals/${appealId}/attachments?name=${encodeURIComponent(name)}`, s.url), {
    method: 'POST', headers: { authorization: `Bearer ${desk}`, 'content-type': 'application/octet-stream' }, body: bytes,
  });
  assert.equal(r.status, 201);
  return r.json();
}
const download = (appealId, sha) => fetch(new URL(`/api/v1/appeals/${appealId}/attachments/${sha}`, s.url),
  { headers: { authorization: `Bearer ${desk}` } });

// Hand edits as the database owner would make them.
function sql(statement) {
  if (backend === 'sqlite') return execFileSync('sqlite3', ['-cmd', '.timeout 10000', s.dbPath, statement]).toString().trim();
  return execFileSync('psql', [db.env.SABT_PG_OWNER_URL, '-XAtqc', statement]).toString().trim();
}
const hexLiteral = (buf) => (backend === 'sqlite' ? `X'${buf.toString('hex')}'` : `'\\x${buf.toString('hex')}'::bytea`);
function swapBytes(sha, bytes) { sql(`UPDATE attachments SET data = ${hexLiteral(bytes)} WHERE sha256 = '${sha}'`); }
function verifyDb(...extra) {
  const r = spawnSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet', ...extra], { env: s.env });
  return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
}

test('a scan whose bytes were swapped in the database is refused with an alert, and verify names its entry', async () => {
  const appeal = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const scan = png(10, 'original scan');
  const forged = png(200, 'forged scan');
  const j = await upload(appeal.id, scan, 'scan.png');
  assert.equal(verifyDb().code, 0, 'the untouched database verifies');

  swapBytes(j.sha256, forged);
  const before = (await s.health()).journal_size;
  const r = await download(appeal.id, j.sha256);
  assert.equal(r.status, 500);
  const body = Buffer.from(await r.arrayBuffer());
  assert.equal(JSON.parse(body.toString()).error, 'attachment_corrupt');
  assert.ok(!body.includes(forged.subarray(8, 40)), 'not one byte of the swapped file is sent');

  // The alert is journaled, naming the entry and both hashes.
  assert.equal((await s.health()).journal_size, before + 1);
  assert.equal((await api(s.url, null, 'GET', `/log/entry/${before}`)).json.kind, 'evidence.alert');
  const alert = await entryAsAuditor(s.url, await auditorToken(s), before);
  assert.equal(alert.subject, appeal.id);
  assert.deepEqual(alert.data, { reason: 'attachment_mismatch', entry: j.entry.index, number: appeal.number,
    sha256: sha256(scan), found_sha256: sha256(forged) });

  // The web page refuses too, with an error page in the user's language.
  const web = webClient(s.url);
  const cookie = await web.signIn('desk', s.logins.desk);
  const page = await web.get(`/appeals/${appeal.id}/attachments/${j.sha256}`, cookie);
  assert.equal(page.status, 500);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(await page.text(), /журнал/);

  const v = verifyDb();
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`FAIL: entry ${j.entry.index} \\(appeal.attachment_added, ${appeal.number.replaceAll('/', '\\/')}\\): ` +
    `file bytes hash to ${sha256(forged)}, the entry says ${sha256(scan)}`));

  swapBytes(j.sha256, scan);
  assert.equal((await download(appeal.id, j.sha256)).status, 200);
  assert.equal(verifyDb().code, 0, 'the restored file verifies again');
});

// Where the erased bytes could still be found: the SQLite files, or the
// attachments row on PostgreSQL (read as the owner role).
function bytesPresent(sha, bytes) {
  if (backend === 'sqlite') return [s.dbPath, `${s.dbPath}-wal`].filter(existsSync).some((f) => readFileSync(f).includes(bytes));
  return sql(`SELECT count(*) FROM attachments WHERE sha256 = '${sha}'`) === '1';
}

test('an erased attachment is gone from the database while its proofs still verify; bytes another appeal still names stay', async () => {
  const a = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const b = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const photo = png(77, 'photo of the applicant’s passport');
  const shared = png(140, 'a scan attached to two appeals');
  const p = await upload(a.id, photo, 'passport.png');
  const sa = await upload(a.id, shared, 'shared.png');
  const sb = await upload(b.id, shared, 'shared.png');
  assert.equal(sa.sha256, sb.sha256);

  const size = (await s.health()).journal_size;
  let note;
  for (let i = 0; i < 100; i++) {  // the checkpoint that covers the uploads
    note = await (await fetch(new URL('/log/checkpoint', s.url))).text();
    if (Number(note.split('\n')[1]) >= size) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const cp = openCheckpoint(note, verifierKey(await (await fetch(new URL('/log/key', s.url))).text()));
  assert.ok(cp.size >= size);
  const proof = (await api(s.url, null, 'GET', `/log/proof/inclusion?index=${p.entry.index}&size=${cp.size}`)).json.hashes.map(unhex);

  await s.stop();
  assert.ok(bytesPresent(p.sha256, photo), 'the file is stored before erasure');
  const erase = (idx) => execFileSync(s.bin, ['erase', '--db', s.dbUrl, '--entry', String(idx), '--reason-code', 'court_order',
    '--reason', 'Қарори суд № 12'], { env: s.env }).toString();
  assert.match(erase(p.entry.index), /erased the payload of entry/);
  assert.match(erase(sa.entry.index), /erased the payload of entry/);
  assert.ok(!bytesPresent(p.sha256, photo), 'the erased file is gone from the database');
  assert.ok(bytesPresent(sa.sha256, shared), 'bytes another appeal still names stay');

  const v = verifyDb();
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, new RegExp(`entry ${p.entry.index}: payload erased by #\\d+`));
  assert.ok(verifyInclusion(p.entry.index, cp.size, unhex(p.entry.leaf_hash), proof, cp.root), 'the old proof still verifies');

  const logins = s.logins;
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: db.env });
  s.logins = logins;
  desk = await login(s.url, 'desk', s.logins.desk);
  const served = (await api(s.url, null, 'GET', `/log/proof/inclusion?index=${p.entry.index}&size=${cp.size}`)).json.hashes.map(unhex);
  assert.deepEqual(served, proof, 'the same proof is served after erasure');
  const list = (await api(s.url, desk, 'GET', `/api/v1/appeals/${a.id}/attachments`)).json.items.map((x) => x.sha256);
  assert.deepEqual(list, [], 'appeal A no longer lists its erased files');
  assert.equal((await download(a.id, p.sha256)).status, 404);
  const kept = await download(b.id, sb.sha256);
  assert.equal(kept.status, 200);
  assert.ok(Buffer.from(await kept.arrayBuffer()).equals(shared));
});
