// A person record per ID document: a second appeal with the same document
// links to the same person; the person page lists their appeals within the
// viewer's scope only; oversight roles give a reason, which is journaled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';

let s;
before(async () => { s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...freshDatabase() }); });
after(async () => { await s?.cleanup(); });

const register = async (token, extra) => {
  const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody(extra));
  assert.equal(r.status, 201, r.text);
  return r.json;
};

test('a second appeal with the same ID document links to the same person, in any district', async () => {
  const desk = await login(s.url, 'desk', s.logins.desk);
  const other = await login(s.url, 'desk.sug-khj', s.logins['desk.sug-khj']);
  const head = await login(s.url, 'head', s.logins.head);
  const a1 = await register(desk, { id_document: 'P1000001' });
  const a3 = await register(other, { id_document: 'P1000001' });
  const a2 = await register(desk, { id_document: 'P1000001', address: 'ш. Душанбе, кӯчаи Рӯдакӣ 5' });
  const b = await register(desk, { id_document: 'P2000002' });
  const p1 = (await api(s.url, head, 'GET', `/api/v1/appeals/${a1.id}`)).json.person_id;
  const p2 = (await api(s.url, head, 'GET', `/api/v1/appeals/${a2.id}`)).json.person_id;
  const pb = (await api(s.url, head, 'GET', `/api/v1/appeals/${b.id}`)).json.person_id;
  assert.equal(p1, p2);
  assert.notEqual(p1, pb);

  const person = await api(s.url, head, 'GET', `/api/v1/persons/${p1}`);
  assert.equal(person.status, 200);
  assert.equal(person.json.id_document, 'P1000001');
  assert.equal(person.json.address, 'ш. Душанбе, кӯчаи Рӯдакӣ 5', 'the latest details');
  assert.deepEqual(person.json.appeals.map((a) => a.number).sort(), [a1.number, a2.number].sort(),
    'the appeal registered in Khujand is outside the head\'s scope');
  const there = await api(s.url, other, 'GET', `/api/v1/persons/${p1}`);
  assert.deepEqual(there.json.appeals.map((a) => a.number), [a3.number]);
});

test('a person with no appeal in the viewer\'s scope is not found', async () => {
  const other = await login(s.url, 'desk.sug-khj', s.logins['desk.sug-khj']);
  const head = await login(s.url, 'head', s.logins.head);
  const a = await register(other, { id_document: 'P3000003' });
  const pid = (await api(s.url, other, 'GET', `/api/v1/appeals/${a.id}`)).json.person_id;
  assert.equal((await api(s.url, head, 'GET', `/api/v1/persons/${pid}`)).status, 404);
  assert.equal((await api(s.url, head, 'GET', '/api/v1/persons/no-such-person')).status, 404);
  const analyst = await login(s.url, 'analyst', s.logins.analyst);
  assert.equal((await api(s.url, analyst, 'GET', `/api/v1/persons/${pid}`)).status, 403);
});

test('an oversight role opens a person only with a reason, and the read is journaled', async () => {
  const desk = await login(s.url, 'desk', s.logins.desk);
  const prosecutor = await login(s.url, 'prosecutor', s.logins.prosecutor);
  const a = await register(desk, { id_document: 'P4000004' });
  const pid = (await api(s.url, desk, 'GET', `/api/v1/appeals/${a.id}`)).json.person_id;
  const denied = await api(s.url, prosecutor, 'GET', `/api/v1/persons/${pid}`);
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error, 'reason_required');
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const ok = await api(s.url, prosecutor, 'GET', `/api/v1/persons/${pid}?reason=${encodeURIComponent('Санҷиши шикоят №12')}`);
  assert.equal(ok.status, 200);
  const size = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  assert.equal(size, before + 1);
  const entry = await entryAsAuditor(s.url, await auditorToken(s), size - 1);
  assert.equal(entry.kind, 'audit.viewed');
  assert.equal(entry.subject, pid);
  assert.equal(entry.data.record, 'person');
});

test('the appeal page links to the person page, which lists the appeals', async () => {
  const desk = await login(s.url, 'desk', s.logins.desk);
  const a = await register(desk, { id_document: 'P5000005', surname: 'Қурбонова' });
  const pid = (await api(s.url, desk, 'GET', `/api/v1/appeals/${a.id}`)).json.person_id;
  const web = webClient(s.url);
  const cookie = await web.signIn('desk', s.logins.desk);
  const page = await (await web.get(`/appeals/${a.id}`, cookie)).text();
  assert.ok(page.replaceAll('&#x2F;', '/').includes(`href="/persons/${pid}"`));
  const res = await web.get(`/persons/${pid}`, cookie);
  assert.equal(res.status, 200);
  const html = (await res.text()).replaceAll('&#x2F;', '/');
  assert.ok(html.includes('Қурбонова'));
  assert.ok(html.includes(a.number));
  const other = await web.signIn('desk.sug-khj', s.logins['desk.sug-khj']);
  assert.equal((await web.get(`/persons/${pid}`, other)).status, 404);
  const prosecutor = await web.signIn('prosecutor', s.logins.prosecutor);
  const ask = await (await web.get(`/persons/${pid}`, prosecutor)).text();
  assert.ok(!ask.includes('Қурбонова'), 'no personal data before a reason');
  assert.ok(ask.replaceAll('&#x2F;', '/').includes(`action="/persons/${pid}/open"`));
});
