// Closing a department (issue 14 item 2; docs/api.md "Closing a department"):
// refused while it still has open appeals, queued submissions, active users
// or open child departments, with the blockers named and counted; possible
// once they are dealt with; afterwards it stays in the tree with a "closed"
// tag but takes nothing new (the public form and API, users, child
// departments). An admin of another subtree gets 404. `sabt verify` and
// `sabt rebuild` keep the state. SQLite and PostgreSQL (SABT_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient, csrfIn, enrolSecondFactor } from '../lib/web.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { sabt, verify } from '../lib/sync.mjs';

let s, db, web, admin, auditor, head, hostile;
const HEAD_PW = 'Сардори-тест-2026';
const HOSTILE_PW = 'Хатлон-админ-2026';

const html = async (res) => (await res.text()).replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')
  .replaceAll('&#x27;', "'").replaceAll('&quot;', '"');
const size = async () => (await s.health()).journal_size;
const lastEntry = async () => entryAsAuditor(s.url, auditor, (await size()) - 1);
const csrfOf = async (path, cookie) => csrfIn(await (await web.get(path, cookie)).text());

function citizen(district, n) {
  return {
    surname: 'Раҳмонова', given_name: 'Гулчеҳра', patronymic: 'Ӯрунбоевна', birth_date: '1985-03-02',
    address: 'ноҳияи Сино, кӯчаи Қаҳҳоров 7', phone: '+992 93 777 66 55', id_document: `C${String(7000000 + n).padStart(8, '0')}`,
    district, category: 'complaint',
    summary: 'Дар назди хонаи мо чароғҳои кӯча шабона хомӯшанд ва ҷавонон ҷанҷол мекунанд.',
  };
}

async function addDepartment(code, parent, kind) {
  const r = await web.post('/admin/departments', {
    csrf: await csrfOf('/admin/departments', admin), code, parent, kind,
    name_tg: `Воҳиди санҷишӣ ${code}`, name_ru: `Тестовый отдел ${code}`, name_en: `Test unit ${code}`,
  }, admin);
  assert.equal(r.headers.get('location'), '/admin/departments?done=saved', `${code} added`);
}

async function addUser(username, password, role, department) {
  const r = await web.post('/admin/users', {
    csrf: await csrfOf('/admin/users', admin), username, password, role, department, display_name: username,
  }, admin);
  return r;
}

before(async () => {
  db = freshDatabase();
  s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...db, serveArgs: ['--public-submit-limit', '1000'] });
  web = webClient(s.url);
  admin = await web.signIn('admin', s.logins.admin);
  auditor = await auditorToken(s);
  // A district of the test's own with a mobile unit below it and a head.
  await addDepartment('DSH-TST', 'DSH', 'district');
  await addDepartment('DSH-TST-M1', 'DSH-TST', 'mobile');
  assert.equal((await addUser('head.tst', HEAD_PW, 'head', 'DSH-TST')).status, 303);
  await enrolSecondFactor(s.url, 'head.tst', HEAD_PW);
  head = await login(s.url, 'head.tst', HEAD_PW);
  // An admin of another region, for the hostile checks.
  assert.equal((await addUser('admin.kht', HOSTILE_PW, 'admin', 'KHT')).status, 303);
  await enrolSecondFactor(s.url, 'admin.kht', HOSTILE_PW);
  hostile = await web.signIn('admin.kht', HOSTILE_PW);
});
after(async () => { await s?.cleanup(); });

