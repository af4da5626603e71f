// The online channel: a citizen submits through the public form (no
// sign-in), gets a queue reference, and a desk officer of the chosen
// district accepts (→ an appeal with channel "online", received at the
// submission time) or rejects it. Scope, double accept, CSRF and the rate
// limit are enforced by the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { codeFor, setClockOffset } from '../lib/totp.mjs';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api } from '../lib/api.mjs';

let s, desk, other, head, prosecutor, logins;
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase(), serveArgs: ['--public-submit-limit', '1000'] });
  logins = s.logins;  // a restarted server prints none
  desk = await login(s.url, 'desk', s.logins.desk);
  other = await login(s.url, 'desk.dsh-frd', s.logins['desk.dsh-frd']);
  head = await login(s.url, 'head', s.logins.head);
  prosecutor = await login(s.url, 'prosecutor', s.logins.prosecutor);
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
  assert.ok(body.includes('Введите фамилию'), 'the Russian message of the empty surname');
  assert.ok(body.includes('Выберите район'), 'the district problem in Russian');
  assert.match(body, /aria-invalid="true"/);
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
  const unanswered = await api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/accept`);
  assert.equal(unanswered.status, 422, 'the desk officer must answer the crime-signs question');
  assert.equal(unanswered.json.errors[0].field, 'crime_signs');
  const acc = await api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/accept`, { crime_signs: 'no' });
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
  const again = await api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/accept`, { crime_signs: 'no' });
  assert.equal(again.status, 409);
  assert.equal((await api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/reject`, { ground: 'duplicate', reason: 'дубликат аст' })).status, 409);
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
  const results = await Promise.all([1, 2, 3].map(() => api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/accept`, { crime_signs: false })));
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
});

test('a desk officer of another district can neither see nor accept it', async () => {
  const sub = await submitJson(citizen());
  const mine = (await api(s.url, desk, 'GET', '/api/v1/queue')).json.items.find((x) => x.reference === sub.json.reference);
  const theirs = (await api(s.url, other, 'GET', '/api/v1/queue')).json.items;
  assert.ok(!theirs.some((x) => x.reference === sub.json.reference));
  assert.equal((await api(s.url, other, 'GET', `/api/v1/queue/${mine.id}`)).status, 404);
  assert.equal((await api(s.url, other, 'POST', `/api/v1/queue/${mine.id}/accept`, { crime_signs: 'no' })).status, 404);
  assert.equal((await api(s.url, other, 'POST', `/api/v1/queue/${mine.id}/reject`, { ground: 'duplicate', reason: 'на мое' })).status, 404);
  // Roles without intake may not work the queue at all.
  const inv = await login(s.url, 'investigator', s.logins.investigator);
  assert.equal((await api(s.url, inv, 'GET', '/api/v1/queue')).status, 403);
  assert.equal((await api(s.url, inv, 'POST', `/api/v1/queue/${mine.id}/accept`, { crime_signs: 'no' })).status, 403);
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
  assert.match(page, /name="ground"/, 'the rejection form offers the grounds');
  assert.match(page, /name="crime_signs" value="yes"/, 'the acceptance form asks the crime-signs question');
  assert.equal((await post(`/queue/${idOf(a.json.reference)}/reject`, { csrf, ground: 'duplicate', reason: 'x' })).status, 422);
  assert.equal((await post(`/queue/${idOf(a.json.reference)}/reject`, { csrf, reason: 'Такрорӣ аст' })).status, 422, 'no ground');
  assert.equal((await post(`/queue/${idOf(a.json.reference)}/reject`, { ground: 'duplicate', reason: 'Такрорӣ аст' })).status, 403);
  assert.equal((await post(`/queue/${idOf(a.json.reference)}/reject`, { csrf, ground: 'duplicate', reason: 'Такрорӣ аст' })).status, 303);
  assert.equal((await post(`/queue/${idOf(b.json.reference)}/accept`, { csrf })).status, 422, 'no crime-signs answer');
  const acc = await post(`/queue/${idOf(b.json.reference)}/accept`, { csrf, crime_signs: 'no' });
  assert.equal(acc.status, 303);
  assert.match(acc.headers.get('location'), /^\/appeals\/[0-9a-f-]+\?new=1$/);
  const view = (await (await fetch(new URL(acc.headers.get('location'), s.url), { headers: { cookie } })).text()).replaceAll('&#x2F;', '/');
  assert.match(view, /DSH-SNO\/\d{4}\/\d+/);
  const rejected = (await api(s.url, desk, 'GET', '/api/v1/queue?status=rejected')).json.items.find((x) => x.reference === a.json.reference);
  assert.equal(rejected.reason, 'Такрорӣ аст');
  assert.equal(rejected.ground, 'duplicate');
  const waiting = await (await fetch(new URL('/queue', s.url), { headers: { cookie } })).text();
  assert.ok(!waiting.includes(a.json.reference) && !waiting.includes(b.json.reference));
});

const queueItem = async (ref, status = 'queued') =>
  (await api(s.url, desk, 'GET', `/api/v1/queue?status=${status}`)).json.items.find((x) => x.reference === ref);
const check = (ref, code) =>
  api(s.url, null, 'GET', `/api/v1/public/submission?reference=${encodeURIComponent(ref)}&code=${encodeURIComponent(code)}`);
const watch = async (token) => (await api(s.url, token, 'GET', '/api/v1/oversight/submissions')).json;

test('rejecting a submission needs a ground from the list and a reason; nothing is written otherwise', async () => {
  const sub = await submitJson(citizen());
  const item = await queueItem(sub.json.reference);
  const before = (await s.health()).journal_size;
  const reject = (body) => api(s.url, desk, 'POST', `/api/v1/queue/${item.id}/reject`, body);
  let r = await reject({ reason: 'Такрорӣ аст' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['ground']);
  r = await reject({ ground: 'made_up', reason: 'Такрорӣ аст' });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].code, 'unknown_value');
  r = await reject({ ground: 'duplicate' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['reason']);
  assert.equal((await s.health()).journal_size, before, 'nothing written');
  r = await reject({ ground: 'not_police', reason: 'Масъалаи шаҳрдорӣ аст' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ground, 'not_police');
  const row = await queueItem(sub.json.reference, 'rejected');
  assert.equal(row.ground, 'not_police');
});

test('the keyword guard runs on every submission and the desk officer sees the citizen\u2019s own answer', async () => {
  const flagged = await submitJson(citizen({ summary: 'Шаби гузашта аз мағозаи мо дузди шуд, дарро шикастанд.', citizen_crime_signs: 'yes' }));
  const plain = await submitJson(citizen({ citizen_crime_signs: 'no' }));
  const none = await submitJson(citizen());
  assert.equal((await submitJson(citizen({ citizen_crime_signs: 'maybe' }))).status, 422);
  const f = await queueItem(flagged.json.reference);
  assert.equal(f.keyword_flag, true);
  assert.equal(f.citizen_crime_signs, 'yes');
  const p = await queueItem(plain.json.reference);
  assert.equal(p.keyword_flag, false);
  assert.equal(p.citizen_crime_signs, 'no');
  assert.equal((await queueItem(none.json.reference)).citizen_crime_signs, 'unknown');
  // The desk officer's queue page shows both before the crime-signs question.
  const lp = await fetch(new URL('/login', s.url));
  const signed = await fetch(new URL('/login', s.url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(lp, 'sabt_pre') },
    body: form({ csrf: csrfIn(await lp.text()), username: 'desk', password: s.logins.desk }),
  });
  const page = await (await fetch(new URL('/queue', s.url), { headers: { cookie: `${cookieOf(signed, 'sabt_session')}; sabt_lang=en` } })).text();
  const article = page.slice(page.indexOf(`data-reference="${flagged.json.reference}"`));
  assert.match(article.slice(0, 4000), /class="keyword-flag"/);
  assert.match(article.slice(0, 4000), /class="citizen-answer">Yes</);
});

test('the citizen checks with the reference and the check code: waiting, registered with the appeal\u2019s code, or rejected with its ground', async () => {
  const a = await submitJson(citizen());
  const b = await submitJson(citizen());
  assert.match(a.json.check_code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  let r = await check(a.json.reference, a.json.check_code);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'waiting' });
  // A wrong code, an unknown and a malformed reference: the same answer.
  const wrong = await check(a.json.reference, b.json.check_code);
  const unknown = await check('ONL-ZZZZ-ZZZZ', a.json.check_code);
  const malformed = await check('<script>', 'x');
  for (const x of [wrong, unknown, malformed]) {
    assert.equal(x.status, 404);
    assert.equal(x.text, wrong.text);
  }
  const acc = await api(s.url, desk, 'POST', `/api/v1/queue/${(await queueItem(a.json.reference)).id}/accept`, { crime_signs: 'no' });
  r = await check(a.json.reference, a.json.check_code.toLowerCase());
  assert.equal(r.json.status, 'registered');
  assert.equal(r.json.number, acc.json.number);
  assert.equal(r.json.code, acc.json.verification_code);
  const st = await api(s.url, null, 'GET', `/api/v1/public/status?number=${encodeURIComponent(r.json.number)}&code=${r.json.code}`);
  assert.equal(st.status, 200, 'the code given leads to the appeal\u2019s status');
  await api(s.url, desk, 'POST', `/api/v1/queue/${(await queueItem(b.json.reference)).id}/reject`, { ground: 'no_content', reason: 'Матн холӣ аст' });
  r = await api(s.url, null, 'GET', `/api/v1/public/submission?reference=${b.json.reference}&code=${b.json.check_code}&lang=ru`);
  assert.equal(r.json.status, 'rejected');
  assert.equal(r.json.ground, 'no_content');
  assert.match(r.json.ground_name, /Текст не имеет содержания/);
  assert.equal(r.json.reason, undefined, 'the officer\u2019s reason is not public');
  // The page, in three languages.
  for (const [lang, word] of [['tg', 'рад карда шуд'], ['ru', 'Ваше обращение отклонено'], ['en', 'Your submission was rejected']]) {
    const html = await (await fetch(new URL(`/public/appeal/check?reference=${b.json.reference}&code=${b.json.check_code}`, s.url),
      { headers: { cookie: `sabt_lang=${lang}` } })).text();
    assert.ok(html.includes(word), `${lang}: ${word}`);
    assert.match(html, /id="check-ground"/);
  }
  const bad = await fetch(new URL(`/public/appeal/check?reference=${b.json.reference}&code=WRONG-CODE`, s.url));
  assert.equal(bad.status, 404);
  assert.ok(!(await bad.text()).includes(b.json.reference), 'nothing typed is echoed');
});

test('the head and the prosecutor see rejected submissions without personal data; opening one needs a reason and is journaled', async () => {
  const sub = await submitJson(citizen({ surname: 'Пинҳонова' }));
  await api(s.url, desk, 'POST', `/api/v1/queue/${(await queueItem(sub.json.reference)).id}/reject`, { ground: 'duplicate', reason: 'Такрории муроҷиати дигар' });
  for (const token of [head, prosecutor]) {
    const w = await watch(token);
    const row = w.items.find((x) => x.reference === sub.json.reference);
    assert.ok(row, 'listed');
    assert.equal(row.status, 'rejected');
    assert.equal(row.ground, 'duplicate');
    assert.ok(!JSON.stringify(w).includes('Пинҳонова'), 'no name on the list');
    assert.ok(!JSON.stringify(w).includes('Такрории муроҷиати'), 'no reason text on the list');
    assert.ok(w.counts.find((c) => c.department === 'DSH-SNO').rejected >= 1);
  }
  assert.equal((await api(s.url, desk, 'GET', '/api/v1/oversight/submissions')).status, 403);
  assert.equal((await api(s.url, other, 'GET', '/api/v1/oversight/submissions')).status, 403);
  const id = (await watch(prosecutor)).items.find((x) => x.reference === sub.json.reference).id;
  const before = (await s.health()).journal_size;
  const noReason = await api(s.url, prosecutor, 'GET', `/api/v1/oversight/submissions/${id}`);
  assert.equal(noReason.status, 403);
  assert.equal(noReason.json.error, 'reason_required');
  assert.equal((await s.health()).journal_size, before, 'no reason, no data, nothing journaled');
  const opened = await api(s.url, prosecutor, 'GET', `/api/v1/oversight/submissions/${id}?reason=${encodeURIComponent('Санҷиши радҳо')}`);
  assert.equal(opened.status, 200);
  assert.equal(opened.json.applicant.surname, 'Пинҳонова');
  assert.equal(opened.json.reason, 'Такрории муроҷиати дигар');
  assert.equal((await s.health()).journal_size, before + 1, 'the view is an audit.viewed entry');
});

test('the prosecutor annuls a rejection with a reason: the submission is queued again with a fresh clock', async () => {
  const sub = await submitJson(citizen());
  const id = (await queueItem(sub.json.reference)).id;
  await api(s.url, desk, 'POST', `/api/v1/queue/${id}/reject`, { ground: 'not_police', reason: 'Ба милитсия дахл надорад' });
  const annul = (token, body) => api(s.url, token, 'POST', `/api/v1/oversight/submissions/${id}/annul`, body);
  assert.equal((await annul(desk, { reason: 'Бекор карда шавад' })).status, 403);
  assert.equal((await annul(head, { reason: 'Бекор карда шавад' })).status, 403, 'the head does not annul');
  const short = await annul(prosecutor, { reason: 'no' });
  assert.equal(short.status, 422);
  assert.equal(short.json.errors[0].field, 'reason');
  const ok = await annul(prosecutor, { reason: 'Дар матн аломати ҷиноят ҳаст' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'queued');
  assert.ok(Date.parse(ok.json.accept_due) > Date.now() + 23 * 3600_000, 'the accept clock restarts for 24 hours');
  assert.equal((await annul(prosecutor, { reason: 'Дар матн аломати ҷиноят ҳаст' })).status, 409, 'only a rejection is annulled');
  const back = await queueItem(sub.json.reference);
  assert.equal(back.status, 'queued');
  assert.equal(back.annulled, 1);
  assert.equal((await check(sub.json.reference, sub.json.check_code)).json.status, 'waiting');
  const row = (await watch(head)).items.find((x) => x.reference === sub.json.reference);
  assert.equal(row.annulled, 1, 'an annulled rejection stays on the oversight list');
  assert.equal((await api(s.url, desk, 'POST', `/api/v1/queue/${id}/accept`, { crime_signs: 'yes' })).status, 201);
});

test('the oversight page lists submissions by reference only, and the prosecutor opens one with a reason', async () => {
  const sub = await submitJson(citizen({ surname: 'Саҳифаева' }));
  await api(s.url, desk, 'POST', `/api/v1/queue/${(await queueItem(sub.json.reference)).id}/reject`, { ground: 'test_entry', reason: 'Навиштаи озмоишӣ' });
  const lp = await fetch(new URL('/login', s.url));
  const signed = await fetch(new URL('/login', s.url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(lp, 'sabt_pre') },
    body: form({ csrf: csrfIn(await lp.text()), username: 'prosecutor', password: s.logins.prosecutor,
      totp: await codeFor(s.url, 'prosecutor', s.logins.prosecutor) }),
  });
  const cookie = cookieOf(signed, 'sabt_session');
  const page = await (await fetch(new URL('/oversight/submissions', s.url), { headers: { cookie } })).text();
  assert.ok(page.includes(sub.json.reference));
  assert.ok(!page.includes('Саҳифаева'));
  assert.match(page, /id="sub-counts"/);
  const id = page.match(new RegExp(`id="sub-([0-9a-f-]+)" data-why="rejected" data-reference="${sub.json.reference}"`))[1];
  const post = (body) => fetch(new URL(`/oversight/submissions/${id}/open`, s.url), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: form(body),
  });
  const csrf = csrfIn(page);
  const noReason = await post({ csrf });
  assert.ok(!(await noReason.text()).includes('Саҳифаева'));
  const opened = await post({ csrf, reason: 'Санҷиши нақшавӣ' });
  assert.equal(opened.status, 200);
  assert.ok((await opened.text()).includes('Саҳифаева'));
});

test('the tables still equal a replay of the journal', async () => {
  await s.stop();
  const out = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(out, /^OK:/m);
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env, serveArgs: ['--public-submit-limit', '1000'] });
});

test('submissions not accepted within submission_accept_hours are on the oversight list, counted per department', async () => {
  const late = await submitJson(citizen({ citizen_crime_signs: 'yes' }));
  const fresh = (await queueItem(late.json.reference)).accept_due;
  assert.ok(Date.parse(fresh) > Date.now(), 'due in the future when received');
  assert.ok(!(await watch(head)).items.some((x) => x.reference === late.json.reference), 'not yet overdue');
  // The same node 25 hours later (an offset clock, no waiting).
  await s.stop();
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env,
    serveArgs: ['--public-submit-limit', '1000', '--clock-offset-seconds', String(25 * 3600)] });
  setClockOffset(s.url, 25 * 3600);  // TOTP codes on the moved clock
  // Sessions signed in a day earlier have expired on the moved clock.
  desk = await login(s.url, 'desk', logins.desk);
  prosecutor = await login(s.url, 'prosecutor', logins.prosecutor);
  const w = await watch(prosecutor);
  const row = w.items.find((x) => x.reference === late.json.reference);
  assert.ok(row, 'overdue submissions are listed');
  assert.equal(row.overdue, true);
  assert.equal(row.citizen_crime_signs, 'yes');
  assert.ok(w.counts.find((c) => c.department === 'DSH-SNO').overdue >= 1);
  // Accepted late with signs of a crime: the appeal's referral clock ran from
  // the submission time, so the concealment guard lists it at once.
  const acc = await api(s.url, desk, 'POST', `/api/v1/queue/${row.id}/accept`, { crime_signs: 'yes' });
  assert.equal(acc.status, 201);
  let onGuard = null;
  for (let page = 1, pages = 1; page <= pages && !onGuard; page++) {
    const g = (await api(s.url, prosecutor, 'GET', `/api/v1/oversight/appeals?page=${page}&page_size=200`)).json;
    pages = g.pages;
    onGuard = g.items.find((x) => x.id === acc.json.id);
  }
  assert.ok(onGuard, 'the officer\u2019s "yes" puts it on the guard list');
  assert.equal(onGuard.crime_signs, true);
  assert.equal(onGuard.reason, 'not_referred');
  assert.ok(!(await watch(prosecutor)).items.some((x) => x.reference === late.json.reference), 'accepted: no longer overdue');
  await s.stop();
  const out = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(out, /^OK:/m, 'the new kinds and columns replay');
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env, serveArgs: ['--public-submit-limit', '1000'] });
  s.logins = logins;
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
