// The auditor's viewer of the journal and of the access log (issue 14):
// who opened which record with what reason, filtered by user, dates and
// record, paged; shown only with the auditor's own reason, and each page
// shown is itself journaled before it is sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, allAppeals } from '../lib/api.mjs';
import { webClient, csrfIn } from '../lib/web.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';

let s;
let web;
let cookie;     // the auditor's web session
let token;      // the auditor's API token
let appeal;     // an appeal the prosecutor opened with a reason
const PROSECUTOR_REASON = 'Проверка жалобы гражданина №17';

before(async () => {
  s = await startServer({ demo: true, demoArgs: ['--appeals', '80'], ...freshDatabase() });
  web = webClient(s.url);
  cookie = await web.signIn('auditor', s.logins.auditor);
  token = await auditorToken(s);
  const prosecutor = await login(s.url, 'prosecutor', s.logins.prosecutor);
  appeal = (await allAppeals(s.url, prosecutor))[0];
  const opened = await api(s.url, prosecutor, 'GET', `/api/v1/appeals/${appeal.id}?reason=${encodeURIComponent(PROSECUTOR_REASON)}`);
  assert.equal(opened.status, 200);
});
after(async () => { await s?.cleanup(); });

const html = async (res) => (await res.text()).replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
const size = async () => (await s.health()).journal_size;
const rows = (page) => [...page.matchAll(/<tr data-index="(\d+)">(.*?)<\/tr>/gs)].map((m) => ({ idx: Number(m[1]), cells: m[2] }));
async function search(fields, who = cookie) {
  const csrf = csrfIn(await (await web.get('/audit/journal', who)).text());
  return web.post('/audit/journal', { csrf, scope: 'access', ...fields }, who);
}

test('only the auditor opens the viewer, from the start page', async () => {
  const start = await html(await web.get('/', cookie));
  assert.match(start, /href="\/audit\/journal"/);
  assert.equal((await web.get('/audit/journal', cookie)).status, 200);
  for (const user of ['admin', 'desk', 'prosecutor']) {
    const other = await web.signIn(user, s.logins[user]);
    assert.equal((await web.get('/audit/journal', other)).status, 403, `${user} is refused`);
    const csrf = csrfIn(await (await web.get('/account', other)).text());
    assert.equal((await web.post('/audit/journal', { csrf, reason: 'Curiosity of another role' }, other)).status, 403);
  }
});

test('without a reason, or without the form token, nothing is shown and nothing is journaled', async () => {
  const before = await size();
  const none = await search({ reason: '' });
  assert.equal(none.status, 422);
  const page = await html(none);
  assert.match(page, /id="error-summary"/);
  assert.match(page, /<textarea id="aud_reason"[^>]*aria-invalid="true"/s);
  assert.equal(rows(page).length, 0);
  assert.equal((await web.post('/audit/journal', { reason: 'A good reason here' }, cookie)).status, 403, 'no CSRF token');
  const badDates = await search({ reason: 'Quarterly access review', from: '2026-12-10', to: '2026-12-01' });
  assert.equal(badDates.status, 422);
  assert.match(await html(badDates), /id="aud_to-error"/);
  const unknown = await search({ reason: 'Quarterly access review', user: 'nobody.here' });
  assert.equal(unknown.status, 422);
  assert.equal(await size(), before);
});

test('the access log shows who opened which record and why, filtered by user and record, and the viewing is journaled', async () => {
  const before = await size();
  const res = await search({ reason: 'Quarterly access review', user: 'prosecutor', record: appeal.number });
  assert.equal(res.status, 200);
  const found = rows(await html(res));
  assert.equal(found.length, 1, 'one read of that appeal by the prosecutor');
  assert.match(found[0].cells, /<td>prosecutor<\/td>/);
  assert.match(found[0].cells, new RegExp(`<td class="subject">${appeal.id}</td>`));
  assert.ok(found[0].cells.includes(PROSECUTOR_REASON), 'the reason given is shown');
  assert.equal(await size(), before + 1, 'the page was journaled');
  const own = await entryAsAuditor(s.url, token, before);
  assert.equal(own.kind, 'audit.viewed');
  assert.equal(own.data.record, 'journal_search');
  assert.equal(own.data.filter.user, 'prosecutor');
  // Another user's reads are not listed under the prosecutor, and the auditor's own search is in the log.
  assert.equal(rows(await html(await search({ reason: 'Quarterly access review', user: 'desk', record: appeal.number }))).length, 0);
  const mine = rows(await html(await search({ reason: 'Review of my own reads', user: 'auditor' })));
  assert.ok(mine.some((r) => r.cells.includes('Quarterly access review')), 'the auditor\'s earlier search is in the access log');
});

test('dates filter in Dushanbe days, and the whole journal is paged 50 at a time, newest first', async () => {
  const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 29 * 3600_000).toISOString().slice(0, 10);
  assert.ok(rows(await html(await search({ reason: 'Date filter check', from: today, to: today }))).length > 0);
  const later = await html(await search({ reason: 'Date filter check', from: tomorrow }));
  assert.match(later, /id="aud-none"/);

  const first = await html(await search({ reason: 'Paging through the journal', scope: 'all' }));
  const one = rows(first);
  assert.equal(one.length, 50);
  assert.ok(one.every((r, i) => i === 0 || r.idx < one[i - 1].idx), 'newest first');
  const older = first.match(/name="before" value="(\d+)"/)[1];
  assert.equal(Number(older), one[49].idx);
  const csrf = csrfIn(first);
  const second = await html(await web.post('/audit/journal', { csrf, scope: 'all', reason: 'Paging through the journal', before: older }, cookie));
  const two = rows(second);
  assert.ok(two.length > 0);
  assert.ok(two.every((r) => r.idx < Number(older)), 'the next page is older');
  assert.match(second, /id="audit-newest"/);
});
