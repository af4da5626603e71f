// Sign-in that resists guessing (docs/security.md "Sign-in and sessions"):
// throttle and lockout, the TOTP second factor, session limits, sign-out
// everywhere, password change. Time moves with the server's test clock
// (startServer({ testClock: true }), s.setClock), never with sleeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api } from '../lib/api.mjs';
import { webClient, csrfIn } from '../lib/web.mjs';
import { base32Decode, secretFor, serverNow, totpAt } from '../lib/totp.mjs';

let s;
let offset = 0;
const advance = (seconds) => { offset += seconds; s.setClock(offset); };
const signInApi = (body) => api(s.url, null, 'POST', '/api/v1/login', body);
const codeNow = (username) => totpAt(secretFor(username, s.logins[username]), serverNow(s.url));

before(async () => {
  s = await startServer({ demo: true, testClock: true, demoArgs: ['--appeals', '0'], ...freshDatabase() });
});
after(async () => { await s?.cleanup(); });

// The kinds of the journal entries written since size `from`.
async function kindsSince(from) {
  const size = (await s.health()).journal_size;
  const kinds = [];
  for (let i = from; i < size; i++) {
    const r = await fetch(new URL(`/log/entry/${i}`, s.url));
    const text = await r.text();
    const j = JSON.parse(text);
    const entry = typeof j.entry === 'string' ? JSON.parse(j.entry) : (j.entry || j);
    kinds.push({ kind: entry.kind, text });
  }
  return kinds;
}

// Five wrong passwords, waiting out each growing delay like a patient attacker.
async function lockByGuessing(username) {
  for (let failures = 0; failures < 5;) {
    const r = await signInApi({ username, password: `wrong-guess-${failures}` });
    if (r.status === 429) { advance(r.json.retry_after); continue; }
    failures++;
    if (failures < 5) assert.equal(r.status, 401);
    else assert.equal(r.status, 423);
  }
}

test('100 guesses in a loop are throttled with growing delays, then the account locks for 15 minutes; the real user signs in when the lock ends', async () => {
  const before = (await s.health()).journal_size;
  const seen = [];
  const delays = [];
  for (let i = 0; i < 100; i++) {
    const r = await signInApi({ username: 'head', password: `guess-${i}-password`, totp: '123456' });
    seen.push(r.status);
    assert.notEqual(r.status, 200, `guess ${i} signed in`);
    if (r.status === 429) {
      assert.equal(r.json.error, 'throttled');
      assert.equal(Number(r.headers.get('retry-after')), r.json.retry_after);
      delays.push(r.json.retry_after);
      advance(r.json.retry_after);  // the attacker waits as told
    }
  }
  assert.equal(seen.filter((x) => x === 401).length, 4, 'four failures before the lock');
  assert.deepEqual(delays, [1, 2, 4], 'the delay grows after each failure');
  const firstLock = seen.indexOf(423);
  assert.ok(firstLock > 0, 'the account locked');
  assert.ok(seen.slice(firstLock).every((x) => x === 423), 'every attempt after the lock is refused');

  // The right password and code do not open a locked account either.
  const locked = await signInApi({ username: 'head', password: s.logins.head, totp: codeNow('head') });
  assert.equal(locked.status, 423);
  assert.equal(locked.json.error, 'locked');
  assert.ok(locked.json.retry_after > 14 * 60 && locked.json.retry_after <= 15 * 60);

  const kinds = await kindsSince(before);
  assert.equal(kinds.filter((k) => k.kind === 'auth.account_locked').length, 1, 'the lockout is journaled once');

  advance(15 * 60 + 1);
  assert.ok(await login(s.url, 'head', s.logins.head), 'signed in after the lock ended');
});

test('the sign-in form follows the same rules, an administrator sees the locked account and unlocks it with a CSRF-protected form', async () => {
  const web = webClient(s.url);
  const before = (await s.health()).journal_size;
  // The web form: five wrong passwords (waiting out the delays) lock the prosecutor.
  for (let failures = 0; failures < 5;) {
    const page = await web.get('/login');
    const pre = page.headers.getSetCookie().find((c) => c.startsWith('sabt_pre=')).split(';')[0];
    const res = await web.post('/login', { csrf: csrfIn(await page.text()), username: 'prosecutor', password: `nope-${failures}-xxxx` }, pre);
    if (res.status === 429) { advance(Number(res.headers.get('retry-after'))); continue; }
    failures++;
    assert.equal(res.status, failures < 5 ? 401 : 423);
    if (failures === 5) assert.match(await res.text(), /id="signin-refused" data-reason="locked"/);
  }
  const adminCookie = await web.signIn('admin', s.logins.admin);
  const page = await web.get('/admin/sign-in', adminCookie);
  assert.equal(page.status, 200);
  const html = await page.text();
  const row = html.match(/<tr id="locked-prosecutor" data-user="([^"]+)">/);
  assert.ok(row, 'the locked prosecutor is listed');
  const userId = row[1];
  // Not for other roles, and not without the form's token.
  const deskCookie = await web.signIn('desk', s.logins.desk);
  assert.equal((await web.get('/admin/sign-in', deskCookie)).status, 403);
  assert.equal((await web.post(`/admin/sign-in/${userId}/unlock`, { csrf: csrfIn(await (await web.get('/account', deskCookie)).text()) }, deskCookie)).status, 403);
  assert.equal((await web.post(`/admin/sign-in/${userId}/unlock`, {}, adminCookie)).status, 403);
  assert.equal((await signInApi({ username: 'prosecutor', password: s.logins.prosecutor, totp: codeNow('prosecutor') })).status, 423);

  const unlocked = await web.post(`/admin/sign-in/${userId}/unlock`, { csrf: csrfIn(html) }, adminCookie);
  assert.equal(unlocked.status, 303);
  assert.doesNotMatch(await (await web.get('/admin/sign-in', adminCookie)).text(), /id="locked-prosecutor"/);
  assert.ok(await login(s.url, 'prosecutor', s.logins.prosecutor), 'signed in at once after the unlock');
  const kinds = (await kindsSince(before)).map((k) => k.kind);
  assert.ok(kinds.includes('auth.account_locked') && kinds.includes('auth.account_unlocked'), kinds.join(','));
});

