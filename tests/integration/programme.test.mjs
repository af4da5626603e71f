// The reform programme and the equipment register (docs/programme.md): the
// coordinator keeps the programme, its activities (every status change with
// a reason, evidence hashed into the journal), working groups, decisions and
// equipment (handover act as a PDF in Tajik and Russian, transfers, repairs,
// write-offs); overdue items show on the start page of the person
// responsible; a laptop shows its device's revocation; a partner reads the
// programme and the equipment and never personal data, on any page or API
// route; everything survives a rebuild and verifies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, sabtBin } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient, csrfIn } from '../lib/web.mjs';
import { sabt, verify, createEnrolment, enrolField } from '../lib/sync.mjs';

let s;
let db;
let coord;
let web;
before(async () => {
  db = freshDatabase();
  s = await startServer({ demo: true, demoArgs: ['--appeals', '3'], ...db });
  coord = await login(s.url, 'coordinator', s.logins.coordinator);
  web = webClient(s.url);
});
after(async () => { await s?.cleanup(); });

const html = async (res) => (await res.text()).replaceAll('&#x2F;', '/').replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

async function newActivity(extra = {}) {
  const p = await api(s.url, coord, 'POST', '/api/v1/programme/programmes', {
    code: 'T-PRG', title_tg: 'Барномаи санҷишӣ', title_ru: 'Тестовая программа', title_en: 'Test programme',
    from: '2026-01-01', to: '2026-12-31' });
  assert.equal(p.status, 201, p.text);
  const c = await api(s.url, coord, 'POST', '/api/v1/programme/components', {
    programme: p.json.id, code: 'T-C1', title_tg: 'Ҷузъ', title_ru: 'Компонент', title_en: 'Component' });
  assert.equal(c.status, 201, c.text);
  const a = await api(s.url, coord, 'POST', '/api/v1/programme/activities', {
    component: c.json.id, code: 'JAP-T.1', title_tg: 'Чорабинӣ', title_ru: 'Мероприятие', title_en: 'Activity',
    unit: 'DSH-SNO', partner: 'OSCE', owner: 'coordinator', from: '2026-02-01', to: '2026-11-30', ...extra });
  assert.equal(a.status, 201, a.text);
  return a.json.id;
}

test('an activity changes status only with a reason, final states stay, and evidence is hashed into the journal', async () => {
  const id = await newActivity();
  const noReason = await api(s.url, coord, 'POST', `/api/v1/programme/activities/${id}/status`, { status: 'in_progress', reason: '' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.json.errors[0].field, 'reason');
  for (const [status, reason] of [['in_progress', 'Оғоз шуд'], ['delayed', 'Таъхири таҳвил'], ['done', 'Анҷом ёфт']]) {
    const r = await api(s.url, coord, 'POST', `/api/v1/programme/activities/${id}/status`, { status, reason });
    assert.equal(r.status, 201, r.text);
  }
  const reopen = await api(s.url, coord, 'POST', `/api/v1/programme/activities/${id}/status`, { status: 'in_progress', reason: 'again' });
  assert.equal(reopen.status, 409);
  assert.equal(reopen.json.code, 'prog_status_final');

  const up = await fetch(`${s.url}/api/v1/programme/activities/${id}/evidence?name=photo.png`, {
    method: 'POST', headers: { authorization: `Bearer ${coord}`, 'content-type': 'application/octet-stream' }, body: PNG });
  assert.equal(up.status, 201, await up.clone().text());
  const rec = (await api(s.url, coord, 'GET', `/api/v1/programme/activities/${id}`)).json;
  assert.equal(rec.status, 'done');
  assert.equal(rec.evidence.length, 1);
  const sha = (await import('node:crypto')).createHash('sha256').update(PNG).digest('hex');
  assert.equal(rec.evidence[0].sha256, sha);
  assert.deepEqual(rec.history.filter((h) => h.kind === 'programme.activity_status').map((h) => [h.data.status, h.data.reason]),
    [['in_progress', 'Оғоз шуд'], ['delayed', 'Таъхири таҳвил'], ['done', 'Анҷом ёфт']]);
  assert.equal(rec.history.find((h) => h.kind === 'programme.evidence_added').data.sha256, sha);
  // The file comes back byte for byte on its page's link.
  const cookie = await web.signIn('coordinator', s.logins.coordinator);
  const file = await web.get(`/programme/activities/${id}/evidence/${sha}`, cookie);
  assert.equal(file.status, 200);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);
});

