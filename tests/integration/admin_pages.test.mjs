// Administration in the browser beyond users and departments (issue 14):
// unlock and second-factor re-enrolment from the users page, reference lists
// and the classifier uploaded as CSV with line-level errors, a preview and an
// apply through the CLI's code, and the legal deadlines as an edit form. Every
// act is journaled with the admin as actor, CSRF-protected, and national data
// is refused to an admin below the root. Time moves with the test clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api } from '../lib/api.mjs';
import { webClient, csrfIn, enrolSecondFactor } from '../lib/web.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';

let s;
let web;
let admin;      // the root admin's session cookie
let auditor;    // an auditor's API token, to read whole entry headers
let rootAdminId;
let offset = 0;
const advance = (seconds) => { offset += seconds; s.setClock(offset); };

before(async () => {
  s = await startServer({ demo: true, testClock: true, demoArgs: ['--appeals', '0'], ...freshDatabase() });
  web = webClient(s.url);
  admin = await web.signIn('admin', s.logins.admin);
  auditor = await auditorToken(s);
  rootAdminId = await adminId();
});
after(async () => { await s?.cleanup(); });

const html = async (res) => (await res.text()).replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')
  .replaceAll('&#x27;', "'").replaceAll('&quot;', '"');
const size = async () => (await s.health()).journal_size;
const csrfOf = async (path, cookie) => csrfIn(await (await web.get(path, cookie)).text());
const lastEntry = async () => entryAsAuditor(s.url, auditor, (await size()) - 1);

// multipart/form-data upload, as the browser's file input sends it.
function upload(cookie, fields, csv) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (csv !== undefined) form.append('file', new Blob([csv], { type: 'text/csv' }), 'list.csv');
  return fetch(new URL('/admin/reference/preview', s.url), { method: 'POST', body: form, redirect: 'manual', headers: { cookie } });
}

// The root admin's user id, read from the journal as the actor of an act of theirs.
async function adminId() {
  const page = await html(await web.get('/admin/users', admin));
  const csrf = csrfIn(page);
  // The admin's own act, journaled: creating a throwaway user.
  const before = await size();
  const made = await web.post('/admin/users', { csrf, username: `probe.${before}`, password: 'Санҷиш-2026-probe', role: 'analyst', department: 'MIA' }, admin);
  assert.equal(made.status, 303);
  return (await lastEntry()).actor;
}

async function lockByGuessing(username) {
  for (let failures = 0; failures < 5;) {
    const page = await web.get('/login');
    const pre = page.headers.getSetCookie().find((c) => c.startsWith('sabt_pre=')).split(';')[0];
    const res = await web.post('/login', { csrf: csrfIn(await page.text()), username, password: `wrong-${failures}-xxxx` }, pre);
    if (res.status === 429) { advance(Number(res.headers.get('retry-after'))); continue; }
    failures++;
  }
}

test('an admin unlocks a locked account and re-enrols a second factor from the users page; both are journaled', async () => {
  await lockByGuessing('prosecutor');
  const list = await html(await web.get('/admin/users', admin));
  const row = list.match(/<tr data-user="prosecutor">.*?<\/tr>/s)[0];
  const id = row.match(/action="\/admin\/sign-in\/([^/]+)\/unlock"/)[1];
  assert.ok(row.includes(`/admin/sign-in/${id}/reset-totp`), 'the re-enrol form is on the row');
  assert.ok(!list.match(/<tr data-user="desk">.*?<\/tr>/s)[0].includes('/unlock'), 'an unlocked account has no unlock form');
  const before = await size();
  assert.equal((await web.post(`/admin/sign-in/${id}/unlock`, {}, admin)).status, 403, 'no CSRF token: refused');
  assert.equal(await size(), before);
  const unlocked = await web.post(`/admin/sign-in/${id}/unlock`, { csrf: csrfIn(list) }, admin);
  assert.equal(unlocked.status, 303);
  assert.equal((await lastEntry()).kind, 'auth.account_unlocked');
  const token = await login(s.url, 'prosecutor', s.logins.prosecutor);

  // Re-enrolment: the secret is removed, the sessions end, the next sign-in enrols again.
  const reset = await web.post(`/admin/sign-in/${id}/reset-totp`, { csrf: await csrfOf('/admin/users', admin) }, admin);
  assert.equal(reset.status, 303);
  const entry = await lastEntry();
  assert.equal(entry.kind, 'auth.totp_reset');
  assert.equal(entry.subject, id);
  assert.equal((await api(s.url, token, 'GET', '/api/v1/appeals')).status, 401, 'the session opened before is ended');
  const lp = await web.get('/login');
  const pre = lp.headers.getSetCookie().find((c) => c.startsWith('sabt_pre=')).split(';')[0];
  const again = await web.post('/login', { csrf: csrfIn(await lp.text()), username: 'prosecutor', password: s.logins.prosecutor }, pre);
  assert.equal(again.headers.get('location'), '/account/totp', 'asked to enrol again');
});

