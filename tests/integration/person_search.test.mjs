// Persons and search (issue 16; docs/persons-and-search.md): one man spelt in
// Tajik, Russian and Latin is found by any spelling; a head merges and
// unmerges master records as journal entries that replay and verify; search
// never shows a person known only to another district; phones, documents,
// numbers and words of a summary find records; oversight reads are journaled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';

let s;
const t = {};
before(async () => {
  s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...freshDatabase() });
  for (const u of ['desk', 'desk.sug-khj', 'head', 'prosecutor']) t[u] = await login(s.url, u, s.logins[u]);
});
after(async () => { await s?.cleanup(); });

const register = async (token, extra) => {
  const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody(extra));
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const personOf = async (token, appealId) => (await api(s.url, token, 'GET', `/api/v1/appeals/${appealId}`)).json.person_id;
const searchPersons = (token, q, extra = '') =>
  api(s.url, token, 'GET', `/api/v1/search/persons?q=${encodeURIComponent(q)}${extra}`);
const verify = () => execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();

test('the same man in Tajik, Russian and Latin spellings is found by each spelling, best first, with why', async () => {
  const tg = await register(t.desk, { surname: 'Раҳимзода', given_name: 'Ҷамшед', patronymic: 'Алиевич',
    birth_date: '1985-03-12', id_document: 'A11110001' });
  const ru = await register(t.desk, { surname: 'Рахимзаде', given_name: 'Джамшед', patronymic: '',
    birth_date: '1985-03-12', id_document: 'A11110002' });
  await register(t.desk, { surname: 'Раҳимзода', given_name: 'Фарҳод', patronymic: 'Алиевич',
    birth_date: '1988-07-01', id_document: 'A11110003' });
  const ptg = await personOf(t.desk, tg.id);
  const pru = await personOf(t.desk, ru.id);
  for (const q of ['Джамшед Рахимзаде', 'Jamshed Rahimzoda', 'RAKHIMZADE DZHAMSHED', 'раҳимзода ҷамшед алиевич']) {
    const r = await searchPersons(t.desk, q);
    assert.equal(r.status, 200, r.text);
    const ids = r.json.items.map((x) => x.id);
    assert.ok(ids.includes(ptg) && ids.includes(pru), `${q}: ${JSON.stringify(r.json.items)}`);
    assert.ok(r.json.items.every((x) => x.given_name !== 'Фарҳод'), `${q}: the brother is not offered`);
    const scores = r.json.items.map((x) => x.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best first');
    const item = r.json.items.find((x) => x.id === ptg);
    assert.equal(item.surname, 'Раҳимзода');
    assert.ok(item.why.some((w) => w.startsWith('surname:')) && item.why.some((w) => w.startsWith('given_name:')));
  }
  const dated = await searchPersons(t.desk, 'Джамшед Рахимзаде', '&birth_date=1985-03-12');
  assert.ok(dated.json.items.find((x) => x.id === ptg).why.includes('birth_date:exact'));
  assert.equal((await searchPersons(t.desk, 'Джамшед', '&birth_date=12.03.1985')).status, 422);
  assert.equal((await searchPersons(t.desk, '')).status, 422);
});

test('a head merges two masters and unmerges them, each a journal entry with a reason; replay verifies', async () => {
  const a = await register(t.desk, { surname: 'Қодиров', given_name: 'Ӯктам', birth_date: '1970-01-02', id_document: 'B22220001' });
  const b = await register(t.desk, { surname: 'Кодиров', given_name: 'Уктам', birth_date: '1970-01-02', id_document: 'B22220002' });
  const pa = await personOf(t.desk, a.id);
  const pb = await personOf(t.desk, b.id);
  const denied = await api(s.url, t.desk, 'POST', '/api/v1/persons/merge', { into: pa, from: pb, reason: 'один человек' });
  assert.equal(denied.status, 403, 'a desk officer does not merge');
  const noReason = await api(s.url, t.head, 'POST', '/api/v1/persons/merge', { into: pa, from: pb, reason: ' ' });
  assert.equal(noReason.status, 403);
  assert.equal(noReason.json.error, 'reason_required');
  const m = await api(s.url, t.head, 'POST', '/api/v1/persons/merge',
    { into: pa, from: pb, reason: 'Паспорт ва хати русӣ: як шахс' });
  assert.equal(m.status, 201, m.text);
  assert.deepEqual(m.json.persons, [pb]);
  const entry = await entryAsAuditor(s.url, await auditorToken(s), m.json.merge);
  assert.equal(entry.kind, 'person.merged');
  assert.equal(entry.subject, pa);
  assert.equal(entry.data.from, pb);

  const found = (await searchPersons(t.desk, 'Уктам Кодиров')).json.items.filter((x) => x.id === pa || x.id === pb);
  assert.deepEqual(found.map((x) => x.id), [pa], 'one master after the merge');
  const master = await api(s.url, t.desk, 'GET', `/api/v1/masters/${pb}`);
  assert.equal(master.json.id, pa);
  assert.deepEqual(master.json.records.map((r) => r.number).sort(), [a.number, b.number].sort());
  assert.match(verify(), /^OK:/m);

  const again = await api(s.url, t.head, 'POST', '/api/v1/persons/merge', { into: pa, from: pb, reason: 'дубора' });
  assert.equal(again.status, 422, 'already one master');
  const u = await api(s.url, t.head, 'POST', '/api/v1/persons/unmerge', { merge: m.json.merge, reason: 'Санаи таваллуд санҷида шуд: ду шахс' });
  assert.equal(u.status, 201, u.text);
  const twice = await api(s.url, t.head, 'POST', '/api/v1/persons/unmerge', { merge: m.json.merge, reason: 'боз' });
  assert.equal(twice.status, 422);
  const split = (await searchPersons(t.desk, 'Уктам Кодиров')).json.items.map((x) => x.id);
  assert.ok(split.includes(pa) && split.includes(pb), 'two masters again');
  assert.equal((await api(s.url, t.desk, 'GET', `/api/v1/masters/${pb}`)).json.id, pb);
  assert.match(verify(), /^OK:/m);

  // `sabt rebuild` replays both entries into fresh tables: the masters stay apart.
  const logins = s.logins;
  await s.stop();
  execFileSync(s.bin, ['rebuild', '--db', s.dbUrl, '--quiet'], { env: s.env });
  assert.match(verify(), /^OK:/m);
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env });
  s.logins = logins;
  for (const u of Object.keys(t)) t[u] = await login(s.url, u, logins[u]);
  assert.equal((await api(s.url, t.desk, 'GET', `/api/v1/masters/${pb}`)).json.id, pb);
  assert.equal((await api(s.url, t.desk, 'GET', `/api/v1/masters/${pa}`)).json.records.length, 1);
});

