// The quarterly programme report (docs/programme.md §5): made as PDF and
// XLSX in Tajik, Russian and English from the real records and the
// statistics counters; an indicator follows the appeals registered in the
// quarter; a handover act of the quarter is listed with its items; a
// coordinator of another district gets only that district, a partner gets
// no personal data, other roles are refused; a bad quarter is a 400 with a
// message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, sabtBin } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';

let s;
let db;
let coord;
let desk;
let dir;
// The quarter of today in Dushanbe (UTC+5), as the server counts it.
const now = new Date(Date.now() + 5 * 3600 * 1000);
const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
const firstMonth = Math.floor(now.getUTCMonth() / 3) * 3 + 1;
const actDate = `${now.getUTCFullYear()}-${String(firstMonth).padStart(2, '0')}-02`;

before(async () => {
  db = freshDatabase();
  s = await startServer({ demo: true, demoArgs: ['--appeals', '3'], ...db });
  coord = await login(s.url, 'coordinator', s.logins.coordinator);
  desk = await login(s.url, 'desk', s.logins.desk);
  dir = mkdtempSync(path.join(os.tmpdir(), 'sabt-progreport-'));
  // An indicator of this test: every appeal received, by any channel.
  const ind = await api(s.url, coord, 'POST', '/api/v1/programme/indicators', {
    code: 'T-RPT-1', name_tg: 'Муроҷиатҳои қабулшуда', name_ru: 'Принятые обращения', name_en: 'Appeals received',
    formula: 'appeal.received.channel.*', unit: 'count', baseline: '0', target: '100000', target_date: '2027-12-31',
    direction: 'up' });
  assert.equal(ind.status, 201, ind.text);
  // A handover act of this quarter, to the Sino district.
  const act = await api(s.url, coord, 'POST', '/api/v1/equipment/acts', {
    number: 'RPT-2026/1', date: actDate, source: 'donation', donor: 'OSCE Programme Office in Dushanbe',
    giver_name: 'Гулнора Каримова', receiver_unit: 'DSH-SNO', receiver_name: 'Азиз Раҳимзода',
    items: [{ kind: 'scooter', name: 'Скутери барқӣ', serial: 'RPT-SC-1', custodian: 'desk' }] });
  assert.equal(act.status, 201, act.text);
  execFileSync(sabtBin(), ['user', 'add', '--db', s.dbUrl, '--username', 'coord.frd', '--password-stdin',
    '--role', 'programme_coordinator', '--department', 'DSH-FRD'], { input: 'district-coordinator-pw\n', env: { ...process.env, ...db.env } });
});
after(async () => { await s?.cleanup(); });

async function download(token, query) {
  const res = await fetch(new URL(`/api/v1/programme/report?${new URLSearchParams(query)}`, s.url),
    { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const buf = Buffer.from(await res.arrayBuffer());
  let json = null;
  try { json = JSON.parse(buf.toString('utf8')); } catch { /* a file */ }
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), buf, json };
}

let files = 0;
function save(buf, ext) {
  const file = path.join(dir, `report-${++files}.${ext}`);
  writeFileSync(file, buf);
  return file;
}

function pdfText(buf) {
  assert.equal(buf.subarray(0, 5).toString('latin1'), '%PDF-', 'the file is a PDF');
  return execFileSync('pdftotext', ['-layout', save(buf, 'pdf'), '-'], { encoding: 'utf8' });
}

const unescape = (t) => t.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');

// The sheets of a workbook by name: rows of cells (strings or numbers) by
// column letter, read from the XML inside the XLSX (unzip -p).
function workbook(buf) {
  assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK', 'the file is a zip (XLSX)');
  const file = save(buf, 'xlsx');
  const part = (name) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8' });
  const strings = [...part('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const names = [...part('xl/workbook.xml').matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescape(m[1]));
  const sheets = {};
  names.forEach((name, i) => {
    const rows = {};
    for (const c of part(`xl/worksheets/sheet${i + 1}.xml`).matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, col, row, attrs, inner] = c;
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner || '');
      if (!v) continue;
      (rows[row] ||= {})[col] = attrs.includes('t="s"') ? strings[Number(v[1])] : Number(v[1]);
    }
    sheets[name] = rows;
  });
  return { names, sheets, strings };
}

// The row of `sheet` whose column A is `code`, by header (row 4) label.
function rowOf(sheet, code) {
  const header = sheet['4'];
  const row = Object.values(sheet).find((r) => r.A === code);
  if (!row) return null;
  return Object.fromEntries(Object.entries(header).map(([col, label]) => [label, row[col]]));
}

async function indicatorValue(token, extra = {}) {
  const r = await download(token, { quarter, lang: 'en', format: 'xlsx', ...extra });
  assert.equal(r.status, 200, r.buf.toString('utf8').slice(0, 300));
  const row = rowOf(workbook(r.buf).sheets.Indicators, 'T-RPT-1');
  assert.ok(row, 'the report lists the test indicator');
  return row;
}

