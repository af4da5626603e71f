// The crime register over the API (issue #4): registration, the
// pre-investigation check clock, every decision path, criminal cases, the
// oversight lists, scope, and audited prosecutor reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, sabtBin } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { dushanbeDate, reportStep, caseStep, register } from '../lib/crime.mjs';
import { webClient, enrolSecondFactor } from '../lib/web.mjs';

let s;
let demoLogins;  // s.logins of the first server (a restarted server prints none)
const t = {};
const year = dushanbeDate(0).slice(0, 4);
const dayAfter = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  demoLogins = s.logins;
  for (const u of ['desk', 'head', 'investigator', 'prosecutor', 'analyst', 'admin', 'desk.sug-khj', 'desk.dsh-frd'])
    t[u] = await login(s.url, u, s.logins[u]);
});
after(async () => { await s?.cleanup(); });
const get = (token, path) => api(s.url, token, 'GET', path);
const ids = (r) => r.json.items.map((x) => x.id);

test('a duty officer registers a report numbered in the KUSP series; the reporter is linked by ID document', async () => {
  const received = `${dushanbeDate(1)}T09:00`;
  const r = await register(s, t.desk, { received_at: received });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.number, `KUSP-DSH-SNO/${year}/1`);
  assert.equal(r.json.due_date, dayAfter(dushanbeDate(1), 3), 'three days from the day received');
  const got = await get(t.desk, `/api/v1/crime/reports/${r.json.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.status, 'checking');
  assert.equal(got.json.severity, 'small');
  assert.equal(got.json.classifier_version, 1);
  assert.equal(got.json.reporter_name, 'Раҳимов Бахтиёр Саидович');
  assert.equal(got.json.place.lat, 38.52);
  assert.equal(got.json.history[0].kind, 'crime.registered');
  // Same ID document → same person.
  const body = { source: 'phone', reporter: { surname: 'Раҳимов', given_name: 'Бахтиёр', id_document: 'SAME-DOC-1' },
    event_at: `${dushanbeDate(1)}T01:00`, place: { address: 'кӯчаи Рӯдакӣ 1' }, account: 'Занги телефонӣ дар бораи ғоратгарӣ.', article: '248', part: '1' };
  const a = await api(s.url, t.desk, 'POST', '/api/v1/crime/reports', body);
  const b = await api(s.url, t.desk, 'POST', '/api/v1/crime/reports', body);
  const pa = (await get(t.desk, `/api/v1/crime/reports/${a.json.id}`)).json.person_id;
  const pb = (await get(t.desk, `/api/v1/crime/reports/${b.json.id}`)).json.person_id;
  assert.ok(pa && pa === pb);
  assert.equal(Number(b.json.number.split('/')[2]), Number(a.json.number.split('/')[2]) + 1, 'gapless');
});

test('bad input is refused field by field and nothing is written; roles without intake duty get 403', async () => {
  const size = (await get(null, '/api/v1/health')).json.journal_size;
  const bad = await api(s.url, t.desk, 'POST', '/api/v1/crime/reports',
    { source: 'telepathy', event_at: 'yesterday', place: { address: '' }, account: '', article: '999', part: '9' });
  assert.equal(bad.status, 422);
  const fields = bad.json.errors.map((e) => e.field);
  for (const f of ['source', 'event_at', 'place', 'account', 'reporter.surname']) assert.ok(fields.includes(f), f);
  const unknown = await register(s, t.desk, { article: '999', part: '9' });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.json.errors[0].field, 'qualification');
  assert.equal((await register(s, t.prosecutor)).status, 403);
  assert.equal((await register(s, t.analyst)).status, 403);
  assert.equal((await get(null, '/api/v1/health')).json.journal_size, size);
  const scene = await register(s, t.desk, { source: 'on_scene', reporter: {} });
  assert.equal(scene.status, 201, 'found on scene: no reporter needed');
});

test('the check clock: head extends to 10 days, prosecutor to 30, each with a reason; nobody beyond', async () => {
  const start = dushanbeDate(2);
  const reg = await register(s, t.desk, { received_at: `${start}T08:00`, event_at: `${dushanbeDate(3)}T20:00` });
  assert.equal(reg.status, 201, reg.text);
  const r = reg.json;
  assert.equal((await reportStep(s, t.desk, r.id, { step: 'extend', days: 10, reason: 'Экспертиза лозим аст' })).status, 403);
  assert.equal((await reportStep(s, t.investigator, r.id, { step: 'extend', days: 10, reason: 'Экспертиза лозим аст' })).status, 403);
  assert.equal((await reportStep(s, t.head, r.id, { step: 'extend', days: 11, reason: 'Экспертиза лозим аст' })).status, 422);
  const noReason = await reportStep(s, t.head, r.id, { step: 'extend', days: 10 });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.json.errors[0].field, 'reason');
  const ok = await reportStep(s, t.head, r.id, { step: 'extend', days: 10, reason: 'Экспертиза лозим аст' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.due_date, dayAfter(start, 10));
  assert.equal((await reportStep(s, t.prosecutor, r.id, { step: 'extend', days: 31, reason: 'Санҷиши иловагӣ' })).status, 422);
  const pr = await reportStep(s, t.prosecutor, r.id, { step: 'extend', days: 30, reason: 'Санҷиши иловагӣ' });
  assert.equal(pr.status, 200, pr.text);
  const got = (await get(t.head, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(got.due_date, dayAfter(start, 30));
  assert.equal(got.check_days, 30);
  assert.ok(got.extended);
  assert.deepEqual(got.history.map((h) => h.kind), ['crime.registered', 'crime.check_extended', 'crime.check_extended']);
  assert.ok(ids(await get(t.desk, '/api/v1/crime/reports?list=extended')).includes(r.id));
});

test('due today, overdue, and a step after the deadline is flagged as a late edit', async () => {
  const dueToday = (await register(s, t.desk, { received_at: `${dushanbeDate(3)}T08:00`, event_at: `${dushanbeDate(4)}T08:00` })).json;
  const overdue = (await register(s, t.desk, { received_at: `${dushanbeDate(5)}T08:00`, event_at: `${dushanbeDate(6)}T08:00` })).json;
  assert.equal(dueToday.due_date, dushanbeDate(0));
  assert.ok(ids(await get(t.desk, '/api/v1/crime/reports?list=due_today')).includes(dueToday.id));
  assert.ok(!ids(await get(t.desk, '/api/v1/crime/reports?list=due_today')).includes(overdue.id));
  assert.ok(ids(await get(t.desk, '/api/v1/crime/reports?list=overdue')).includes(overdue.id));
  let ov = (await get(t.head, '/api/v1/crime/oversight')).json;
  assert.ok(ov.overdue.some((x) => x.id === overdue.id));
  assert.ok(!ov.overdue.some((x) => x.id === dueToday.id));
  const late = await reportStep(s, t.head, overdue.id, { step: 'extend', days: 10, reason: 'Баъди мӯҳлат дароз шуд' });
  assert.equal(late.status, 200);
  ov = (await get(t.prosecutor, '/api/v1/crime/oversight')).json;
  assert.ok(ov.late_edits.some((x) => x.id === overdue.id), 'prosecutor sees the late edit');
  assert.ok(!ov.late_edits.some((x) => x.id === dueToday.id));
  assert.equal(ov.late_edits[0].account, undefined, 'oversight lists carry no personal data');
});

test('refusal: proposed on a ground from the list, approved by the head only, seen by the prosecutor', async () => {
  const r = (await register(s, t.desk)).json;
  assert.equal((await reportStep(s, t.investigator, r.id, { step: 'refuse', ground: 'made_up', reason: 'Ҳодиса набуд' })).status, 422);
  const p = await reportStep(s, t.investigator, r.id, { step: 'refuse', ground: 'no_event', reason: 'Ҳодисаи ҷиноят набуд' });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.status, 'refusal_pending');
  assert.equal((await reportStep(s, t.investigator, r.id, { step: 'approve_refusal' })).status, 403);
  assert.equal((await reportStep(s, t.desk, r.id, { step: 'approve_refusal' })).status, 403);
  assert.ok((await get(t.head, '/api/v1/crime/oversight')).json.refusals_pending.some((x) => x.id === r.id));
  const a = await reportStep(s, t.head, r.id, { step: 'approve_refusal' });
  assert.equal(a.status, 200);
  assert.equal(a.json.status, 'refused');
  assert.equal((await reportStep(s, t.head, r.id, { step: 'approve_refusal' })).status, 409);
  const ov = (await get(t.prosecutor, '/api/v1/crime/oversight')).json;
  assert.ok(ov.refusals.some((x) => x.id === r.id && x.status === 'refused'));
  assert.ok(!ov.refusals_pending.some((x) => x.id === r.id));
  // A rejected refusal goes back to the check.
  const r2 = (await register(s, t.desk)).json;
  await reportStep(s, t.investigator, r2.id, { step: 'refuse', ground: 'no_corpus', reason: 'Таркиби ҷиноят нест' });
  const rej = await reportStep(s, t.head, r2.id, { step: 'reject_refusal', reason: 'Санҷиш пурра нест' });
  assert.equal(rej.json.status, 'checking');
});

test('a case is opened in the CASE series with the severity of the qualification; requalification to a lighter one is flagged', async () => {
  const r = (await register(s, t.desk, { article: '244', part: '3' })).json;
  const o = await reportStep(s, t.investigator, r.id, { step: 'open_case' });
  assert.equal(o.status, 200, o.text);
  assert.match(o.json.case_number, new RegExp(`^CASE-DSH-SNO/${year}/\\d+$`));
  const rep = (await get(t.desk, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(rep.status, 'case_opened');
  assert.equal(rep.case_number, o.json.case_number);
  let c = (await get(t.head, `/api/v1/crime/cases/${o.json.case_id}`)).json;
  assert.equal(c.investigator_name, 'Суҳроб Ғафуров (демо)', 'the opening investigator investigates');
  assert.deepEqual(c.persons.map((p) => [p.role, p.name]), [['victim', 'Раҳимов Бахтиёр Саидович']], 'the reporter is the victim');
  assert.equal(c.severity, 'grave');
  assert.equal(c.status, 'investigating');
  assert.equal(c.report_number, r.number);
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'assign', investigator: 'investigator' })).status, 403);
  assert.equal((await caseStep(s, t.head, c.id, { step: 'assign', investigator: 'investigator' })).status, 200);
  const person = await caseStep(s, t.investigator, c.id, { step: 'add_person', role: 'suspect',
    person: { surname: 'Каримов', given_name: 'Фаррух', id_document: 'C7777777', birth_date: '1990-01-01' } });
  assert.equal(person.status, 200, person.text);
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'add_person', role: 'accomplice', person: { surname: 'X', given_name: 'Y', id_document: 'Z123' } })).status, 422);
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'status', status: 'suspended' })).status, 422, 'suspension needs a ground');
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'status', status: 'suspended', ground: 'гумонбаршуда пинҳон шуд' })).status, 200);
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'status', status: 'investigating' })).status, 200);
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'solved', solved: true, date: dushanbeDate(0) })).status, 200);
  const rq = await caseStep(s, t.investigator, c.id, { step: 'requalify', article: '244', part: '1', reason: 'Миқдори зарар хурд аст' });
  assert.equal(rq.status, 200, rq.text);
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'status', status: 'in_court' })).status, 200);
  c = (await get(t.head, `/api/v1/crime/cases/${c.id}`)).json;
  assert.equal(c.status, 'in_court');
  assert.equal(c.severity, 'small');
  assert.deepEqual(c.flags, ['downgrade']);
  assert.equal(c.solved, true);
  assert.equal(c.persons[1].role, 'suspect');
  assert.equal(c.persons[1].name, 'Каримов Фаррух');
  assert.deepEqual(c.history.map((h) => h.kind), ['crime.case_opened', 'case.investigator_assigned', 'case.person_added',
    'case.investigator_assigned', 'case.person_added',
    'case.status_changed', 'case.status_changed', 'case.solved', 'case.requalified', 'case.status_changed']);
  const ov = (await get(t.prosecutor, '/api/v1/crime/oversight')).json;
  assert.ok(ov.downgrades.some((x) => x.id === c.id));
  // Another report joins the case.
  const j = (await register(s, t.desk)).json;
  assert.equal((await reportStep(s, t.investigator, j.id, { step: 'join', case_number: 'CASE-DSH-SNO/1999/1' })).status, 422);
  const jr = await reportStep(s, t.investigator, j.id, { step: 'join', case_number: c.number });
  assert.equal(jr.status, 200, jr.text);
  assert.equal((await get(t.desk, `/api/v1/crime/reports/${j.id}`)).json.case_id, c.id);
  await caseStep(s, t.investigator, c.id, { step: 'status', status: 'closed', ground: 'ба суд фиристода ва ҳал шуд' });
  assert.equal((await caseStep(s, t.investigator, c.id, { step: 'solved', solved: false })).status, 409, 'closed is final');
});

test('a head may not approve the refusal they proposed; another head must, and the report names both', async () => {
  const r = (await register(s, t.desk)).json;
  const p = await reportStep(s, t.head, r.id, { step: 'refuse', ground: 'no_event', reason: 'Ҳодисаи ҷиноят набуд' });
  assert.equal(p.status, 200, p.text);
  const self = await reportStep(s, t.head, r.id, { step: 'approve_refusal' });
  assert.equal(self.status, 403, 'whoever proposes a refusal does not approve it');
  let rep = (await get(t.head, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(rep.status, 'refusal_pending');
  assert.ok(!rep.available_steps.includes('approve_refusal'));
  execFileSync(sabtBin(), ['user', 'add', '--db', s.dbUrl, '--username', 'head2', '--role', 'head', '--department', 'DSH-SNO',
    '--name', 'Сардори дуюм', '--password-stdin'], { input: 'head2-password-1234\n', env: s.env, stdio: 'pipe' });
  await enrolSecondFactor(s.url, 'head2', 'head2-password-1234');
  const head2 = await login(s.url, 'head2', 'head2-password-1234');
  const a = await reportStep(s, head2, r.id, { step: 'approve_refusal' });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status, 'refused');
  rep = (await get(t.head, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(rep.refusal_approved_by, 'Сардори дуюм');
  assert.match(rep.refusal_proposed_by, /Азиз/);
});

test('opening a case under a lighter qualification than the registered one needs a reason and is flagged downgrade', async () => {
  const r = (await register(s, t.desk, { article: '244', part: '3' })).json;
  const before = (await s.health()).journal_size;
  const bare = await reportStep(s, t.investigator, r.id, { step: 'open_case', article: '244', part: '1' });
  assert.equal(bare.status, 422);
  assert.equal(bare.json.errors[0].field, 'reason');
  assert.equal((await s.health()).journal_size, before, 'nothing written');
  const o = await reportStep(s, t.investigator, r.id, { step: 'open_case', article: '244', part: '1', reason: 'Зарар хурд аст' });
  assert.equal(o.status, 200, o.text);
  const c = (await get(t.head, `/api/v1/crime/cases/${o.json.case_id}`)).json;
  assert.equal(c.severity, 'small');
  assert.deepEqual(c.flags, ['downgrade']);
  assert.ok((await get(t.prosecutor, '/api/v1/crime/oversight')).json.downgrades.some((x) => x.id === c.id));
  // The same or a graver qualification needs no reason and is not flagged.
  const r2 = (await register(s, t.desk, { article: '244', part: '1' })).json;
  const o2 = await reportStep(s, t.investigator, r2.id, { step: 'open_case', article: '244', part: '3' });
  assert.equal(o2.status, 200, o2.text);
  assert.deepEqual((await get(t.head, `/api/v1/crime/cases/${o2.json.case_id}`)).json.flags, []);
});

test('the prosecutor annuls an approved refusal with a reason: back to checking, with the clock restarted for the days in the data', async () => {
  const r = (await register(s, t.desk)).json;
  await reportStep(s, t.investigator, r.id, { step: 'refuse', ground: 'no_corpus', reason: 'Таркиби ҷиноят нест' });
  assert.equal((await reportStep(s, t.head, r.id, { step: 'approve_refusal' })).status, 200);
  assert.equal((await reportStep(s, t.head, r.id, { step: 'annul_refusal', reason: 'Санҷиш нопурра' })).status, 403, 'the head does not annul');
  assert.equal((await reportStep(s, t.investigator, r.id, { step: 'annul_refusal', reason: 'Санҷиш нопурра' })).status, 403);
  const noReason = await reportStep(s, t.prosecutor, r.id, { step: 'annul_refusal' });
  assert.equal(noReason.status, 422);
  const an = await reportStep(s, t.prosecutor, r.id, { step: 'annul_refusal', reason: 'Санҷиш нопурра гузаронида шуд' });
  assert.equal(an.status, 200, an.text);
  assert.equal(an.json.status, 'checking');
  assert.equal(an.json.due_date, dayAfter(dushanbeDate(0), 3), 'annulled_check_days (3) from the day of the annulment');
  const rep = (await get(t.head, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(rep.status, 'checking');
  assert.ok(rep.flags.includes('annulled'));
  assert.equal(rep.due_date, an.json.due_date);
  assert.ok(rep.history.some((h) => h.kind === 'crime.refusal_annulled'));
  assert.equal((await reportStep(s, t.prosecutor, r.id, { step: 'annul_refusal', reason: 'Бори дуюм' })).status, 409, 'only a refusal is annulled');
  const ov = (await get(t.prosecutor, '/api/v1/crime/oversight')).json;
  assert.ok(ov.refusals_annulled.some((x) => x.id === r.id));
  // The check goes on: the investigator can decide again.
  assert.equal((await reportStep(s, t.investigator, r.id, { step: 'open_case' })).status, 200);
});

test('a transfer is visible at both ends until the other district accepts it under a new number', async () => {
  const r = (await register(s, t.desk)).json;
  assert.equal((await get(t['desk.sug-khj'], `/api/v1/crime/reports/${r.id}`)).status, 404, 'not yet theirs');
  assert.equal((await reportStep(s, t.head, r.id, { step: 'transfer', department: 'NOPE', reason: 'Ҷои ҳодиса дар Хуҷанд' })).status, 422);
  const tr = await reportStep(s, t.head, r.id, { step: 'transfer', department: 'SUG-KHJ', reason: 'Ҷои ҳодиса дар Хуҷанд' });
  assert.equal(tr.status, 200, tr.text);
  assert.ok(ids(await get(t['desk.sug-khj'], '/api/v1/crime/reports?list=inbox')).includes(r.id));
  assert.equal((await get(t['desk.sug-khj'], `/api/v1/crime/reports/${r.id}`)).status, 200);
  assert.equal((await get(t.desk, `/api/v1/crime/reports/${r.id}`)).json.status, 'transfer_pending');
  assert.equal((await get(t['desk.dsh-frd'], `/api/v1/crime/reports/${r.id}`)).status, 404, 'a third district sees nothing');
  assert.equal((await reportStep(s, t.desk, r.id, { step: 'accept_transfer' })).status, 403, 'not the sending end');
  const acc = await reportStep(s, t['desk.sug-khj'], r.id, { step: 'accept_transfer' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal(acc.json.number, `KUSP-SUG-KHJ/${year}/1`);
  const orig = (await get(t.desk, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(orig.status, 'transferred');
  assert.equal(orig.transferred_to_number, acc.json.number);
  const mine = (await get(t['desk.sug-khj'], `/api/v1/crime/reports/${acc.json.report_id}`)).json;
  assert.equal(mine.from_number, r.number);
  assert.equal(mine.source, 'transfer');
  assert.equal(mine.account, 'Аз мошин телефон ва ҳамён дуздида шуд.');
  assert.equal((await get(t['desk.sug-khj'], `/api/v1/crime/reports/${r.id}`)).status, 404, 'accepted: the original stays at home');
  assert.equal((await get(t.desk, `/api/v1/crime/reports/${acc.json.report_id}`)).status, 404);
});

test('an appeal referred to the crime register becomes a linked report; the link shows at both ends', async () => {
  const appeal = (await api(s.url, t.desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const ref = await api(s.url, t.desk, 'POST', `/api/v1/appeals/${appeal.id}/steps`, { step: 'refer' });
  assert.equal(ref.status, 200, ref.text);
  assert.match(ref.json.crime_report.number, /^KUSP-DSH-SNO\//);
  const rep = (await get(t.desk, `/api/v1/crime/reports/${ref.json.crime_report.id}`)).json;
  assert.equal(rep.source, 'appeal');
  assert.equal(rep.appeal_id, appeal.id);
  assert.equal(rep.appeal_number, appeal.number);
  assert.equal(rep.reporter_name, 'Ҳасанзода Ҷӯрабек Қодирович');
  const ap = (await get(t.desk, `/api/v1/appeals/${appeal.id}`)).json;
  assert.deepEqual(ap.crime_reports, [{ id: rep.id, number: rep.number }]);
});

test('prosecutor reads need a reason and are journaled; scope and roles are enforced', async () => {
  const r = (await register(s, t.desk)).json;
  const noReason = await get(t.prosecutor, `/api/v1/crime/reports/${r.id}`);
  assert.equal(noReason.status, 403);
  assert.equal(noReason.json.error, 'reason_required');
  const ok = await get(t.prosecutor, `/api/v1/crime/reports/${r.id}?reason=${encodeURIComponent('Санҷиши қонуният')}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.json.account, 'Аз мошин телефон ва ҳамён дуздида шуд.');
  const hist = (await get(t.head, `/api/v1/crime/reports/${r.id}`)).json.history.map((h) => h.kind);
  assert.deepEqual(hist, ['crime.registered', 'audit.viewed']);
  assert.equal((await reportStep(s, t.prosecutor, r.id, { step: 'refuse', ground: 'no_event', reason: 'Ҳодиса набуд' })).status, 403, 'prosecutor is read-only');
  assert.equal((await get(t['desk.sug-khj'], `/api/v1/crime/reports/${r.id}`)).status, 404);
  assert.equal((await reportStep(s, t['desk.sug-khj'], r.id, { step: 'extend', days: 5, reason: 'Сабаби дигар' })).status, 404);
  assert.equal((await get(t.analyst, `/api/v1/crime/reports/${r.id}`)).status, 403);
  assert.equal((await get(t.analyst, '/api/v1/crime/oversight')).status, 403);
  assert.equal((await get(t.desk, '/api/v1/crime/oversight')).status, 403);
  const list = await get(t['desk.sug-khj'], '/api/v1/crime/reports');
  assert.ok(list.json.items.every((x) => x.department === 'SUG-KHJ'));
  const plist = await get(t.prosecutor, '/api/v1/crime/reports');
  assert.ok(plist.json.items.length > 0 && plist.json.items.every((x) => x.account === undefined && x.reporter_name === undefined));
});

