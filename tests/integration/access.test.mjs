// Role and department scope are checked on the server; deny by default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

let s;
let khujandAppeal;
let sinoAppeal;
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  const khj = await login(s.url, 'desk.sug-khj', s.logins['desk.sug-khj']);
  khujandAppeal = (await api(s.url, khj, 'POST', '/api/v1/appeals', appealBody())).json;
  const sino = await login(s.url, 'desk', s.logins.desk);
  sinoAppeal = (await api(s.url, sino, 'POST', '/api/v1/appeals', appealBody())).json;
});
after(async () => { await s?.cleanup(); });

test('a desk officer of one district gets 404 for another district\'s appeal', async () => {
  const token = await login(s.url, 'desk', s.logins.desk);
  const r = await api(s.url, token, 'GET', `/api/v1/appeals/${khujandAppeal.id}`);
  assert.equal(r.status, 404);
  assert.ok(!r.text.includes('Ҳасанзода'));
  const own = await api(s.url, token, 'GET', `/api/v1/appeals/${sinoAppeal.id}`);
  assert.equal(own.status, 200);
  const list = await api(s.url, token, 'GET', '/api/v1/appeals?page_size=200');
  assert.ok(list.json.items.every((a) => a.department.startsWith('DSH-SNO')), 'list holds only the own subtree');
});

test('the API refuses requests without a Bearer token, even with a session cookie', async () => {
  assert.equal((await api(s.url, null, 'GET', '/api/v1/appeals')).status, 401);
  assert.equal((await api(s.url, 'forged-token', 'GET', '/api/v1/appeals')).status, 401);
  const token = await login(s.url, 'desk', s.logins.desk);
  const r = await api(s.url, null, 'POST', '/api/v1/appeals', appealBody(), { cookie: `sabt_session=${token}` });
  assert.equal(r.status, 401);
});

test('roles without intake duties cannot register, and analysts cannot open appeals', async () => {
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  for (const u of ['prosecutor', 'auditor', 'analyst', 'admin', 'investigator']) {
    const token = await login(s.url, u, s.logins[u]);
    const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody());
    assert.equal(r.status, 403, `${u} may not register`);
  }
  const analyst = await login(s.url, 'analyst', s.logins.analyst);
  assert.equal((await api(s.url, analyst, 'GET', `/api/v1/appeals/${sinoAppeal.id}`)).status, 403);
  assert.equal((await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size, before);
});

test('a prosecutor opens personal data only with a reason, and the view is journaled', async () => {
  const token = await login(s.url, 'prosecutor', s.logins.prosecutor);
  const list = await api(s.url, token, 'GET', '/api/v1/appeals?page_size=5');
  assert.equal(list.status, 200);
  assert.ok(list.json.items.every((a) => a.applicant_name === undefined), 'lists carry no names for oversight');
  const denied = await api(s.url, token, 'GET', `/api/v1/appeals/${sinoAppeal.id}`);
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error, 'reason_required');
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const r = await api(s.url, token, 'GET', `/api/v1/appeals/${sinoAppeal.id}?reason=${encodeURIComponent('Санҷиши шикоят № 12')}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.applicant_name, 'Ҳасанзода Ҷӯрабек Қодирович');
  assert.equal((await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size, before + 1);
});

test('bad credentials get the same answer whether the user exists or not', async () => {
  const post = (body) => api(s.url, null, 'POST', '/api/v1/login', body);
  const unknown = await post({ username: 'nobody', password: 'whatever-123' });
  const wrong = await post({ username: 'desk', password: 'whatever-123' });
  assert.equal(unknown.status, 401);
  assert.equal(wrong.status, 401);
  assert.deepEqual(unknown.json, wrong.json);
});

test('every response carries the security headers', async () => {
  for (const path of ['/login', '/api/v1/health', '/appeals']) {
    const res = await fetch(new URL(path, s.url), { redirect: 'manual' });
    assert.match(res.headers.get('content-security-policy') || '', /frame-ancestors 'none'/, path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
  }
});

test('invalid input gets field-level messages in the asked language and writes nothing', async () => {
  const token = await login(s.url, 'desk', s.logins.desk);
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const r = await api(s.url, token, 'POST', '/api/v1/appeals?lang=ru', appealBody({ surname: ' ', birth_date: '2999-01-01', channel: 'fax' }));
  assert.equal(r.status, 422);
  const byField = Object.fromEntries(r.json.errors.map((e) => [e.field, e]));
  assert.equal(byField.surname.code, 'required');
  assert.equal(byField.surname.message, 'Заполните это поле.');
  assert.equal(byField.birth_date.code, 'in_future');
  assert.equal(byField.channel.code, 'unknown_value');
  assert.equal((await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size, before);
});
