// Admins are scoped (docs/sync-protocol.md §2): an admin of a district enrols,
// lists and revokes devices only of the mobile units under that district, on
// the API and on /admin/devices; a national admin manages them all. Runs on
// SQLite and PostgreSQL parents (SABT_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { api, login } from '../lib/api.mjs';
import { sabtBin } from '../lib/server.mjs';
import { webClient, csrfIn, enrolSecondFactor } from '../lib/web.mjs';
import { startParent, createEnrolment, enrolField } from '../lib/sync.mjs';

let parent, sno, frdDevice;
const PASSWORD = 'district-admin-password-1';

before(async () => {
  parent = await startParent();
  execFileSync(sabtBin(), ['user', 'add', '--db', parent.dbUrl, '--username', 'admin.sno', '--role', 'admin',
    '--department', 'DSH-SNO', '--password-stdin'],
  { input: `${PASSWORD}\n`, env: { ...process.env, ...parent.backendEnv }, stdio: 'pipe' });
  await enrolSecondFactor(parent.url, 'admin.sno', PASSWORD);
  sno = await login(parent.url, 'admin.sno', PASSWORD);
  // A laptop of another district, enrolled by the national admin.
  const field = await enrolField(parent, (await createEnrolment(parent, 'DSH-FRD-M1')).code);
  assert.equal(field.code, 0, field.stderr);
  frdDevice = field.origin;
});
after(async () => { await parent?.cleanup(); });

test('a district admin enrols only the mobile units of their district', async () => {
  const other = await api(parent.url, sno, 'POST', '/api/v1/sync/enrolments', { department: 'DSH-FRD-M1' });
  assert.equal(other.status, 403, other.text);
  const own = await api(parent.url, sno, 'POST', '/api/v1/sync/enrolments', { department: 'DSH-SNO-M1' });
  assert.equal(own.status, 201, own.text);
});

test('a district admin lists only the devices and enrolments of their district', async () => {
  const mine = await api(parent.url, sno, 'GET', '/api/v1/sync/devices');
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.enrolments.length > 0);
  for (const e of mine.json.enrolments) assert.equal(e.department, 'DSH-SNO-M1');
  assert.ok(!mine.json.devices.some((d) => d.origin === frdDevice), 'another district\'s laptop is not listed');
  const all = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  assert.ok(all.json.devices.some((d) => d.origin === frdDevice), 'the national admin sees it');
});

test('a district admin cannot revoke another district\'s laptop, by API or by the page', async () => {
  const r = await api(parent.url, sno, 'POST', `/api/v1/sync/devices/${frdDevice}/revoke`, { reason: 'not mine' });
  assert.equal(r.status, 404, r.text);
  const web = webClient(parent.url);
  const cookie = await web.signIn('admin.sno', PASSWORD);
  const page = await (await web.get('/admin/devices', cookie)).text();
  assert.ok(!page.includes(frdDevice), 'the page does not show it');
  assert.ok(!page.includes('value="DSH-FRD-M1"'), 'the enrolment form offers only the district\'s units');
  assert.ok(page.includes('value="DSH-SNO-M1"'));
  const csrf = csrfIn(page);
  const revoke = await web.post(`/admin/devices/${frdDevice}/revoke`, { csrf, reason: 'not mine' }, cookie);
  assert.equal(revoke.status, 404);
  const enrol = await web.post('/admin/devices', { csrf, department: 'DSH-FRD-M1' }, cookie);
  assert.equal(enrol.status, 403);
  const all = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  assert.equal(all.json.devices.find((d) => d.origin === frdDevice).status, 'active', 'the laptop is still active');
  const ok = await api(parent.url, parent.adminToken, 'POST', `/api/v1/sync/devices/${frdDevice}/revoke`, { reason: 'lost' });
  assert.equal(ok.status, 200, ok.text);
});