test('classifier: a good file adds a version, old qualifications keep theirs; a bad file loads nothing and names its lines', async () => {
  const before = (await get(t.desk, '/api/v1/classifier')).json;
  assert.equal(before.version, 1);
  assert.equal(before.sample, true);
  const old = (await register(s, t.desk)).json;
  const good = 'article,part,severity,title_tg,title_ru,title_en\n244,1,medium,Дуздӣ,Кража,Theft\n249,1,especially_grave,Роҳзанӣ,Разбой,Armed robbery\n';
  assert.equal((await api(s.url, t.desk, 'POST', '/api/v1/classifier', { csv: good })).status, 403);
  const ok = await api(s.url, t.admin, 'POST', '/api/v1/classifier', { csv: good });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.json, { version: 2, rows: 2 });
  const bad = 'article,part,severity,title_tg,title_ru,title_en\n244,1,medium,Дуздӣ,Кража,Theft\n244,x,medium,a,b,c\n248,1,medium,Ғоратгарӣ,Грабёж,Robbery\n250,1,huge,a,b,c\n244,1,small,a,b,c\n';
  const size = (await get(null, '/api/v1/health')).json.journal_size;
  const r = await api(s.url, t.admin, 'POST', '/api/v1/classifier', { csv: bad });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.line), [3, 5, 6]);
  assert.match(r.json.errors[1].message, /huge/);
  assert.equal((await get(null, '/api/v1/health')).json.journal_size, size, 'nothing written');
  const now = (await get(t.desk, '/api/v1/classifier')).json;
  assert.equal(now.version, 2);
  assert.equal(now.sample, false);
  assert.equal((await get(t.desk, '/api/v1/classifier?version=1')).json.articles.length, 25);
  assert.equal((await get(t.desk, `/api/v1/crime/reports/${old.id}`)).json.classifier_version, 1);
  const fresh = (await register(s, t.desk)).json;
  const got = (await get(t.desk, `/api/v1/crime/reports/${fresh.id}`)).json;
  assert.equal(got.classifier_version, 2);
  assert.equal(got.severity, 'medium');
  assert.equal((await register(s, t.desk, { article: '248', part: '1' })).status, 422, 'not in the current version');
});