test('a head needs a TOTP code for the server\'s time: none, a wrong one and a replayed one are refused', async () => {
  advance(60);  // a fresh 30-second step
  assert.equal((await signInApi({ username: 'head', password: s.logins.head })).status, 401);
  const wrong = String((Number(codeNow('head')) + 1) % 1000000).padStart(6, '0');
  assert.equal((await signInApi({ username: 'head', password: s.logins.head, totp: wrong })).status, 401);
  advance(2);  // past the 1-second delay of the second failure
  const code = codeNow('head');
  const ok = await signInApi({ username: 'head', password: s.logins.head, totp: code });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.user.role, 'head');
  const replay = await signInApi({ username: 'head', password: s.logins.head, totp: code });
  assert.equal(replay.status, 401, 'a code is accepted once');
  // Roles without a second factor sign in with the password alone.
  assert.equal((await signInApi({ username: 'desk', password: s.logins.desk })).status, 200);
});

test('after an administrator\'s reset the auditor enrols again with a QR code, gets ten recovery codes, and each recovery code works once', async () => {
  const web = webClient(s.url);
  const before = (await s.health()).journal_size;
  const adminCookie = await web.signIn('admin', s.logins.admin);
  const admin = await (await web.get('/admin/sign-in', adminCookie)).text();
  const row = admin.match(/<tr id="factor-auditor" data-user="([^"]+)" data-enrolled="yes">/);
  assert.ok(row, 'the auditor has a second factor');
  const reset = await web.post(`/admin/sign-in/${row[1]}/reset-totp`, { csrf: csrfIn(admin) }, adminCookie);
  assert.equal(reset.status, 303);

  // The API cannot enrol.
  const apiTry = await signInApi({ username: 'auditor', password: s.logins.auditor });
  assert.equal(apiTry.status, 403);
  assert.equal(apiTry.json.error, 'totp_enrolment_required');

  // The web sign-in opens an enrolment-only session.
  const lp = await web.get('/login');
  const pre = lp.headers.getSetCookie().find((c) => c.startsWith('sabt_pre=')).split(';')[0];
  const signed = await web.post('/login', { csrf: csrfIn(await lp.text()), username: 'auditor', password: s.logins.auditor }, pre);
  assert.equal(signed.status, 303);
  assert.equal(signed.headers.get('location'), '/account/totp');
  const cookie = signed.headers.getSetCookie().find((c) => c.startsWith('sabt_session=')).split(';')[0];
  assert.equal((await web.get('/appeals', cookie)).status, 303, 'an enrolment-only session opens nothing else');
  assert.equal((await api(s.url, cookie.split('=')[1], 'GET', '/api/v1/appeals')).status, 401);

  const enrol = await web.get('/account/totp', cookie);
  assert.equal(enrol.status, 200);
  const page = (await enrol.text()).replaceAll('&#x2F;', '/');
  assert.match(page, /<img class="enrol-qr" id="totp-qr" src="data:image\/png;base64,/);
  const secretText = page.match(/id="totp-secret">([A-Z2-7]+)</)[1];
  assert.match(page, new RegExp(`otpauth://totp/Sabt:auditor\\?secret=${secretText}&amp;issuer=Sabt`));
  const secret = base32Decode(secretText);
  const csrf = csrfIn(page);
  assert.equal((await web.post('/account/totp', { csrf, code: '000000' === totpAt(secret, serverNow(s.url)) ? '111111' : '000000' }, cookie)).status, 422);
  const confirmed = await web.post('/account/totp', { csrf, code: totpAt(secret, serverNow(s.url)) }, cookie);
  assert.equal(confirmed.status, 200);
  const codes = [...(await confirmed.text()).matchAll(/<li><code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})<\/code><\/li>/g)].map((m) => m[1]);
  assert.equal(codes.length, 10);
  assert.equal((await web.get('/account', cookie)).status, 200, 'the session is a full one now');

  const withRecovery = await signInApi({ username: 'auditor', password: s.logins.auditor, totp: codes[0] });
  assert.equal(withRecovery.status, 200);
  assert.equal((await signInApi({ username: 'auditor', password: s.logins.auditor, totp: codes[0] })).status, 401, 'a recovery code works once');
  advance(30);
  assert.equal((await signInApi({ username: 'auditor', password: s.logins.auditor, totp: totpAt(secret, serverNow(s.url)) })).status, 200);

  const kinds = await kindsSince(before);
  assert.ok(kinds.some((k) => k.kind === 'auth.totp_reset'));
  assert.ok(kinds.some((k) => k.kind === 'auth.totp_enrolled'));
  // The secret and the recovery codes appear in no journal entry and no log line.
  for (const k of kinds) assert.ok(!k.text.includes(secretText) && !k.text.includes(secret.toString('hex')));
  assert.ok(!s.stderr().includes(secretText) && !s.stdout().includes(secretText), 'the secret is never logged');
  for (const c of codes) assert.ok(!s.stderr().includes(c) && !s.stdout().includes(c), 'recovery codes are never logged');
});

