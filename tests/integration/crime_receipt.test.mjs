// The reporter's receipt of a crime report (issue 14, item 9): an
// investigator may register a report; the reporter gets a number and a
// verification code, a PDF whose QR code leads to a passing journal check,
// and the public status check answers for the report in public terms only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { reportStep, register } from '../lib/crime.mjs';
import { webClient } from '../lib/web.mjs';

let s;
const t = {};
let web;
let investigatorCookie;
before(async () => {
  s = await startServer({ demo: true, ...freshDatabase() });
  for (const u of ['desk', 'head', 'investigator', 'prosecutor', 'desk.sug-khj']) t[u] = await login(s.url, u, s.logins[u]);
  web = webClient(s.url);
  investigatorCookie = await web.signIn('investigator', s.logins.investigator);
});
after(async () => { await s?.cleanup(); });

const status = (n, c) => api(s.url, null, 'GET', `/api/v1/public/status?number=${encodeURIComponent(n)}&code=${encodeURIComponent(c)}`);
const statusPage = async (n, c, lang = 'en') => (await fetch(new URL(`/status?number=${encodeURIComponent(n)}&code=${encodeURIComponent(c)}`, s.url),
  { headers: { cookie: `sabt_lang=${lang}` } })).text();
const CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/;

test('an investigator registers a crime report, and the reply gives the reporter a verification code', async () => {
  const r = await register(s, t.investigator);
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.number, /^KUSP-DSH-SNO\/\d{4}\/\d+$/);
  assert.match(r.json.verification_code, CODE);
  const got = (await api(s.url, t.investigator, 'GET', `/api/v1/crime/reports/${r.json.id}`)).json;
  assert.equal(got.status, 'checking');
  assert.equal(got.verification_code, r.json.verification_code, 'staff who read the report see the code to reprint it');
  const desk = await register(s, t.desk);
  assert.match(desk.json.verification_code, CODE);
  assert.notEqual(desk.json.verification_code, r.json.verification_code);
});

test('the receipt PDF names the report and the check, and its QR code leads to a passing journal check', async () => {
  const r = (await register(s, t.investigator, { reporter: { surname: 'Мирзоева', given_name: 'Нигина', id_document: `R${process.pid}77` } })).json;
  const pdf = await web.get(`/crime/reports/${r.id}/receipt.pdf`, investigatorCookie);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync('/tmp/sabt-crime-pdf-');
  try {
    writeFileSync(`${dir}/r.pdf`, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', [`${dir}/r.pdf`, '-']).toString();
    assert.ok(text.includes(r.number), 'the number is printed');
    assert.ok(text.includes(r.verification_code), 'the code is printed');
    assert.ok(text.includes('Срок проверки'), 'the due date is the end of the check');
    assert.ok(text.includes('Мирзоева Нигина'), "the reporter's name is on the reporter's own receipt");
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', `${dir}/r.pdf`, `${dir}/r`]);
    const url = execFileSync('zbarimg', ['--raw', '-q', `${dir}/r.png`]).toString().trim();
    assert.match(url, /\/verify\?number=KUSP-DSH-SNO%2F\d{4}%2F\d+&code=[A-Z0-9-]+&i=\d+&leaf=[0-9a-f]{64}&k=[0-9a-f]{20}$/);
    // Once a checkpoint covers the entry, the check passes (polled, not timed).
    let v = '';
    for (let i = 0; i < 30 && !/data-state="ok"/.test(v); i++) {
      if (i) await new Promise((res) => setTimeout(res, 200));
      v = await (await fetch(url.replace(/^http:\/\/[^/]+/, s.url), { headers: { cookie: 'sabt_lang=en' } })).text();
    }
    assert.match(v, /data-state="ok"/, 'the journal check passes for a crime report');
    assert.ok(v.includes('The report is being checked'), 'the check page says the stage in words');
    assert.ok(!v.includes('Мирзоева'), 'no name on the public check page');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the public status of a crime report follows its stages in public terms: a pending refusal is still a check', async () => {
  const r = (await register(s, t.desk, { account: 'Махфӣ: дуздии велосипед аз ҳавлӣ.' })).json;
  let a = await status(r.number, r.verification_code);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json).sort(), ['closed_at', 'department', 'kind', 'number', 'received_at', 'response_due', 'status']);
  assert.equal(a.json.kind, 'crime_report');
  assert.equal(a.json.status, 'checking');
  assert.match(a.json.response_due, /^\d{4}-\d\d-\d\d$/);
  for (const secret of ['Раҳимов', 'Махфӣ', 'бозори Корвон']) assert.ok(!a.text.includes(secret), secret);
  // Lower case and spaces around the code are accepted, as for appeals.
  assert.equal((await status(r.number, ` ${r.verification_code.toLowerCase()} `)).status, 200);

  assert.equal((await reportStep(s, t.investigator, r.id, { step: 'refuse', ground: 'no_event', reason: 'Ҳодисаи ҷиноят набуд' })).status, 200);
  a = await status(r.number, r.verification_code);
  assert.equal(a.json.status, 'checking', 'a refusal is no decision until the head approves it');
  assert.equal((await reportStep(s, t.head, r.id, { step: 'approve_refusal' })).status, 200);
  a = await status(r.number, r.verification_code);
  assert.equal(a.json.status, 'refused');
  assert.equal(a.json.response_due, '', 'no check running');
  let html = await statusPage(r.number, r.verification_code);
  assert.match(html, /id="status-status" data-status="refused">Refused to open a criminal case</);
  assert.ok(html.includes('Crime report'));
  html = await statusPage(r.number, r.verification_code, 'tg');
  assert.ok(html.includes('Дар оғози парвандаи ҷиноятӣ рад карда шуд'));
  assert.equal((await reportStep(s, t.prosecutor, r.id, { step: 'annul_refusal', reason: 'Санҷиш нопурра гузаронида шуд' })).status, 200);
  assert.equal((await status(r.number, r.verification_code)).json.status, 'checking', 'an annulled refusal is a check again');

  const c = (await register(s, t.desk)).json;
  assert.equal((await reportStep(s, t.investigator, c.id, { step: 'open_case' })).status, 200);
  a = await status(c.number, c.verification_code);
  assert.equal(a.json.status, 'case_opened');
  assert.ok(!a.text.includes('CASE-'), 'the case number is not given out');
});

