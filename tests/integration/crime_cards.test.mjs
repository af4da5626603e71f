// The action forms of crime reports and cases are cards (issue 14, items 4
// and 9): a failed step returns the same page with the card's own errors
// tied to their inputs, in the page's language, and what was typed; a
// successful one redirects with a one-time confirmation. A new case names its
// investigator and links the reporter as victim unless unticked. The working
// lists filter the table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api } from '../lib/api.mjs';
import { reportStep, register, dushanbeDate } from '../lib/crime.mjs';
import { webClient, csrfIn } from '../lib/web.mjs';

let s;
let web;
const t = {};
const cookie = {};
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  web = webClient(s.url);
  for (const u of ['desk', 'head', 'investigator']) {
    t[u] = await login(s.url, u, s.logins[u]);
    cookie[u] = await web.signIn(u, s.logins[u]);
  }
});
after(async () => { await s?.cleanup(); });

const withLang = (c, lang) => `${c}; sabt_lang=${lang}`;
async function page(who, path, lang = 'en') {
  const res = await web.get(path, withLang(cookie[who], lang));
  return { status: res.status, html: await res.text(), res };
}
// Posts a card's form as the page offers it (with the page's CSRF token).
async function postStep(who, kind, id, fields, lang = 'en') {
  const p = await page(who, `/crime/${kind}/${id}`, lang);
  const res = await web.post(`/crime/${kind}/${id}/step`, { csrf: csrfIn(p.html), ...fields }, withLang(cookie[who], lang));
  return { status: res.status, html: await res.text(), res };
}
const flashOf = (res) => res.headers.getSetCookie().find((c) => c.startsWith('sabt_flash='))?.split(';')[0];
const title = (html) => html.match(/<title>([^<]*)<\/title>/)[1];

