// The appeal list with filters (status, overdue / due soon, extended,
// category, channel, series, officer, received date range), pages, count
// tables by officer and department, and the CSV export of the same list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';

let s, head;
const A = {};
const daysAgo = (d) => new Date(Date.now() - d * 86400e3).toISOString();
// The calendar date in Dushanbe (UTC+5) of an ISO time.
const dushanbeDate = (iso) => new Date(Date.parse(iso) + 5 * 3600e3).toISOString().slice(0, 10);

before(async () => {
  s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...freshDatabase() });
  const desk = await login(s.url, 'desk', s.logins.desk);
  head = await login(s.url, 'head', s.logins.head);
  const reg = async (key, token, extra) => {
    const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody(extra));
    assert.equal(r.status, 201, r.text);
    A[key] = r.json;
  };
  await reg('overdue', desk, { category: 'complaint', channel: 'desk', received_at: daysAgo(100) });
  await reg('soon', desk, { category: 'application', channel: 'letter', received_at: daysAgo(13) });
  await reg('assigned', desk, { category: 'application', channel: 'phone' });
  await reg('extended', desk, { category: 'complaint', channel: 'desk', received_at: daysAgo(100) });
  const other = await login(s.url, 'desk.sug-khj', s.logins['desk.sug-khj']);
  await reg('elsewhere', other, { category: 'application', channel: 'letter', received_at: daysAgo(13) });
  const step = (id, body) => api(s.url, head, 'POST', `/api/v1/appeals/${id}/steps`, body);
  assert.equal((await step(A.assigned.id, { step: 'assign', officer: 'investigator' })).status, 200);
  assert.equal((await step(A.extended.id, { step: 'extend', days: 10, text: 'Санҷиши иловагӣ' })).status, 200);
});
after(async () => { await s?.cleanup(); });

