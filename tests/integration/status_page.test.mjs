// The citizen's status page (/status): number + verification code → status,
// dates, department and the response deadline; never a name or any text.
// A wrong code, an unknown number and a malformed number give the same page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

let s, a, desk;
const secrets = ['Ғоибназаров', 'Махфӣ', 'Ҷӯрабек', 'Қодирович', '93 555', 'Ғозималик'];
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  desk = await login(s.url, 'desk', s.logins.desk);
  a = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ surname: 'Ғоибназаров', summary: 'Махфӣ: ҳамсоя дуздӣ кард' }))).json;
});
after(async () => { await s?.cleanup(); });

const page = (n, c, lang = 'tg') =>
  fetch(new URL(`/status?number=${encodeURIComponent(n)}&code=${encodeURIComponent(c)}`, s.url), { headers: { cookie: `sabt_lang=${lang}` } });

test('the status page shows status, dates, department and deadline, in the chosen language, and no personal data', async () => {
  for (const [lang, status, dept] of [['tg', 'Ба қайд гирифта шуд', 'ШКД ноҳияи Сино'], ['ru', 'Зарегистрировано', 'ОВД района Сино'], ['en', 'Registered', 'Sino District DIA']]) {
    const r = await page(a.number, a.verification_code.toLowerCase(), lang);
    assert.equal(r.status, 200);
    const html = (await r.text()).replaceAll('&#x2F;', '/');
    assert.ok(html.includes(`id="status-number">${a.number}<`));
    assert.match(html, /id="status-status" data-status="registered"/);
    assert.ok(html.includes(`>${status}<`), `status in ${lang}`);
    assert.ok(html.includes(dept), `department in ${lang}`);
    assert.match(html, /id="status-due">\d{4}-\d\d-\d\d</);
    for (const x of secrets) assert.ok(!html.includes(x), `no "${x}" in the page`);
  }
});

test('a wrong code, an unknown number and a malformed number get the same page body', async () => {
  const answers = [
    await page(a.number, 'ZZZZ-ZZZZ'),
    await page('DSH-SNO/2026/987654', a.verification_code),
    await page('<script>alert(1)</script>', 'x'),
    await page(a.number, ''),
  ];
  const bodies = [];
  for (const r of answers) {
    assert.equal(r.status, 404);
    bodies.push(await r.text());
  }
  for (const b of bodies) assert.equal(b, bodies[0]);
  assert.ok(!bodies[0].includes('<script>alert'), 'nothing typed is echoed');
  assert.ok(!bodies[0].includes('987654'));
});

test('after an answer and closing, the page still shows no text of the answer', async () => {
  const head = await login(s.url, 'head', s.logins.head);
  const inv = await login(s.url, 'investigator', s.logins.investigator);
  const step = (tok, body) => api(s.url, tok, 'POST', `/api/v1/appeals/${a.id}/steps`, body);
  assert.equal((await step(head, { step: 'assign', officer: 'investigator' })).status, 200);
  assert.equal((await step(inv, { step: 'start' })).status, 200);
  assert.equal((await step(inv, { step: 'answer', text: 'Ҷавоби махфӣ: санҷиш гузаронида шуд, ғайриқонунӣ нест.' })).status, 200);
  assert.equal((await step(head, { step: 'close' })).status, 200);
  const html = await (await page(a.number, a.verification_code, 'en')).text();
  assert.match(html, /data-status="closed"/);
  assert.match(html, /id="status-closed">/);
  for (const x of [...secrets, 'Ҷавоби махфӣ', 'санҷиш']) assert.ok(!html.includes(x), `no "${x}"`);
});

test('a route answers the same however its path is spelled: exact, trailing slash, other letter case', async () => {
  // Exact paths come from the router's table, the other spellings from the
  // walk over the routes' patterns (src/http/router.h): the same handler.
  const headers = { cookie: 'sabt_lang=en; sabt_pre=abcdefghijklmnopqrstuvwx' };
  const bodies = [];
  for (const p of ['/status', '/status/', '/STATUS', '/Status/']) {
    const r = await fetch(new URL(p, s.url), { headers });
    assert.equal(r.status, 200, p);
    bodies.push(await r.text());
  }
  for (const b of bodies) assert.equal(b, bodies[0]);
  assert.match(bodies[0], /<form[^>]*action="\/status"/);
  for (const p of ['/api/v1/health', '/api/v1/health/']) {
    const r = await fetch(new URL(p, s.url));
    assert.equal(r.status, 200, p);
    assert.equal((await r.json()).status, 'ok');
  }
});

test('looking up a status leaves no cookie in the browser; a page with a form still gets its token', async () => {
  const r = await page(a.number, a.verification_code);
  assert.equal(r.status, 200);
  await r.text();
  assert.equal(r.headers.get('set-cookie'), null, 'no cookie from the status page');
  const form = await fetch(new URL('/public/appeal', s.url));
  await form.text();
  assert.match(form.headers.get('set-cookie') ?? '', /sabt_pre=/, 'the public form sets its CSRF cookie');
});

test('the status page is rate-limited per address', async () => {
  let limited = 0;
  for (let i = 0; i < 30; i++) {
    const r = await page(a.number, a.verification_code);
    if (r.status === 429) limited++;
    await r.arrayBuffer();
  }
  assert.ok(limited > 0, 'some look-ups were refused with 429');
});
