// A field laptop with a wrong clock (docs/sync-protocol.md §11): the parent
// flags the skew beyond --max-skew-minutes in the device list and in the
// `sync.batch_accepted` entry, keeps the laptop's intake time and due date,
// and flags nothing within the bound.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { login, api, appealBody } from '../lib/api.mjs';
import { sabt, startParent, restartParent, createEnrolment, enrolField, startField, syncUntilDone, headOf } from '../lib/sync.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const DAY = 24 * 3600 * 1000;

// Registers one appeal on a field node whose clock is offset by `offsetSeconds`,
// syncs it, and answers {appeal on the field, appeal on the parent, device, new batch entries}.
async function registerAndSync(parent, field, offsetSeconds, scanFrom) {
  const node = await startField(field, ['--sync-interval', '3600', '--clock-offset-seconds', String(offsetSeconds)]);
  cleanups.push(() => node.cleanup());
  const token = await login(node.url, 'mobile', parent.logins.mobile);
  const r = await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(r.status, 201, r.text);
  await syncUntilDone(node.url, token, 30_000);
  const onField = (await api(node.url, token, 'GET', `/api/v1/appeals/${r.json.id}`)).json;
  await node.stop();

  const head = await headOf(parent);
  const onParent = await api(parent.url, head, 'GET', `/api/v1/appeals/${r.json.id}`);
  assert.equal(onParent.status, 200, onParent.text);
  const devices = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  const device = devices.json.devices.find((d) => d.origin === field.origin);
  const size = (await parent.health()).journal_size;
  const batches = [];
  const auditor = await auditorToken(parent);
  for (let i = scanFrom; i < size; i++) {
    if ((await api(parent.url, null, 'GET', `/log/entry/${i}`)).json.kind !== 'sync.batch_accepted') continue;
    const e = await entryAsAuditor(parent.url, auditor, i);
    if (e.subject === field.origin) batches.push(e.data);
  }
  return { onField, onParent: onParent.json, device, batches, size };
}

test('a laptop clock within --max-skew-minutes is not flagged; one three days slow is flagged, and its appeals keep the laptop intake time and due date', async () => {
  const parent = await startParent(['--max-skew-minutes', '10']);
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const start = (await parent.health()).journal_size;

  // Four minutes fast: within the bound.
  const near = await registerAndSync(parent, field, 240, start);
  assert.ok(near.batches.length >= 1, 'a batch was accepted');
  for (const b of near.batches) {
    assert.equal(b.skew_flagged, false, JSON.stringify(b));
    assert.ok(b.skew_ms < -180_000 && b.skew_ms > -300_000, `skew ${b.skew_ms} ms for a clock 4 min fast`);
  }
  assert.equal(near.device.skew_flagged, false);
  assert.equal(near.onParent.received_at, near.onField.received_at);
  assert.equal(near.onParent.due_date, near.onField.due_date);

  // Three days slow: flagged, and the intake time stays the laptop's.
  const slow = await registerAndSync(parent, field, -3 * 24 * 3600, near.size);
  assert.ok(slow.batches.length >= 1, 'a batch was accepted');
  for (const b of slow.batches) {
    assert.equal(b.skew_flagged, true, JSON.stringify(b));
    assert.ok(b.skew_ms > 3 * DAY - 60_000 && b.skew_ms < 3 * DAY + 60_000, `skew ${b.skew_ms} ms for a clock 3 days slow`);
  }
  assert.equal(slow.device.skew_flagged, true);
  assert.ok(slow.device.skew_ms > 3 * DAY - 60_000, `device skew ${slow.device.skew_ms}`);
  assert.equal(slow.onParent.received_at, slow.onField.received_at);
  assert.equal(slow.onParent.due_date, slow.onField.due_date);
  const age = Date.now() - Date.parse(slow.onParent.received_at);
  assert.ok(age > 3 * DAY - 3600_000 && age < 3 * DAY + 3600_000, `received_at ${slow.onParent.received_at} is the laptop's time`);
  assert.notEqual(slow.onParent.due_date, '');

  await parent.stop();
  const v = await sabt(['verify', '--db', parent.dbUrl], parent.backendEnv);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  const vf = await sabt(['verify', '--db', field.dbUrl]);
  assert.equal(vf.code, 0, vf.stdout + vf.stderr);
});

test('a USB bundle imported a week after its export is not flagged as clock skew (its sent_at is the export time)', async () => {
  let parent = await startParent(['--max-skew-minutes', '10']);
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const token = await login(node.url, 'mobile', parent.logins.mobile);
  await syncUntilDone(node.url, token);  // the round at start is over: the appeal below goes by USB only
  const r = await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(r.status, 201, r.text);
  await node.stop();
  const bundle = `${field.dir}/week.sabt`;
  const exp = await sabt(['sync', 'export', '--db', field.dbUrl, '--to', bundle]);
  assert.equal(exp.code, 0, exp.stderr);

  // A week later on the parent's clock.
  await parent.stop();
  parent = await restartParent(parent, ['--max-skew-minutes', '10', '--clock-offset-seconds', String(7 * 24 * 3600)]);
  cleanups.push(() => parent.cleanup());
  const start = (await parent.health()).journal_size;
  const imp = await sabt(['sync', 'import', bundle, '--url', parent.url]);
  assert.equal(imp.code, 0, imp.stderr);
  const size = (await parent.health()).journal_size;
  const batches = [];
  const auditor = await auditorToken(parent);
  for (let i = start; i < size; i++) {
    if ((await api(parent.url, null, 'GET', `/log/entry/${i}`)).json.kind !== 'sync.batch_accepted') continue;
    const e = await entryAsAuditor(parent.url, auditor, i);
    if (e.subject === field.origin) batches.push(e.data);
  }
  assert.equal(batches.length, 1);
  assert.equal(batches[0].bundle, true);
  assert.equal(batches[0].skew_flagged, false, JSON.stringify(batches[0]));
  const devices = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  assert.equal(devices.json.devices.find((d) => d.origin === field.origin).skew_flagged, false);
  const head = await headOf(parent);
  assert.equal((await api(parent.url, head, 'GET', `/api/v1/appeals/${r.json.id}`)).status, 200);
});