const list = async (q, token = head) => {
  const r = await api(s.url, token, 'GET', `/api/v1/appeals?${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const nums = (l) => l.items.map((i) => i.number).sort();
const of = (...keys) => keys.map((k) => A[k].number).sort();

test('without filters the list holds the appeals in scope only', async () => {
  assert.deepEqual(nums(await list('')), of('overdue', 'soon', 'assigned', 'extended'));
});

test('status, category, channel, series and officer filters are applied in the query', async () => {
  assert.deepEqual(nums(await list('status=assigned')), of('assigned'));
  assert.deepEqual(nums(await list('category=application')), of('soon', 'assigned'));
  assert.deepEqual(nums(await list('channel=letter')), of('soon'));
  assert.deepEqual(nums(await list('category=complaint&channel=desk')), of('overdue', 'extended'));
  assert.deepEqual(nums(await list('series=DSH-SNO')), of('overdue', 'soon', 'assigned', 'extended'));
  assert.deepEqual(nums(await list('series=SUG-KHJ')), [], 'another series is out of scope');
  assert.deepEqual(nums(await list('officer=investigator')), of('assigned'));
  assert.equal((await api(s.url, head, 'GET', '/api/v1/appeals?officer=nobody')).status, 422);
  assert.equal((await api(s.url, head, 'GET', '/api/v1/appeals?department=SUG-KHJ')).status, 422, 'a department outside the scope');
});

test('deadline lists: overdue, due soon and extended', async () => {
  assert.deepEqual(nums(await list('due=overdue')), of('overdue', 'extended'));
  assert.deepEqual(nums(await list('due=soon')), of('soon'));
  assert.deepEqual(nums(await list('extended=1')), of('extended'));
  assert.equal((await api(s.url, head, 'GET', '/api/v1/appeals?due=yesterday')).status, 422);
});

test('the received date range includes both end days', async () => {
  const day = dushanbeDate(A.soon.received_at);
  assert.deepEqual(nums(await list(`from=${day}&to=${day}`)), of('soon'));
  const old = dushanbeDate(A.overdue.received_at);
  assert.deepEqual(nums(await list(`to=${old}`)), of('overdue', 'extended'));
  assert.deepEqual(nums(await list(`from=${dushanbeDate(new Date().toISOString())}`)), of('assigned'));
  assert.equal((await api(s.url, head, 'GET', '/api/v1/appeals?from=2026-13-45')).status, 422);
});

test('pages split the filtered list without overlap', async () => {
  const p1 = await list('page_size=3&page=1');
  const p2 = await list('page_size=3&page=2');
  assert.equal(p1.total, 4);
  assert.equal(p1.pages, 2);
  assert.equal(p1.items.length, 3);
  assert.equal(p2.items.length, 1);
  assert.deepEqual([...nums(p1), ...nums(p2)].sort(), of('overdue', 'soon', 'assigned', 'extended'));
  const f2 = await list('category=complaint&page_size=1&page=2');
  assert.equal(f2.pages, 2);
  assert.equal(f2.items.length, 1);
});

test('count tables by officer and by department follow the filter', async () => {
  const l = await list('counts=1');
  const byOfficer = Object.fromEntries(l.counts.by_officer.map((g) => [g.officer, g.count]));
  const users = await list('status=assigned');
  const investigatorId = users.items[0].assigned_to;
  assert.equal(byOfficer[investigatorId], 1);
  assert.equal(byOfficer[''], 3);
  assert.deepEqual(l.counts.by_department, [{ department: 'DSH-SNO', count: 4 }]);
  const overdue = await list('due=overdue&counts=1');
  assert.deepEqual(overdue.counts.by_officer.map((g) => g.count), [2]);
});

test('the CSV export holds every row of the filtered list, with a BOM, and no names for oversight roles', async () => {
  const r = await fetch(new URL('/api/v1/appeals.csv?category=application&lang=ru', s.url), { headers: { authorization: `Bearer ${head}` } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="appeals.csv"/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  assert.equal(lines.length, 3, 'header + 2 rows');
  assert.match(lines[0], /"Заявитель"/);
  assert.ok(lines.slice(1).some((l) => l.includes(A.soon.number)));
  assert.ok(lines.slice(1).some((l) => l.includes(A.assigned.number)));
  assert.ok(lines[1].includes('Ҳасанзода'), 'names for the head');
  const prosecutor = await login(s.url, 'prosecutor', s.logins.prosecutor);
  const p = await (await fetch(new URL('/api/v1/appeals.csv?category=application&lang=ru', s.url), { headers: { authorization: `Bearer ${prosecutor}` } })).text();
  assert.ok(!p.includes('Ҳасанзода') && !p.includes('Заявитель'), 'no names for oversight roles');
  assert.equal(p.trim().split('\r\n').length, 3);
});

test('the list page keeps the filter values, and its CSV link carries them', async () => {
  const web = webClient(s.url);
  const cookie = await web.signIn('head', s.logins.head);
  const res = await web.get('/appeals?category=application&channel=letter&officer=&from=2020-01-01', cookie);
  assert.equal(res.status, 200);
  const html = (await res.text()).replaceAll('&#x2F;', '/').replaceAll('&amp;', '&');
  assert.ok(html.includes(A.soon.number));
  assert.ok(!html.includes(A.assigned.number));
  assert.match(html, /<option value="application" selected>/);
  assert.match(html, /<option value="letter" selected>/);
  assert.match(html, /id="f-from" name="from" type="date" value="2020-01-01"/);
  assert.match(html, /href="\/appeals\.csv\?category=application&channel=letter&from=2020-01-01"/);
  assert.match(html, /id="count-by-officer"/);
  const csv = await web.get('/appeals.csv?category=application&channel=letter', cookie);
  assert.equal(csv.status, 200);
  const text = await csv.text();
  assert.ok(text.includes(A.soon.number));
  assert.ok(!text.includes(A.assigned.number));
});