test('the figures are data: with a 0-day acceptance period a pending transfer is flagged at once; the tables replay', async () => {
  const logins = s.logins;
  await s.stop();
  const fs = await import('node:fs/promises');
  const file = `${s.dir}/crime_deadlines.csv`;
  await fs.writeFile(file, 'code,name_tg,name_ru,name_en,days\ncheck_days,a,b,c,5\nhead_max_days,a,b,c,10\nprosecutor_max_days,a,b,c,30\ntransfer_accept_days,a,b,c,0\n');
  execFileSync(s.bin, ['reference', 'import', '--db', s.dbUrl, '--list', 'crime_deadlines', file], { env: s.env });
  const badCsv = `${s.dir}/bad.csv`;
  await fs.writeFile(badCsv, 'article,part,severity,title_tg,title_ru,title_en\n1,1,small,a,b,c\n2,0,small,a,b,c\n');
  let failed = null;
  try { execFileSync(s.bin, ['classifier', 'import', '--db', s.dbUrl, badCsv], { env: s.env, stdio: 'pipe' }); } catch (e) { failed = e; }
  assert.ok(failed, 'a bad classifier file fails');
  assert.match(failed.stderr.toString(), /bad\.csv:3: bad part '0'/);
  assert.match(failed.stderr.toString(), /nothing loaded/);
  const out = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(out, /^OK:/m);
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env });
  for (const u of ['desk', 'head', 'prosecutor']) t[u] = await login(s.url, u, logins[u]);
  const r = (await register(s, t.desk, { received_at: `${dushanbeDate(1)}T08:00` })).json;
  assert.equal(r.due_date, dayAfter(dushanbeDate(1), 5));
  await reportStep(s, t.head, r.id, { step: 'transfer', department: 'SUG-KHJ', reason: 'Ҷои ҳодиса дар Хуҷанд' });
  const ov = (await get(t.prosecutor, '/api/v1/crime/oversight')).json;
  assert.ok(ov.transfers_stale.some((x) => x.id === r.id));
});