test('roles that may not edit the programme or the equipment are refused, the partner too', async () => {
  const head = await login(s.url, 'head', s.logins.head);
  const r = await api(s.url, head, 'POST', '/api/v1/programme/programmes', { code: 'X' });
  assert.equal(r.status, 403);
  const partner = await login(s.url, 'partner', s.logins.partner);
  assert.equal((await api(s.url, partner, 'POST', '/api/v1/equipment/acts', {})).status, 403);
  const open = (await api(s.url, partner, 'GET', '/api/v1/programme/decisions')).json.items.find((d) => d.status === 'open');
  assert.equal((await api(s.url, partner, 'POST', `/api/v1/programme/decisions/${open.id}/close`, { note: 'n' })).status, 403);
  const item = (await api(s.url, partner, 'GET', '/api/v1/equipment')).json.items[0];
  assert.equal((await api(s.url, partner, 'POST', `/api/v1/equipment/${item.id}/written_off`, { reason: 'nope' })).status, 403);
  assert.equal((await api(s.url, head, 'POST', `/api/v1/equipment/${item.id}/written_off`, { reason: 'nope' })).status, 403);
});

test('a decision is followed up until closed, and overdue items show on the start page of the person responsible', async () => {
  // The demo gives the head an overdue decision and the coordinator overdue activities.
  const headWeb = await web.signIn('head', s.logins.head);
  const headPage = await html(await web.get('/', headWeb));
  assert.match(headPage, /id="programme-due-table"[^]*\/programme\/decisions\/[^]*class="days-late">\d+</);
  const coordWeb = await web.signIn('coordinator', s.logins.coordinator);
  const coordPage = await html(await web.get('/', coordWeb));
  assert.match(coordPage, /id="programme-due-table"[^]*\/programme\/activities\//);

  const decisions = (await api(s.url, coord, 'GET', '/api/v1/programme/decisions')).json.items;
  const head = await login(s.url, 'head', s.logins.head);
  const headUser = decisions.find((d) => d.status === 'open' && headPage.includes(d.id));
  assert.ok(headUser, 'the head has an open decision');
  const fu = await api(s.url, head, 'POST', `/api/v1/programme/decisions/${headUser.id}/follow-up`, { note: 'Лоиҳа омода шуд' });
  assert.equal(fu.status, 201, fu.text);
  const closed = await api(s.url, head, 'POST', `/api/v1/programme/decisions/${headUser.id}/close`, { note: 'Тасдиқ шуд' });
  assert.equal(closed.status, 201, closed.text);
  const again = await api(s.url, head, 'POST', `/api/v1/programme/decisions/${headUser.id}/close`, { note: 'x' });
  assert.equal(again.status, 409);
  // Someone else's decision is not the head's to close.
  const other = decisions.find((d) => d.status === 'open' && d.id !== headUser.id && !headPage.includes(d.id));
  assert.equal((await api(s.url, head, 'POST', `/api/v1/programme/decisions/${other.id}/close`, { note: 'x' })).status, 403);
  const after = await html(await web.get('/', headWeb));
  assert.ok(!after.includes(headUser.id), 'a closed decision leaves the start page');
});

test('equipment is handed over by act, transferred, repaired and written off, each step journaled; the act prints in Tajik and Russian', async () => {
  const act = await api(s.url, coord, 'POST', '/api/v1/equipment/acts', {
    number: 'T-2026/77', date: '2026-12-01', source: 'donation', donor: 'OSCE Programme Office in Dushanbe',
    giver_name: 'Гулнора Каримова', receiver_unit: 'DSH-SNO', receiver_name: 'Азиз Раҳимзода',
    items: [{ kind: 'vehicle', name: 'Микроавтобуси санҷишӣ', serial: 'VIN-T-1', plate: '7777 ТТ 01' },
      { kind: 'laptop', name: 'Ноутбуки санҷишӣ', serial: 'LT-T-1', custodian: 'mobile' }] });
  assert.equal(act.status, 201, act.text);
  const [van, laptop] = act.json.items;
  const bad = await api(s.url, coord, 'POST', `/api/v1/equipment/${van}/repair_ended`, { note: 'x' });
  assert.equal(bad.status, 409);
  assert.equal(bad.json.code, 'eq_not_in_repair');
  for (const [step, body] of [['transfer', { to_unit: 'DSH-FRD', reason: 'Ба Фирдавсӣ' }], ['repair_started', { reason: 'Тормоз' }],
    ['repair_ended', { note: 'Таъмир шуд' }], ['written_off', { reason: 'Садама' }]]) {
    const r = await api(s.url, coord, 'POST', `/api/v1/equipment/${van}/${step}`, body);
    assert.equal(r.status, 201, `${step}: ${r.text}`);
  }
  const dead = await api(s.url, coord, 'POST', `/api/v1/equipment/${van}/transfer`, { to_unit: 'DSH-SNO', reason: 'back' });
  assert.equal(dead.status, 409);
  assert.equal(dead.json.code, 'eq_written_off');
  const rec = (await api(s.url, coord, 'GET', `/api/v1/equipment/${van}`)).json;
  assert.equal(rec.status, 'written_off');
  assert.equal(rec.unit, 'DSH-FRD');
  assert.deepEqual(rec.history.map((h) => h.kind), ['equipment.transferred', 'equipment.repair_started',
    'equipment.repair_ended', 'equipment.written_off']);
  assert.equal(rec.history[0].data.from_unit, 'DSH-SNO');

  const cookie = await web.signIn('coordinator', s.logins.coordinator);
  const pdf = await web.get(`/equipment/acts/${act.json.id}/pdf`, cookie);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sabt-act-'));
  const file = path.join(dir, 'act.pdf');
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const want of ['САНАДИ ҚАБУЛУ СУПОРИШ', 'АКТ ПРИЁМА-ПЕРЕДАЧИ', 'T-2026/77', '2026-12-01', 'OSCE Programme Office in Dushanbe',
    'Гулнора Каримова', 'Азиз Раҳимзода', 'ШКД ноҳияи Сино', 'ОВД района Сино', 'Микроавтобуси санҷишӣ', '7777 ТТ 01',
    'Ноутбуки санҷишӣ', 'LT-T-1', 'Микроавтобус', 'Ноутбук', 'Ҳамагӣ / Всего: 2', 'Имзо / Подпись'])
    assert.ok(text.includes(want), `the act's PDF says ${want}:\n${text}`);
  // A laptop linked to a device; an unknown origin is shown as not known.
  const link = await api(s.url, coord, 'POST', `/api/v1/equipment/${laptop}/link`, { device: 'no-such-device' });
  assert.equal(link.status, 201, link.text);
  assert.equal((await api(s.url, coord, 'GET', `/api/v1/equipment/${laptop}`)).json.device_state, 'unknown');
  const wrong = await api(s.url, coord, 'POST', `/api/v1/equipment/${van}/link`, { station: 'DSH-SNO-M1' });
  assert.equal(wrong.status, 409);
});

