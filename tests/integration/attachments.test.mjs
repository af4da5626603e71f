// Scans and photos attached to an appeal: the type is checked by content,
// the size is limited to 20 MB, the file is stored by SHA-256 and comes back
// byte-identical within the caller's scope; the journal entry carries the hash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient, csrfIn } from '../lib/web.mjs';

let s, desk, appeal;
before(async () => {
  s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...freshDatabase() });
  desk = await login(s.url, 'desk', s.logins.desk);
  appeal = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
});
after(async () => { await s?.cleanup(); });

// A real 4×4 RGB PNG (signature, IHDR, IDAT, IEND with CRCs).
function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0); ihdr.writeUInt32BE(4, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < 4; y++) rows.push(Buffer.from([0, ...Array(12).fill(y * 60)]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

const upload = (token, id, bytes, name, lang = 'tg') => fetch(new URL(`/api/v1/appeals/${id}/attachments?name=${encodeURIComponent(name)}&lang=${lang}`, s.url), {
  method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes,
});

test('a PNG uploaded over the API comes back byte-identical, typed by content, with its SHA-256 in the journal', async () => {
  const bytes = png();
  const r = await upload(desk, appeal.id, bytes, 'акси ариза.png');
  assert.equal(r.status, 201);
  const j = await r.json();
  assert.equal(j.sha256, sha256(bytes));
  assert.equal(j.mime, 'image/png');
  assert.equal(j.size, bytes.length);
  const entry = await entryAsAuditor(s.url, await auditorToken(s), j.entry.index);
  assert.equal(entry.kind, 'appeal.attachment_added');
  assert.equal(entry.subject, appeal.id);
  assert.equal(entry.data.sha256, sha256(bytes));
  assert.equal(entry.data.size, bytes.length);
  assert.equal(entry.data.mime, 'image/png');
  assert.match(entry.payload, /^[0-9a-f]{64}$/, 'the file name is in the committed payload');

  const d = await fetch(new URL(`/api/v1/appeals/${appeal.id}/attachments/${j.sha256}`, s.url), { headers: { authorization: `Bearer ${desk}` } });
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'image/png');
  assert.match(d.headers.get('content-disposition'), /^attachment; filename="/);
  assert.match(d.headers.get('content-disposition'), /filename\*=UTF-8''%D0%B0%D0%BA/);
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(Buffer.from(await d.arrayBuffer()).equals(bytes), 'byte-identical');
  const list = await api(s.url, desk, 'GET', `/api/v1/appeals/${appeal.id}/attachments`);
  assert.equal(list.json.items[0].name, 'акси ариза.png');
  const history = (await api(s.url, desk, 'GET', `/api/v1/appeals/${appeal.id}`)).json.history.map((h) => h.kind);
  assert.ok(history.includes('appeal.attachment_added'));
});

test('a PDF uploaded on the appeal page with the CSRF token is listed and downloadable', async () => {
  const web = webClient(s.url);
  const cookie = await web.signIn('desk', s.logins.desk);
  const page = await (await web.get(`/appeals/${appeal.id}`, cookie)).text();
  const csrf = csrfIn(page.slice(page.indexOf('id="attachment-form"') - 200));
  const form = new FormData();
  form.set('csrf', csrf);
  form.set('file', new Blob([PDF], { type: 'application/pdf' }), 'ariza.pdf');
  const r = await fetch(new URL(`/appeals/${appeal.id}/attachments`, s.url), { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
  assert.equal(r.status, 303);
  const after = (await (await web.get(`/appeals/${appeal.id}`, cookie)).text()).replaceAll('&#x2F;', '/');
  assert.ok(after.includes(`/appeals/${appeal.id}/attachments/${sha256(PDF)}`));
  assert.ok(after.includes('ariza.pdf'));
  const d = await web.get(`/appeals/${appeal.id}/attachments/${sha256(PDF)}`, cookie);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.ok(Buffer.from(await d.arrayBuffer()).equals(PDF));

  const noCsrf = new FormData();
  noCsrf.set('file', new Blob([PDF]), 'x.pdf');
  const refused = await fetch(new URL(`/appeals/${appeal.id}/attachments`, s.url), { method: 'POST', body: noCsrf, headers: { cookie }, redirect: 'manual' });
  assert.equal(refused.status, 403);
});

test('a text file named .jpg is refused with a clear message in each language, and nothing is written', async () => {
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const text = Buffer.from('This is not a photo, just text pretending to be one.\n');
  const messages = {};
  for (const lang of ['tg', 'ru', 'en']) {
    const r = await upload(desk, appeal.id, text, 'photo.jpg', lang);
    assert.equal(r.status, 415);
    const j = await r.json();
    assert.equal(j.error, 'unsupported_type');
    messages[lang] = j.message;
  }
  assert.match(messages.en, /JPEG, PNG, PDF/);
  assert.match(messages.ru, /Тип файла/);
  assert.match(messages.tg, /Навъи файл/);
  assert.equal((await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size, before);
});

test('a file over 20 MB is refused clearly', async () => {
  const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
  png().copy(big);  // a PNG header: the size, not the type, is the problem
  const r = await upload(desk, appeal.id, big, 'big.png', 'en');
  assert.equal(r.status, 413);
  const j = await r.json();
  assert.equal(j.error, 'too_large');
  assert.match(j.message, /20 MB/);
});

test('another district gets 404 for the files of an appeal outside its scope', async () => {
  const bytes = png();
  const j = await (await upload(desk, appeal.id, bytes, 'x.png')).json();
  const other = await login(s.url, 'desk.sug-khj', s.logins['desk.sug-khj']);
  const d = await fetch(new URL(`/api/v1/appeals/${appeal.id}/attachments/${j.sha256}`, s.url), { headers: { authorization: `Bearer ${other}` } });
  assert.equal(d.status, 404);
  assert.equal((await upload(other, appeal.id, bytes, 'x.png')).status, 404);
  // Another appeal of the same district cannot serve a file it does not hold.
  const second = (await api(s.url, desk, 'POST', '/api/v1/appeals', appealBody())).json;
  const wrong = await fetch(new URL(`/api/v1/appeals/${second.id}/attachments/${j.sha256}`, s.url), { headers: { authorization: `Bearer ${desk}` } });
  assert.equal(wrong.status, 404);
  const web = webClient(s.url);
  const cookie = await web.signIn('desk.sug-khj', s.logins['desk.sug-khj']);
  assert.equal((await web.get(`/appeals/${appeal.id}/attachments/${j.sha256}`, cookie)).status, 404);
});
