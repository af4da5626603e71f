// Time from intake to registration for appeals taken offline (issue 17,
// docs/statistics.md §1.7, docs/programme.md §3): a laptop's appeals count on
// the parent by the day of their arrival (the parent's sync.batch_accepted),
// with the minutes from their intake; appeals registered at the parent's desk
// do not. The expectation is computed from the journal entries themselves, so
// the test assumes nothing about how long the sync takes. After `sabt rebuild`
// the indicator is the same. Runs on SQLite and PostgreSQL parents.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { startServer } from '../lib/server.mjs';
import { setClockOffset } from '../lib/totp.mjs';
import { sabt, startParent, restartParent, createEnrolment, enrolField, startField, syncStatus, syncUntilDone, verify } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

// "YYYY-MM-DDTHH:MM" in Dushanbe time (UTC+5), `minutes` before now.
const localMinutesAgo = (minutes) => new Date(Date.now() + 5 * 3600e3 - minutes * 60e3).toISOString().slice(0, 16);
// "YYYY-MM" of an instant in Dushanbe.
const localMonth = (rfc3339) => new Date(Date.parse(rfc3339) + 5 * 3600e3).toISOString().slice(0, 7);

// month "YYYY-MM" → the value shown in an indicator's trend table ("—" or a number).
async function trend(url, cookie, id) {
  const page = await (await webClient(url).get('/programme/indicators', cookie)).text();
  const table = page.match(new RegExp(`<table class="list" data-trend="${id}">(.*?)</table>`, 's'));
  assert.ok(table, `indicator ${id} has a trend table`);
  const out = {};
  for (const m of table[1].matchAll(/<tr><td>(\d{4}-\d\d)<\/td><td class="num">([^<]*)<\/td>/g)) out[m[1]] = m[2];
  return out;
}

async function define(url, token, code, formula, unit) {
  const r = await api(url, token, 'POST', '/api/v1/programme/indicators', {
    code, name_tg: `Нишондиҳанда ${code}`, name_ru: `Показатель ${code}`, name_en: `Indicator ${code}`, formula, unit,
    baseline: '0', target: '1', target_date: '2026-12-31', direction: 'down' });
  assert.equal(r.status, 201, `${code}: ${r.text}`);
  return r.json.id;
}

// The expectation, from the parent's journal between `start` and `size`: each
// laptop appeal arrives with the first sync.batch_accepted of the laptop that
// follows it. Returns {ids: [appeal ids], months: {"YYYY-MM": {count, minutes}}, batches}.
async function expectationFromJournal(parent, field, start, size) {
  const auditor = await auditorToken(parent);
  const pending = [];
  const arrivals = new Map();  // appeal id → {received_at, arrived_at}
  const batches = [];
  for (let i = start; i < size; i++) {
    const kind = (await api(parent.url, null, 'GET', `/log/entry/${i}`)).json.kind;
    if (kind !== 'appeal.registered' && kind !== 'sync.batch_accepted') continue;
    const e = await entryAsAuditor(parent.url, auditor, i);
    if (kind === 'appeal.registered' && e.origin === field.origin) pending.push(e);
    if (kind === 'sync.batch_accepted' && e.subject === field.origin) {
      batches.push(e.data);
      for (const a of pending.splice(0)) arrivals.set(a.subject, { received_at: a.data.received_at, arrived_at: e.data.received_at });
    }
  }
  const months = {};
  for (const { received_at, arrived_at } of arrivals.values()) {
    const m = (months[localMonth(arrived_at)] ??= { count: 0, minutes: 0 });
    m.count += 1;
    m.minutes += Math.max(0, Math.floor((Date.parse(arrived_at) - Date.parse(received_at)) / 60000));
  }
  return { ids: [...arrivals.keys()].sort(), months, batches };
}

// The three indicators show the expected figures in each month of arrival.
async function checkIndicators(url, cookie, ids, expected, what) {
  const count = await trend(url, cookie, ids.count);
  const minutes = await trend(url, cookie, ids.minutes);
  const hours = await trend(url, cookie, ids.hours);
  for (const [month, m] of Object.entries(expected)) {
    assert.equal(Number(count[month]), m.count, `${what}: offline appeals in ${month} (a desk appeal is not one)`);
    assert.equal(Number(minutes[month]), m.minutes, `${what}: delay minutes in ${month}`);
    const avg = m.minutes / 60 / m.count;
    assert.ok(Math.abs(Number(hours[month]) - avg) <= 0.05 + 1e-9, `${what}: average ${hours[month]} h, expected ${avg}`);
  }
}

async function defineAll(url, token) {
  return {
    count: await define(url, token, 'T-OFF', 'appeal.offline', 'count'),
    minutes: await define(url, token, 'T-MIN', 'appeal.offline.delay_minutes', 'count'),
    hours: await define(url, token, 'T-AVG', 'appeal.offline.delay_minutes / 60 / appeal.offline', 'hours'),
  };
}

