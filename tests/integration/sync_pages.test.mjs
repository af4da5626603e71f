// The parent's device pages (docs/sync-protocol.md §2): an admin creates an
// enrolment on /admin/devices and sees the one-time code once, as text and as
// a QR code holding it, with the command for the laptop; that command enrols
// a field node, which then appears in the list; revoking needs a reason and a
// CSRF token; everyone but an admin is refused. Runs on SQLite and PostgreSQL
// parents (SABT_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api, login, appealBody } from '../lib/api.mjs';
import { webClient, csrfIn } from '../lib/web.mjs';
import { repoRoot } from '../lib/server.mjs';
import { sabt, startParent, enrolField, startField, until } from '../lib/sync.mjs';

let parent;
let web;
let admin;  // admin's session cookie
let tmp;
before(async () => {
  parent = await startParent();
  web = webClient(parent.url);
  admin = await web.signIn('admin', parent.logins.admin);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sabt-sync-pages-'));
});
after(async () => {
  await parent?.cleanup();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// mstch escapes & < > " ' / in values.
const unescape = (s) => s.replaceAll('&#x2F;', '/').replaceAll('&quot;', '"').replaceAll('&#39;', "'")
  .replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const textOf = (html, id) => {
  const m = html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`));
  return m ? unescape(m[1]).trim() : null;
};

// The catalogue of the page's language (web/i18n/<lang>.json).
const catalogueOf = (html) => {
  const lang = html.match(/<html lang="(\w+)"/)[1];
  return JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', `${lang}.json`), 'utf8'));
};

async function devicesPage(cookie = admin) {
  const res = await web.get('/admin/devices', cookie);
  return { status: res.status, html: await res.text() };
}

async function enrolments() {
  const r = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Creates an enrolment through the form; answers the page that shows it.
async function createOnPage(department) {
  const { html } = await devicesPage();
  const res = await web.post('/admin/devices', { csrf: csrfIn(html), department }, admin);
  assert.equal(res.status, 303, `create enrolment: ${res.status}`);
  const location = res.headers.get('location');
  assert.match(location, /^\/admin\/devices\?shown=/);
  const shown = await web.get(location, admin);
  assert.equal(shown.status, 200);
  assert.equal(shown.headers.get('cache-control'), 'no-store');
  return { location, html: await shown.text() };
}

function decodeQr(html) {
  const src = html.match(/id="enrolment-qr" src="([^"]+)"/);
  assert.ok(src, 'a QR image is shown');
  const uri = unescape(src[1]);
  assert.ok(uri.startsWith('data:image/png;base64,'), 'the QR code is an inline PNG made by the server');
  return Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64');
}

let enrolled;  // {origin, code} of the laptop enrolled by the first test
let replacement;  // {code} for a second laptop of the same unit, after the first is revoked

test('an admin creates an enrolment: the code is shown once, as text and as a QR code, with the laptop command', async () => {
  const { html: empty } = await devicesPage();
  assert.match(empty, /id="nav-devices" href="\/admin\/devices"|href="\/admin\/devices" id="nav-devices"/);
  assert.match(empty, /<option value="DSH-SNO-M1"/, 'the mobile unit can be chosen');
  assert.doesNotMatch(empty, /<option value="DSH-SNO"[ >]/, 'a district is not a mobile unit');
  const before = (await enrolments()).enrolments.length;
  const district = await web.post('/admin/devices', { csrf: csrfIn(empty), department: 'DSH-SNO' }, admin);
  assert.equal(district.status, 422, 'only a mobile unit can be enrolled');
  assert.match(await district.text(), /id="devices-error"/);
  assert.equal((await enrolments()).enrolments.length, before);

  const { location, html } = await createOnPage('DSH-SNO-M1');
  const code = textOf(html, 'enrolment-code');
  assert.match(code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  const png = decodeQr(html);
  const file = path.join(tmp, 'qr.png');
  await writeFile(file, png);
  const decoded = execFileSync('zbarimg', ['--raw', '-q', file]).toString().trim();
  assert.equal(decoded, code, 'the QR code holds the enrolment code');
  const command = textOf(html, 'enrolment-command');
  assert.equal(command, `sabt enroll --parent ${parent.url} --code ${code}`);

  const list = await enrolments();
  assert.equal(list.enrolments.length, before + 1);
  const en = list.enrolments.find((e) => e.origin === textOf(html, 'enrolment-origin'));
  assert.ok(en, 'the enrolment is listed');
  // Valid for 24 h from creation (the expiry is drawn just before the entry's time).
  const validity = Date.parse(en.expires_at) - Date.parse(en.created_at);
  assert.ok(validity <= 24 * 3600 * 1000 && validity > 24 * 3600 * 1000 - 60_000, `valid for 24 h, not ${validity} ms`);
  assert.ok(!JSON.stringify(list).includes(code), 'the code itself is not stored');

  // Reloading the page neither shows the code again nor makes a new one.
  const again = await web.get(location, admin);
  assert.equal(again.status, 200);
  const againHtml = await again.text();
  assert.equal(textOf(againHtml, 'enrolment-code'), null);
  assert.ok(!againHtml.includes(code));
  assert.equal((await enrolments()).enrolments.length, before + 1);
  assert.match(againHtml, new RegExp(`<tr data-origin="${en.origin}" data-state="pending"`));

  // The command shown enrols the laptop (with its database path added).
  const dir = await mkdtemp(path.join(tmp, 'field-'));
  const args = command.split(' ').slice(1);
  const r = await sabt([...args, '--db', `sqlite:${path.join(dir, 'field.db')}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`enrolled as ${en.origin} `));
  enrolled = { origin: en.origin, code };

  const { html: after } = await devicesPage();
  assert.match(after, new RegExp(`<tr id="device-${en.origin}" data-origin="${en.origin}" data-state="active"`));
  assert.match(after, new RegExp(`<tr data-origin="${en.origin}" data-state="used"`));
  assert.ok(!after.includes(code));
  // The same code cannot be used twice.
  const twice = await sabt([...args, '--db', `sqlite:${path.join(dir, 'other.db')}`]);
  assert.notEqual(twice.code, 0);
  assert.match(twice.stderr, /already used/);
  // While the unit has an active laptop, no new code is made for it.
  const busy = await web.post('/admin/devices', { csrf: csrfIn(after), department: 'DSH-SNO-M1' }, admin);
  assert.equal(busy.status, 409);
  assert.match(await busy.text(), /id="devices-error"/);
});