test('a district coordinator cannot hand over to, move into, or open equipment of another district', async () => {
  execFileSync(sabtBin(), ['user', 'add', '--db', s.dbUrl, '--username', 'coord.sno', '--password-stdin',
    '--role', 'programme_coordinator', '--department', 'DSH-SNO'], { input: 'district-coordinator-pw\n', env: { ...process.env, ...db.env } });
  const local = await login(s.url, 'coord.sno', 'district-coordinator-pw');
  const outside = await api(s.url, local, 'POST', '/api/v1/equipment/acts', {
    number: 'T-2026/99', date: '2026-12-01', source: 'donation', donor: 'OSCE', giver_name: 'Гулнора Каримова',
    receiver_unit: 'DSH-FRD', receiver_name: 'Азиз Раҳимзода', items: [{ kind: 'scooter', name: 'Скутер', serial: 'SC-T-9' }] });
  assert.equal(outside.status, 422, outside.text);
  assert.ok(outside.json.errors.some((e) => e.field === 'receiver_unit'), outside.text);
  const own = await api(s.url, local, 'POST', '/api/v1/equipment/acts', {
    number: 'T-2026/98', date: '2026-12-01', source: 'donation', donor: 'OSCE', giver_name: 'Гулнора Каримова',
    receiver_unit: 'DSH-SNO', receiver_name: 'Азиз Раҳимзода', items: [{ kind: 'scooter', name: 'Скутер', serial: 'SC-T-8' }] });
  assert.equal(own.status, 201, own.text);
  const moved = await api(s.url, local, 'POST', `/api/v1/equipment/${own.json.items[0]}/transfer`, { to_unit: 'DSH-FRD', reason: 'x' });
  assert.equal(moved.status, 422, moved.text);
  // An item of another district, made by the national coordinator, is not there for the district one.
  const far = await api(s.url, coord, 'POST', '/api/v1/equipment/acts', {
    number: 'T-2026/97', date: '2026-12-01', source: 'donation', donor: 'OSCE', giver_name: 'Гулнора Каримова',
    receiver_unit: 'DSH-FRD', receiver_name: 'Фаррух Саидов', items: [{ kind: 'scooter', name: 'Скутер', serial: 'SC-T-7' }] });
  assert.equal(far.status, 201, far.text);
  const farItem = far.json.items[0];
  assert.equal((await api(s.url, local, 'GET', `/api/v1/equipment/${farItem}`)).status, 404);
  assert.equal((await api(s.url, local, 'POST', `/api/v1/equipment/${farItem}/written_off`, { reason: 'x' })).status, 404);
  assert.ok(!(await api(s.url, local, 'GET', '/api/v1/equipment')).json.items.some((i) => i.id === farItem));
});

