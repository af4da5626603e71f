// Statistics (issue 15, docs/statistics.md): counters kept as projections of
// the journal equal a recount of the record tables after random histories,
// after kill -9 and after `sabt rebuild`; reports over the API, their scope
// and small-cell suppression; exports read back (XLSX cells equal the JSON,
// PDF text); a report definition added without a build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { dushanbeDate, reportStep, caseStep, register } from '../lib/crime.mjs';
import { sabt, verify, startParent, createEnrolment, enrolField, startField, syncUntilDone } from '../lib/sync.mjs';

let s;
let logins;
const t = {};
const month = dushanbeDate(0).slice(0, 7);
const USERS = ['desk', 'head', 'investigator', 'prosecutor', 'analyst', 'desk.sug-khj', 'desk.dsh-frd'];

async function signInAll() {
  for (const u of USERS) t[u] = await login(s.url, u, logins[u]);
}

before(async () => {
  const db = freshDatabase();
  s = await startServer({ demo: true, ...db });
  s.backendEnv = db.env;
  logins = s.logins;
  await signInAll();
});
after(async () => { await s?.cleanup(); });

const get = (token, p) => api(s.url, token, 'GET', p);
const report = (token, id, q = '') => get(token, `/api/v1/stats/reports/${id}?from=${month}&to=${month}${q}`);
const cell = (r, rowKey, colId) => {
  const col = r.json.columns.findIndex((c) => c.id === colId);
  const row = r.json.rows.find((x) => x.key === rowKey);
  return row.cells[col];
};

// A small deterministic PRNG (mulberry32) so a failing history can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// One random history over the API: appeals and their steps, crime reports
// with refusals, annulments, transfers and cases. Returns the ids touched.
async function randomHistory(seed, steps) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const appeals = [];
  const reports = [];
  const cases = [];
  const erasable = [];
  for (let i = 0; i < steps; i++) {
    const what = r();
    if (what < 0.25 || appeals.length === 0) {
      const a = await api(s.url, t.desk, 'POST', '/api/v1/appeals',
        appealBody({ channel: pick(['desk', 'phone', 'letter']), category: pick(['complaint', 'application']),
          crime_signs: pick(['no', 'no', 'yes']) }));
      assert.equal(a.status, 201, a.text);
      appeals.push(a.json.id);
      erasable.push(a.json.entry?.index ?? a.json.entry_index);
    } else if (what < 0.45) {
      const id = pick(appeals);
      const stepBody = pick([
        [t.head, { step: 'assign', officer: 'investigator' }],
        [t.investigator, { step: 'start' }],
        [t.investigator, { step: 'answer', text: 'Ҷавоби пурра ба аризадиҳанда фиристода шуд.' }],
        [t.head, { step: 'close' }],
        [t.head, { step: 'extend', days: 5, text: 'Санҷиши иловагӣ' }],
        [t.desk, { step: 'refer' }],
      ]);
      await api(s.url, stepBody[0], 'POST', `/api/v1/appeals/${id}/steps`, stepBody[1]);  // refused steps are fine
    } else if (what < 0.6 || reports.length === 0) {
      const rep = await register(s, t.desk, { article: pick(['244', '247', '111', '237']), part: '1' });
      assert.equal(rep.status, 201, rep.text);
      reports.push(rep.json.id);
    } else if (what < 0.9) {
      const id = pick(reports);
      const [tok, body] = pick([
        [t.investigator, { step: 'refuse', ground: 'no_event', reason: 'Ҳодисаи ҷиноят набуд' }],
        [t.head, { step: 'approve_refusal' }],
        [t.head, { step: 'reject_refusal', reason: 'Санҷиш пурра нест' }],
        [t.prosecutor, { step: 'annul_refusal', reason: 'Санҷиш нопурра гузаронида шуд' }],
        [t.head, { step: 'transfer', department: 'SUG-KHJ', reason: 'Ҷои ҳодиса дар Хуҷанд' }],
        [t['desk.sug-khj'], { step: 'accept_transfer' }],
        [t.investigator, { step: 'open_case' }],
        [t.head, { step: 'extend', days: 10, reason: 'Экспертиза лозим аст' }],
      ]);
      const res = await reportStep(s, tok, id, body);
      if (res.status === 200 && body.step === 'open_case' && res.json?.case_id) cases.push(res.json.case_id);
    } else if (cases.length > 0) {
      const id = pick(cases);
      await caseStep(s, t.investigator, id, pick([
        { step: 'status', status: 'suspended', ground: 'гумонбаршуда пинҳон шуд' },
        { step: 'status', status: 'investigating' },
        { step: 'solved', solved: true, date: dushanbeDate(0) },
      ]));
    }
  }
  return { appeals, reports, cases, erasable: erasable.filter((x) => Number.isInteger(x)) };
}

