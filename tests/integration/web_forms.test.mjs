// The HTML forms: CSRF on every POST, sign-in and sign-out with a
// server-side session cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';

let s;
before(async () => { s = await startServer({ demo: true, ...freshDatabase() }); });
after(async () => { await s?.cleanup(); });

const form = (o) => new URLSearchParams(o).toString();
const cookieOf = (res, name) => {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c;
  return null;
};
async function get(path, cookie) {
  return fetch(new URL(path, s.url), { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}
async function post(path, body, cookie) {
  return fetch(new URL(path, s.url), {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: form(body),
  });
}
const csrfIn = (html) => html.match(/name="csrf" value="([^"]+)"/)[1];

async function signIn() {
  const page = await get('/login');
  const pre = cookieOf(page, 'sabt_pre').split(';')[0];
  const csrf = csrfIn(await page.text());
  const res = await post('/login', { csrf, username: 'desk', password: s.logins.desk }, pre);
  assert.equal(res.status, 303);
  const session = cookieOf(res, 'sabt_session');
  assert.match(session, /HttpOnly/);
  assert.match(session, /SameSite=Strict/);
  return session.split(';')[0];
}

test('sign-in without the pre-session CSRF token is refused', async () => {
  const res = await post('/login', { username: 'desk', password: s.logins.desk });
  assert.equal(res.status, 403);
  assert.equal(cookieOf(res, 'sabt_session'), null);
});

test('an appeal form without a valid CSRF token is refused and writes nothing', async () => {
  const cookie = await signIn();
  const before = (await (await get('/api/v1/health')).json()).journal_size;
  const fields = { surname: 'Ҳасанзода', given_name: 'Ҷӯрабек', birth_date: '1979-05-14', address: 'деҳаи Ғозималик',
    phone: '935551234', id_document: 'A7654321', channel: 'desk', category: 'complaint', crime_signs: 'no', summary: 'Ҳамсоя садо мебарорад' };
  assert.equal((await post('/appeals', fields, cookie)).status, 403);
  assert.equal((await post('/appeals', { ...fields, csrf: 'x'.repeat(32) }, cookie)).status, 403);
  assert.equal((await (await get('/api/v1/health')).json()).journal_size, before);
  const csrf = csrfIn(await (await get('/appeals/new', cookie)).text());
  const ok = await post('/appeals', { ...fields, csrf }, cookie);
  assert.equal(ok.status, 303);
  assert.match(ok.headers.get('location'), /^\/appeals\/[0-9a-f-]+\?new=1$/);
  const receipt = (await (await get(ok.headers.get('location'), cookie)).text()).replaceAll('&#x2F;', '/');
  assert.match(receipt, /DSH-SNO\/\d{4}\/\d+/);
  assert.ok(receipt.includes('Ҳасанзода Ҷӯрабек'));
});

test('sign-out ends the session on the server', async () => {
  const cookie = await signIn();
  assert.equal((await get('/appeals', cookie)).status, 200);
  const csrf = csrfIn(await (await get('/appeals', cookie)).text());
  assert.equal((await post('/logout', { csrf }, cookie)).status, 303);
  const after = await get('/appeals', cookie);
  assert.equal(after.status, 303);
  assert.equal(after.headers.get('location'), '/login');
});

test('text a user typed is escaped in pages', async () => {
  const cookie = await signIn();
  const csrf = csrfIn(await (await get('/appeals/new', cookie)).text());
  const evil = '<script>alert(1)</script>{{csrf}}';
  const res = await post('/appeals', { csrf, surname: evil, given_name: 'Ҷ', birth_date: '1979-05-14', address: 'деҳаи Ғозималик',
    phone: '935551234', id_document: 'A7654321', channel: 'desk', category: 'complaint', crime_signs: 'no', summary: evil }, cookie);
  assert.equal(res.status, 303);
  const html = await (await get(res.headers.get('location'), cookie)).text();
  assert.ok(!html.includes('<script>alert(1)'), 'no raw script tag');
  assert.ok(html.includes('&lt;script&gt;'), 'escaped');
  assert.ok(html.includes('{{csrf}}'), 'template syntax typed by a user is not evaluated');
});

test('the printed receipt is a PDF whose QR code carries number, code, entry, leaf hash and key, and leads to a passing check', async () => {
  const cookie = await signIn();
  const csrf = csrfIn(await (await get('/appeals/new', cookie)).text());
  const res = await post('/appeals', { csrf, surname: 'Ҳасанзода', given_name: 'Ҷӯрабек', birth_date: '1979-05-14', address: 'деҳаи Ғозималик',
    phone: '935551234', id_document: 'A7654329', channel: 'desk', category: 'complaint', crime_signs: 'no', summary: 'Ҳамсоя садо мебарорад' }, cookie);
  const id = res.headers.get('location').split('/')[2].split('?')[0];
  const pdf = await get(`/appeals/${id}/receipt.pdf`, cookie);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const dir = mkdtempSync('/tmp/sabt-pdf-');
  writeFileSync(`${dir}/r.pdf`, bytes);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', `${dir}/r.pdf`, `${dir}/r`]);
  const url = execFileSync('zbarimg', ['--raw', '-q', `${dir}/r.png`]).toString().trim();
  assert.match(url, /\/verify\?number=DSH-SNO%2F\d{4}%2F\d+&code=[A-Z0-9-]+&i=\d+&leaf=[0-9a-f]{64}&k=[0-9a-f]{20}$/);
  // The key fingerprint printed on the paper is the node's, as in the QR.
  const text = execFileSync('pdftotext', [`${dir}/r.pdf`, '-']).toString();
  const k = new URL(url).searchParams.get('k');
  assert.ok(text.replace(/\s+/g, '').includes(k), 'the fingerprint is printed');
  // The QR URL answers, once a checkpoint covers the entry, with a passing
  // check bound to this receipt, and no name.
  let v = '';
  for (let i = 0; i < 30 && !/data-state="ok"/.test(v); i++) {
    if (i) await new Promise((r) => setTimeout(r, 200));
    v = await (await fetch(url.replace(/^http:\/\/[^/]+/, s.url))).text();
  }
  assert.match(v, /data-state="ok"/, 'the journal check passes');
  assert.ok(!v.includes('Ҳасанзода') && !v.includes('Ҷӯрабек'), 'no name on the check page');
  // The status page still links on to the journal check.
  const q = new URL(url).searchParams;
  const status = await (await fetch(new URL(`/status?number=${encodeURIComponent(q.get('number'))}&code=${q.get('code')}`, s.url))).text();
  assert.match(status, /id="status-verify"/);
});