test('a transferred report keeps its receipt at the first number; the copy and a referral have no code of their own', async () => {
  const r = (await register(s, t.desk)).json;
  assert.equal((await reportStep(s, t.head, r.id, { step: 'transfer', department: 'SUG-KHJ', reason: 'Ҷои ҳодиса дар Хуҷанд' })).status, 200);
  assert.equal((await status(r.number, r.verification_code)).json.status, 'transferred');
  const acc = await reportStep(s, t['desk.sug-khj'], r.id, { step: 'accept_transfer' });
  assert.equal(acc.status, 200, acc.text);
  assert.equal((await status(r.number, r.verification_code)).json.status, 'transferred');
  const copy = (await api(s.url, t['desk.sug-khj'], 'GET', `/api/v1/crime/reports/${acc.json.report_id}`)).json;
  assert.equal(copy.verification_code, '', 'the copy carries no code');
  const wrong = await status(acc.json.number, r.verification_code);
  assert.equal(wrong.status, 404);

  const appeal = (await api(s.url, t.desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const ref = await api(s.url, t.desk, 'POST', `/api/v1/appeals/${appeal.id}/steps`, { step: 'refer' });
  assert.equal(ref.status, 200, ref.text);
  const viaAppeal = await status(ref.json.crime_report.number, appeal.verification_code);
  assert.equal(viaAppeal.status, 404);
  assert.equal(viaAppeal.text, wrong.text, 'the same answer as any wrong code');
  assert.equal((await web.get(`/crime/reports/${ref.json.crime_report.id}/receipt.pdf`, investigatorCookie)).status, 404);
});

test('a wrong code and an unknown report number get the same answer as for appeals; oversight roles print no receipt', async () => {
  const r = (await register(s, t.desk)).json;
  const answers = [await status(r.number, 'ZZZZ-ZZZZ'), await status('KUSP-DSH-SNO/2026/987654', r.verification_code),
    await status('KUSP-<b>', 'x'), await status('DSH-SNO/2026/987654', 'ZZZZ-ZZZZ')];
  for (const a of answers) {
    assert.equal(a.status, 404);
    assert.equal(a.text, answers[0].text);
  }
  const pros = await webClient(s.url).signIn('prosecutor', s.logins.prosecutor);
  assert.equal((await web.get(`/crime/reports/${r.id}/receipt.pdf`, pros)).status, 403);
  const seen = (await api(s.url, t.prosecutor, 'GET', `/api/v1/crime/reports/${r.id}?reason=${encodeURIComponent('Назорати прокурорӣ')}`)).json;
  assert.equal(seen.verification_code, undefined, 'an oversight read does not see the code');
});
