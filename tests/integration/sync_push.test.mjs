// A field node registers appeals with no parent reachable; when the parent
// comes back every appeal arrives exactly once, and both journals verify.
// The parent refuses forks, revoked devices and expired enrolment codes, and
// a USB bundle imported twice changes nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { login, api, appealBody, allAppeals } from '../lib/api.mjs';
import {
  sabt, startParent, restartParent, createEnrolment, enrolField, startField, syncStatus, until, verify, headOf, syncUntilDone
} from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

async function parentAppeals(parent) {
  const head = await headOf(parent);
  return (await allAppeals(parent.url, head)).filter((a) => a.department === 'DSH-SNO-M1');
}

test('offline appeals over three days reach the parent exactly once, and both journals verify', async () => {
  let parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const en = await createEnrolment(parent);
  const field = await enrolField(parent, en.code);
  assert.equal(field.code, 0, field.stderr);
  assert.equal(field.origin, en.origin);
  const before = (await parentAppeals(parent)).length;

  // The parent goes down; the field node keeps registering.
  await parent.stop();
  let node = await startField(field, ['--sync-interval', '1']);
  cleanups.push(() => node.cleanup());
  const token = await login(node.url, 'mobile', parent.logins.mobile);  // password hash pulled at enrolment
  const numbers = new Set();
  const day = 24 * 3600 * 1000;
  // Four officers' browsers at once (the writer commits them in groups).
  const register = async (i) => {
    const received = new Date(Date.now() - (2 - Math.floor(i / 100)) * day - 60_000).toISOString();
    const r = await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile', received_at: received }));
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.number, /^DSH-SNO-M1-[0-9A-F]{4}\//);
    numbers.add(r.json.number);
  };
  for (let i = 0; i < 300; i += 4) await Promise.all([0, 1, 2, 3].map((k) => register(i + k)));
  assert.equal(numbers.size, 300);
  const offline = await api(node.url, token, 'GET', '/api/v1/sync/status');
  assert.equal(offline.status, 200);
  assert.ok(offline.json.pending >= 300, `pending ${offline.json.pending}`);
  assert.notEqual(offline.json.last_error, '');

  // The parent comes back: the loop delivers everything.
  parent = await restartParent(parent);
  cleanups.push(() => parent.cleanup());
  // The parent came back on another port: the laptop is pointed at it.
  await node.stop();
  node = await startField(field, ['--sync-interval', '1', '--parent', parent.url]);
  cleanups.push(() => node.cleanup());
  try {
    await until(async () => (await api(node.url, token, 'GET', '/api/v1/sync/status')).json.pending === 0, 120_000, 'pending 0');
  } catch (e) {
    e.message += `\n${JSON.stringify((await api(node.url, token, 'GET', '/api/v1/sync/status')).json)}\n${node.stderr()}`;
    throw e;
  }
  const arrived = await parentAppeals(parent);
  assert.equal(arrived.length - before, 300);
  const got = new Set(arrived.map((a) => a.number));
  for (const n of numbers) assert.ok(got.has(n), `${n} missing on the parent`);
  assert.equal(got.size, arrived.length, 'duplicate numbers on the parent');

  await node.stop();
  await parent.stop();
  await verify(field.dbUrl);
  await verify(parent.dbUrl, parent.backendEnv);
});

test('a restored laptop that re-uses acknowledged seqs is refused as a fork and the parent records it', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const backup = path.join(field.dir, 'backup.db');
  copyFileSync(field.dbPath, backup);
  copyFileSync(`${field.dbPath}.key`, `${backup}.key`);

  let node = await startField(field, ['--sync-interval', '3600']);
  let token = await login(node.url, 'mobile', parent.logins.mobile);
  for (let i = 0; i < 3; i++) assert.equal((await api(node.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  await node.stop();
  const pushed = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const accepted = (await parentAppeals(parent)).length;

  // The old copy comes back and registers different appeals under the same seqs.
  copyFileSync(backup, field.dbPath);
  for (const ext of ['-wal', '-shm']) if (existsSync(field.dbPath + ext)) copyFileSync('/dev/null', field.dbPath + ext);
  node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  token = await login(node.url, 'mobile', parent.logins.mobile);
  for (let i = 0; i < 3; i++) assert.equal((await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ summary: `другой текст ${i}` }))).status, 201);
  await node.stop();
  const refused = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /differs from the entry already accepted/);

  assert.equal((await parentAppeals(parent)).length, accepted, 'forked entries must not be accepted');
  const devices = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  assert.ok(devices.json.devices.find((d) => d.origin === field.origin).forks >= 1, 'fork recorded');
  await parent.stop();
  await verify(parent.dbUrl, parent.backendEnv);
});