test('an admin below the root cannot act on another region\'s users nor edit national data', async () => {
  const made = await web.post('/admin/users', { csrf: await csrfOf('/admin/users', admin), username: 'admin.sug', password: 'Суғд-2026-admin-x', role: 'admin', department: 'SUG' }, admin);
  assert.equal(made.status, 303);
  await enrolSecondFactor(s.url, 'admin.sug', 'Суғд-2026-admin-x');
  const regional = await web.signIn('admin.sug', 'Суғд-2026-admin-x');
  const top = await html(await web.get('/admin/users', admin));
  const deskId = top.match(/<tr data-user="desk">.*?action="\/admin\/users\/([^/]+)\/reset"/s)[1];
  const csrf = await csrfOf('/admin/users', regional);
  const before = await size();
  assert.equal((await web.post(`/admin/sign-in/${deskId}/unlock`, { csrf }, regional)).status, 404, 'a Dushanbe user is not found for Sughd');
  assert.equal((await web.post(`/admin/sign-in/${deskId}/reset-totp`, { csrf }, regional)).status, 404);
  assert.equal((await web.post(`/admin/users/${deskId}/reset`, { csrf }, regional)).status, 403);
  assert.equal((await web.get('/admin/reference', regional)).status, 403);
  assert.equal((await web.get('/admin/deadlines', regional)).status, 403);
  assert.equal((await upload(regional, { csrf, list: 'channels' }, 'code,name_tg,name_ru,name_en\nx,a,b,c\n')).status, 403);
  assert.equal((await web.post('/admin/reference/apply', { csrf, list: 'channels', csv: 'code,name_tg,name_ru,name_en\nx,a,b,c\n', base: 'x' }, regional)).status, 403);
  assert.equal((await web.post('/admin/deadlines', { csrf, 'appeal_categories.complaint': '5' }, regional)).status, 403);
  assert.equal(await size(), before, 'nothing written');
  const start = await html(await web.get('/', regional));
  assert.ok(!start.includes('data-card="reference"'), 'no card for national data');
  assert.match(await html(await web.get('/', admin)), /data-card="reference"/);
});

