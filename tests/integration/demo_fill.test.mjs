// `sabt demo` fills every page (issue 14, item 8): crime reports and cases in
// every state, trips, online submissions waiting and overdue appeals, made
// through the register's own use cases and marked as demo; each role's start
// page and lists then show work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';

let s;
let web;
const cookie = {};
const token = {};
before(async () => {
  s = await startServer({ demo: true, demoFill: true, demoArgs: ['--appeals', '20'], ...freshDatabase() });
  web = webClient(s.url);
});
after(async () => { await s?.cleanup(); });

const text = async (res) => (await res.text()).replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
async function signedIn(user) {
  cookie[user] ??= await web.signIn(user, s.logins[user]);
  return cookie[user];
}
async function apiAs(user, path) {
  token[user] ??= await login(s.url, user, s.logins[user]);
  const r = await api(s.url, token[user], 'GET', path);
  assert.equal(r.status, 200, `${user} ${path}: ${r.text}`);
  return r.json;
}
async function pageAs(user, path) {
  const res = await web.get(path, `${await signedIn(user)}; sabt_lang=en`);
  assert.equal(res.status, 200, `${user} ${path}`);
  return text(res);
}
// The count on each start-page card: {card id → number or null}.
const cardCounts = (page) => Object.fromEntries([...page.matchAll(
  /data-card="([a-z_]+)">\s*<a href="[^"]*"><strong>[^<]*<\/strong>(?: <span class="card-count">(\d+)<\/span>)?/g)]
  .map((m) => [m[1], m[2] === undefined ? null : Number(m[2])]));
// Body rows of the table with this id (or of the first table in the section with this id).
function rowsOf(page, id) {
  const at = page.indexOf(`id="${id}"`);
  if (at < 0) return 0;
  const rest = page.slice(at);
  const ends = ['</table>', '</section>'].map((e) => rest.indexOf(e)).filter((i) => i >= 0);
  const chunk = rest.slice(0, Math.min(...ends));
  return Math.max(0, (chunk.match(/<tr[ >]/g) ?? []).length - 1);
}

test('the crime register holds reports and cases in every state, each marked as demo', async () => {
  const reports = (await apiAs('head', '/api/v1/crime/reports?limit=500')).items;
  const statuses = new Set(reports.map((r) => r.status));
  for (const st of ['checking', 'refusal_pending', 'refused', 'transfer_pending', 'transferred', 'case_opened', 'joined'])
    assert.ok(statuses.has(st), `a report ${st}`);
  const flags = new Set(reports.flatMap((r) => r.flags));
  for (const f of ['extended', 'annulled']) assert.ok(flags.has(f), `a report flagged ${f}`);
  for (const r of reports) assert.match(r.account, /^\[ДЕМО\]/, `${r.number} is marked as demo`);
  assert.ok(reports.some((r) => r.source === 'on_scene'), 'one found on scene (registered by the investigator)');
  const cases = (await apiAs('head', '/api/v1/crime/cases')).items;
  assert.deepEqual([...new Set(cases.map((c) => c.status))].sort(), ['closed', 'in_court', 'investigating', 'suspended']);
  const one = await apiAs('head', `/api/v1/crime/cases/${cases.find((c) => c.status === 'investigating').id}`);
  assert.ok(one.investigator_name, 'a demo case names its investigator');
  // The other district received one transfer and has one waiting.
  const khj = (await apiAs('desk.sug-khj', '/api/v1/crime/reports?list=inbox')).items;
  assert.equal(khj.length, 1);
  const khjAll = (await apiAs('desk.sug-khj', '/api/v1/crime/reports')).items;
  assert.ok(khjAll.some((r) => r.source === 'transfer'));
});

test('every role\'s start page shows work waiting', async () => {
  const want = {
    desk: ['queue', 'mine', 'overdue'],
    investigator: ['crime_due_today', 'crime_overdue', 'crime_all'],
    head: ['overdue', 'refusals', 'crime_overdue'],
    prosecutor: ['watch_overdue', 'watch_refusals', 'watch_refusals_pending', 'watch_refusals_annulled', 'overdue'],
  };
  for (const [user, ids] of Object.entries(want)) {
    const counts = cardCounts(await pageAs(user, '/'));
    for (const id of ids) assert.ok(counts[id] > 0, `${user}: card ${id} counts ${counts[id]}`);
  }
  const desk = await pageAs('desk', '/');
  assert.ok(rowsOf(desk, 'my-open-table') > 0, 'the desk officer has open appeals with their clocks');
  assert.match(desk, /<tr class="overdue">/, 'some of them overdue');
  assert.ok(rowsOf(await pageAs('head', '/'), 'start-table-workload') > 0);
  // An analyst lands on the statistics home (issue 15): the demo fills its table and charts.
  const analyst = await pageAs('analyst', '/');
  assert.ok(rowsOf(analyst, 'stats-table') > 0, 'the analyst sees figures');
  assert.match(analyst, /id="figure-bars"[\s\S]*?<svg/, 'and a chart');
});

test('the lists of each role have rows', async () => {
  for (const list of ['all', 'due_today', 'overdue', 'extended', 'refusals'])
    assert.ok(rowsOf(await pageAs('investigator', `/crime?list=${list}`), 'crime-list') > 0, `crime list ${list}`);
  assert.ok(rowsOf(await pageAs('investigator', '/crime'), 'case-list') >= 4, 'cases');
  assert.ok(rowsOf(await pageAs('desk.sug-khj', '/crime?list=inbox'), 'crime-list') > 0, 'a transfer waits at the other end');
  const oversight = await pageAs('prosecutor', '/crime/oversight');
  for (const sec of ['overdue', 'refusals', 'refusals_annulled']) assert.ok(rowsOf(oversight, `ov-${sec}`) > 0, `oversight ${sec}`);
  const queue = await apiAs('desk', '/api/v1/queue');
  assert.ok((queue.items ?? queue).length >= 3, 'online submissions wait in the queue');
  const trips = await pageAs('head', '/trips');
  assert.ok(rowsOf(trips, 'trips-table') >= 2, 'the mobile unit\'s trips');
  const overdue = await pageAs('desk', '/appeals?due=overdue');
  assert.ok(rowsOf(overdue, 'appeal-list') > 0, 'overdue appeals');
  assert.ok(rowsOf(await pageAs('head', '/oversight/appeals'), 'guard-list') > 0, 'an appeal with crime signs not referred');
});

test('the demo data passes sabt verify', async () => {
  await s.stop();
  const v = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(v, /^OK:/m);
});
