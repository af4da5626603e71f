// Conflicts are visible, not silent (docs/sync-protocol.md §4a): a laptop's
// step on an appeal whose state the parent changed after the laptop last
// pulled is kept as evidence but does not overwrite the parent's state; the
// appeal is flagged "conflict" on its page and on the head's list with both
// versions, until the next step taken on the parent. Runs on SQLite and
// PostgreSQL parents (SABT_TEST_BACKEND).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, login, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';
import { sabt, startParent, createEnrolment, enrolField, startField, syncUntilDone, headOf } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

test('a laptop step on a state the parent changed is evidence, and the appeal is flagged with both versions', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  // The laptop syncs on start and when woken, never by itself in between
  // (interval of an hour): its last pull is the one of syncUntilDone.
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  const reg = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(reg.status, 201, reg.text);
  const id = reg.json.id;
  await syncUntilDone(node.url, mobile);

  // The district head assigns it; the laptop has not pulled since.
  const head = await headOf(parent);
  const assign = await api(parent.url, head, 'POST', `/api/v1/appeals/${id}/steps`, { step: 'assign', officer: 'investigator' });
  assert.equal(assign.status, 200, assign.text);

  // On the laptop the appeal is still "registered": the officer refers it.
  const refer = await api(node.url, mobile, 'POST', `/api/v1/appeals/${id}/steps`, { step: 'refer' });
  assert.equal(refer.status, 200, refer.text);
  await syncUntilDone(node.url, mobile);  // push (the step is accepted as evidence), then pull
  const onLaptop = await api(node.url, mobile, 'GET', `/api/v1/appeals/${id}`);
  assert.equal(onLaptop.json.status, 'assigned', 'the pull gave the laptop the parent\'s state');
  await node.stop();

  const a = await api(parent.url, head, 'GET', `/api/v1/appeals/${id}`);
  assert.equal(a.json.status, 'assigned', 'the parent\'s state was not overwritten');
  assert.ok(a.json.conflict, 'the appeal is flagged');
  assert.equal(a.json.conflict.parent.status, 'assigned');
  assert.equal(a.json.conflict.device_steps.length, 1);
  assert.equal(a.json.conflict.device_steps[0].from, 'registered');
  assert.equal(a.json.conflict.device_steps[0].to, 'referred');
  assert.equal(a.json.conflict.origin, field.origin);
  assert.equal(a.json.crime_reports.length, 1, 'the referral\'s crime report is registered anyway');

  const web = webClient(parent.url);
  const cookie = await web.signIn('head', parent.logins.head);
  const page = await (await web.get(`/appeals/${id}`, cookie)).text();
  assert.match(page, /id="sync-conflict"[^>]*data-flag="conflict"/);
  assert.match(page, /id="conflict-steps"/);
  const list = await (await web.get('/oversight/appeals', cookie)).text();
  assert.ok(list.includes(`data-flag="conflict" data-appeal="${id}"`), 'the head\'s list shows the conflict');
  const ov = await api(parent.url, head, 'GET', '/api/v1/oversight/sync');
  assert.ok(ov.json.conflicts.some((c) => c.appeal === id));

  // A step taken on the parent, having seen both versions, clears the flag.
  const ext = await api(parent.url, head, 'POST', `/api/v1/appeals/${id}/steps`, { step: 'extend', days: '5', text: 'both versions seen' });
  assert.equal(ext.status, 200, ext.text);
  assert.equal((await api(parent.url, head, 'GET', `/api/v1/appeals/${id}`)).json.conflict, undefined);
  assert.ok(!(await api(parent.url, head, 'GET', '/api/v1/oversight/sync')).json.conflicts.some((c) => c.appeal === id));

  await parent.stop();
  const v = await sabt(['verify', '--db', parent.dbUrl], parent.backendEnv);
  assert.equal(v.code, 0, `verify on the parent:\n${v.stdout}\n${v.stderr}`);
});
