// The online channel: a citizen submits through the public form (no
// sign-in), gets a queue reference, and a desk officer of the chosen
// district accepts (→ an appeal with channel "online", received at the
// submission time) or rejects it. Scope, double accept, CSRF and the rate
// limit are enforced by the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api } from '../lib/api.mjs';

let s, desk, other;
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase(), serveArgs: ['--public-submit-limit', '1000'] });
  desk = await login(s.url, 'desk', s.logins.desk);
  other = await login(s.url, 'desk.dsh-frd', s.logins['desk.dsh-frd']);
});
after(async () => { await s?.cleanup(); });

const form = (o) => new URLSearchParams(o).toString();
const cookieOf = (res, name) => {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(';')[0];
  return null;
};
const csrfIn = (html) => html.match(/name="csrf" value="([^"]+)"/)[1];

let n = 0;
function citizen(extra = {}) {
  n += 1;
  return {
    surname: 'Раҳмонова', given_name: 'Гулчеҳра', patronymic: 'Ӯрунбоевна', birth_date: '1985-03-02',
    address: 'ноҳияи Сино, кӯчаи Қаҳҳоров 7', phone: '+992 93 777 66 55', id_document: `B${String(5000000 + n).padStart(8, '0')}`,
    district: 'DSH-SNO', category: 'complaint',
    summary: 'Дар назди хонаи мо чароғҳои кӯча шабона хомӯшанд ва ҷавонон ҷанҷол мекунанд.', ...extra,
  };
}
const submitJson = (body) => api(s.url, null, 'POST', '/api/v1/public/appeals', body);

test('a citizen submits through the public form and gets a queue reference, not a number', async () => {
  const page = await fetch(new URL('/public/appeal', s.url));
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /name="district"/);
  const pre = cookieOf(page, 'sabt_pre');
  const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: pre };
  // Without the token: refused, nothing written.
  const before = (await s.health()).journal_size;
  const refused = await fetch(new URL('/public/appeal', s.url), { method: 'POST', headers, body: form(citizen()) });
  assert.equal(refused.status, 403);
  assert.equal((await s.health()).journal_size, before);
  // Decomposed "ӣ" (и + U+0304) is stored NFC.
  const res = await fetch(new URL('/public/appeal', s.url), {
    method: 'POST', headers, body: form({ ...citizen({ surname: 'Назари\u0304' }), csrf: csrfIn(html) }),
  });
  assert.equal(res.status, 201);
  const done = await res.text();
  const ref = done.match(/id="queue-reference">(ONL-[A-Z0-9]{4}-[A-Z0-9]{4})</)[1];
  assert.doesNotMatch(done, /DSH-SNO\/\d{4}\/\d+/);
  const queued = (await api(s.url, desk, 'GET', '/api/v1/queue')).json.items.find((x) => x.reference === ref);
  assert.ok(queued, 'the desk officer of the district sees it');
  assert.equal(queued.applicant.surname, 'Назарӣ');
  assert.equal(queued.status, 'queued');
});

test('field errors come back in the chosen language and nothing is queued', async () => {
  const page = await fetch(new URL('/public/appeal', s.url), { headers: { cookie: 'sabt_lang=ru' } });
  const html = await page.text();
  const before = (await s.health()).journal_size;
  const res = await fetch(new URL('/public/appeal', s.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookieOf(page, 'sabt_pre')}; sabt_lang=ru` },
    body: form({ ...citizen({ surname: '', district: 'NOPE' }), csrf: csrfIn(html) }),
  });
  assert.equal(res.status, 422);
  const body = await res.text();
  assert.ok(body.includes('Фамилия: Заполните это поле.'), 'Russian "required" message in the summary');
  assert.ok(body.includes('Районный отдел: Выберите значение из списка.'), 'the district problem in Russian');
  assert.ok(body.includes('Районный отдел'), 'the district field is named in Russian');
  assert.equal((await s.health()).journal_size, before);
  const j = await submitJson(citizen({ district: '' }));
  assert.equal(j.status, 422);
  assert.deepEqual(j.json.errors.map((e) => e.field), ['district']);
});

test('accepting registers an appeal with channel online, received at the submission time; only once', async () => {
  const sub = await submitJson(citizen());
  assert.equal(sub.status, 201);
  assert.match(sub.json.reference, /^ONL-/);
  assert.equal(sub.json.number, undefined);
  const item = (await api(s.url, desk, 'GET', '/api/v1/queue')).json.items.find((x) => x.reference === sub.json.reference);
  assert.equal(item.received_at, sub.json.received_at);
  await new Promise((r) => setTimeout(r, 20));  // the acceptance happens later than the submission
  const acc = await api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/accept`);
  assert.equal(acc.status, 201);
  assert.match(acc.json.number, /^DSH-SNO\/\d{4}\/\d+$/);
  assert.match(acc.json.verification_code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const appeal = (await api(s.url, desk, 'GET', `/api/v1/appeals/${acc.json.id}`)).json;
  assert.equal(appeal.channel, 'online');
  assert.equal(appeal.received_at, sub.json.received_at);
  assert.ok(appeal.registered_at > appeal.received_at);
  assert.equal(appeal.applicant_name, 'Раҳмонова Гулчеҳра Ӯрунбоевна');
  assert.ok(appeal.history.some((h) => h.kind === 'appeal.registered'));
  // The second accept (and a late reject) find it decided.
  const again = await api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/accept`);
  assert.equal(again.status, 409);
  assert.equal((await api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/reject`, { reason: 'дубликат аст' })).status, 409);
  const after = (await api(s.url, desk, 'GET', `/api/v1/queue/${item.id}`)).json;
  assert.equal(after.status, 'accepted');
  assert.equal(after.appeal_number, acc.json.number);
  // The appeal's receipt check works with the new number and code.
  const st = await api(s.url, null, 'GET', `/api/v1/public/status?number=${encodeURIComponent(acc.json.number)}&code=${acc.json.verification_code}`);
  assert.equal(st.status, 200);
  assert.equal(st.json.status, 'registered');
});