test('an erased crime report keeps its number, status and history but loses the account, place and reporter; an erased case person loses the details; verify passes', async () => {
  // desk and head signed in after the restart above; a fresh sign-in of the
  // head would only spend a second-factor step.
  t.investigator = await login(s.url, 'investigator', demoLogins.investigator);
  const r = (await register(s, t.desk, { account: 'Ҳамсоя Ғафуров ҷузвдони маро дуздид.',
    reporter: { surname: 'Қодирова', given_name: 'Ҷамила', birth_date: '1979-05-05', address: 'деҳаи Ӯртабоз',
      phone: '93 111 22 33', id_document: 'A0777777' } })).json;
  const opened = (await reportStep(s, t.investigator, r.id, { step: 'open_case' })).json;
  assert.equal((await caseStep(s, t.head, opened.case_id, { step: 'assign', investigator: 'investigator' })).status, 200);
  const added = await caseStep(s, t.investigator, opened.case_id, { step: 'add_person', role: 'suspect',
    person: { surname: 'Ғафуров', given_name: 'Ҳусейн', id_document: 'C8888888', birth_date: '1992-02-02' } });
  assert.equal(added.status, 200, added.text);
  const before = (await get(t.desk, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(before.reporter_name, 'Қодирова Ҷамила');
  await s.stop();
  for (const idx of [r.entry.index, added.json.entry.index]) {
    const out = execFileSync(s.bin, ['erase', '--db', s.dbUrl, '--entry', String(idx), '--reason-code', 'court_order', '--reason', 'Қарори суд № 12'], { env: s.env }).toString();
    assert.match(out, /erased the payload of entry/);
  }
  // A step without personal data cannot be erased.
  let refused = null;
  try { execFileSync(s.bin, ['erase', '--db', s.dbUrl, '--entry', String(opened.entry.index), '--reason-code', 'court_order', '--reason', 'Қарори суд № 12'], { env: s.env, stdio: 'pipe' }); } catch (e) { refused = e; }
  assert.ok(refused, 'crime.case_opened is not erasable');
  assert.match(refused.stderr.toString(), /cannot be erased \(nothing changed\)/);
  const v = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(v, /^OK:/m, 'the tables replay with the erasures');
  assert.match(v, new RegExp(`entry ${r.entry.index}: payload erased by #\\d+`));
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env });
  for (const u of ['desk', 'head']) t[u] = await login(s.url, u, demoLogins[u]);
  const after = (await get(t.desk, `/api/v1/crime/reports/${r.id}`)).json;
  assert.equal(after.number, before.number);
  assert.equal(after.status, 'case_opened');
  assert.equal(after.account, '');
  assert.equal(after.place.address, '');
  assert.equal(after.place.lat, null);
  assert.equal(after.reporter_name, '');
  assert.deepEqual(after.history.map((h) => h.kind), [...before.history.map((h) => h.kind), 'payload.erased'], 'the erasure shows in the history');
  const c = (await get(t.head, `/api/v1/crime/cases/${opened.case_id}`)).json;
  assert.deepEqual(c.persons.map((p) => [p.role, p.name]), [['victim', ''], ['suspect', '']],
    'the erased reporter (linked as victim) and the erased suspect have no details left');
  assert.deepEqual(after.flags, before.flags, 'an erasure is not a late edit');
});

