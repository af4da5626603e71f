// Clock evidence on each appeal registered on a laptop (docs/sync-protocol.md
// §11): an intake time far earlier than the laptop's own clock had already
// shown, or later than the appeal's arrival at the parent, is flagged "time
// doubtful" on the appeal's page and the head's list, with the figures; an
// honest intake is not. Runs on SQLite and PostgreSQL parents.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, login, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';
import { startParent, createEnrolment, enrolField, startField, syncUntilDone, verify } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

// "YYYY-MM-DDTHH:MM" in Dushanbe time (UTC+5), `days` before now.
const localDaysAgo = (days) => new Date(Date.now() + 5 * 3600e3 - days * 86400e3).toISOString().slice(0, 16);

async function headPages(parent, appealId) {
  const web = webClient(parent.url);
  const cookie = await web.signIn('head', parent.logins.head);
  const page = await (await web.get(`/appeals/${appealId}`, cookie)).text();
  const list = await (await web.get('/oversight/appeals', cookie)).text();
  return { page, list };
}

test('a back-dated intake on a laptop is flagged with the figures; an honest one is not', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  const honest = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(honest.status, 201, honest.text);
  await syncUntilDone(node.url, mobile);  // the laptop's clock history now reaches "now"
  const backdated = await api(node.url, mobile, 'POST', '/api/v1/appeals',
    appealBody({ channel: 'mobile', received_at: localDaysAgo(5) }));
  assert.equal(backdated.status, 201, backdated.text);
  await syncUntilDone(node.url, mobile);

  const flagged = await headPages(parent, backdated.json.id);
  assert.match(flagged.page, /id="time-doubt"[^>]*data-reason="before_device_clock"/);
  assert.match(flagged.page, /id="doubt-received">\d{4}-\d\d-\d\d \d\d:\d\d</);
  assert.match(flagged.page, /id="doubt-arrived">\d{4}-\d\d-\d\d \d\d:\d\d</);
  assert.match(flagged.list, new RegExp(`data-flag="time_doubtful" data-appeal="${backdated.json.id}" data-reason="before_device_clock"`));
  const clean = await headPages(parent, honest.json.id);
  assert.ok(!clean.page.includes('id="time-doubt"'), 'the honest intake is not flagged');
  assert.ok(!clean.list.includes(`data-appeal="${honest.json.id}" data-reason`), 'nor listed');

  // The flag is a projection of the journal: a replay gives the same tables.
  await parent.stop();
  await verify(parent.dbUrl, parent.backendEnv);
});

test('an intake later than its arrival at the parent (a laptop clock two hours fast) is flagged', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600', '--clock-offset-seconds', '7200']);
  cleanups.push(() => node.cleanup());
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  const reg = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(reg.status, 201, reg.text);
  await syncUntilDone(node.url, mobile);
  const { page } = await headPages(parent, reg.json.id);
  assert.match(page, /id="time-doubt"[^>]*data-reason="after_arrival"/);
});