test('after a random history the counters equal a recount from the tables (sabt verify), and the report shows them', async () => {
  const h = await randomHistory(15, 60);
  const r = await report(t.analyst, 'appeals-by-district', '&department=DSH');
  assert.equal(r.status, 200, r.text);
  const sino = cell(r, 'DSH-SNO', 'received');
  assert.ok(sino.value >= h.appeals.length, `received ${sino.value} >= ${h.appeals.length} registered here`);
  const total = r.json.rows.find((x) => x.total);
  assert.equal(total.key, 'DSH');
  const sum = r.json.rows.filter((x) => !x.total).reduce((a, x) => a + x.cells[0].value, 0);
  assert.equal(total.cells[0].value, sum, 'the total row is the sum of the districts');
  await verify(s.dbUrl, s.backendEnv);
});

test('an erasure changes no counter; kill -9 in the middle of writes and sabt rebuild leave counters equal to a recount', async () => {
  const before = (await report(t.analyst, 'crime-by-article', '&department=MIA')).json;
  // Erase the personal data of an appeal (the CLI, as an operator does).
  const list = await get(t.desk, '/api/v1/appeals?page_size=5');
  const a = await get(t.desk, `/api/v1/appeals/${list.json.items[0].id}`);
  const idx = a.json.entry_index;
  execFileSync(s.bin, ['erase', '--db', s.dbUrl, '--entry', String(idx), '--reason-code', 'court_order', '--reason', 'Қарори суд № 12'],
    { env: { ...s.env, ...s.backendEnv } });
  // Writes in flight when the process dies: each is either wholly in or wholly out.
  const inflight = [];
  for (let i = 0; i < 20; i++) inflight.push(register(s, t.desk, { article: '244', part: '1' }).catch(() => null));
  await new Promise((res) => setTimeout(res, 0));
  await s.kill9();
  await Promise.all(inflight);
  await verify(s.dbUrl, s.backendEnv);
  const rb = await sabt(['rebuild', '--db', s.dbUrl], s.backendEnv);
  assert.equal(rb.code, 0, rb.stderr);
  await verify(s.dbUrl, s.backendEnv);
  const old = s;
  const fresh = await startServer({ dbUrl: old.dbUrl, init: false, env: old.backendEnv });
  fresh.backendEnv = old.backendEnv;
  const freshCleanup = fresh.cleanup;
  fresh.cleanup = async () => { await freshCleanup(); await old.cleanup(); };
  s = fresh;
  await signInAll();
  const afterRebuild = (await report(t.analyst, 'crime-by-article', '&department=MIA')).json;
  const reg = (j) => j.rows.find((x) => x.key === 'property').cells[0].value;
  assert.ok(reg(afterRebuild) >= reg(before), 'registrations acknowledged before the kill are kept');
  await verify(s.dbUrl, s.backendEnv);
});

test('sabt verify fails when a counter differs from the recount', { skip: process.env.SABT_TEST_BACKEND === 'postgres' }, async () => {
  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'sabt-stats-')), 'copy.db');
  const b = await sabt(['backup', '--db', s.dbUrl, '--to', copy]);
  assert.equal(b.code, 0, b.stderr);
  execFileSync('sqlite3', [copy, "UPDATE stat_months SET value = value + 1 WHERE rowid = (SELECT min(rowid) FROM stat_months)"]);
  const v = await sabt(['verify', '--db', `sqlite:${copy}`]);
  assert.notEqual(v.code, 0);
  assert.match(v.stdout + v.stderr, /stat_months|statistics/);
});