test('appeals taken on a laptop count on the parent with their delay to arrival; desk appeals do not; a rebuild gives the same', async () => {
  let parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const coord = await login(parent.url, 'coordinator', parent.logins.coordinator);
  const ids = await defineAll(parent.url, coord);
  let cookie = await webClient(parent.url).signIn('coordinator', parent.logins.coordinator);
  for (const [k, id] of Object.entries(ids)) {
    const values = Object.values(await trend(parent.url, cookie, id));
    assert.ok(values.length > 0, `${k} has months`);
    if (k === 'hours') assert.ok(values.every((v) => v === '—'), `no offline appeal yet: no average (${values})`);
  }
  // The demo programme's indicator IND-7 has the same formula (docs/programme.md §3).
  const indicators = await (await webClient(parent.url).get('/programme/indicators', cookie)).text();
  const demoId = (indicators.match(/<tr data-indicator="([^"]+)"><td>IND-7<\/td>/) || [])[1];
  assert.ok(demoId, 'the demo defines IND-7');
  assert.ok(Object.values(await trend(parent.url, cookie, demoId)).every((v) => v === '—'), 'IND-7 has no value yet');

  // An appeal registered at the parent's own desk.
  const desk = await login(parent.url, 'desk', parent.logins.desk);
  const here = await api(parent.url, desk, 'POST', '/api/v1/appeals', appealBody());
  assert.equal(here.status, 201, here.text);

  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  await syncUntilDone(node.url, mobile);  // the start-up round is over: the appeals below go by the push only
  const taken = [];
  for (const ago of [180, 300, 60]) {
    const r = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile', received_at: localMinutesAgo(ago) }));
    assert.equal(r.status, 201, r.text);
    taken.push(r.json.id);
  }
  await node.stop();
  const start = (await parent.health()).journal_size;
  const push = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(push.code, 0, push.stderr);
  assert.equal((await syncStatus(field)).pending, 0);
  const size = (await parent.health()).journal_size;

  const { ids: arrived, months: expected } = await expectationFromJournal(parent, field, start, size);
  assert.deepEqual(arrived, [...taken].sort(), 'the three laptop appeals arrived in the push');
  for (const m of Object.values(expected)) assert.ok(m.minutes >= 3 * 60, `taken hours before arrival: ${m.minutes} min`);

  const check = (what) => checkIndicators(parent.url, cookie, ids, expected, what);
  await check('after the sync');
  assert.deepEqual(await trend(parent.url, cookie, demoId), await trend(parent.url, cookie, ids.hours), 'IND-7 shows the same average');

  // The counters are a projection of the journal: verify's replay and recount agree, and a rebuild gives the same.
  await parent.stop();
  await verify(parent.dbUrl, parent.backendEnv);
  const rb = await sabt(['rebuild', '--db', parent.dbUrl], parent.backendEnv);
  assert.equal(rb.code, 0, rb.stderr);
  await verify(parent.dbUrl, parent.backendEnv);
  const old = parent;
  parent = await startServer({ dbUrl: old.dbUrl, init: false, env: old.backendEnv });
  cleanups.push(() => parent.cleanup());
  parent.logins = old.logins;
  cookie = await webClient(parent.url).signIn('coordinator', old.logins.coordinator);
  await check('after sabt rebuild');
});

test('a USB bundle counts from its import at the parent, not from its export', async () => {
  let parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const coord = await login(parent.url, 'coordinator', parent.logins.coordinator);
  const ids = await defineAll(parent.url, coord);
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  await syncUntilDone(node.url, mobile);  // the start-up round is over: the appeals below go by USB only
  for (const ago of [30, 90]) {
    const r = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile', received_at: localMinutesAgo(ago) }));
    assert.equal(r.status, 201, r.text);
  }
  await node.stop();
  const bundle = `${field.dir}/carried.sabt`;
  const exp = await sabt(['sync', 'export', '--db', field.dbUrl, '--to', bundle]);
  assert.equal(exp.code, 0, exp.stderr);

  // Carried for two days: the parent imports it with its clock two days on.
  const offset = 2 * 24 * 3600;
  await parent.stop();
  parent = await restartParent(parent, ['--clock-offset-seconds', String(offset)]);
  cleanups.push(() => parent.cleanup());
  setClockOffset(parent.url, offset);
  const start = (await parent.health()).journal_size;
  const imp = await sabt(['sync', 'import', bundle, '--url', parent.url]);
  assert.equal(imp.code, 0, imp.stderr);
  const size = (await parent.health()).journal_size;
  const { ids: arrived, months: expected, batches } = await expectationFromJournal(parent, field, start, size);
  assert.equal(arrived.length, 2, 'both appeals arrived with the bundle');
  assert.ok(batches.every((b) => b.bundle === true), 'by the bundle');
  const total = Object.values(expected).reduce((n, m) => n + m.minutes, 0);
  assert.ok(total >= 2 * (2 * 24 * 60), `the two days of carrying count: ${total} min`);
  const cookie = await webClient(parent.url).signIn('coordinator', parent.logins.coordinator);
  await checkIndicators(parent.url, cookie, ids, expected, 'after the import');
  await parent.stop();
  await verify(parent.dbUrl, parent.backendEnv);
});