test('a laptop linked to its enrolled device shows when that device is revoked', async () => {
  const admin = await login(s.url, 'admin', s.logins.admin);
  const enrol = await api(s.url, admin, 'POST', '/api/v1/sync/enrolments', { department: 'DSH-SNO-M1' });
  assert.equal(enrol.status, 201, enrol.text);
  const field = await enrolField({ url: s.url }, enrol.json.code);
  assert.equal(field.code, 0, field.stderr);
  const act = await api(s.url, coord, 'POST', '/api/v1/equipment/acts', {
    number: 'T-2026/78', date: '2026-12-02', source: 'procurement', donor: 'ВКД / МВД', giver_name: 'Анвар Сафаров',
    receiver_unit: 'DSH-SNO-M1', receiver_name: 'Ҷамшед Қодиров', items: [{ kind: 'laptop', name: 'Ноутбуки нуқтаи сайёр', serial: 'LT-M1' }] });
  assert.equal(act.status, 201, act.text);
  const laptop = act.json.items[0];
  assert.equal((await api(s.url, coord, 'POST', `/api/v1/equipment/${laptop}/link`, { device: field.origin })).status, 201);
  assert.equal((await api(s.url, coord, 'GET', `/api/v1/equipment/${laptop}`)).json.device_state, 'active');
  const rv = await api(s.url, admin, 'POST', `/api/v1/sync/devices/${field.origin}/revoke`, { reason: 'Дуздида шуд' });
  assert.ok(rv.status === 200 || rv.status === 201, rv.text);
  assert.equal((await api(s.url, coord, 'GET', `/api/v1/equipment/${laptop}`)).json.device_state, 'revoked');
  const cookie = await web.signIn('coordinator', s.logins.coordinator);
  const page = await html(await web.get(`/equipment/${laptop}`, cookie));
  assert.match(page, /id="item-device" class="alert"/);
});

test('the partner sees the programme, indicators and equipment, and no personal data on any page or API route', async () => {
  // A citizen with a name that must never reach the partner.
  const desk = await login(s.url, 'desk', s.logins.desk);
  const marker = 'Партнёрнадидаев';
  const reg = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody({ applicant: { surname: marker, given_name: 'Шаҳло',
    patronymic: 'Каримовна', birth_date: '1990-05-05', address: 'ш. Душанбе, кӯчаи Рӯдакӣ 1', phone: '+992900000001', id_document: 'A77777777' },
  summary: `${marker} дар бораи ҳодиса` }));
  assert.equal(reg.status, 201, reg.text);
  const appealId = reg.json.id;

  const partnerWeb = webClient(s.url);
  const cookie = await partnerWeb.signIn('partner', s.logins.partner);
  const seen = new Set();
  const queue = ['/'];
  const forbidden = [marker, 'A77777777', '+992900000001', 'Рӯдакӣ 1'];
  let pages = 0;
  while (queue.length) {
    const href = queue.shift();
    if (seen.has(href)) continue;
    seen.add(href);
    const res = await partnerWeb.get(href, cookie);
    assert.ok(res.status < 500, `${href} answers ${res.status}`);
    const ctype = res.headers.get('content-type') || '';
    const body = ctype.includes('pdf') ? '' : await html(res);
    for (const f of forbidden) assert.ok(!body.includes(f), `${href} shows ${f}`);
    if (res.status !== 200 || !ctype.includes('text/html')) continue;
    pages++;
    for (const m of body.matchAll(/href="(\/[^"#]*)"/g)) {
      const next = m[1];
      if (next.startsWith('/lang') || next.startsWith('/static') || next.startsWith('/logout')) continue;
      if (!seen.has(next)) queue.push(next);
    }
  }
  for (const p of ['/programme', '/programme/indicators', '/equipment']) assert.ok(seen.has(p), `the partner reaches ${p}`);
  assert.ok(pages > 10, `crawled ${pages} pages`);
  // The register's pages refuse the partner.
  for (const p of ['/appeals', `/appeals/${appealId}`, '/appeals/new', '/crime', '/trips', '/queue', '/oversight/appeals',
    '/admin/users', '/admin/devices', '/account/totp'])
    assert.ok([403, 404].includes((await partnerWeb.get(p, cookie)).status) || p === '/account/totp', `${p} refuses the partner`);

  // Every API list route: the programme ones answer, the register's refuse.
  const token = await login(s.url, 'partner', s.logins.partner);
  const allowed = ['/api/v1/programme/programmes', '/api/v1/programme/components', '/api/v1/programme/activities',
    '/api/v1/programme/groups', '/api/v1/programme/meetings', '/api/v1/programme/decisions', '/api/v1/programme/indicators',
    '/api/v1/equipment', '/api/v1/equipment/acts'];
  for (const p of allowed) {
    const r = await api(s.url, token, 'GET', p);
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    for (const f of forbidden) assert.ok(!r.text.includes(f), `${p} shows ${f}`);
  }
  const refused = ['/api/v1/appeals', `/api/v1/appeals/${appealId}`, '/api/v1/crime/reports', '/api/v1/crime/cases',
    '/api/v1/crime/oversight', '/api/v1/trips', '/api/v1/queue', '/api/v1/sync/devices', '/api/v1/users'];
  for (const p of refused) {
    const r = await api(s.url, token, 'GET', p);
    assert.ok([403, 404].includes(r.status), `${p} answers ${r.status} to the partner`);
    for (const f of forbidden) assert.ok(!r.text.includes(f), `${p} shows ${f}`);
  }
});