test('a reference CSV with errors lists every bad line, field and message in the user\'s language, and applies nothing', async () => {
  const csrf = await csrfOf('/admin/reference', admin);
  const bad = 'code,name_tg,name_ru,name_en,deadline_days,extra_study\n' +
    'complaint,Шикоят,Жалоба,Complaint,30,yes\n' +
    'complaint,Шикоят,Жалоба,Complaint,30,yes\n' +
    'petition,,Петиция,Petition,15,no\n' +
    'short,Кӯтоҳ,Короткая\n';
  const before = await size();
  const res = await upload(`${admin}; sabt_lang=ru`, { csrf, list: 'appeal_categories' }, bad);
  assert.equal(res.status, 422);
  const page = await html(res);
  assert.match(page, /<html lang="ru"/);
  assert.match(page, /<tr data-line="3"><td>3<\/td><td>код<\/td><td>«complaint» уже есть в файле\.<\/td>/);
  assert.match(page, /<tr data-line="4"><td>4<\/td><td>название \(таджикский\)<\/td><td>Поле не заполнено\.<\/td>/);
  assert.match(page, /<tr data-line="5"><td>5<\/td><td>столбцы<\/td><td>В строке должно быть столбцов: 6\.<\/td>/);
  assert.ok(!page.includes('id="reference-apply"'), 'no apply form for a file with errors');
  // Posting the bad text to apply directly is refused the same way.
  const direct = await web.post('/admin/reference/apply', { csrf, list: 'appeal_categories', csv: bad, base: 'whatever' }, admin);
  assert.equal(direct.status, 422);
  // A classifier line with an unknown severity.
  const cl = await upload(admin, { csrf, list: 'classifier' }, 'article,part,severity,title_tg,title_ru,title_en\n244,1,huge,Дуздӣ,Кража,Theft\n');
  assert.equal(cl.status, 422);
  assert.match(await html(cl), /<tr data-line="2"><td>2<\/td><td>вазнинӣ<\/td><td>«huge» маълум нест/);
  assert.equal(await size(), before, 'nothing applied, nothing journaled');
});

test('a good reference CSV is previewed as added, changed and removed rows, applied as one journal entry, and a stale preview is refused', async () => {
  const current = await readFile(new URL('../../data/appeal_categories.csv', import.meta.url), 'utf8');
  const lines = current.trim().split('\n');
  const fresh = [lines[0],
    ...lines.slice(1).filter((l) => !l.startsWith('lost_document,')).map((l) => l.startsWith('complaint,') ? l.replace(',30,', ',25,') : l),
    'petition,Дархост,Петиция,Petition,20,no'].join('\n') + '\n';
  const csrf = await csrfOf('/admin/reference', admin);
  const before = await size();
  const res = await upload(admin, { csrf, list: 'appeal_categories' }, fresh);
  assert.equal(res.status, 200);
  const page = await html(res);
  assert.match(page, /id="count-added">1</);
  assert.match(page, /id="count-changed">1</);
  assert.match(page, /id="count-removed">1</);
  assert.match(page, /<tr data-key="petition" data-change="added">/);
  assert.match(page, /<tr data-key="complaint" data-change="changed">.*<code>deadline_days<\/code>: <del>30<\/del> → <ins>25<\/ins>/s);
  assert.match(page, /<tr data-key="lost_document" data-change="removed">/);
  assert.equal(await size(), before, 'a preview writes nothing');
  const base = page.match(/name="base" value="([^"]+)"/)[1];
  assert.equal((await web.post('/admin/reference/apply', { list: 'appeal_categories', csv: fresh, base }, admin)).status, 403, 'no CSRF token');

  const applied = await web.post('/admin/reference/apply', { csrf, list: 'appeal_categories', csv: fresh, base }, admin);
  assert.equal(applied.status, 303);
  assert.equal(applied.headers.get('location'), '/admin/reference');
  assert.equal(await size(), before + 1);
  const entry = await lastEntry();
  assert.equal(entry.kind, 'reference.loaded');
  assert.equal(entry.subject, 'appeal_categories');
  assert.equal(entry.actor, rootAdminId, 'the admin is the actor');
  const flash = applied.headers.getSetCookie().find((c) => c.startsWith('sabt_flash=')).split(';')[0];
  assert.match(await html(await web.get('/admin/reference', `${admin}; ${flash}`)), /id="flash-banner"/);
  const ref = await api(s.url, await login(s.url, 'desk', s.logins.desk), 'GET', '/api/v1/reference');
  const cats = Object.fromEntries(ref.json.appeal_categories.map((c) => [c.code, c]));
  assert.equal(cats.complaint.deadline_days, 25);
  assert.ok(cats.petition && !cats.lost_document);

  // The same preview again: the list has moved on, so nothing is applied.
  const mid = await size();  // (reading entries as an auditor is itself journaled)
  const stale = await web.post('/admin/reference/apply', { csrf, list: 'appeal_categories', csv: fresh.replace(',20,', ',21,'), base }, admin);
  assert.equal(stale.status, 409);
  assert.match(await html(stale), /id="conflict"/);
  assert.equal(await size(), mid, 'nothing written for a stale preview');
});

