// The concealment guard: an appeal classified "signs of a crime" must be
// referred to the crime register within the configured time (24 h by
// default), and a "no crime" appeal whose text holds a crime keyword (Tajik
// or Russian) is flagged; both appear on the oversight list of the prosecutor
// and the head, within their scope, without personal data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';
import { until } from '../lib/sync.mjs';

let s;
before(async () => { s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...freshDatabase() }); });
// One API sign-in per user for the whole file: the second factor allows a
// user few sign-ins per 30 s (no replay), and more would only wait.
const tokens = {};
const signedIn = async (who) => (tokens[who] ??= await login(s.url, who, s.logins[who]));
after(async () => { await s?.cleanup(); });

const hoursAgo = (h) => new Date(Date.now() - h * 3600e3).toISOString();
const register = async (token, extra) => {
  const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'letter', ...extra }));
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const watchList = async (token) => {
  const r = await api(s.url, token, 'GET', '/api/v1/oversight/appeals?page_size=200');
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const numbers = (list) => list.items.map((i) => i.number);

test('the crime classification is a required field of the intake', async () => {
  const desk = await signedIn('desk');
  const r = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ crime_signs: undefined }));
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'crime_signs' && e.code === 'required'));
  const bad = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ crime_signs: 'maybe' }));
  assert.equal(bad.status, 422);
  const ok = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ crime_signs: true }));
  assert.equal(ok.status, 201);
});

test('a "signs of a crime" appeal not referred within 24 hours is on the oversight list; one referred in time is not', async () => {
  const desk = await signedIn('desk');
  const head = await signedIn('head');
  const prosecutor = await signedIn('prosecutor');
  const late = await register(desk, { crime_signs: 'yes', received_at: hoursAgo(30) });
  const fresh = await register(desk, { crime_signs: 'yes', received_at: hoursAgo(1) });
  const inTime = await register(desk, { crime_signs: 'yes', received_at: hoursAgo(2) });
  assert.equal((await api(s.url, desk, 'POST', `/api/v1/appeals/${inTime.id}/steps`, { step: 'refer' })).status, 200);
  const referredLate = await register(desk, { crime_signs: 'yes', received_at: hoursAgo(48) });
  assert.equal((await api(s.url, desk, 'POST', `/api/v1/appeals/${referredLate.id}/steps`, { step: 'refer' })).status, 200);

  for (const token of [prosecutor, head]) {
    const list = await watchList(token);
    const byNumber = Object.fromEntries(list.items.map((i) => [i.number, i]));
    assert.equal(byNumber[late.number]?.reason, 'not_referred');
    assert.equal(byNumber[referredLate.number]?.reason, 'referred_late');
    assert.ok(!byNumber[inTime.number], 'referred within 24 h: not listed');
    assert.ok(!byNumber[fresh.number], 'still within its 24 h: not listed');
    for (const item of list.items) {
      for (const k of ['applicant_name', 'summary', 'verification_code', 'person_id']) assert.ok(!(k in item), `no ${k}`);
    }
  }
});

test('a "no crime" appeal whose text holds a Tajik or Russian crime keyword is flagged; one without is not', async () => {
  const desk = await signedIn('desk');
  const prosecutor = await signedIn('prosecutor');
  const tajik = await register(desk, { crime_signs: 'no', summary: 'Ҳамсояам шаб ба ҳавлӣ даромада, ГОВАМРО ҒОРАТ КАРД ва ба ман таҳдид намуд.' });
  const russian = await register(desk, { crime_signs: 'no', summary: 'Сосед угрожал убийством моему сыну на улице.' });
  const clean = await register(desk, { crime_signs: 'no', summary: 'Чароғҳои кӯча дар маҳаллаи мо шаб хомӯш мебошанд.' });
  const lookalike = await register(desk, { crime_signs: 'no', summary: 'Дар мактаб ба кӯдакон загорать дар офтоб манъ аст, горат не.' });
  const list = await watchList(prosecutor);
  const byNumber = Object.fromEntries(list.items.map((i) => [i.number, i]));
  assert.equal(byNumber[tajik.number]?.reason, 'keyword');
  assert.equal(byNumber[russian.number]?.reason, 'keyword');
  assert.ok(!byNumber[clean.number], 'no keyword: not listed');
  assert.ok(!byNumber[lookalike.number], 'similar letters and inner substrings do not match');
  // The flag is on the appeal page too.
  const head = await signedIn('head');
  const a = await api(s.url, head, 'GET', `/api/v1/appeals/${tajik.id}`);
  assert.equal(a.status, 200);
});

test('the list is limited to the viewer\'s scope and to the prosecutor and the head', async () => {
  const other = await signedIn('desk.sug-khj');
  const elsewhere = await register(other, { crime_signs: 'yes', received_at: hoursAgo(40) });
  const prosecutor = await signedIn('prosecutor');  // DSH
  const head = await signedIn('head');                    // DSH-SNO
  assert.ok(!numbers(await watchList(prosecutor)).includes(elsewhere.number));
  assert.ok(!numbers(await watchList(head)).includes(elsewhere.number));
  for (const who of ['desk', 'investigator', 'auditor', 'analyst', 'admin']) {
    const t = await signedIn(who);
    assert.equal((await api(s.url, t, 'GET', '/api/v1/oversight/appeals')).status, 403, who);
  }
});

test('the oversight page shows the list without names to the prosecutor', async () => {
  const desk = await signedIn('desk');
  const a = await register(desk, { crime_signs: 'yes', received_at: hoursAgo(26), surname: 'Ғоибназаров' });
  const web = webClient(s.url);
  const cookie = await web.signIn('prosecutor', s.logins.prosecutor);
  const res = await web.get('/oversight/appeals', cookie);
  assert.equal(res.status, 200);
  const html = (await res.text()).replaceAll('&#x2F;', '/');
  assert.ok(html.includes(a.number));
  assert.ok(html.includes('data-reason="not_referred"'));
  assert.ok(!html.includes('Ғоибназаров'), 'no applicant names');
  const deskCookie = await web.signIn('desk', s.logins.desk);
  assert.equal((await web.get('/oversight/appeals', deskCookie)).status, 403);
});

test('the referral time is a setting an administrator imports while the node runs; it applies without a restart; the tables equal a replay', async () => {
  const file = path.join(s.dir, 'settings.csv');
  writeFileSync(file, 'code,name_tg,name_ru,name_en,value\ncrime_referral_hours,Мӯҳлат,Срок,Hours,1\ndue_soon_days,Рӯз,Дней,Days,3\n');
  const size = (await s.health()).journal_size;
  execFileSync(s.bin, ['reference', 'import', '--db', s.dbUrl, '--list', 'settings', file], { env: s.env });
  // The running node notices the entry another process appended, with no write of its own.
  await until(async () => (await s.health()).journal_size === size + 1, 15_000, 'the node to see the import');
  const desk = await signedIn('desk');
  const a = await register(desk, { crime_signs: 'yes', received_at: hoursAgo(2) });
  const prosecutor = await signedIn('prosecutor');
  const list = await watchList(prosecutor);
  assert.equal(list.items.find((i) => i.number === a.number)?.reason, 'not_referred', '2 h > the 1 h now configured');
  await s.stop();
  const out = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(out, /^OK:/m);
});