test('a district head sees only the own subtree: another district or the ministry is not found; a desk officer is refused', async () => {
  assert.equal((await report(t.head, 'appeals-by-district', '&department=DSH-SNO')).status, 200);
  assert.equal((await report(t.head, 'appeals-by-district', '&department=DSH-FRD')).status, 404);
  assert.equal((await report(t.head, 'appeals-by-district', '&department=MIA')).status, 404);
  assert.equal((await report(t.head, 'appeals-by-district', '&department=DSH-FRD&format=csv')).status, 404);
  assert.equal((await report(t.desk, 'appeals-by-district')).status, 403);
  assert.equal((await get(t.desk, '/api/v1/stats/reports')).status, 403);
  assert.equal((await report(t.head, 'no-such-report')).status, 404);
  assert.equal((await get(t.head, '/api/v1/stats/reports/appeals-by-district?from=2026-13')).status, 422);
  assert.equal((await get(undefined, '/api/v1/stats/reports')).status, 401);
});

test('the four first reports are listed and each compares with the same months a year before', async () => {
  const list = await get(t.analyst, '/api/v1/stats/reports?lang=en');
  assert.equal(list.status, 200);
  const ids = list.json.reports.map((x) => x.id);
  for (const id of ['appeals-by-district', 'crime-by-article', 'registration-discipline', 'mobile-stations']) {
    assert.ok(ids.includes(id), id);
    const r = await get(t.analyst, `/api/v1/stats/reports/${id}?from=${month}&to=${month}`);
    assert.equal(r.status, 200, r.text);
    const y = Number(month.slice(0, 4)) - 1;
    assert.equal(r.json.compare_from, `${y}${month.slice(4)}`);
    assert.ok(r.json.rows.length > 0);
  }
});

test('exports for people outside the department hide cells under 3 and mark them', async () => {
  const inside = await report(t.analyst, 'appeals-by-district', '&department=DSH');
  const outside = await report(t.analyst, 'appeals-by-district', '&department=DSH&audience=external');
  assert.equal(outside.json.suppressed_below, 3);
  let hidden = 0;
  inside.json.rows.forEach((row, i) => row.cells.forEach((c, j) => {
    const o = outside.json.rows[i].cells[j];
    if (c.value > 0 && c.value < 3) { hidden++; assert.equal(o.suppressed, true); assert.equal(o.value, null); } else {
      assert.equal(o.value, c.value);
    }
  }));
  // The prosecutor's exports are always external.
  const pros = await report(t.prosecutor, 'appeals-by-district', '&department=DSH');
  assert.equal(pros.json.suppressed_below, 3);
  const csv = await report(t.analyst, 'appeals-by-district', '&department=DSH&audience=external&format=csv');
  assert.equal(csv.status, 200);
  if (hidden > 0) assert.match(csv.text, /<3/);
});