test('revoking a device needs a CSRF token and a reason, and is journaled', async () => {
  assert.ok(enrolled, 'the first test enrolled a laptop');
  const row = (html) => html.match(new RegExp(`<tr id="device-${enrolled.origin}"[^>]*data-state="(\\w+)"`))[1];
  const { html } = await devicesPage();
  const csrf = csrfIn(html);
  const url = `/admin/devices/${enrolled.origin}/revoke`;
  const size0 = (await parent.health()).journal_size;

  assert.equal((await web.post(url, { reason: 'ноутбук дуздида шуд' }, admin)).status, 403, 'no CSRF token');
  assert.equal((await web.post(url, { csrf: 'x'.repeat(32), reason: 'ноутбук дуздида шуд' }, admin)).status, 403);
  const noReason = await web.post(url, { csrf, reason: '   ' }, admin);
  assert.equal(noReason.status, 422, 'a reason is required');
  assert.match(await noReason.text(), /id="devices-error"/);
  assert.equal((await parent.health()).journal_size, size0, 'nothing journaled');
  assert.equal(row((await devicesPage()).html), 'active');

  const ok = await web.post(url, { csrf, reason: 'ноутбук дуздида шуд' }, admin);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/admin/devices');
  assert.equal(row((await devicesPage()).html), 'revoked');
  assert.equal((await parent.health()).journal_size, size0 + 1, 'one entry: sync.device_revoked');
  const dev = (await enrolments()).devices.find((d) => d.origin === enrolled.origin);
  assert.equal(dev.status, 'revoked');
  // Revoking twice is refused.
  assert.equal((await web.post(url, { csrf, reason: 'again' }, admin)).status, 409);
});