async function registerAppeals(n) {
  for (let i = 0; i < n; i++) {
    const r = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody());
    assert.equal(r.status, 201, r.text);
  }
}

test('the indicator of the quarter follows the appeals registered in it, in XLSX and PDF, from the counters', async () => {
  const before = await indicatorValue(coord);
  assert.equal(typeof before['Quarter value'], 'number');
  await registerAppeals(3);
  const after = await indicatorValue(coord);
  assert.equal(after['Quarter value'], before['Quarter value'] + 3, 'three more appeals in the quarter');
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  assert.equal(after[month], before[month] + 3, 'and in this month');
  assert.equal(after.Baseline, 0);
  assert.equal(after.Target, 100000);
  assert.equal(after['Target met'], 'no');

  // The statistics report over the same counters and months gives the same figure.
  const analyst = await login(s.url, 'analyst', s.logins.analyst);
  const from = `${now.getUTCFullYear()}-${String(firstMonth).padStart(2, '0')}`;
  const to = `${now.getUTCFullYear()}-${String(firstMonth + 2).padStart(2, '0')}`;
  const stats = await api(s.url, analyst, 'GET', `/api/v1/stats/reports/appeals-by-district?from=${from}&to=${to}&department=MIA`);
  assert.equal(stats.status, 200, stats.text);
  const received = stats.json.columns.findIndex((c) => c.id === 'received');
  const total = stats.json.rows.find((r) => r.total);
  assert.equal(total.cells[received].value, after['Quarter value'], 'the report and the statistics agree');

  // The PDF shows the same figure on the indicator's line.
  const pdf = await download(coord, { quarter, lang: 'en', format: 'pdf' });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.type, 'application/pdf');
  assert.match(pdf.disposition, new RegExp(`programme-report_MIA_${quarter}_en\\.pdf`));
  const text = pdfText(pdf.buf);
  const line = text.split('\n').find((l) => l.includes('T-RPT-1'));
  assert.ok(line, `the PDF lists the indicator:\n${text}`);
  const cells = line.trim().split(/\s{2,}/);
  assert.ok(cells.includes(String(after['Quarter value'])), `the PDF line shows ${after['Quarter value']}: ${line}`);
  // The act of the quarter and its item; the demo programme's activities and decisions.
  for (const want of ['Quarterly programme report', quarter, 'RPT-2026/1', 'RPT-SC-1', 'Гулнора Каримова',
    'Activities and their status', 'Decisions of the working groups', 'Indicators against targets',
    'Equipment handed over in the quarter', 'Equipment by unit', 'JAP-'])
    assert.ok(text.includes(want), `the PDF says ${want}`);

  // The XLSX has the act's item and the equipment by unit, as numbers.
  const wb = workbook((await download(coord, { quarter, lang: 'en', format: 'xlsx' })).buf);
  const item = Object.values(wb.sheets.Handover).find((r) => Object.values(r).includes('RPT-SC-1'));
  assert.ok(item, 'the handover sheet lists the scooter');
  assert.ok(Object.values(item).includes('RPT-2026/1'));
  assert.ok(Object.values(wb.sheets.Equipment).some((r) => typeof r.C === 'number' && r.C > 0), 'items in use are counted');
  assert.ok(Object.values(wb.sheets.Activities).some((r) => String(r.C).startsWith('JAP-')), 'the demo activities are listed');
});

test('the report is in Tajik, Russian or English as asked, in PDF and XLSX', async () => {
  const titles = { tg: 'Ҳисоботи семоҳаи барномаи ислоҳот', ru: 'Квартальный отчёт по программе реформы', en: 'Quarterly programme report' };
  const indicatorHeading = { tg: 'Нишондиҳандаҳо нисбат ба ҳадафҳо', ru: 'Показатели в сравнении с целями', en: 'Indicators against targets' };
  const sheetNames = {};
  for (const lang of ['tg', 'ru', 'en']) {
    const text = pdfText((await download(coord, { quarter, lang, format: 'pdf' })).buf);
    assert.ok(text.includes(titles[lang]), `${lang}: ${titles[lang]}`);
    assert.ok(text.includes(indicatorHeading[lang]), `${lang}: ${indicatorHeading[lang]}`);
    for (const other of Object.keys(titles).filter((l) => l !== lang))
      assert.ok(!text.includes(titles[other]), `${lang} is not in ${other}`);
    const wb = workbook((await download(coord, { quarter, lang, format: 'xlsx' })).buf);
    assert.equal(wb.names.length, 5);
    assert.ok(String(wb.sheets[wb.names[0]]['1'].A).startsWith(titles[lang]));
    sheetNames[lang] = wb.names.join('|');
  }
  assert.equal(new Set(Object.values(sheetNames)).size, 3, 'each language names its sheets');
});