test('closing is refused while the department has open records, users and children; the page names each with its count', async () => {
  const sub = await api(s.url, null, 'POST', '/api/v1/public/appeals', citizen('DSH-TST', 1));
  assert.equal(sub.status, 201, sub.text);
  const reg = await api(s.url, head, 'POST', '/api/v1/appeals', appealBody());
  assert.equal(reg.status, 201, reg.text);

  const page = await html(await web.get('/admin/departments/DSH-TST/close', admin));
  assert.ok(page.includes('id="close-blocked"'), 'the confirmation step shows what blocks the closing');
  assert.ok(!page.includes('id="close-form"'), 'no closing form while it is blocked');
  const blockers = Object.fromEntries([...page.matchAll(/data-blocker="(\w+)"><strong>(\d+)<\/strong>/g)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(blockers, { open_appeals: 1, queued_submissions: 1, active_users: 1, open_children: 1 });

  const before = await size();
  const refused = await web.post('/admin/departments/DSH-TST/close', { csrf: csrfIn(page), reason: 'Ба Сино ҳамроҳ шуд' }, admin);
  assert.equal(refused.status, 422);
  assert.ok((await html(refused)).includes('data-blocker="open_appeals"'), 'the answer names the blockers again');
  assert.equal(await size(), before, 'nothing is journaled');
});

test('an admin of another subtree gets 404 for the department, and a missing CSRF token is refused', async () => {
  assert.equal((await web.get('/admin/departments/DSH-TST-M1/close', hostile)).status, 404);
  const csrf = await csrfOf('/admin/departments', hostile);
  const before = await size();
  assert.equal((await web.post('/admin/departments/DSH-TST-M1/close', { csrf, reason: 'hostile closing' }, hostile)).status, 404);
  assert.ok(!(await html(await web.get('/admin/departments', hostile))).includes('DSH-TST'), 'not in the hostile tree');
  assert.equal((await web.post('/admin/departments/DSH-TST-M1/close', { reason: 'no token' }, admin)).status, 403);
  // A desk officer is no admin.
  const desk = await web.signIn('desk', s.logins.desk);
  assert.equal((await web.get('/admin/departments/DSH-TST-M1/close', desk)).status, 403);
  assert.equal(await size(), before);
});

test('once its records are moved, its user disabled and its unit closed, the department closes with a journaled reason and successor', async () => {
  // The appeal goes to another agency, the submission is rejected.
  const appeals = (await api(s.url, head, 'GET', '/api/v1/appeals')).json;
  const appeal = appeals.items.find((a) => a.department === 'DSH-TST');
  const fwd = await api(s.url, head, 'POST', `/api/v1/appeals/${appeal.id}/steps`,
    { step: 'forward', agency: 'Прокуратураи ноҳияи Сино', text: 'Ба салоҳияти прокуратура дахл дорад' });
  assert.equal(fwd.status, 200, fwd.text);
  const queued = (await api(s.url, head, 'GET', '/api/v1/queue')).json.items;
  assert.equal(queued.length, 1);
  const rej = await api(s.url, head, 'POST', `/api/v1/queue/${queued[0].id}/reject`, { ground: 'not_police', reason: 'Масъала ба милитсия дахл надорад' });
  assert.equal(rej.status, 200, rej.text);

  // The unit below closes first (nothing blocks it).
  let page = await html(await web.get('/admin/departments/DSH-TST-M1/close', admin));
  assert.ok(page.includes('id="close-form"'));
  assert.equal((await web.post('/admin/departments/DSH-TST-M1/close', { csrf: csrfIn(page), reason: 'no' }, admin)).status, 422,
    'a reason of fewer than 3 characters is refused');
  let done = await web.post('/admin/departments/DSH-TST-M1/close', { csrf: csrfIn(page), reason: 'Нуқтаи сайёр барҳам дода шуд' }, admin);
  assert.equal(done.headers.get('location'), '/admin/departments?done=closed');

  // Now only the head blocks the district.
  page = await html(await web.get('/admin/departments/DSH-TST/close', admin));
  assert.deepEqual([...page.matchAll(/data-blocker="(\w+)"/g)].map((m) => m[1]), ['active_users']);
  const users = await html(await web.get('/admin/users', admin));
  const row = users.match(/<tr data-user="head\.tst">.*?<\/tr>/s)[0];
  const id = row.match(/action="\/admin\/users\/([^/]+)\/disable"/)[1];
  assert.equal((await web.post(`/admin/users/${id}/disable`, { csrf: csrfIn(users) }, admin)).status, 303);

  page = await html(await web.get('/admin/departments/DSH-TST/close', admin));
  assert.ok(page.includes('id="close-form"'), 'nothing blocks it any more');
  assert.ok(page.includes('<option value="DSH-SNO"'), 'an open department is offered as successor');
  assert.ok(!page.includes('<option value="DSH-TST-M1"'), 'its own (closed) unit is not');
  const hostileCsrf = await csrfOf('/admin/departments', hostile);
  assert.equal((await web.post('/admin/departments/DSH-TST/close', { csrf: hostileCsrf, reason: 'Ба ШКД ноҳияи Сино ҳамроҳ карда шуд', successor: 'KHT-BKH' }, hostile)).status, 404,
    'the hostile admin still cannot');
  done = await web.post('/admin/departments/DSH-TST/close', { csrf: csrfIn(page), reason: 'Ба ШКД ноҳияи Сино ҳамроҳ карда шуд', successor: 'DSH-SNO' }, admin);
  assert.equal(done.headers.get('location'), '/admin/departments?done=closed');
  const e = await lastEntry();
  assert.equal(e.kind, 'department.closed');
  assert.equal(e.subject, 'DSH-TST');
  assert.deepEqual(e.data, { code: 'DSH-TST', reason: 'Ба ШКД ноҳияи Сино ҳамроҳ карда шуд', successor: 'DSH-SNO' });

  // Closing twice is refused; the tree keeps it, tagged.
  assert.equal((await web.get('/admin/departments/DSH-TST/close', admin)).status, 200);
  const tree = await html(await web.get('/admin/departments?done=closed', admin));
  assert.ok(tree.includes('data-closed="DSH-TST"') && tree.includes('data-closed="DSH-TST-M1"'), 'both tagged closed');
  assert.ok(tree.includes('id="done-banner"'));
  assert.ok(!tree.includes('id="close-DSH-TST"'), 'no close action on a closed department');
});

test('a closed department takes no new appeal, user or child, and choice lists leave it out; its records stay', async () => {
  const sub = await api(s.url, null, 'POST', '/api/v1/public/appeals', citizen('DSH-TST', 2));
  assert.equal(sub.status, 422);
  assert.deepEqual(sub.json.errors.map((x) => [x.field, x.code]), [['district', 'closed']]);
  assert.ok(sub.json.errors[0].message.length > 10, 'with a message in words');
  const form = await (await fetch(new URL('/public/appeal', s.url))).text();
  assert.ok(form.includes('value="DSH-SNO"'), 'open districts are offered');
  assert.ok(!form.includes('value="DSH-TST"'), 'the closed district is not');

  const before = await size();
  const usersPage = await html(await web.get('/admin/users', admin));
  assert.ok(!usersPage.includes('<option value="DSH-TST"'), 'not offered for new users');
  const u = await addUser('late.tst', 'Дер-омада-2026', 'desk_officer', 'DSH-TST');
  assert.equal(u.status, 422, 'no new user in a closed department');
  const child = await web.post('/admin/departments', {
    csrf: await csrfOf('/admin/departments', admin), code: 'DSH-TST-M2', parent: 'DSH-TST', kind: 'mobile',
    name_tg: 'Нуқтаи нав', name_ru: 'Новый пункт', name_en: 'New point',
  }, admin);
  assert.equal(child.headers.get('location'), '/admin/departments?error=form', 'no child under a closed department');
  assert.equal(await size(), before, 'nothing journaled');

  // It stays in the reference and its forwarded appeal keeps its department.
  const ref = (await api(s.url, null, 'GET', '/api/v1/reference')).json.departments;
  assert.deepEqual(ref.filter((d) => d.code.startsWith('DSH-TST')).map((d) => [d.code, d.closed]), [['DSH-TST', true], ['DSH-TST-M1', true]]);
  assert.equal(ref.find((d) => d.code === 'DSH-SNO').closed, undefined);
  const seen = await api(s.url, auditor, 'GET', '/api/v1/appeals?page_size=200');
  assert.equal(seen.status, 200);
  const kept = seen.json.items.filter((a) => a.department === 'DSH-TST');
  assert.deepEqual(kept.map((a) => a.status), ['forwarded'], 'the closed department\'s appeal is still listed under it');
});

test('the CLI names the blockers; verify and rebuild keep the closed state', async () => {
  await s.stop();
  const blocked = await sabt(['department', 'close', 'DSH-ISM', '--reason', 'Санҷиш', '--db', s.dbUrl], db.env);
  assert.equal(blocked.code, 1);
  assert.match(blocked.stderr, /1 active user/);
  assert.match(blocked.stderr, /1 open child department/);
  const help = await sabt(['department', 'close', '--help']);
  assert.match(help.stdout, /--successor/);

  const listed = async () => (await sabt(['department', 'list', '--db', s.dbUrl], db.env)).stdout;
  const before = await listed();
  assert.match(before, /^DSH-TST\tdistrict\tDSH\t.*\tclosed$/m);
  assert.match(before, /^DSH-SNO\tdistrict\tDSH\t[^\t]*$/m);
  await verify(s.dbUrl, db.env);
  const r = await sabt(['rebuild', '--db', s.dbUrl], db.env);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  await verify(s.dbUrl, db.env);
  assert.equal(await listed(), before, 'the same tree, closings included, after the rebuild');
});
