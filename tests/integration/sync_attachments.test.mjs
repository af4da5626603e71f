// Attachments in sync (docs/sync-protocol.md §3): a photo and a scan attached
// on the field laptop reach the parent byte-identical; bytes that do not hash
// to their entry's SHA-256 are refused and the batch with them is not accepted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { login, api, appealBody } from '../lib/api.mjs';
import { prng } from '../lib/faultproxy.mjs';
import { sabt, startParent, restartParent, createEnrolment, enrolField, startField, syncUntilDone, headOf } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
// A JPEG-typed photo of ~40 KB of incompressible bytes, and a one-page PDF.
function jpeg(seed) {
  const rand = prng(seed);
  const body = Buffer.alloc(40_000);
  for (let i = 0; i < body.length; i++) body[i] = Math.floor(rand() * 256);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), body, Buffer.from([0xff, 0xd9])]);
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n'
  + '% Ариза аз деҳаи Ғозималик\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function attach(url, token, id, bytes, name) {
  const r = await fetch(new URL(`/api/v1/appeals/${id}/attachments?name=${encodeURIComponent(name)}`, url), {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes,
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text);
}

async function download(url, token, id, sha) {
  const r = await fetch(new URL(`/api/v1/appeals/${id}/attachments/${sha}`, url), { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
}

test('a photo and a scan attached on the field node download byte-identical from the parent; corrupted bytes are refused', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  let node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  let token = await login(node.url, 'mobile', parent.logins.mobile);

  const appeal = (await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }))).json;
  const photo = jpeg(1);
  const a1 = await attach(node.url, token, appeal.id, photo, 'акси ҳодиса.jpg');
  const a2 = await attach(node.url, token, appeal.id, PDF, 'ариза.pdf');
  assert.equal(a1.sha256, sha256(photo));
  assert.equal(a2.sha256, sha256(PDF));
  await syncUntilDone(node.url, token);

  const head = await headOf(parent);
  for (const [bytes, sha] of [[photo, a1.sha256], [PDF, a2.sha256]]) {
    const d = await download(parent.url, head, appeal.id, sha);
    assert.equal(d.status, 200);
    assert.equal(sha256(d.bytes), sha);
    assert.ok(d.bytes.equals(bytes), 'byte-identical on the parent');
  }

  // A second photo whose stored bytes are damaged on the laptop (disk fault).
  const second = (await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }))).json;
  const photo2 = jpeg(2);
  const a3 = await attach(node.url, token, second.id, photo2, 'акси дуюм.jpg');
  await node.stop();
  const damaged = Buffer.from(photo2);
  damaged[1000] ^= 0xff;
  execFileSync('sqlite3', [field.dbPath, `UPDATE attachments SET data = X'${damaged.toString('hex')}' WHERE sha256 = '${a3.sha256}'`]);
  const refused = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /do not match SHA-256/);
  assert.equal((await api(parent.url, head, 'GET', `/api/v1/appeals/${second.id}`)).status, 404, 'the batch with the damaged file is not accepted');

  // The USB bundle carries the files inline and is checked the same way.
  const bundle = `${field.dir}/bundle.sabt`;
  assert.equal((await sabt(['sync', 'export', '--db', field.dbUrl, '--to', bundle])).code, 0);
  const imp = await sabt(['sync', 'import', bundle, '--url', parent.url]);
  assert.notEqual(imp.code, 0);
  assert.match(imp.stderr, /attachment_mismatch/);

  // Repaired, the same batch goes through and the file arrives intact.
  execFileSync('sqlite3', [field.dbPath, `UPDATE attachments SET data = X'${photo2.toString('hex')}' WHERE sha256 = '${a3.sha256}'`]);
  const ok = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(ok.code, 0, ok.stderr);
  const d3 = await download(parent.url, head, second.id, a3.sha256);
  assert.equal(d3.status, 200);
  assert.ok(d3.bytes.equals(photo2));

  await parent.stop();
  const v = await sabt(['verify', '--db', parent.dbUrl], parent.backendEnv);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  const vf = await sabt(['verify', '--db', field.dbUrl]);
  assert.equal(vf.code, 0, vf.stdout + vf.stderr);
});

test('a USB bundle carries the attached files (as parts of their own) and the parent stores them', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const token = await login(node.url, 'mobile', parent.logins.mobile);
  await syncUntilDone(node.url, token);  // the round at start is over: nothing below goes online
  const appeal = (await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }))).json;
  const photo = jpeg(3);
  const a = await attach(node.url, token, appeal.id, photo, 'акс.jpg');
  await node.stop();
  const bundle = `${field.dir}/bundle.sabt`;
  const exp = await sabt(['sync', 'export', '--db', field.dbUrl, '--to', bundle]);
  assert.equal(exp.code, 0, exp.stderr);
  const imp = await sabt(['sync', 'import', bundle, '--url', parent.url]);
  assert.equal(imp.code, 0, imp.stderr);
  const head = await headOf(parent);
  const d = await download(parent.url, head, appeal.id, a.sha256);
  assert.equal(d.status, 200);
  assert.ok(d.bytes.equals(photo));
});

