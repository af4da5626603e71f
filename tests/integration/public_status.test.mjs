// The public status check: number + code → status and dates only; a wrong
// code, an unknown and a malformed number get the same answer; rate-limited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

let s;
let a;
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  const desk = await login(s.url, 'desk', s.logins.desk);
  a = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ surname: 'Ғоибназаров', summary: 'Махфӣ: ҳамсоя дуздӣ кард' }))).json;
});
after(async () => { await s?.cleanup(); });
const q = (n, c) => api(s.url, null, 'GET', `/api/v1/public/status?number=${encodeURIComponent(n)}&code=${encodeURIComponent(c)}`);

test('the status answer holds dates, department and deadline, and no personal data', async () => {
  const r = await q(a.number, a.verification_code);
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json).sort(), ['closed_at', 'department', 'kind', 'number', 'received_at', 'response_due', 'status']);
  assert.equal(r.json.kind, 'appeal');
  assert.match(r.json.response_due, /^\d{4}-\d\d-\d\d$/);
  for (const secret of ['Ғоибназаров', 'Махфӣ', 'Ҷӯрабек', '93 555']) assert.ok(!r.text.includes(secret));
});

test('a wrong code, an unknown number and a malformed number get the same answer', async () => {
  const answers = [await q(a.number, 'ZZZZ-ZZZZ'), await q('DSH-SNO/2026/987654', a.verification_code), await q('<script>', 'x')];
  for (const r of answers) {
    assert.equal(r.status, 404);
    assert.equal(r.text, answers[0].text);
  }
});

test('the rate limit triggers', async () => {
  let limited = 0;
  for (let i = 0; i < 30; i++) if ((await q(a.number, a.verification_code)).status === 429) limited++;
  assert.ok(limited > 0, 'some look-ups were refused with 429');
});