// This month's value of each indicator, as the indicators page shows it.
async function indicatorValues(url, cookie) {
  const page = await (await webClient(url).get('/programme/indicators', cookie)).text();
  const out = {};
  for (const m of page.matchAll(/<tr data-indicator="([^"]+)">.*?data-current>([^<]*)</gs)) out[m[1]] = m[2];
  return out;
}

test('an indicator is computed from the statistics counters: it follows new registrations, with its monthly trend', async () => {
  const def = await api(s.url, coord, 'POST', '/api/v1/programme/indicators', {
    code: 'T-IND', name_tg: 'Муроҷиатҳои қабулшуда', name_ru: 'Принятые обращения', name_en: 'Appeals received',
    formula: 'appeal.received.channel.*', unit: 'count', baseline: '0', target: '500', target_date: '2026-12-31',
    direction: 'up' });
  assert.equal(def.status, 201, def.text);
  const cookie = await web.signIn('coordinator', s.logins.coordinator);
  const first = Number((await indicatorValues(s.url, cookie))[def.json.id]);
  assert.ok(Number.isFinite(first), 'the indicator has a value this month');
  const desk = await login(s.url, 'desk', s.logins.desk);
  for (let i = 0; i < 2; i++) {
    const r = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody());
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(Number((await indicatorValues(s.url, cookie))[def.json.id]), first + 2, 'two more appeals received');
  const page = await (await web.get('/programme/indicators', cookie)).text();
  assert.match(page, new RegExp(`id="trend-${def.json.id}"[\\s\\S]*?<svg`), 'a trend chart is drawn');
  assert.match(page, new RegExp(`data-trend="${def.json.id}"`), 'with its table of months');
});

test('the programme and equipment records are rebuilt identically from the journal, and the journal verifies', async () => {
  const before = {};
  for (const p of ['/api/v1/programme/activities', '/api/v1/programme/decisions', '/api/v1/equipment', '/api/v1/equipment/acts'])
    before[p] = (await api(s.url, coord, 'GET', p)).json;
  const valuesBefore = await indicatorValues(s.url, await web.signIn('coordinator', s.logins.coordinator));
  assert.ok(Object.keys(valuesBefore).length > 0, 'indicators have values');
  await s.stop();
  await verify(s.dbUrl, db.env);
  const r = await sabt(['rebuild', '--db', s.dbUrl], db.env);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  await verify(s.dbUrl, db.env);
  const again = await startServer({ dbUrl: s.dbUrl, init: false, env: db.env });
  try {
    const tok = await login(again.url, 'coordinator', s.logins.coordinator);
    for (const [p, v] of Object.entries(before)) assert.deepEqual((await api(again.url, tok, 'GET', p)).json, v, p);
    const cookie = await webClient(again.url).signIn('coordinator', s.logins.coordinator);
    assert.deepEqual(await indicatorValues(again.url, cookie), valuesBefore, 'indicators recomputed after the rebuild');
  } finally {
    await again.cleanup();
  }
});