test('crime lists are pages: next_before leads to older reports with nothing skipped or repeated; bad paging is 422', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await register(s, t.desk)).status, 201);
  const whole = (await get(t.head, '/api/v1/crime/reports?limit=500')).json;
  assert.equal(whole.next_before, null, 'everything fits in one page of 500');
  const paged = [];
  let cursor = 0;
  let pages = 0;
  do {
    const page = (await get(t.head, `/api/v1/crime/reports?limit=2${cursor ? `&before=${cursor}` : ''}`)).json;
    assert.ok(page.items.length <= 2);
    paged.push(...ids({ json: page }));
    cursor = page.next_before;
    pages += 1;
  } while (cursor !== null && pages < 100);
  assert.deepEqual(paged, ids({ json: whole }), 'the pages together are the whole list, in order');
  assert.ok(pages >= 3);
  const cases = (await get(t.head, '/api/v1/crime/cases?limit=1')).json;
  assert.equal(cases.items.length, 1);
  assert.equal(typeof cases.next_before, 'number');
  for (const q of ['limit=0', 'limit=501', 'before=abc', 'limit=1x'])
    assert.equal((await get(t.head, `/api/v1/crime/reports?${q}`)).status, 422, q);

  // The page: an older page has a link back to the newest and lists only older reports.
  const web = webClient(s.url);
  const cookie = await web.signIn('head', demoLogins.head);
  const second = (await get(t.head, '/api/v1/crime/reports?limit=1')).json;
  const html = (await (await web.get(`/crime?list=all&before=${second.next_before}`, cookie)).text()).replaceAll('&#x2F;', '/');
  assert.ok(html.includes('id="reports-newest"'));
  assert.ok(!html.includes(`>${second.items[0].number}<`), 'the newest report is not on the older page');
  assert.ok(html.includes(`>${whole.items[1].number}<`), 'the next one is');
  assert.equal((await web.get('/crime?before=x', cookie)).status, 400);
});
