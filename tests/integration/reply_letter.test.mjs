// The reply letter: once an officer answers, the answer becomes an A4 PDF
// (number, answer text, officer; the approving head once closed), readable
// with pdftotext; scope is enforced (another department gets 404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

let s, desk, head, inv, a;
const answer = 'Муҳтарам Ҷӯрабек! Бо муроҷиати шумо шиносоӣ карда, ғайриқонунӣ будани амали ҳамсояро тасдиқ намудем; қарор қабул шуд ва ӯ огоҳ карда шуд. Ҳамчунин ҷарима таъин гардид.';
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  [desk, head, inv] = await Promise.all(['desk', 'head', 'investigator'].map((u) => login(s.url, u, s.logins[u])));
  a = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
});
after(async () => { await s?.cleanup(); });

async function pdfText(token, id) {
  const res = await fetch(new URL(`/api/v1/appeals/${id}/reply.pdf`, s.url), { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return { status: res.status };
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const dir = mkdtempSync('/tmp/sabt-reply-');
  writeFileSync(`${dir}/r.pdf`, bytes);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', `${dir}/r.pdf`, '-']).toString();
  return { status: 200, text, flat: text.replace(/\s+/g, ' ') };
}
const step = (tok, body) => api(s.url, tok, 'POST', `/api/v1/appeals/${a.id}/steps`, body);

test('there is no reply letter before the answer', async () => {
  assert.equal((await pdfText(desk, a.id)).status, 404);
});

test('the answer becomes a reply letter with the number, the answer text and the officer', async () => {
  assert.equal((await step(head, { step: 'assign', officer: 'investigator' })).status, 200);
  assert.equal((await step(inv, { step: 'start' })).status, 200);
  assert.equal((await step(inv, { step: 'answer', text: answer })).status, 200);
  const r = await pdfText(desk, a.id);
  assert.equal(r.status, 200);
  assert.ok(r.flat.includes(a.number), 'the registration number');
  assert.ok(r.flat.includes(answer), 'the whole answer, with ғ ӣ қ ӯ ҳ ҷ');
  assert.ok(r.flat.includes('ШКД ноҳияи Сино') && r.flat.includes('ОВД района Сино'), 'the department in Tajik and Russian');
  assert.ok(r.flat.includes('ҶАВОБ БА МУРОҶИАТ') && r.flat.includes('ОТВЕТ НА ОБРАЩЕНИЕ'));
  assert.ok(r.flat.includes('Ҳасанзода Ҷӯрабек Қодирович'), 'the applicant');
  assert.ok(r.flat.includes('Суҳроб Ғафуров'), 'the officer who answered');
  assert.ok(!r.flat.includes('Азиз Раҳимзода'), 'no approving head before closing');
});

test('once closed, the letter names the head who approved it', async () => {
  assert.equal((await step(head, { step: 'close' })).status, 200);
  const r = await pdfText(desk, a.id);
  assert.ok(r.flat.includes('Азиз Раҳимзода'), 'the head');
  assert.ok(r.flat.includes(answer));
});

test('a long answer runs onto further pages', async () => {
  const b = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const para = 'Дар асоси моддаи 14 Қонуни Ҷумҳурии Тоҷикистон «Дар бораи муроҷиатҳои шаҳрвандон» муроҷиати шумо баррасӣ гардид. ';
  const long = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${para.repeat(2)}`).join('\n');
  const st = (tok, body) => api(s.url, tok, 'POST', `/api/v1/appeals/${b.id}/steps`, body);
  await st(head, { step: 'assign', officer: 'investigator' });
  await st(inv, { step: 'start' });
  assert.equal((await st(inv, { step: 'answer', text: long })).status, 200);
  const r = await pdfText(desk, b.id);
  assert.equal(r.status, 200);
  assert.ok(r.text.split('\f').filter((p) => p.trim()).length >= 3, 'three or more pages');
  assert.ok(r.flat.includes('40. Дар асоси'), 'the last paragraph is there');
});

test('another department, and the web route without a session, get no letter', async () => {
  const other = await login(s.url, 'desk.dsh-frd', s.logins['desk.dsh-frd']);
  assert.equal((await pdfText(other, a.id)).status, 404);
  const prosecutor = await login(s.url, 'prosecutor', s.logins.prosecutor);
  assert.equal((await pdfText(prosecutor, a.id)).status, 403);
  const anon = await fetch(new URL(`/appeals/${a.id}/reply.pdf`, s.url), { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.equal((await fetch(new URL(`/api/v1/appeals/${a.id}/reply.pdf`, s.url))).status, 401);
});