test('a revoked device is refused with a clear message and its earlier pushes stay', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  let node = await startField(field, ['--sync-interval', '3600']);
  let token = await login(node.url, 'mobile', parent.logins.mobile);
  assert.equal((await api(node.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  await node.stop();
  const pushed = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const accepted = (await parentAppeals(parent)).length;

  const rev = await api(parent.url, parent.adminToken, 'POST', `/api/v1/sync/devices/${field.origin}/revoke`, { reason: 'laptop stolen' });
  assert.equal(rev.status, 200, rev.text);
  node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  token = await login(node.url, 'mobile', parent.logins.mobile);
  assert.equal((await api(node.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  await node.stop();
  const refused = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /revoked/);
  assert.equal((await parentAppeals(parent)).length, accepted);

  // Only an admin may revoke.
  const desk = await login(parent.url, 'desk', parent.logins.desk);
  assert.equal((await api(parent.url, desk, 'GET', '/api/v1/sync/devices')).status, 403);
});

test('an expired or already used enrolment code is refused', async () => {
  const parent = await startParent(['--enrolment-ttl', '1']);
  cleanups.push(() => parent.cleanup());
  const en = await createEnrolment(parent);
  await new Promise((r) => setTimeout(r, 1500));
  const expired = await enrolField(parent, en.code);
  assert.notEqual(expired.code, 0);
  assert.match(expired.stderr, /expired/);

  const wrong = await enrolField(parent, 'AAAA-BBBB-CCCC');
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /unknown enrolment code/);
});

test('a USB bundle carries the same signed batch; importing it twice changes nothing', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const token = await login(node.url, 'mobile', parent.logins.mobile);
  await syncUntilDone(node.url, token);  // the round at start is over: the appeals below go only by the bundle
  for (let i = 0; i < 5; i++) assert.equal((await api(node.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  const bundle = path.join(field.dir, 'bundle.sabt');
  const exp = await sabt(['sync', 'export', '--db', field.dbUrl, '--to', bundle]);
  assert.equal(exp.code, 0, exp.stderr);
  const before = (await parentAppeals(parent)).length;

  const first = await sabt(['sync', 'import', bundle, '--url', parent.url]);
  assert.equal(first.code, 0, first.stderr);
  const size1 = (await parent.health()).journal_size;
  assert.equal((await parentAppeals(parent)).length, before + 5);
  const second = await sabt(['sync', 'import', bundle, '--url', parent.url]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /nothing new/);
  assert.equal((await parent.health()).journal_size, size1);
  assert.equal((await parentAppeals(parent)).length, before + 5);

  // The field node then learns the ack at its next push: nothing is sent twice.
  await node.stop();
  const push = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(push.code, 0, push.stderr);
  assert.equal((await syncStatus(field)).pending, 0);
  assert.equal((await parentAppeals(parent)).length, before + 5);
  await parent.stop();
  await verify(parent.dbUrl, parent.backendEnv);
  // An offline parent imports from the file directly.
  const again = await sabt(['sync', 'import', bundle, '--db', parent.dbUrl], parent.backendEnv);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /nothing new/);
});

test('after the ack and the grace period the laptop forgets personal data; numbers stay and both journals verify', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  let node = await startField(field, ['--sync-interval', '3600']);
  const token = await login(node.url, 'mobile', parent.logins.mobile);
  const r = await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ summary: 'Матни махфӣ барои тоза кардан' }));
  assert.equal(r.status, 201);
  await node.stop();

  // Nothing is purged before the parent acknowledged it.
  assert.match((await sabt(['sync', 'purge', '--grace-days', '0', '--db', field.dbUrl])).stdout, /of 0 entries/);
  assert.equal((await sabt(['sync', 'push', '--db', field.dbUrl])).code, 0);
  const purged = await sabt(['sync', 'purge', '--grace-days', '0', '--db', field.dbUrl]);
  assert.equal(purged.code, 0, purged.stderr);
  assert.match(purged.stdout, /of 1 entries/);

  node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const t2 = await login(node.url, 'mobile', parent.logins.mobile);
  const onField = await api(node.url, t2, 'GET', `/api/v1/appeals/${r.json.id}`);
  assert.equal(onField.status, 200);
  assert.equal(onField.json.number, r.json.number);
  assert.equal(onField.json.summary, '');
  await node.stop();
  const v = await sabt(['verify', '--db', field.dbUrl]);
  assert.equal(v.code, 0, v.stdout + v.stderr);

  // The parent keeps the text, and the receipt still checks there.
  const head = await headOf(parent);
  const onParent = await api(parent.url, head, 'GET', `/api/v1/appeals/${r.json.id}`);
  assert.equal(onParent.json.summary, 'Матни махфӣ барои тоза кардан');
  const receipt = await api(parent.url, null, 'GET', `/api/v1/public/receipt?number=${encodeURIComponent(r.json.number)}&code=${r.json.verification_code}`);
  assert.equal(receipt.status, 200);
  assert.equal((await sabt(['sync', 'push', '--db', field.dbUrl])).code, 0);  // the purge entry goes up too
  assert.equal((await api(parent.url, head, 'GET', `/api/v1/appeals/${r.json.id}`)).json.summary, 'Матни махфӣ барои тоза кардан');
  await parent.stop();
  await verify(parent.dbUrl, parent.backendEnv);
});