test('two concurrent accepts of one submission register one appeal', async () => {
  const sub = await submitJson(citizen());
  const item = (await api(s.url, desk, 'GET', '/api/v1/queue')).json.items.find((x) => x.reference === sub.json.reference);
  const results = await Promise.all([1, 2, 3].map(() => api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/accept`)));
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
});

test('a desk officer of another district can neither see nor accept it', async () => {
  const sub = await submitJson(citizen());
  const mine = (await api(s.url, desk, 'GET', '/api/v1/queue')).json.items.find((x) => x.reference === sub.json.reference);
  const theirs = (await api(s.url, other, 'GET', '/api/v1/queue')).json.items;
  assert.ok(!theirs.some((x) => x.reference === sub.json.reference));
  assert.equal((await api(s.url, other, 'GET', `/api/v1/queue/${mine.id}`)).status, 404);
  assert.equal((await api(s.url, other, 'POST', `/api/v1/queue/${mine.id}/accept`)).status, 404);
  assert.equal((await api(s.url, other, 'POST', `/api/v1/queue/${mine.id}/reject`, { reason: 'на мое' })).status, 404);
  // Roles without intake may not work the queue at all.
  const inv = await login(s.url, 'investigator', s.logins.investigator);
  assert.equal((await api(s.url, inv, 'GET', '/api/v1/queue')).status, 403);
  assert.equal((await api(s.url, inv, 'POST', `/api/v1/queue/${mine.id}/accept`)).status, 403);
  // Still waiting for its own district.
  assert.equal((await api(s.url, desk, 'GET', `/api/v1/queue/${mine.id}`)).json.status, 'queued');
});

test('the queue page lets the desk officer reject with a reason, and accept through the form', async () => {
  const a = await submitJson(citizen({ surname: 'Радшуда' }));
  const b = await submitJson(citizen({ surname: 'Қабулшуда' }));
  // Sign in on the web.
  const lp = await fetch(new URL('/login', s.url));
  const pre = cookieOf(lp, 'sabt_pre');
  const signed = await fetch(new URL('/login', s.url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
    body: form({ csrf: csrfIn(await lp.text()), username: 'desk', password: s.logins.desk }),
  });
  const cookie = cookieOf(signed, 'sabt_session');
  const page = await (await fetch(new URL('/queue', s.url), { headers: { cookie } })).text();
  assert.ok(page.includes(a.json.reference) && page.includes(b.json.reference));
  const csrf = csrfIn(page);
  const idOf = (ref) => page.match(new RegExp(`id="sub-([0-9a-f-]+)" data-reference="${ref}"`))[1];
  const post = (path, body) => fetch(new URL(path, s.url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: form(body),
  });
  assert.equal((await post(`/queue/${idOf(a.json.reference)}/reject`, { csrf, reason: 'x' })).status, 422);
  assert.equal((await post(`/queue/${idOf(a.json.reference)}/reject`, { reason: 'Такрорӣ аст' })).status, 403);
  assert.equal((await post(`/queue/${idOf(a.json.reference)}/reject`, { csrf, reason: 'Такрорӣ аст' })).status, 303);
  const acc = await post(`/queue/${idOf(b.json.reference)}/accept`, { csrf });
  assert.equal(acc.status, 303);
  assert.match(acc.headers.get('location'), /^\/appeals\/[0-9a-f-]+\?new=1$/);
  const view = (await (await fetch(new URL(acc.headers.get('location'), s.url), { headers: { cookie } })).text()).replaceAll('&#x2F;', '/');
  assert.match(view, /DSH-SNO\/\d{4}\/\d+/);
  const rejected = (await api(s.url, desk, 'GET', '/api/v1/queue?status=rejected')).json.items.find((x) => x.reference === a.json.reference);
  assert.equal(rejected.reason, 'Такрорӣ аст');
  const waiting = await (await fetch(new URL('/queue', s.url), { headers: { cookie } })).text();
  assert.ok(!waiting.includes(a.json.reference) && !waiting.includes(b.json.reference));
});

test('the tables still equal a replay of the journal', async () => {
  await s.stop();
  const out = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(out, /^OK:/m);
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env, serveArgs: ['--public-submit-limit', '1000'] });
});

test('the public submission is rate-limited per address (429)', async () => {
  const r = await startServer({ demo: true, ...freshDatabase() });
  try {
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await api(r.url, null, 'POST', '/api/v1/public/appeals', citizen())).status);
    assert.ok(statuses.includes(201), 'the first ones are queued');
    assert.ok(statuses.includes(429), 'later ones are refused with 429');
    const page = await fetch(new URL('/public/appeal', r.url));
    const res = await fetch(new URL('/public/appeal', r.url), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(page, 'sabt_pre') },
      body: form({ ...citizen(), csrf: csrfIn(await page.text()) }),
    });
    assert.equal(res.status, 429);
  } finally {
    await r.cleanup();
  }
});
