// The life of an appeal over the API: intake → assign → start → answer →
// close, and intake → referral; each step is one journal entry, and the
// rules of who may do what hold on the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

let s;
before(async () => { s = await startServer({ demo: true, ...freshDatabase() }); });
after(async () => { await s?.cleanup(); });
const step = (token, id, body) => api(s.url, token, 'POST', `/api/v1/appeals/${id}/steps`, body);

test('intake, assignment, answer and closing, each a journal entry, with a deadline from the category', async () => {
  const desk = await login(s.url, 'desk', s.logins.desk);
  const head = await login(s.url, 'head', s.logins.head);
  const inv = await login(s.url, 'investigator', s.logins.investigator);
  const a = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ category: 'application', received_at: '2026-11-20T10:00' }))).json;
  let r = await api(s.url, head, 'GET', `/api/v1/appeals/${a.id}`);
  assert.equal(r.json.status, 'registered');
  assert.equal(r.json.due_date, '2026-12-05', '15 calendar days from the day received');
  assert.deepEqual(r.json.available_steps.sort(), ['assign', 'extend', 'forward', 'refer', 'return'].sort());
  assert.equal((await step(inv, a.id, { step: 'answer', text: 'Ҷавоби пурра ба аризадиҳанда.' })).status, 403, 'not yet assigned');
  assert.equal((await step(head, a.id, { step: 'assign', officer: 'investigator' })).status, 200);
  assert.equal((await step(inv, a.id, { step: 'start' })).status, 200);
  const bad = await step(inv, a.id, { step: 'answer', text: '' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.errors[0].field, 'text');
  assert.equal((await step(inv, a.id, { step: 'answer', text: 'Ҷавоби пурра ба аризадиҳанда фиристода шуд.' })).status, 200);
  assert.equal((await step(inv, a.id, { step: 'close' })).status, 403, 'only the head approves');
  const ext = await step(head, a.id, { step: 'extend', days: 5, text: 'Санҷиши иловагӣ' });
  assert.equal(ext.status, 409, 'no extension once answered');
  assert.equal((await step(head, a.id, { step: 'close' })).status, 200);
  r = await api(s.url, head, 'GET', `/api/v1/appeals/${a.id}`);
  assert.equal(r.json.status, 'closed');
  assert.match(r.json.answer, /Ҷавоби пурра/);
  assert.deepEqual(r.json.history.map((h) => h.kind),
    ['appeal.registered', 'appeal.assigned', 'appeal.started', 'appeal.answered', 'appeal.closed']);
  assert.equal((await step(head, a.id, { step: 'assign', officer: 'investigator' })).status, 409, 'closed is final');
});

test('a desk officer refers an appeal to the crime register; an extension is capped', async () => {
  const desk = await login(s.url, 'desk', s.logins.desk);
  const head = await login(s.url, 'head', s.logins.head);
  const a = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
  assert.equal((await step(head, a.id, { step: 'extend', days: 40, text: 'Санҷиши иловагӣ' })).status, 422);
  const ext = await step(head, a.id, { step: 'extend', days: 10, text: 'Санҷиши иловагӣ' });
  assert.equal(ext.status, 200);
  assert.equal((await step(desk, a.id, { step: 'refer' })).status, 200);
  const r = await api(s.url, head, 'GET', `/api/v1/appeals/${a.id}`);
  assert.equal(r.json.status, 'referred');
  assert.equal(r.json.extended_days, 10);
  const other = await login(s.url, 'desk.sug-khj', s.logins['desk.sug-khj']);
  assert.equal((await step(other, a.id, { step: 'refer' })).status, 404, 'out of scope');
});

test('only roles that may answer an appeal can be assigned one, and only they can write the answer', async () => {
  const desk = await login(s.url, 'desk', s.logins.desk);
  const head = await login(s.url, 'head', s.logins.head);
  const a = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const before = (await s.health()).journal_size;
  for (const who of ['analyst', 'prosecutor', 'auditor', 'admin']) {
    const r = await step(head, a.id, { step: 'assign', officer: who });
    assert.equal(r.status, 422, `${who} may not be assigned`);
    assert.equal(r.json.errors[0].field, 'officer');
    assert.equal(r.json.errors[0].code, 'may_not_answer');
  }
  assert.equal((await s.health()).journal_size, before, 'nothing written');
  const prosecutor = await login(s.url, 'prosecutor', s.logins.prosecutor);
  assert.equal((await step(prosecutor, a.id, { step: 'answer', text: 'Ҷавоби прокурор ба аризадиҳанда.' })).status, 403);
  assert.equal((await step(head, a.id, { step: 'assign', officer: 'desk' })).status, 200, 'a desk officer may answer');
});

test('the tables still equal a replay after every kind of step', async () => {
  await s.stop();
  const out = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(out, /^OK:/m);
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env });
});