test('after the ack and the grace period the laptop deletes attached files and their names; the parent keeps them', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  let node = await startField(field, ['--sync-interval', '3600']);
  let token = await login(node.url, 'mobile', parent.logins.mobile);
  const appeal = (await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }))).json;
  const photo = jpeg(3);
  const a = await attach(node.url, token, appeal.id, photo, 'шиносномаи шаҳрванд.jpg');
  await node.stop();

  assert.equal((await sabt(['sync', 'push', '--db', field.dbUrl, '--no-pull'])).code, 0);
  const purged = await sabt(['sync', 'purge', '--grace-days', '0', '--db', field.dbUrl]);
  assert.equal(purged.code, 0, purged.stderr);
  assert.match(purged.stdout, /of 2 entries/, 'the registration and the attachment entry');

  node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  token = await login(node.url, 'mobile', parent.logins.mobile);
  assert.notEqual((await download(node.url, token, appeal.id, a.sha256)).status, 200, 'the bytes are gone from the laptop');
  const listed = await api(node.url, token, 'GET', `/api/v1/appeals/${appeal.id}/attachments`);
  assert.equal(listed.status, 200, listed.text);
  const items = listed.json.items;
  assert.equal(items.length, 1, listed.text);
  assert.equal(items[0].sha256, a.sha256, 'the hash stays');
  assert.ok(!listed.text.includes('шиносномаи'), 'the file name is gone from the laptop');
  await node.stop();
  const count = execFileSync('sqlite3', [field.dbPath, `SELECT count(*) FROM attachments WHERE sha256 = '${a.sha256}'`]).toString().trim();
  assert.equal(count, '0');

  const head = await headOf(parent);
  const d = await download(parent.url, head, appeal.id, a.sha256);
  assert.equal(d.status, 200);
  assert.ok(d.bytes.equals(photo), 'the parent keeps the file');
  await parent.stop();
  for (const [db, env] of [[field.dbUrl, {}], [parent.dbUrl, parent.backendEnv]]) {
    const v = await sabt(['verify', '--db', db], env);
    assert.equal(v.code, 0, `verify ${db}:\n${v.stdout}\n${v.stderr}`);
  }
});

// A USB bundle of any size (docs/sync-protocol.md §9): 30 photos of 2 MB each
// (60 MB, far beyond the 1 MiB request and 16 MiB decompression limits of one
// batch) export in parts and import with progress, by --url and by --db.
for (const mode of ['url', 'db']) {
  test(`a bundle of 30 photos of 2 MB each exports and imports by --${mode}, with progress, and every file arrives intact`,
    { timeout: 600_000 }, async () => {
      let parent = await startParent();
      cleanups.push(() => parent.cleanup());
      const field = await enrolField(parent, (await createEnrolment(parent)).code);
      assert.equal(field.code, 0, field.stderr);
      const node = await startField(field, ['--sync-interval', '3600']);
      cleanups.push(() => node.cleanup());
      const token = await login(node.url, 'mobile', parent.logins.mobile);
      await syncUntilDone(node.url, token);  // the round at start is over: nothing below goes online
      const photos = [];
      for (let i = 0; i < 30; i++) {
        const appeal = (await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }))).json;
        const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'),
          randomBytes(2_000_000), Buffer.from([0xff, 0xd9])]);
        const a = await attach(node.url, token, appeal.id, bytes, `акс ${i}.jpg`);
        photos.push({ id: appeal.id, sha: a.sha256 });
      }
      await node.stop();

      const bundle = `${field.dir}/bundle.sabt`;
      const exp = await sabt(['sync', 'export', '--db', field.dbUrl, '--to', bundle]);
      assert.equal(exp.code, 0, exp.stderr);
      assert.match(exp.stderr, /part 31\/31: entries \d+\.\.\d+/, 'export shows its progress, the files then the batch');
      assert.match(exp.stdout, /30 files, 1 batches/);
      assert.ok(statSync(bundle).size > 60_000_000);

      let imp;
      if (mode === 'url') {
        imp = await sabt(['sync', 'import', bundle, '--url', parent.url]);
      } else {
        await parent.stop();
        imp = await sabt(['sync', 'import', bundle, '--db', parent.dbUrl], parent.backendEnv);
        parent = await restartParent(parent);
        cleanups.push(() => parent.cleanup());
      }
      assert.equal(imp.code, 0, imp.stderr);
      assert.match(imp.stderr, /part 1\/31: file 2\.0 MB/);
      assert.match(imp.stderr, /part 31\/31: entries/);
      assert.match(imp.stdout, /accepted 30 files and 1 batches/);

      const head = await headOf(parent);
      for (const p of photos) {
        const d = await download(parent.url, head, p.id, p.sha);
        assert.equal(d.status, 200);
        assert.equal(sha256(d.bytes), p.sha);
      }
      // Importing again changes nothing.
      const again = mode === 'url' ? await sabt(['sync', 'import', bundle, '--url', parent.url]) : null;
      if (again) {
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /nothing new/);
      }
      await parent.stop();
      const v = await sabt(['verify', '--db', parent.dbUrl], parent.backendEnv);
      assert.equal(v.code, 0, v.stdout + v.stderr);
    });
}