test('a coordinator of another district gets only that district, a partner no personal data, other roles nothing', async () => {
  const frd = await login(s.url, 'coord.frd', 'district-coordinator-pw');
  const frdBefore = await indicatorValue(frd);
  const allBefore = await indicatorValue(coord);
  await registerAppeals(2);  // in Sino, not in Firdavsi
  assert.equal((await indicatorValue(frd))['Quarter value'], frdBefore['Quarter value'], 'Sino appeals are not counted in Firdavsi');
  assert.equal((await indicatorValue(coord))['Quarter value'], allBefore['Quarter value'] + 2);
  // The same district figure for the ministry's coordinator asking for Firdavsi.
  assert.equal((await indicatorValue(coord, { department: 'DSH-FRD' }))['Quarter value'], frdBefore['Quarter value']);

  const frdFile = await download(frd, { quarter, lang: 'en', format: 'pdf' });
  assert.equal(frdFile.status, 200);
  const frdText = pdfText(frdFile.buf);
  assert.ok(!frdText.includes('RPT-SC-1') && !frdText.includes('RPT-2026/1'), 'Sino equipment is not in the Firdavsi report');
  const frdBook = workbook((await download(frd, { quarter, lang: 'en', format: 'xlsx' })).buf);
  assert.ok(!frdBook.strings.includes('RPT-SC-1'));
  for (const dept of ['DSH-SNO', 'MIA', 'NOPE']) {
    const r = await download(frd, { quarter, department: dept });
    assert.equal(r.status, 404, `Firdavsi asks for ${dept}`);
  }

  // The partner: a report without the citizen's data.
  const marker = 'Ҳисоботнадидаев';
  const reg = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ surname: marker, id_document: 'A99119911',
    phone: '+992900001122', summary: `${marker} дар бораи ҳодиса` }));
  assert.equal(reg.status, 201, reg.text);
  const partner = await login(s.url, 'partner', s.logins.partner);
  for (const format of ['pdf', 'xlsx']) {
    const r = await download(partner, { quarter, lang: 'tg', format });
    assert.equal(r.status, 200);
    const text = format === 'pdf' ? pdfText(r.buf) : workbook(r.buf).strings.join('\n');
    for (const f of [marker, 'A99119911', '+992900001122', 'Ҳасанзода', 'Фирӯза Назарова'])
      assert.ok(!text.includes(f), `the partner's ${format} shows ${f}`);
  }
  // Roles without the programme, and no sign-in.
  assert.equal((await download(desk, { quarter })).status, 403);
  assert.equal((await download(null, { quarter })).status, 401);

  // The page: the form on /programme, the download with the session, refused to the desk officer.
  const web = webClient(s.url);
  const cookie = await web.signIn('partner', s.logins.partner);
  const page = await (await web.get('/programme', cookie)).text();
  assert.match(page, /<form method="get" action="(\/|&#x2F;)programme(\/|&#x2F;)report" id="report-form">/);
  assert.match(page, new RegExp(`name="quarter" value="${quarter}"`));
  const got = await web.get(`/programme/report?quarter=${quarter}&lang=ru&format=pdf`, cookie);
  assert.equal(got.status, 200);
  assert.ok(pdfText(Buffer.from(await got.arrayBuffer())).includes('Квартальный отчёт по программе реформы'));
  const deskWeb = webClient(s.url);
  const deskCookie = await deskWeb.signIn('desk', s.logins.desk);
  assert.equal((await deskWeb.get(`/programme/report?quarter=${quarter}`, deskCookie)).status, 403);
});

test('a malformed quarter, a quarter not begun, an unknown language or format is a 400 with a message', async () => {
  for (const [query, code] of [[{ quarter: '2026-Q5' }, 'prr_quarter'], [{ quarter: '2026Q4' }, 'prr_quarter'],
    [{}, 'prr_quarter'], [{ quarter: '26-Q1' }, 'prr_quarter'], [{ quarter: '2099-Q1' }, 'prr_not_begun'],
    [{ quarter, lang: 'fr' }, 'prr_lang'], [{ quarter, format: 'docx' }, 'prr_format']]) {
    const r = await download(coord, { ...query, lang: query.lang || 'en' });
    assert.equal(r.status, 400, JSON.stringify(query));
    assert.equal(r.json.error, 'invalid');
    assert.equal(r.json.code, code, JSON.stringify(query));
    assert.ok(r.json.message.length > 10, r.json.message);
  }
  const r = await download(coord, { quarter: '2026-Q5', lang: 'en' });
  assert.match(r.json.message, /YYYY-Qn, e\.g\. 2026-Q4/);
  const web = webClient(s.url);
  const cookie = await web.signIn('coordinator', s.logins.coordinator);
  const page = await web.get('/programme/report?quarter=2026-13', cookie);
  assert.equal(page.status, 400);
  assert.match(await page.text(), /YYYY-Qn/);
});