test('a district officer never gets a person who appears only in another district\'s records', async () => {
  const k = await register(t['desk.sug-khj'], { surname: 'Шарипов', given_name: 'Комрон', phone: '92 444 55 66',
    id_document: 'C33330001', summary: 'Шикоят дар бораи обёрии саҳро дар Хуҷанд.' });
  const pk = await personOf(t['desk.sug-khj'], k.id);
  const theirs = await searchPersons(t['desk.sug-khj'], 'Комрон Шарипов');
  assert.ok(theirs.json.items.some((x) => x.id === pk));
  for (const q of ['Комрон Шарипов', 'Sharipov Komron', 'C33330001', '+992 92 444-55-66']) {
    const mine = await searchPersons(t.desk, q);
    assert.equal(mine.status, 200);
    assert.ok(!mine.json.items.some((x) => x.id === pk), q);
    const all = await api(s.url, t.desk, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
    assert.ok(!all.json.persons.some((x) => x.id === pk) && !all.json.records.some((r) => r.id === k.id), q);
  }
  const byNumber = await api(s.url, t.desk, 'GET', `/api/v1/search?q=${encodeURIComponent(k.number)}`);
  assert.deepEqual(byNumber.json.records, []);
  assert.equal((await api(s.url, t.desk, 'GET', `/api/v1/masters/${pk}`)).status, 404);
});

test('one search box finds records by phone however formatted, ID document, number and words of a summary', async () => {
  const a = await register(t.desk, { surname: 'Назарова', given_name: 'Ситора', phone: '93 777 66 55', id_document: 'D44440001',
    summary: 'Ҳамсоя оби ҷӯйро баст ва замини маро хушк кард.' });
  const q = (x) => api(s.url, t.desk, 'GET', `/api/v1/search?q=${encodeURIComponent(x)}`);
  for (const phone of ['+992 (93) 777-66-55', '937776655', '93 777 66 55']) {
    const r = await q(phone);
    assert.ok(r.json.records.some((x) => x.id === a.id && x.match === 'phone'), phone);
  }
  assert.ok((await q('d 4444 0001')).json.records.some((x) => x.id === a.id && x.match === 'document'));
  const num = await q(a.number.toLowerCase());
  assert.deepEqual(num.json.records.map((x) => x.id), [a.id]);
  // Tajik letters and their Russian spellings meet after ICU folding.
  for (const words of ['ҷӯйро баст', 'ХАМСОЯ оби', 'чуйро']) {
    const r = await q(words);
    assert.ok(r.json.records.some((x) => x.id === a.id && x.match === 'text'), words);
  }
  assert.ok(!(await q('ғоратгарӣ')).json.records.some((x) => x.id === a.id));
});

test('an oversight role searches only with a reason, and each person shown is journaled', async () => {
  await register(t.desk, { surname: 'Давлатов', given_name: 'Зафар', id_document: 'E55550001' });
  const denied = await searchPersons(t.prosecutor, 'Зафар Давлатов');
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error, 'reason_required');
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const ok = await searchPersons(t.prosecutor, 'Зафар Давлатов', `&reason=${encodeURIComponent('Санҷиши шикоят №7')}`);
  assert.equal(ok.status, 200);
  assert.ok(ok.json.items.length >= 1);
  const size = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  assert.equal(size, before + ok.json.items.length);
  const entry = await entryAsAuditor(s.url, await auditorToken(s), size - 1);
  assert.equal(entry.kind, 'audit.viewed');
  assert.equal(entry.data.record, 'person');
});