test('the XLSX export holds the same cells as the JSON', async () => {
  const j = (await report(t.analyst, 'appeals-by-district', '&department=DSH')).json;
  const res = await fetch(new URL(`/api/v1/stats/reports/appeals-by-district?from=${month}&to=${month}&department=DSH&format=xlsx`, s.url),
    { headers: { authorization: `Bearer ${t.analyst}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sabt-xlsx-')), 'r.xlsx');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  // Debian's python3-openpyxl (scripts/install-deps.sh), whatever python3 comes first on PATH.
  const out = execFileSync('/usr/bin/python3', ['-c', `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = [[c for c in r] for r in ws.iter_rows(min_row=4, values_only=True)]
print(json.dumps(rows))`, file]).toString();
  const rows = JSON.parse(out);
  assert.equal(rows.length, j.rows.length);
  j.rows.forEach((row, i) => {
    assert.equal(rows[i][0], row.label);
    row.cells.forEach((c, k) => {
      assert.equal(rows[i][1 + 3 * k], c.value, `${row.key} column ${k}`);
      assert.equal(rows[i][2 + 3 * k], c.before);
    });
  });
});

test('the PDF export carries the title, the department and the figures as text', async () => {
  const j = (await get(t.analyst, `/api/v1/stats/reports/appeals-by-district?from=${month}&to=${month}&department=DSH&lang=en`)).json;
  const res = await fetch(new URL(`/api/v1/stats/reports/appeals-by-district?from=${month}&to=${month}&department=DSH&format=pdf&lang=en`, s.url),
    { headers: { authorization: `Bearer ${t.analyst}` } });
  assert.equal(res.status, 200);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sabt-pdf-')), 'r.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  assert.match(text, /Appeals by district and outcome/);
  assert.match(text, new RegExp(j.department_label.slice(0, 20).replace(/[()]/g, '.')));
  const total = j.rows.find((x) => x.total);
  assert.match(text, new RegExp(`\\b${total.cells[0].value}\\b`));
});

test('an administrator adds a report definition without a new build; a bad one is refused', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sabt-def-'));
  const good = path.join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({
    id: 'refusals-only', title: { tg: 'Радкуниҳо', ru: 'Отказы', en: 'Refusals' }, rows: { by: 'department' },
    columns: [{ id: 'refusals', label: { tg: 'Рад', ru: 'Отказ', en: 'Refused' }, expr: 'crime.decision.refusal + crime.refusal_annulled' }],
  }));
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ id: 'bad', title: { tg: 'x', ru: 'x', en: 'x' }, rows: { by: 'department' },
    columns: [{ id: 'c', label: { tg: 'x', ru: 'x', en: 'x' }, expr: 'DROP TABLE appeals' }] }));
  const nb = await sabt(['stats', 'import', bad, '--db', s.dbUrl], s.backendEnv);
  assert.notEqual(nb.code, 0);
  const ok = await sabt(['stats', 'import', good, '--db', s.dbUrl], s.backendEnv);
  assert.equal(ok.code, 0, ok.stderr);
  const r = await report(t.analyst, 'refusals-only', '&department=MIA');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.columns[0].id, 'refusals');
  await verify(s.dbUrl, s.backendEnv);
});

test('appeals registered on a laptop count at the parent after sync, and both recount equal', { timeout: 180_000 }, async () => {
  const parent = await startParent();
  let node;
  try {
    const field = await enrolField(parent, (await createEnrolment(parent)).code);
    assert.equal(field.code, 0, field.stderr);
    node = await startField(field, ['--sync-interval', '3600']);
    const mobile = await login(node.url, 'mobile', parent.logins.mobile);
    // The round a field node runs at start is over before the appeals below
    // exist, so they reach the parent only in the round this test asks for.
    await syncUntilDone(node.url, mobile);
    for (let i = 0; i < 3; i++) {
      const a = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
      assert.equal(a.status, 201, a.text);
    }
    const analyst = await login(parent.url, 'analyst', parent.logins.analyst);
    const q = `/api/v1/stats/reports/appeals-by-district?from=${month}&to=${month}&department=DSH-SNO`;
    const before = (await api(parent.url, analyst, 'GET', q)).json;
    await syncUntilDone(node.url, mobile);
    const after = (await api(parent.url, analyst, 'GET', q)).json;
    const received = (j) => j.rows.find((x) => x.total).cells[0].value;
    assert.equal(received(after), received(before) + 3);
    await node.stop();
    await parent.stop();
    await verify(field.dbUrl);
    await verify(parent.dbUrl, parent.backendEnv);
  } finally {
    await node?.cleanup();
    await parent.cleanup();
  }
});

test('the structured export has no names and validates against its schema; a file with a name does not', async () => {
  const r = await get(t.analyst, `/api/v1/stats/export?from=${month}&to=${month}&department=MIA`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.schema, 'sabt-incidents/1');
  assert.ok(r.json.incidents.length > 0, 'the reports of this month');
  assert.ok(!/Раҳимов|Бахтиёр|Айнӣ|бозори Корвон/.test(r.text), 'no names, addresses or places');
  const decided = r.json.incidents.filter((x) => x.decision.kind !== 'none');
  assert.ok(decided.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.decision.on)));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sabt-export-'));
  const good = path.join(dir, 'good.json');
  writeFileSync(good, r.text);
  const v = await sabt(['export', 'validate', good]);
  assert.equal(v.code, 0, v.stderr);
  const bad = path.join(dir, 'bad.json');
  const doc = JSON.parse(r.text);
  doc.incidents[0].victims.push({ seq: 1, name: 'Раҳимов' });
  writeFileSync(bad, JSON.stringify(doc));
  const nv = await sabt(['export', 'validate', bad]);
  assert.notEqual(nv.code, 0);
  assert.match(nv.stderr, /victims\/\d+\/name: is not allowed/);
  assert.equal((await get(t.head, '/api/v1/stats/export?department=DSH-FRD')).status, 404);
});
