// A laptop is evidence, never authority (docs/sync-protocol.md §4a). The test
// plays the thief of a mobile station's laptop: it holds the device key and
// the laptop's database, and builds and signs batches of its own
// (tests/lib/forge.mjs). Every batch outside "What a device may say" is
// refused whole (422 forbidden naming the first offending seq), nothing of it
// is applied, and the alert is shown to the admin and to the head. A pull
// carries no other unit's user. Runs on SQLite and PostgreSQL parents
// (SABT_TEST_BACKEND); the laptop is SQLite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { api, login, appealBody } from '../lib/api.mjs';
import { sabtBin } from '../lib/server.mjs';
import { webClient } from '../lib/web.mjs';
import { forgeBatch, forgeEntry, laptopLeaves, pullAs, pushBatch, readDeviceKey } from '../lib/forge.mjs';
import { sabt, startParent, createEnrolment, enrolField, startField, syncStatus, headOf } from '../lib/sync.mjs';

const UNIT = 'DSH-SNO-M1';
let parent, en, field, key, leaves, ownAppeal, otherAppeal;

function addUser(dbUrl, env, username, role, department, password) {
  execFileSync(sabtBin(), ['user', 'add', '--db', dbUrl, '--username', username, '--role', role,
    '--department', department, '--password-stdin'], { input: `${password}\n`, env: { ...process.env, ...env }, stdio: 'pipe' });
}

before(async () => {
  parent = await startParent();
  // An officer of another mobile unit: the laptop must never learn of them.
  addUser(parent.dbUrl, parent.backendEnv, 'frd.mobile', 'mobile_officer', 'DSH-FRD-M1', 'frd-mobile-password-1');
  en = await createEnrolment(parent, UNIT);
  field = await enrolField(parent, en.code);
  assert.equal(field.code, 0, field.stderr);
  // The honest laptop registers one appeal and syncs it.
  const node = await startField(field, ['--sync-interval', '3600']);
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  const r = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(r.status, 201, r.text);
  ownAppeal = r.json;
  await node.stop();
  const push = await sabt(['sync', 'push', '--db', field.dbUrl, '--no-pull']);
  assert.equal(push.code, 0, push.stderr);
  assert.equal((await syncStatus(field)).pending, 0);
  // The thief's material: the key file beside the database, and its tree.
  key = readDeviceKey(`${field.dbPath}.key`);
  leaves = laptopLeaves(field.dbPath);
  const head = await headOf(parent);
  const list = await api(parent.url, head, 'GET', '/api/v1/appeals?page_size=50');
  otherAppeal = list.json.items.find((a) => a.department === 'DSH-SNO');
  assert.ok(otherAppeal, 'the district has appeals of its own');
});
after(async () => { await parent?.cleanup(); });

const at = () => new Date().toISOString();
const origin = () => field.origin;

// A well-formed appeal registration in the device's own series (`n` = next).
function appealEntry(seq, n, over = {}) {
  const year = new Date().getUTCFullYear();
  const series = over.series ?? en.series;
  return {
    kind: 'appeal.registered', subject: randomUUID(),
    data: { number: `${series}/${year}/${n}`, series, year, n, department: UNIT, channel: 'mobile',
      category: 'complaint', received_at: at(), person_id: randomUUID(), registered_by: 'system', due_day: 20000, ...over },
    payload: { applicant: { surname: 'Дузд', given_name: 'Б', patronymic: '', birth_date: '1980-01-01', address: 'x',
      phone: '', id_document: `T${seq}` }, summary: 'forged by the thief', verification_code: 'ABCD-EFGH' },
  };
}