test('an extension beyond the role limit returns the report page with the error at the days input, in each language', async () => {
  const r = (await register(s, t.desk)).json;
  const messages = {
    en: 'This is longer than the longest check you may set: enter fewer days',
    ru: 'Это больше самого долгого срока, который вы можете установить: укажите меньше дней',
    tg: 'Ин аз мӯҳлати дарозтарине, ки шумо муқаррар карда метавонед, зиёд аст: рӯзҳои камтар нависед',
  };
  for (const [lang, msg] of Object.entries(messages)) {
    const res = await postStep('head', 'reports', r.id, { step: 'extend', days: '50', reason: 'Экспертиза лозим аст' }, lang);
    assert.equal(res.status, 422, lang);
    assert.ok(res.html.includes('id="error-summary"'), 'an error summary');
    assert.ok(res.html.includes(`<a href="#extend-days">${msg}</a>`), `${lang}: the summary links to the input`);
    assert.match(res.html, new RegExp(`<p class="field-error" id="extend-days-error">${msg}</p>`));
    assert.match(res.html, /<input id="extend-days" name="days" type="number" value="50"[^>]*aria-describedby="extend-days-hint extend-days-error" aria-invalid="true"/);
    assert.match(res.html, /id="extend-reason" name="reason" type="text" value="Экспертиза лозим аст"/, 'what was typed is kept');
    assert.match(res.html, /class="action-form has-error" id="card-extend"/, 'the card is marked');
    assert.ok(!/class="action-form has-error" id="card-transfer"/.test(res.html), 'other cards are not');
  }
  assert.match(title((await postStep('head', 'reports', r.id, { step: 'extend', days: '50', reason: 'Экспертиза лозим аст' })).html), /^Error:/);
  const rep = (await api(s.url, t.head, 'GET', `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(rep.check_days, 3, 'nothing was written');
});

test('a refusal without a ground is a field-specific error; a step that no longer fits is said in its card with 409', async () => {
  const r = (await register(s, t.desk)).json;
  const res = await postStep('investigator', 'reports', r.id, { step: 'refuse', ground: '', reason: 'Ҳодиса набуд' });
  assert.equal(res.status, 422);
  assert.match(res.html, /<p class="field-error" id="refuse-ground-error">Select the ground of the refusal<\/p>/);
  assert.match(res.html, /<select id="refuse-ground" name="ground" aria-describedby="refuse-ground-error" aria-invalid="true"><option value="">Choose a ground<\/option>/);
  const ok = await postStep('investigator', 'reports', r.id, { step: 'refuse', ground: 'no_event', reason: 'Ҳодисаи ҷиноят набуд' });
  assert.equal(ok.status, 303);
  // The investigator's open page still offers nothing for a pending refusal;
  // the head approves, then a second approval is stale.
  assert.equal((await postStep('head', 'reports', r.id, { step: 'approve_refusal' })).status, 303);
  const p = await page('head', `/crime/reports/${r.id}`);
  const stale = await web.post(`/crime/reports/${r.id}/step`, { csrf: csrfIn(p.html), step: 'reject_refusal', reason: 'Санҷиш пурра нест' }, cookie.head);
  assert.equal(stale.status, 409);
  const html = await stale.text();
  assert.ok(html.includes('<a href="#card-reject_refusal">'), 'the summary points at the card');
});

test('after a successful step the next page shows a confirmation once', async () => {
  const r = (await register(s, t.desk)).json;
  const res = await postStep('head', 'reports', r.id, { step: 'extend', days: '10', reason: 'Хулосаи экспертиза интизор аст' });
  assert.equal(res.status, 303);
  assert.equal(res.res.headers.get('location'), `/crime/reports/${r.id}`);
  const flash = flashOf(res.res);
  assert.equal(flash, 'sabt_flash=flash_crime_extend');
  const next = await web.get(`/crime/reports/${r.id}`, `${withLang(cookie.head, 'en')}; ${flash}`);
  const html = await next.text();
  assert.match(html, /id="flash-banner"[^>]*>[\s\S]*The check has been extended/);
  assert.ok(next.headers.getSetCookie().some((c) => c.startsWith('sabt_flash=;') || /sabt_flash=.*Max-Age=0/.test(c)), 'cleared');
});

test('a head opening a case must name its investigator; the case names them and the reporter is its victim', async () => {
  const r = (await register(s, t.desk, { reporter: { surname: 'Саидова', given_name: 'Мадина', id_document: `V${process.pid}1` } })).json;
  const none = await postStep('head', 'reports', r.id, { step: 'open_case', qualification: '244|1', investigator: '', victim_box: '1', link_victim: 'yes' });
  assert.equal(none.status, 422);
  assert.match(none.html, /<p class="field-error" id="open-investigator-error">Select the investigator<\/p>/);
  assert.match(none.html, /id="open-victim" name="link_victim" type="checkbox" value="yes"[^>]* checked/, 'the box stays ticked');
  const ok = await postStep('head', 'reports', r.id, { step: 'open_case', qualification: '244|1', investigator: 'investigator', victim_box: '1', link_victim: 'yes' });
  assert.equal(ok.status, 303);
  assert.equal(flashOf(ok.res), 'sabt_flash=flash_crime_case_opened');
  const caseId = ok.res.headers.get('location').split('/')[3];
  const c = (await api(s.url, t.head, 'GET', `/api/v1/crime/cases/${caseId}`)).json;
  assert.equal(c.investigator_name, 'Суҳроб Ғафуров (демо)');
  assert.deepEqual(c.persons.map((p) => [p.role, p.name]), [['victim', 'Саидова Мадина']]);
  assert.deepEqual(c.history.map((h) => h.kind), ['crime.case_opened', 'case.investigator_assigned', 'case.person_added']);
  const cp = await page('head', `/crime/cases/${caseId}`);
  assert.match(cp.html, /id="case-investigator">Суҳроб Ғафуров \(демо\)</);
});

test('an investigator opening a case is its investigator; unticking the box leaves the reporter out', async () => {
  const r = (await register(s, t.desk)).json;
  const form = await page('investigator', `/crime/reports/${r.id}`);
  assert.match(form.html, /<select id="open-investigator" name="investigator"><option value="investigator" selected>/);
  const ok = await postStep('investigator', 'reports', r.id, { step: 'open_case', qualification: '244|1', investigator: 'investigator', victim_box: '1' });
  assert.equal(ok.status, 303);
  const caseId = ok.res.headers.get('location').split('/')[3];
  const c = (await api(s.url, t.investigator, 'GET', `/api/v1/crime/cases/${caseId}`)).json;
  assert.equal(c.investigator_name, 'Суҳроб Ғафуров (демо)');
  assert.deepEqual(c.persons, [], 'no victim linked');
  // Naming someone else is for the head only.
  const r2 = (await register(s, t.desk)).json;
  assert.equal((await reportStep(s, t.investigator, r2.id, { step: 'open_case', investigator: 'head' })).status, 403);
});

test('case cards: a suspension without a ground and a person without a surname are errors at their inputs', async () => {
  const r = (await register(s, t.desk)).json;
  const opened = (await reportStep(s, t.investigator, r.id, { step: 'open_case' })).json;
  const st = await postStep('investigator', 'cases', opened.case_id, { step: 'status', status: 'suspended', ground: '' }, 'ru');
  assert.equal(st.status, 422);
  assert.match(st.html, /<p class="field-error" id="case-ground-error">Для приостановления или прекращения укажите основание<\/p>/);
  assert.match(st.html, /<option value="suspended" selected>/, 'the chosen status is kept');
  const person = await postStep('investigator', 'cases', opened.case_id, { step: 'add_person', role: 'suspect', surname: '', given_name: 'Фаррух', id_document: 'C1231231' });
  assert.equal(person.status, 422);
  assert.match(person.html, /<input id="person-surname" name="surname" type="text" value="" aria-describedby="person-surname-error" aria-invalid="true">/);
  assert.match(person.html, /id="person-given_name" name="given_name" type="text" value="Фаррух"/);
  const same = await postStep('investigator', 'cases', opened.case_id, { step: 'solved', solved: 'true', date: '' });
  assert.equal(same.status, 422);
  assert.match(same.html, /id="solved-date-error">Enter the date it was solved</);
});

test('the working lists filter: refusals and overdue show only their reports; cases show only under "all"', async () => {
  const overdue = (await register(s, t.desk, { received_at: `${dushanbeDate(6)}T09:00`, event_at: `${dushanbeDate(7)}T09:00` })).json;
  const refused = (await register(s, t.desk)).json;
  await reportStep(s, t.investigator, refused.id, { step: 'refuse', ground: 'no_event', reason: 'Ҳодисаи ҷиноят набуд' });
  const fresh = (await register(s, t.desk)).json;
  const opened = (await register(s, t.desk)).json;
  const c = (await reportStep(s, t.investigator, opened.id, { step: 'open_case' })).json;
  const numbers = (raw) => [...(raw.replaceAll('&#x2F;', '/').match(/<table class="list" id="crime-list">[\s\S]*?<\/table>/)?.[0] ?? '').matchAll(/>(KUSP-[^<]+)</g)].map((m) => m[1]);
  const refusals = await page('head', '/crime?list=refusals');
  assert.ok(numbers(refusals.html).includes(refused.number));
  for (const n of [overdue.number, fresh.number, opened.number]) assert.ok(!numbers(refusals.html).includes(n), n);
  assert.ok(!refusals.html.includes('id="case-list"'), 'no cases table in a working list');
  assert.ok(refusals.html.includes('id="cases-not-in-list"'));
  const late = await page('head', '/crime?list=overdue');
  assert.ok(numbers(late.html).includes(overdue.number));
  for (const n of [refused.number, fresh.number, opened.number]) assert.ok(!numbers(late.html).includes(n), n);
  assert.match(late.html, /<tr class="overdue">/);
  assert.ok(!late.html.includes('id="case-list"'));
  const all = await page('head', '/crime');
  for (const n of [overdue.number, refused.number, fresh.number, opened.number]) assert.ok(numbers(all.html).includes(n), n);
  assert.ok(all.html.replaceAll('&#x2F;', '/').includes(c.case_number), 'the cases table under "all"');
});