test('a new code is shown only to the session that created it', async () => {
  // The revoked laptop's unit may enrol a replacement.
  const { html } = await devicesPage();
  const res = await web.post('/admin/devices', { csrf: csrfIn(html), department: 'DSH-SNO-M1' }, admin);
  assert.equal(res.status, 303);
  const location = res.headers.get('location');
  const other = await web.signIn('admin', parent.logins.admin);  // another session of the same admin
  const stolen = await (await web.get(location, other)).text();
  assert.equal(textOf(stolen, 'enrolment-code'), null, 'another session does not get the code');
  const mine = await (await web.get(location, admin)).text();
  assert.match(textOf(mine, 'enrolment-code'), /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  replacement = { code: textOf(mine, 'enrolment-code') };
});

test('a field node shows the sync banner on its pages without JavaScript; "Sync now" is a CSRF form', async () => {
  assert.ok(replacement, 'the previous test made a code for a replacement laptop');
  const field = await enrolField(parent, replacement.code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  try {
    const fweb = webClient(node.url);
    const mobile = await fweb.signIn('mobile', parent.logins.mobile);
    const token = await login(node.url, 'mobile', parent.logins.mobile);
    await until(async () => (await api(node.url, token, 'GET', '/api/v1/sync/status')).json.pending === 0, 60_000, 'first sync');
    // Pending work is counted on every page.
    assert.equal((await api(node.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
    for (const p of ['/appeals', '/appeals/new', '/queue']) {
      const html = await (await fweb.get(p, mobile)).text();
      assert.match(html, /<strong id="sync-state" class="sync-pending" data-state="pending" data-pending="1"/, p);
      assert.equal(textOf(html, 'sync-state'), catalogueOf(html).sync_pending.replace('{n}', '1'));
      assert.match(html, /<form class="inline" method="post" action="\/sync\/now">/, p);
      assert.match(html, /<progress id="sync-progress"/, p);
      assert.doesNotMatch(html, /id="nav-devices"/);
    }
    const state = await fweb.get('/sync/state', mobile);
    assert.equal(state.status, 200);
    assert.deepEqual((({ state: st, pending }) => ({ st, pending }))(await state.json()), { st: 'pending', pending: 1 });

    const html = await (await fweb.get('/appeals', mobile)).text();
    assert.equal((await fweb.post('/sync/now', { back: '/appeals' }, mobile)).status, 403, 'no CSRF token');
    const now = await fweb.post('/sync/now', { csrf: csrfIn(html), back: '/appeals' }, mobile);
    assert.equal(now.status, 303);
    assert.equal(now.headers.get('location'), '/appeals');
    assert.equal((await fweb.post('/sync/now', { csrf: csrfIn(html), back: '//evil.example/' }, mobile)).headers.get('location'), '/');
    // Reloading (no script) eventually shows "synced".
    await until(async () => /data-state="synced" data-pending="0"/.test(await (await fweb.get('/appeals', mobile)).text()),
      60_000, 'synced banner');
    const synced = await (await fweb.get('/appeals', mobile)).text();
    assert.equal(textOf(synced, 'sync-state'), catalogueOf(synced).sync_synced);
    assert.match(synced, /<span id="sync-error" class="sync-error" hidden>/, 'no error shown');
    assert.equal((await fweb.get('/sync/state')).status, 401, 'the state needs a session');
  } finally {
    await node.cleanup();
    await rm(field.dir, { recursive: true, force: true });
  }
});

test('only an admin may see or use the device pages; forms without a CSRF token are refused', async () => {
  const before = (await enrolments()).enrolments.length;
  for (const user of ['desk', 'head', 'mobile']) {
    const cookie = await web.signIn(user, parent.logins[user]);
    const page = await devicesPage(cookie);
    assert.equal(page.status, 403, `${user} must not see /admin/devices`);
    const appeals = await (await web.get('/appeals/new', cookie)).text();
    assert.doesNotMatch(appeals, /nav-devices/, `no devices link for ${user}`);
    const csrf = csrfIn(appeals);
    assert.equal((await web.post('/admin/devices', { csrf, department: 'DSH-SNO-M1' }, cookie)).status, 403);
    assert.equal((await web.post(`/admin/devices/${enrolled?.origin ?? 'x'}/revoke`, { csrf, reason: 'r' }, cookie)).status, 403);
  }
  assert.equal((await web.post('/admin/devices', { department: 'DSH-SNO-M1' }, admin)).status, 403, 'admin without CSRF');
  const anon = await web.get('/admin/devices');
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.get('location'), '/login');
  assert.equal((await enrolments()).enrolments.length, before, 'no enrolment was created');
});

test('a parent node shows no sync banner and has nothing to sync', async () => {
  const { html } = await devicesPage();
  assert.doesNotMatch(html, /id="sync-banner"/);
  assert.equal((await web.post('/sync/now', { csrf: csrfIn(html), back: '/appeals' }, admin)).status, 409);
  assert.equal((await web.get('/sync/state', admin)).status, 404);
  assert.equal((await web.get('/sync/state')).status, 401);
});