// Every kind a device may never push, with plausible data.
function forbiddenEntries() {
  const o = origin();
  const sub = randomUUID();
  return [
    { kind: 'sync.enrolment_created', subject: sub, data: { origin: `${o}x`, department: UNIT, series: `${UNIT}-FFFF`, expires_at: '2099-01-01T00:00:00.000Z' }, payload: { code_hash: '00'.repeat(32) } },
    { kind: 'sync.device_enrolled', subject: `${o}x`, data: { origin: `${o}x`, department: UNIT, series: `${UNIT}-FFFF`, verifier_key: 'x', enrolment: sub } },
    { kind: 'sync.device_revoked', subject: o, data: { origin: o } },
    { kind: 'sync.batch_accepted', subject: o, data: { origin: o, from_seq: 1, to_seq: 1, size: 1, root: '', frontier: '', received_at: at(), child_at: at(), skew_ms: 0, skew_flagged: false } },
    { kind: 'sync.fork_detected', subject: o, data: { origin: o, seq: 1, stored_leaf: '', received_leaf: '' } },
    { kind: 'sync.alert', subject: o, data: { origin: o, department: UNIT, seq: 1, kind: 'x', reason: 'kind' } },
    { kind: 'user.created', subject: sub, data: { username: 'thief', role: 'admin', department: 'MIA', display_name: 'Thief' }, payload: { password_hash: 'x' } },
    { kind: 'user.password_set', subject: sub, data: {}, payload: { password_hash: 'x' } },
    { kind: 'user.disabled', subject: sub, data: {} },
    { kind: 'department.upserted', subject: 'DSH-SNO-M9', data: { code: 'DSH-SNO-M9', parent: 'DSH-SNO', kind: 'mobile', name_tg: 'x', name_ru: 'x', name_en: 'x' } },
    { kind: 'classifier.imported', subject: 'classifier', data: { version: 99, sample: true, rows: [] } },
    { kind: 'reference.loaded', subject: 'channels', data: { list: 'channels', rows: [{ code: 'rogue', name_tg: 'x', name_ru: 'x', name_en: 'x' }] } },
    { kind: 'reference.loaded', subject: 'settings', data: { list: 'settings', rows: [{ code: 'crime_referral_hours', name_tg: '', name_ru: '', name_en: '', extra: { value: 9999 } }] } },
    { kind: 'payload.erased', subject: otherAppeal.id, data: { target: 1, target_kind: 'appeal.registered', reason_code: 'court' }, payload: { reason: 'x' } },
    { kind: 'node.key_rotated', subject: key.name, data: { verifier_key: 'x', previous_key: 'y' } },
    { kind: 'node.key_registered', subject: 'sabt/central', data: { verifier_key: 'sabt/central+00000000+AQ==' } },
    { kind: 'witness.alert', subject: 'central', data: { origin: 'central', size: 1, root: '', known_size: 1, known_root: '', reason: 'x' } },
    { kind: 'submission.received', subject: sub, data: { reference: 'ONL-AAAA-BBBB', department: 'DSH-SNO', category: 'complaint', channel: 'online', received_at: at() } },
    { kind: 'crime.check_extended', subject: sub, data: { days: 30, due_day: 30000, by_role: 'head', late: false }, payload: { reason: 'x' } },
  ];
}

// Pushes a forged batch after the laptop's accepted entries; returns the answer.
async function pushForged(specs) {
  const items = specs.map((s, i) => forgeEntry({ origin: origin(), seq: leaves.length + 1 + i, at: at(), ...s }));
  return pushBatch(parent.url, forgeBatch({ origin: origin(), key, leaves, items }));
}

