// The public log shows nothing personal (docs/verification.md §3): crawled
// without signing in, /log/entry of a parent and of its field node serves
// only index, origin, seq, kind, time, leaf hash and payload commitment —
// no username, display name, role, department, coordinate, place or text of
// any entry. The whole header goes only to an auditor with a reason, and each
// such view is journaled.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { login, api, appealBody } from '../lib/api.mjs';
import { sabtBin } from '../lib/server.mjs';
import { startParent, createEnrolment, enrolField, startField, syncUntilDone } from '../lib/sync.mjs';
import { AUDIT_REASON } from '../lib/journal.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const PUBLIC_FIELDS = new Set(['index', 'origin', 'seq', 'kind', 'at', 'leaf_hash', 'payload']);

async function crawl(url, secrets) {
  const size = (await api(url, null, 'GET', '/api/v1/health')).json.journal_size;
  const kinds = new Set();
  for (let i = 0; i < size; i++) {
    const r = await api(url, null, 'GET', `/log/entry/${i}`);
    assert.equal(r.status, 200);
    for (const k of Object.keys(r.json)) assert.ok(PUBLIC_FIELDS.has(k), `entry ${i}: field ${k} is not public`);
    assert.equal(r.json.index, i);
    assert.match(r.json.leaf_hash, /^[0-9a-f]{64}$/);
    for (const secret of secrets) assert.ok(!r.text.includes(secret), `entry ${i} (${r.json.kind}) leaks ${JSON.stringify(secret)}`);
    kinds.add(r.json.kind);
  }
  return { size, kinds };
}

test('crawling every /log/entry without signing in finds no username, name, coordinate or text of any entry', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  execFileSync(sabtBin(), ['user', 'add', '--db', parent.dbUrl, '--username', 'zarina.kh', '--role', 'desk_officer',
    '--department', 'DSH-SNO', '--name', 'Зарина Хоҷаева', '--password-stdin'],
  { input: 'Parol-Zarina-2026!\n', env: { ...process.env, ...parent.env }, stdio: 'pipe' });
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());

  // On the field node: a trip with a note and a stop with coordinates, and
  // an appeal registered at the stop; `sync.pulled` carries the unit's users.
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  const trip = await api(node.url, mobile, 'POST', '/api/v1/trips', { note: 'УАЗ 4471 ТТ, сержант Раҷабов' });
  assert.equal(trip.status, 201, trip.text);
  const stop = await api(node.url, mobile, 'POST', `/api/v1/trips/${trip.json.id}/stops`,
    { place: 'Деҳаи Зарафшон', lat: '38.712345', lon: '69.123456' });
  assert.equal(stop.status, 201, stop.text);
  const fieldAppeal = appealBody({ surname: 'Мирзоалиева', given_name: 'Гулнора' });
  assert.equal((await api(node.url, mobile, 'POST', '/api/v1/appeals', fieldAppeal)).status, 201);
  assert.equal((await api(node.url, mobile, 'POST', `/api/v1/trips/${trip.json.id}/stops/${stop.json.id}/end`)).status, 200);
  await syncUntilDone(node.url, mobile);

  // On the parent: an appeal forwarded to another agency (free text in `data`).
  const desk = await login(parent.url, 'desk', parent.logins.desk);
  const head = await login(parent.url, 'head', parent.logins.head);
  const deskAppeal = appealBody({ surname: 'Саидмуродов', given_name: 'Фаридун' });
  const a = (await api(parent.url, desk, 'POST', '/api/v1/appeals', deskAppeal)).json;
  const agency = 'Кумитаи ҳифзи муҳити зисти ноҳияи Рӯдакӣ';
  const fw = await api(parent.url, head, 'POST', `/api/v1/appeals/${a.id}/steps`,
    { step: 'forward', agency, text: 'Ба салоҳияти кумита дахл дорад.' });
  assert.equal(fw.status, 200, fw.text);

  const secrets = [
    ...Object.keys(parent.logins), 'zarina.kh',
    'Зарина Хоҷаева', 'Фирӯза Назарова', 'Ҷамшед Қодиров', 'Азиз Раҳимзода', 'Ҳамида Сафарова',
    'desk_officer', 'mobile_officer', 'prosecutor', 'auditor', 'DSH-SNO', 'argon2',
    '38.712345', '69.123456', 'Деҳаи Зарафшон', 'УАЗ 4471', agency, 'салоҳияти',
    'Мирзоалиева', 'Гулнора', 'Саидмуродов', 'Фаридун', fieldAppeal.id_document, deskAppeal.id_document,
    'users', 'display_name', 'username', 'actor', 'subject',
  ];
  const onParent = await crawl(parent.url, secrets);
  const onField = await crawl(node.url, secrets);
  for (const k of ['user.created', 'trip.stop_started', 'sync.pulled', 'appeal.registered', 'appeal.forwarded'])
    assert.ok(onParent.kinds.has(k), `the parent's crawl covered ${k}`);
  for (const k of ['trip.stop_started', 'sync.pulled']) assert.ok(onField.kinds.has(k), `the field node's crawl covered ${k}`);

  // The whole header: to an auditor with a reason, journaled before it is sent.
  const fwIndex = onParent.size - 1;
  assert.equal((await api(parent.url, null, 'GET', `/log/entry/${fwIndex}`)).json.kind, 'appeal.forwarded');
  const auditor = await login(parent.url, 'auditor', parent.logins.auditor);
  const withReason = `/log/entry/${fwIndex}?reason=${encodeURIComponent(AUDIT_REASON)}`;
  assert.equal((await api(parent.url, auditor, 'GET', `/log/entry/${fwIndex}`)).json.entry, undefined,
    'no reason, no header');
  assert.equal((await api(parent.url, head, 'GET', withReason)).json.entry, undefined, 'a head gets the public fields only');
  assert.equal((await api(parent.url, null, 'GET', withReason)).json.entry, undefined);
  assert.equal((await parent.health()).journal_size, onParent.size, 'refused views write nothing');
  const full = await api(parent.url, auditor, 'GET', withReason);
  assert.equal(full.status, 200);
  assert.equal(JSON.parse(full.json.entry).data.agency, agency);
  assert.equal((await parent.health()).journal_size, onParent.size + 1);
  const audit = await api(parent.url, null, 'GET', `/log/entry/${onParent.size}`);
  assert.equal(audit.json.kind, 'audit.viewed');
  const auditEntry = JSON.parse((await api(parent.url, auditor, 'GET', `/log/entry/${onParent.size}?reason=${encodeURIComponent(AUDIT_REASON)}`)).json.entry);
  assert.deepEqual(auditEntry.data, { record: 'journal_entry', index: fwIndex });
  assert.equal(auditEntry.subject, String(fwIndex));
});