test('a session ends after 30 minutes without a request, and after 12 hours in all however active', async () => {
  const idle = await login(s.url, 'desk', s.logins.desk);
  advance(29 * 60);
  assert.equal((await api(s.url, idle, 'GET', '/api/v1/appeals')).status, 200);
  advance(29 * 60);
  assert.equal((await api(s.url, idle, 'GET', '/api/v1/appeals')).status, 200, 'activity keeps it open');
  advance(31 * 60);
  assert.equal((await api(s.url, idle, 'GET', '/api/v1/appeals')).status, 401, 'closed after 31 idle minutes');

  const busy = await login(s.url, 'desk', s.logins.desk);
  for (let minutes = 0; minutes + 25 < 12 * 60; minutes += 25) {
    advance(25 * 60);
    assert.equal((await api(s.url, busy, 'GET', '/api/v1/appeals')).status, 200, `open after ${minutes + 25} minutes`);
  }
  advance(25 * 60);
  assert.equal((await api(s.url, busy, 'GET', '/api/v1/appeals')).status, 401, 'closed after 12 hours');
});

test('sign out everywhere ends every session of the user, on the web and the API', async () => {
  const web = webClient(s.url);
  const a = await login(s.url, 'desk', s.logins.desk);
  const b = await login(s.url, 'desk', s.logins.desk);
  const cookie = await web.signIn('desk', s.logins.desk);
  const other = await login(s.url, 'investigator', s.logins.investigator);
  const acct = await web.get('/account', cookie);
  const out = await web.post('/account/sign-out-everywhere', { csrf: csrfIn(await acct.text()) }, cookie);
  assert.equal(out.status, 303);
  assert.equal((await api(s.url, a, 'GET', '/api/v1/appeals')).status, 401);
  assert.equal((await api(s.url, b, 'GET', '/api/v1/appeals')).status, 401);
  assert.equal((await web.get('/account', cookie)).status, 303);
  assert.equal((await api(s.url, other, 'GET', '/api/v1/appeals')).status, 200, 'other users keep their sessions');
  const c = await login(s.url, 'desk', s.logins.desk);
  assert.equal((await api(s.url, c, 'POST', '/api/v1/logout-everywhere')).status, 200);
  assert.equal((await api(s.url, c, 'GET', '/api/v1/appeals')).status, 401);
});

test('a password change needs the current password and the policy, and ends the other sessions', async () => {
  advance(60);
  const keep = await login(s.url, 'investigator', s.logins.investigator);
  const other = await login(s.url, 'investigator', s.logins.investigator);
  const change = (body) => api(s.url, keep, 'POST', '/api/v1/password', body);
  assert.equal((await change({ current_password: s.logins.investigator, new_password: 'short' })).status, 422);
  assert.equal((await change({ current_password: s.logins.investigator, new_password: 'aaaaaaaaaaaa' })).status, 422);
  assert.equal((await change({ current_password: s.logins.investigator, new_password: 'investigator' })).status, 422);
  assert.equal((await change({ current_password: 'not-the-password', new_password: 'Ковёр-самолёт-2026' })).status, 403);
  assert.equal((await change({ current_password: s.logins.investigator, new_password: 'Ковёр-самолёт-2026' })).status, 200);
  assert.equal((await api(s.url, keep, 'GET', '/api/v1/appeals')).status, 200, 'the session that changed it stays');
  assert.equal((await api(s.url, other, 'GET', '/api/v1/appeals')).status, 401, 'other sessions end');
  advance(5);
  assert.equal((await signInApi({ username: 'investigator', password: s.logins.investigator })).status, 401);
  advance(5);
  assert.equal((await signInApi({ username: 'investigator', password: 'Ковёр-самолёт-2026' })).status, 200);
});