async function device() {
  const r = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const refusals = [];  // {seq, kind} of every refused batch, for the alert checks

async function expectRefused(specs, badIndex, what) {
  const before = (await device()).devices.find((d) => d.origin === origin());
  const r = await pushForged(specs);
  const seq = leaves.length + 1 + badIndex;
  assert.equal(r.status, 422, `${what}: ${r.text}`);
  assert.equal(r.json.error, 'forbidden', what);
  assert.equal(r.json.seq, seq, `${what}: the first offending seq is named`);
  assert.equal(r.json.kind, specs[badIndex].kind, what);
  const afterDev = (await device()).devices.find((d) => d.origin === origin());
  assert.equal(afterDev.acked_seq, before.acked_seq, `${what}: nothing of the batch was accepted`);
  assert.equal(afterDev.entries, before.entries, `${what}: nothing of the batch is in the parent's journal`);
  refusals.push({ seq, kind: specs[badIndex].kind, reason: r.json.reason });
  return r.json;
}

test('a device may not push any administering, key, list, erasure or foreign kind', async () => {
  for (const spec of forbiddenEntries()) {
    const r = await expectRefused([spec], 0, spec.kind);
    assert.equal(r.reason, spec.kind.startsWith('node.key_registered') ? 'key' : 'kind', spec.kind);
  }
  const login1 = await api(parent.url, null, 'POST', '/api/v1/login', { username: 'thief', password: 'x' });
  assert.notEqual(login1.status, 200, 'no user was created');
  const ref = await api(parent.url, parent.adminToken, 'GET', '/api/v1/reference');
  assert.ok(!ref.json.channels.some((c) => c.code === 'rogue'), 'the channel list is the parent\'s');
});

test('an appeal of another unit, a step on one, and a number in another series are refused', async () => {
  await expectRefused([appealEntry(0, 2, { department: 'DSH-SNO' })], 0, 'appeal registered in another unit');
  await expectRefused([appealEntry(0, 2, { series: UNIT })], 0, 'appeal numbered in the department\'s series');
  await expectRefused([appealEntry(0, 2, { series: 'DSH-SNO' })], 0, 'appeal numbered in another department\'s series');
  await expectRefused([{ kind: 'appeal.closed', subject: otherAppeal.id, data: { from: otherAppeal.status, to: 'closed', number: otherAppeal.number } }],
    0, 'step on another unit\'s appeal');
  // A valid registration first: the whole batch goes, and the alert names the second entry.
  const good = appealEntry(0, 2);
  await expectRefused([good, { kind: 'user.created', subject: randomUUID(), data: { username: 'thief2', role: 'admin', department: 'MIA', display_name: 'T' }, payload: { password_hash: 'x' } }],
    1, 'valid appeal followed by a user');
  const head = await headOf(parent);
  const got = await api(parent.url, head, 'GET', `/api/v1/appeals/${good.subject}`);
  assert.equal(got.status, 404, 'the valid entry of a refused batch was not applied');
});

test('a crime report in the department\'s series is refused; the laptop numbers referrals in its own', async () => {
  const year = new Date().getUTCFullYear();
  const report = (series) => ({
    kind: 'crime.registered', subject: randomUUID(),
    data: { number: `${series}/${year}/1`, series, year, n: 1, department: UNIT, source: 'appeal', received_at: at(),
      event_at: at(), article: '', part: '', classifier_version: 0, severity: '', person_id: '', registered_by: 'system',
      start_day: 20000, check_days: 3, due_day: 20003, appeal_id: ownAppeal.id, appeal_number: ownAppeal.number },
    payload: { place: { address: '' }, account: 'x' },
  });
  await expectRefused([report(`KUSP-${UNIT}`)], 0, 'crime report in the department\'s series');
  const walkIn = report(`KUSP-${en.series}`);
  walkIn.data.source = 'walk_in';
  await expectRefused([walkIn], 0, 'a crime report other than a referral');

  // The honest laptop refers its appeal: the report takes KUSP-<device series> and is accepted.
  const node = await startField(field, ['--sync-interval', '3600']);
  try {
    const mobile = await login(node.url, 'mobile', parent.logins.mobile);
    const st = await api(node.url, mobile, 'POST', `/api/v1/appeals/${ownAppeal.id}/steps`, { step: 'refer' });
    assert.equal(st.status, 200, st.text);
    assert.ok(st.json.crime_report.number.startsWith(`KUSP-${en.series}/`), st.json.crime_report.number);
  } finally { await node.stop(); }
  const push = await sabt(['sync', 'push', '--db', field.dbUrl, '--no-pull']);
  assert.equal(push.code, 0, push.stderr);
  assert.equal((await syncStatus(field)).pending, 0, 'the honest batch after the refused ones is accepted');
  leaves = laptopLeaves(field.dbPath);
});

test('every refusal is an alert on /admin/devices and on the head\'s oversight list', async () => {
  assert.ok(refusals.length >= 20, `refusals: ${refusals.length}`);
  const alerts = (await device()).alerts.filter((a) => a.origin === origin());
  assert.equal(alerts.length, refusals.length, 'one sync.alert per refused batch');
  for (const r of refusals) assert.ok(alerts.some((a) => a.seq === r.seq && a.kind === r.kind), `alert for ${r.kind}`);
  const web = webClient(parent.url);
  const admin = await web.signIn('admin', parent.logins.admin);
  const page = await (await web.get('/admin/devices', admin)).text();
  const rows = [...page.matchAll(/class="sync-alert" data-origin="([^"]+)" data-seq="(\d+)"/g)];
  assert.equal(rows.filter((m) => m[1] === origin()).length, refusals.length, 'the admin sees every alert');
  const head = await web.signIn('head', parent.logins.head);
  const ov = await web.get('/oversight/appeals', head);
  assert.equal(ov.status, 200);
  const html = await ov.text();
  assert.equal([...html.matchAll(/class="sync-alert" data-origin="([^"]+)"/g)].filter((m) => m[1] === origin()).length,
    refusals.length, 'the head sees every alert of the unit');
});

test('a pull carries only the unit: its own users and hashes, never another unit\'s', async () => {
  const ans = await pullAs(parent.url, origin(), key);
  assert.ok(ans.users.length > 0);
  for (const u of ans.users) assert.equal(u.department, UNIT, `user ${u.username} is of the unit`);
  assert.ok(!ans.users.some((u) => u.username === 'frd.mobile' || u.username === 'admin' || u.username === 'head'));
  const ids = new Set(ans.users.map((u) => u.id));
  for (const id of Object.keys(ans.password_hashes)) assert.ok(ids.has(id), 'no hash of another unit\'s user');
  const codes = ans.departments.map((d) => d.code).sort();
  assert.deepEqual(codes, ['DSH', 'DSH-SNO', UNIT, 'MIA'].sort(), 'the unit and its ancestors only');
  for (const a of ans.appeals) {
    const r = await api(parent.url, await headOf(parent), 'GET', `/api/v1/appeals/${a.id}`);
    assert.equal(r.json.department, UNIT);
  }
});

test('the parent still verifies after the thief\'s attempts', async () => {
  await parent.stop();
  const v = await sabt(['verify', '--db', parent.dbUrl], parent.backendEnv);
  assert.equal(v.code, 0, `verify on the parent:\n${v.stdout}\n${v.stderr}`);
  const vf = await sabt(['verify', '--db', field.dbUrl]);
  assert.equal(vf.code, 0, `verify on the laptop:\n${vf.stdout}\n${vf.stderr}`);
});
