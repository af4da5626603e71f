// Erasure reaches the search index (docs/persons-and-search.md §7): after
// `sabt erase` of an appeal's registration, its applicant's names, ID
// document, phone and the words of its summary are no longer found by the
// search API, the person index keeps no key of them, and on SQLite none of
// them (nor the index keys or FTS5 terms) remains in the raw .db and -wal
// bytes. On PostgreSQL the index rows (keys, tsvector) are checked instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { backend, freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

let first;
let s;
let db;
let dbPath;
const logins = {};
before(async () => {
  db = freshDatabase();
  first = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...db });
  s = first;
  dbPath = first.dbPath;
  Object.assign(logins, first.logins);
});
after(async () => {
  if (s !== first) await s?.cleanup();
  await first?.cleanup();
});

// The applicant and summary: words that appear nowhere else in the demo data.
const person = {
  surname: 'Зарафшонзода', given_name: 'Бахтовар', patronymic: 'Тимурович', birth_date: '1981-09-23',
  id_document: 'ZQ7351946', phone: '+992 (90) 864-27-13',
  summary: 'Заявитель жалуется: сосед-ксилофонист играет ночью, шум мешает детям.',
};
// Byte strings that must go: the stored spellings, the folded ones (search
// keys, FTS terms are lower case; a leading capital is left out so one needle
// covers both), the document and phone as keys.
const needles = ['арафшонзода', 'ахтовар', 'имурович', 'ZQ7351946', 'zq7351946', '8642713', 'илофонист'];

const search = (token, q) => api(s.url, token, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
const searchPersons = (token, q) => api(s.url, token, 'GET', `/api/v1/search/persons?q=${encodeURIComponent(q)}`);

function sql(query) {
  if (backend === 'sqlite') return execFileSync('sqlite3', [dbPath, query]).toString().trim();
  return execFileSync('psql', [db.env.SABT_PG_OWNER_URL, '-XAtqc', query]).toString().trim();
}
function rawHits(needle) {
  const b = Buffer.from(needle, 'utf8');
  return [dbPath, `${dbPath}-wal`].filter(existsSync).filter((f) => readFileSync(f).includes(b));
}

test('after sabt erase of a registration, its names, document, phone and summary words are gone from search and from the index', async () => {
  const desk = await login(s.url, 'desk', logins.desk);
  const r = await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody(person));
  assert.equal(r.status, 201, r.text);
  const appeal = r.json;
  const pid = (await api(s.url, desk, 'GET', `/api/v1/appeals/${appeal.id}`)).json.person_id;
  assert.ok(pid);

  // Found by each route before the erasure (so the checks below can fail).
  const byName = async (token) => (await searchPersons(token, 'Bakhtovar Zarafshonzoda')).json.items.map((x) => x.id);
  const records = async (token, q) => (await search(token, q)).json.records.map((x) => x.id);
  assert.ok((await byName(desk)).includes(pid), 'found by name');
  for (const q of ['ZQ 7351946', '90 864 27 13', 'ксилофонист']) assert.ok((await records(desk, q)).includes(appeal.id), `found by ${q}`);
  const keys = sql(`SELECT key FROM person_keys WHERE person_id = '${pid}' ORDER BY key`).split('\n').filter(Boolean);
  assert.ok(keys.some((k) => k.startsWith('n:')) && keys.includes('d:zq7351946') && keys.includes('t:908642713'), keys.join(' '));

  await s.stop();
  if (backend === 'sqlite') {
    for (const n of [...needles, ...keys]) assert.notDeepEqual(rawHits(n), [], `${n} is stored before the erasure`);
  }
  const out = execFileSync(s.bin, ['erase', '--db', s.dbUrl, '--entry', String(appeal.entry.index), '--reason-code',
    'court_order', '--reason', 'Қарори суд № 16'], { env: s.env }).toString();
  assert.match(out, /erased the payload of entry/);

  // The index: no key of the person, no text of the appeal.
  assert.equal(sql(`SELECT count(*) FROM person_keys WHERE person_id = '${pid}'`), '0');
  if (backend === 'sqlite') {
    assert.equal(sql(`SELECT count(*) FROM record_text_fts WHERE record_text_fts MATCH '"ксилофонист"*'`), '0');
    for (const n of [...needles, ...keys]) assert.deepEqual(rawHits(n), [], `${n} remains in the raw bytes`);
  } else {
    assert.equal(sql(`SELECT count(*) FROM record_texts WHERE record_id = '${appeal.id}' AND body_tsv @@ 'ксилофонист:*'::tsquery`), '0');
    assert.equal(sql(`SELECT count(*) FROM record_texts WHERE body LIKE '%илофонист%'`), '0');
    assert.equal(sql(`SELECT count(*) FROM persons WHERE search_key LIKE '%арафшонзода%' OR id_document = 'ZQ7351946'`), '0');
  }
  const v = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(v, /^OK:/m);

  // Search over the API finds nothing of it; the record itself stays (by number).
  s = await startServer({ dbUrl: first.dbUrl, init: false, env: db.env });
  const desk2 = await login(s.url, 'desk', logins.desk);
  assert.ok(!(await byName(desk2)).includes(pid), 'not found by name');
  for (const q of ['Зарафшонзода', 'ZQ 7351946', '90 864 27 13', 'ксилофонист'])
    assert.ok(!(await records(desk2, q)).includes(appeal.id), `not found by ${q}`);
  assert.ok((await records(desk2, appeal.number)).includes(appeal.id), 'the registration number still finds the record');
});