test('a classifier upload is previewed and applied as a new version by the same import as the CLI', async () => {
  const sample = await readFile(new URL('../../data/classifier-sample.csv', import.meta.url), 'utf8');
  const lines = sample.trim().split('\n');
  const csv = [lines[0], ...lines.slice(1)].join('\n') + '\n' +
    (lines[0].endsWith(',sample') ? '999,1,small,Санҷиш,Проверка,Test article,yes\n' : '999,1,small,Санҷиш,Проверка,Test article\n');
  const versionBefore = (await api(s.url, auditor, 'GET', '/api/v1/classifier')).json.version;
  const csrf = await csrfOf('/admin/reference', admin);
  const page = await html(await upload(admin, { csrf, list: 'classifier' }, csv));
  assert.match(page, /<tr data-key="999\/1" data-change="added">/);
  assert.match(page, /id="count-changed">0</);
  const base = page.match(/name="base" value="([^"]+)"/)[1];
  assert.equal(base, String(versionBefore));
  const applied = await web.post('/admin/reference/apply', { csrf, list: 'classifier', csv, base }, admin);
  assert.equal(applied.status, 303);
  assert.equal((await lastEntry()).kind, 'classifier.imported');
  const after = (await api(s.url, auditor, 'GET', '/api/v1/classifier')).json;
  assert.equal(after.version, versionBefore + 1);
  assert.ok(after.articles.some((a) => a.article === '999'));
});

test('the legal deadlines are edited in one form: bad values are refused field by field, a change is one journal entry per list', async () => {
  const page = await html(await web.get('/admin/deadlines', admin));
  assert.match(page, /id="appeal_categories\.application"[^>]*value="15"/s);
  assert.match(page, /id="crime_deadlines\.check_days"[^>]*value="3"/s);
  assert.match(page, /id="settings\.submission_accept_hours"/);
  assert.ok(!page.includes('id="settings.due_soon_days"'), 'only periods that are deadlines');
  const csrf = csrfIn(page);
  const before = await size();
  assert.equal((await web.post('/admin/deadlines', { 'appeal_categories.application': '10' }, admin)).status, 403, 'no CSRF token');
  const bad = await web.post('/admin/deadlines', { csrf, 'appeal_categories.application': '0', 'crime_deadlines.check_days': 'three',
    'crime_deadlines.head_max_days': '2' }, admin);
  assert.equal(bad.status, 422);
  const badPage = await html(bad);
  assert.match(badPage, /id="error-summary"/);
  assert.match(badPage, /id="appeal_categories\.application-error"/);
  assert.match(badPage, /id="crime_deadlines\.check_days-error"/);
  assert.match(badPage, /<input id="appeal_categories\.application"[^>]*aria-invalid="true"/s);
  assert.match(badPage, /value="three"/, 'what was typed is kept');
  const order = await web.post('/admin/deadlines', { csrf, 'crime_deadlines.check_days': '5', 'crime_deadlines.head_max_days': '4' }, admin);
  assert.equal(order.status, 422);
  assert.match(await html(order), /id="crime_deadlines\.head_max_days-error"/);
  assert.equal(await size(), before, 'nothing written');

  const ok = await web.post('/admin/deadlines', { csrf, 'appeal_categories.application': '10' }, admin);
  assert.equal(ok.status, 303);
  assert.equal(await size(), before + 1, 'one list changed, one entry');
  const entry = await lastEntry();
  assert.equal(entry.kind, 'reference.loaded');
  assert.equal(entry.subject, 'appeal_categories');
  assert.equal(entry.data.rows.find((r) => r.code === 'application').extra.deadline_days, 10);
  assert.match(await html(await web.get('/admin/deadlines', admin)), /id="appeal_categories\.application"[^>]*value="10"/s);
  const mid = await size();
  const same = await web.post('/admin/deadlines', { csrf, 'appeal_categories.application': '10' }, admin);
  assert.equal(same.status, 303);
  assert.equal(await size(), mid, 'saving the same values writes nothing');
});
