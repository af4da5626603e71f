// Every person has a way in: each role lands on its own start page, a
// citizen who is not signed in gets the public start page at /, unknown
// addresses answer with a page in the user's language (JSON on the API), the
// first visit is in Tajik, and administration works in the browser within
// the admin's subtree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login } from '../lib/api.mjs';
import { webClient, csrfIn } from '../lib/web.mjs';
import { base32Decode, serverNow, totpAt } from '../lib/totp.mjs';

let s;
let web;
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  web = webClient(s.url);
});
after(async () => { await s?.cleanup(); });

const html = async (res) => (await res.text()).replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
const cards = (page) => [...page.matchAll(/data-card="([a-z_]+)"/g)].map((m) => m[1]);

test('every role lands on its own start page after sign-in, with what to do next', async () => {
  const expected = {
    desk: ['register', 'queue', 'mine', 'overdue'],
    mobile: ['register', 'trips', 'mine', 'overdue'],
    investigator: ['crime_register', 'crime_due_today', 'crime_overdue', 'crime_all', 'cases'],
    head: ['overdue', 'due_soon', 'approval', 'refusals', 'crime_overdue', 'oversight', 'stats'],
    prosecutor: ['oversight', 'stats'],
    auditor: ['appeals', 'crime', 'trips', 'log', 'stats'],
    admin: ['users', 'signin', 'devices', 'departments', 'stats'],
  };
  for (const [user, want] of Object.entries(expected)) {
    const cookie = await web.signIn(user, s.logins[user]);
    const res = await web.get('/', cookie);
    assert.equal(res.status, 200, `${user}: start page`);
    const page = await html(res);
    for (const c of want) assert.ok(cards(page).includes(c), `${user}: card ${c} in ${cards(page)}`);
    // Every card leads somewhere that answers (no dead ends).
    for (const href of [...page.matchAll(/<li class="start-card[^"]*" data-card="[a-z_]+">\s*<a href="([^"#]+)/g)].map((m) => m[1])) {
      const r = await web.get(href, cookie);
      assert.ok(r.status === 200, `${user}: ${href} answers ${r.status}`);
    }
  }
});

test('a desk officer sees their open appeals with deadlines, overdue rows highlighted with days late', async () => {
  const cookie = await web.signIn('desk', s.logins.desk);
  const page = await html(await web.get('/', cookie));
  assert.match(page, /id="my-open"/);
  if (page.includes('id="my-open-table"')) {
    for (const row of page.matchAll(/<tr class="overdue">.*?<\/tr>/gs)) assert.match(row[0], /class="days-late">\d+</);
  }
});

test('the analyst lands on the statistics home: counts per department and no record', async () => {
  const cookie = await web.signIn('analyst', s.logins.analyst);
  const res = await web.get('/', cookie);
  assert.equal(res.status, 200);
  const page = await html(res);
  assert.match(page, /id="stats-table"/);
  assert.match(page, /data-report="appeals-by-district"/);
  assert.ok(!/href="\/appeals\//.test(page), 'no link to a record');
});

test('a citizen who is not signed in gets the public start page at / with every way in', async () => {
  const res = await fetch(new URL('/', s.url), { redirect: 'manual' });
  assert.equal(res.status, 200);
  const page = await html(res);
  for (const id of ['home-file', 'home-status', 'home-verify', 'home-staff']) assert.match(page, new RegExp(`id="${id}"`));
  assert.match(page, /href="\/public\/appeal"/);
  assert.match(page, /href="\/login"/);
  // Answer periods come from the category list; districts with their contacts.
  assert.match(page, /id="home-deadlines"/);
  assert.match(page, /Шикоят<\/td><td>30 рӯз/);
  assert.match(page, /ШКД ноҳияи Сино<\/strong><br><span>ш\. Душанбе, кӯчаи Сино 12 \(демо\)/);
  assert.match(page, /<html lang="tg">/);
});

test('the first visit is in Tajik whatever the browser prefers, which is only offered', async () => {
  const res = await fetch(new URL('/', s.url), { headers: { 'accept-language': 'en-US,en;q=0.9' } });
  const page = await html(res);
  assert.match(page, /<html lang="tg">/);
  assert.match(page, /id="lang-suggest" class="lang-suggest" lang="en"/);
  assert.match(page, /href="\/lang\?to=en&back=%2F" hreflang="en">Switch to English\?/);
  // A chosen language persists and the offer goes away.
  const chosen = await html(await fetch(new URL('/', s.url), { headers: { 'accept-language': 'en', cookie: 'sabt_lang=en' } }));
  assert.match(chosen, /<html lang="en">/);
  assert.ok(!chosen.includes('id="lang-suggest"'));
});

test('an unknown address answers with a page in the user\'s language and a way forward; the API keeps JSON', async () => {
  const res = await fetch(new URL('/no/such/page', s.url), { headers: { cookie: 'sabt_lang=ru' } });
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /text\/html/);
  const page = await html(res);
  assert.match(page, /<html lang="ru">/);
  assert.match(page, /По этому адресу страницы нет/);
  assert.match(page, /href="\/"/);
  const api = await fetch(new URL('/api/v1/no-such-thing', s.url));
  assert.equal(api.status, 404);
  assert.deepEqual(await api.json(), { error: 'not_found' });
});

async function adminForm(cookie, path, body) {
  const csrf = csrfIn(await (await web.get('/admin/users', cookie)).text());
  return web.post(path, { csrf, ...body }, cookie);
}

test('an admin creates a user, resets the password and disables the account in the browser; each act is journaled', async () => {
  const cookie = await web.signIn('admin', s.logins.admin);
  const before = (await s.health()).journal_size;
  const bad = await adminForm(cookie, '/admin/users', { username: 'X!', password: 'short', role: 'desk_officer', department: 'DSH-SNO' });
  assert.equal(bad.status, 422);
  const badPage = await html(bad);
  assert.match(badPage, /aria-invalid="true"/);
  assert.match(badPage, /id="username-error"/);
  assert.equal((await s.health()).journal_size, before, 'nothing written for a refused form');
  const made = await adminForm(cookie, '/admin/users', { username: 'desk.new', display_name: 'Нигина Раҳимова (демо)', password: 'Ҷамъият-2026-x', role: 'desk_officer', department: 'DSH-SNO' });
  assert.equal(made.status, 303);
  assert.equal(made.headers.get('location'), '/admin/users?done=created');
  assert.match(await html(await web.get('/admin/users?done=created', cookie)), /id="done-banner"/);
  const oldToken = await login(s.url, 'desk.new', 'Ҷамъият-2026-x');
  assert.ok(oldToken, 'the new user signs in');
  const list = await html(await web.get('/admin/users', cookie));
  const id = list.match(/<tr data-user="desk\.new">.*?action="\/admin\/users\/([^/]+)\/reset"/s)[1];
  const reset = await adminForm(cookie, `/admin/users/${id}/reset`, {});
  assert.equal(reset.status, 200);
  const temp = (await html(reset)).match(/id="temporary-password">([^<]+)</)[1];
  assert.equal(temp.length, 14);
  await assert.rejects(login(s.url, 'desk.new', 'Ҷамъият-2026-x'), /401/, 'the old password no longer works');
  assert.equal((await fetch(new URL('/api/v1/appeals', s.url), { headers: { authorization: `Bearer ${oldToken}` } })).status, 401,
    'the session opened with the old password is ended');
  assert.ok(await login(s.url, 'desk.new', temp), 'the temporary password works');
  const off = await adminForm(cookie, `/admin/users/${id}/disable`, {});
  assert.equal(off.status, 303);
  await assert.rejects(login(s.url, 'desk.new', temp), /40[13]/, 'a disabled account cannot sign in');
  assert.equal((await s.health()).journal_size, before + 3, 'created, password set, disabled: three entries');
});

test('an admin acts only within their own subtree', async () => {
  const top = await web.signIn('admin', s.logins.admin);
  const made = await adminForm(top, '/admin/users', { username: 'admin.dsh', password: 'Пойтахт-2026-admin', role: 'admin', department: 'DSH' });
  assert.equal(made.status, 303);
  // A new admin enrols the second factor at the first sign-in; the session
  // is a full one once the code is confirmed.
  const lp = await web.get('/login');
  const pre = lp.headers.getSetCookie().find((c) => c.startsWith('sabt_pre=')).split(';')[0];
  const signed = await web.post('/login', { csrf: csrfIn(await lp.text()), username: 'admin.dsh', password: 'Пойтахт-2026-admin' }, pre);
  assert.equal(signed.headers.get('location'), '/account/totp');
  const cookie = signed.headers.getSetCookie().find((c) => c.startsWith('sabt_session=')).split(';')[0];
  const enrol = (await (await web.get('/account/totp', cookie)).text()).replaceAll('&#x2F;', '/');
  const secret = base32Decode(enrol.match(/id="totp-secret">([A-Z2-7]+)</)[1]);
  assert.equal((await web.post('/account/totp', { csrf: csrfIn(enrol), code: totpAt(secret, serverNow(s.url)) }, cookie)).status, 200);
  const list = await html(await web.get('/admin/users', cookie));
  assert.ok(list.includes('data-user="desk"'), 'sees users of Dushanbe');
  assert.ok(!list.includes('data-user="desk.sug-khj"'), 'does not see users of Sughd');
  const outside = await adminForm(cookie, '/admin/users', { username: 'desk.x', password: 'Хуҷанд-2026-desk', role: 'desk_officer', department: 'SUG-KHJ' });
  assert.equal(outside.status, 403);
  const topList = await html(await web.get('/admin/users', top));
  const sughdId = topList.match(/<tr data-user="desk\.sug-khj">.*?action="\/admin\/users\/([^/]+)\/reset"/s)[1];
  assert.equal((await adminForm(cookie, `/admin/users/${sughdId}/disable`, {})).status, 403);
  assert.equal((await adminForm(cookie, `/admin/users/${sughdId}/reset`, {})).status, 403);
  // Departments: add a mobile unit under a district in scope; not under Sughd.
  const csrf = csrfIn(await (await web.get('/admin/departments', cookie)).text());
  const add = await web.post('/admin/departments', { csrf, code: 'DSH-SNO-M2', parent: 'DSH-SNO', kind: 'mobile',
    name_tg: 'Нуқтаи сайёри №2 (демо)', name_ru: 'Мобильный пункт №2 (демо)', name_en: 'Mobile point No. 2 (demo)' }, cookie);
  assert.equal(add.headers.get('location'), '/admin/departments?done=saved');
  assert.match(await html(await web.get('/admin/departments', cookie)), /DSH-SNO-M2/);
  const denied = await web.post('/admin/departments', { csrf, code: 'SUG-KHJ-M9', parent: 'SUG-KHJ', kind: 'mobile',
    name_tg: 'Нуқта', name_ru: 'Пункт', name_en: 'Point' }, cookie);
  assert.equal(denied.headers.get('location'), '/admin/departments?error=denied');
  // Other roles are refused.
  const desk = await web.signIn('desk', s.logins.desk);
  assert.equal((await web.get('/admin/users', desk)).status, 403);
});