test('at intake, the duplicate hint lists the applicant\'s appeals of the last 30 days in scope, by name and birth date or document', async () => {
  const who = { surname: 'Ғаффоров', given_name: 'Ҳабибулло', patronymic: 'Салимович', birth_date: '1966-11-04' };
  const recent = [await register(t.desk, { ...who, id_document: 'F66660001' }),
    await register(t.desk, { ...who, id_document: 'F66660001' })];
  const old = await register(t.desk, { ...who, id_document: 'F66660001',
    received_at: new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString() });
  const other = await register(t['desk.sug-khj'], { ...who, id_document: 'F66660001' });
  const hint = (token, p) => api(s.url, token, 'GET', `/api/v1/search/similar-appeals?${new URLSearchParams(p)}`);
  // A Russian spelling of the name with the birth date, or the document alone.
  for (const p of [{ surname: 'Гаффаров', given_name: 'Хабибулло', birth_date: '1966-11-04' }, { id_document: 'f 6666 0001' }]) {
    const r = await hint(t.desk, p);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.number).sort(), recent.map((a) => a.number).sort(), JSON.stringify(p));
    assert.equal(r.json.count, 2);
    assert.ok(!r.json.items.some((x) => x.id === old.id || x.id === other.id), 'not older than 30 days, not another district');
  }
  // The other district sees only its own appeal; a different birth date is another man.
  assert.deepEqual((await hint(t['desk.sug-khj'], { id_document: 'F66660001' })).json.items.map((x) => x.id), [other.id]);
  assert.equal((await hint(t.desk, { surname: 'Гаффаров', given_name: 'Хабибулло', birth_date: '1990-01-01' })).json.count, 0);
  assert.equal((await hint(t.desk, { surname: 'Гаффаров', given_name: 'Хабибулло' })).json.count, 0, 'a name alone is not enough');
  assert.equal((await hint(t.desk, { surname: 'Гаффаров', given_name: 'Хабибулло', birth_date: '04.11.1966' })).status, 422);
  assert.equal((await hint(t.prosecutor, { id_document: 'F66660001' })).status, 403, 'only roles that register appeals');

  // The form's script asks the page route with the officer's session.
  const web = webClient(s.url);
  assert.equal((await web.get('/search/similar-appeals?id_document=F66660001')).status, 401);
  const cookie = await web.signIn('desk', s.logins.desk);
  const page = await web.get(`/search/similar-appeals?${new URLSearchParams({ ...who, lang: 'en' })}`, cookie);
  assert.equal(page.status, 200);
  const j = await page.json();
  assert.equal(j.count, 2);
  assert.deepEqual(j.items.map((x) => x.href).sort(), recent.map((a) => `/appeals/${a.id}`).sort());
  assert.match(j.hint, /2/);
  const form = await (await web.get('/appeals/new', cookie)).text();
  assert.match(form, /id="similar-appeals-live"[^>]*data-url="\/search\/similar-appeals"/);
  assert.match(form, /<script src="\/static\/intake_hint.js"/);
});
