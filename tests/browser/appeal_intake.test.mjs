// Browser test of the desk officer's intake: sign in, register an appeal with
// Tajik letters, find it in the list, switch language; plus the error summary
// of an incomplete form and the CSRF refusal.
//
// Run: bash tests/browser/run.sh   (or: node --test --test-concurrency=1 tests/browser/)
// Uses Debian's chromium (/usr/lib/chromium/chromium, override with $CHROMIUM)
// through playwright-core; it never downloads a browser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { codeFor } from '../lib/totp.mjs';
import { startServer, health, repoRoot } from '../lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const SCREENSHOT_DIR = path.join(repoRoot, 'tests', 'browser', 'screenshots');

// The common catalogue merged with each area's (web/i18n/<area>/<lang>.json), as src/http/i18n.cc does.
const catalogue = (lang) => {
  const dir = path.join(repoRoot, 'web', 'i18n');
  const out = JSON.parse(readFileSync(path.join(dir, `${lang}.json`), 'utf8'));
  for (const area of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort())
    Object.assign(out, JSON.parse(readFileSync(path.join(dir, area, `${lang}.json`), 'utf8')));
  return out;
};
const tg = catalogue('tg');
const ru = catalogue('ru');
const en = catalogue('en');

// One applicant with every Tajik-specific letter: ҳ ҷ қ ғ ӣ ӯ.
const APPLICANT = {
  surname: 'Ҳасанзода',
  given_name: 'Ҷӯрабек',
  patronymic: 'Қодирович',
  birth_date: '1979-05-14',
  address: 'деҳаи Ғозималик, кӯчаи Сино 12',
  phone: '93 555 12 34',
  id_document: 'A7654321',
  category: 'report_of_crime',
  crime_signs: 'yes',
  summary: 'Шаҳрванд арз кард, ки велосипеди ӯро шоми дирӯз аз ҳавлии хонагӣ дуздиданд.',
};
// What the list must show: surname, given name, patronymic, NFC.
const APPLICANT_NAME = `${APPLICANT.surname} ${APPLICANT.given_name} ${APPLICANT.patronymic}`;
for (const ch of 'ҳҷқғӣӯ') {
  assert.ok(Object.values(APPLICANT).join(' ').toLowerCase().includes(ch), `test data has ${ch}`);
}

// A fresh server (with demo data) and a fresh chromium profile per test. One
// t.after hook tears them down in order (browser, profile dir, server), also
// when the test or the setup itself fails.
async function setup(t) {
  const res = { server: null, context: null, profile: null };
  t.after(async () => {
    const errors = [];
    if (res.context) await res.context.close().catch((e) => errors.push(e));
    if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch((e) => errors.push(e));
    if (res.server) await res.server.cleanup().catch((e) => errors.push(e));
    if (errors.length) throw new AggregateError(errors, 'teardown failed');
  });

  res.server = await startServer({ demo: true });
  assert.ok(res.server.logins.desk, 'sabt demo printed a password for "desk"');

  res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
  // launchPersistentContext is how playwright passes --user-data-dir.
  res.context = await chromium.launchPersistentContext(res.profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'tg-TJ', // Accept-Language: the pages start in Tajik
    viewport: { width: 1280, height: 900 },
    timeout: 20_000,
  });
  res.context.setDefaultTimeout(10_000);
  const page = res.context.pages()[0] ?? (await res.context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { server: res.server, context: res.context, page, pageErrors };
}

async function signIn(page, url, username, password) {
  await page.goto(new URL('/login', url).href);
  assert.equal(await page.getAttribute('html', 'lang'), 'tg');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#totp', await codeFor(url, username, password));  // '' for roles without a second factor
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
}

// Fills every field of #appeal-form from `values` (received_at keeps the
// pre-filled "now").
async function fillAppealForm(page, values) {
  for (const f of ['surname', 'given_name', 'patronymic', 'birth_date', 'address', 'phone', 'id_document']) {
    await page.fill(`#${f}`, values[f]);
  }
  await page.selectOption('#category', values.category);
  await page.check(`#crime_signs_${values.crime_signs}`);
  await page.fill('#summary', values.summary);
}

const isPostAppeals = (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/appeals';

async function switchLanguage(page, lang) {
  await page.click(`header a.lang[hreflang="${lang}"]`);
  await page.waitForSelector(`html[lang="${lang}"]`, { state: 'attached' });
  await page.waitForLoadState('load');
}

test('desk officer signs in, registers an appeal with Tajik letters, finds it in the list, switches language',
  { timeout: 45_000 }, async (t) => {
    const { server, page, pageErrors } = await setup(t);
    await signIn(page, server.url, 'desk', server.logins.desk);
    const before = (await health(server.url)).journal_size;

    await page.goto(new URL('/appeals/new', server.url).href);
    assert.equal(await page.getAttribute('html', 'lang'), 'tg');
    assert.equal((await page.textContent('h1')).trim(), tg.new_appeal_title);
    // The given name is typed decomposed (у + U+0304 for ӯ), as some keyboard
    // layouts produce it; the register must store and show it composed (NFC).
    const decomposed = APPLICANT.given_name.normalize('NFD');
    assert.notEqual(decomposed, APPLICANT.given_name);
    await fillAppealForm(page, { ...APPLICANT, given_name: decomposed });
    const categoryLabel = (await page.textContent(`#category option[value="${APPLICANT.category}"]`)).trim();
    const [post] = await Promise.all([
      page.waitForResponse(isPostAppeals),
      page.click('#register'),
    ]);
    assert.equal(post.status(), 303, 'a valid registration answers with a redirect');
    await page.waitForURL((u) => /^\/appeals\/[^/]+$/.test(u.pathname) && u.searchParams.get('new') === '1');

    const number = (await page.textContent('#appeal-number')).trim();
    assert.match(number, /^DSH-SNO\/\d{4}\/\d+$/);
    const code = (await page.textContent('#verification-code')).trim();
    assert.match(code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/, 'verification code shown');
    assert.equal((await page.textContent('#registered-panel h1')).trim(), tg.registered_title);
    assert.equal((await page.textContent('.receipt dd.applicant')), APPLICANT_NAME);
    assert.equal((await page.textContent('dd.summary-text')), APPLICANT.summary);
    assert.equal((await health(server.url)).journal_size, before + 1, 'one journal entry per registration');

    // The list: the new appeal (newest received first) with the exact name.
    await page.goto(new URL('/appeals', server.url).href);
    assert.equal((await page.textContent('main h1')).trim(), tg.appeals_title);
    const row = page.locator('#appeal-list tbody tr', { has: page.locator('td a', { hasText: number }) });
    assert.equal(await row.count(), 1, `exactly one row for ${number} on the first page`);
    assert.equal((await row.locator('td a').textContent()).trim(), number);
    const shown = await row.locator('td.applicant').textContent();
    assert.equal(shown, APPLICANT_NAME);
    assert.equal(shown, shown.normalize('NFC'), 'the name is NFC');
    for (const ch of 'ҳҷқӯ') assert.ok(shown.toLowerCase().includes(ch), `name keeps ${ch}`);
    assert.equal((await row.locator('td').nth(3).textContent()).trim(), categoryLabel);

    // Russian, then English, through the header links.
    for (const [lang, cat] of [['ru', ru], ['en', en]]) {
      await switchLanguage(page, lang);
      assert.equal(new URL(page.url()).pathname, '/appeals', `back on the list after switching to ${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal((await page.textContent('main h1')).trim(), cat.appeals_title);
      assert.equal((await page.textContent('header .lang.current')).trim(), cat.lang_self);
      const r = page.locator('#appeal-list tbody tr', { has: page.locator('td a', { hasText: number }) });
      assert.equal(await r.locator('td.applicant').textContent(), APPLICANT_NAME, `name unchanged in ${lang}`);
    }

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'appeal-list-en.png'), fullPage: true });
    assert.deepEqual(pageErrors, [], 'no JavaScript errors on the pages');
  });

test('a registration with missing fields shows an error summary and writes nothing', { timeout: 45_000 }, async (t) => {
  const { server, page } = await setup(t);
  await signIn(page, server.url, 'desk', server.logins.desk);
  const before = (await health(server.url)).journal_size;

  await page.goto(new URL('/appeals/new', server.url).href);
  await fillAppealForm(page, { ...APPLICANT, surname: '' });
  const [post] = await Promise.all([page.waitForResponse(isPostAppeals), page.click('#register')]);
  assert.equal(post.status(), 422);
  await page.waitForLoadState('load');

  const summary = page.locator('.error-summary');
  assert.ok(await summary.isVisible(), 'error summary visible');
  assert.equal((await summary.locator('h2').textContent()).trim(), tg.error_summary_title);
  const items = summary.locator('li');
  assert.equal(await items.count(), 1, 'only the surname is wrong');
  // The message names the field and says what to do (docs/interface.md §3).
  assert.equal((await items.first().textContent()).trim(), tg.err_surname_required);
  assert.equal(await items.first().locator('a').getAttribute('href'), '#surname');
  assert.equal((await page.textContent('#surname-error')).trim(), tg.err_surname_required);
  assert.equal(await page.getAttribute('#surname', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#surname', 'aria-describedby'), 'surname-error');
  assert.ok((await page.title()).startsWith(tg.error_title_prefix), 'the title starts with "Error:"');
  // The other values come back as typed.
  assert.equal(await page.inputValue('#given_name'), APPLICANT.given_name);
  assert.equal(await page.inputValue('#address'), APPLICANT.address);
  assert.equal(await page.inputValue('#summary'), APPLICANT.summary);

  assert.equal((await health(server.url)).journal_size, before, 'nothing journaled');
});

test('a form without a valid CSRF token is refused', { timeout: 45_000 }, async (t) => {
  const { server, context, page } = await setup(t);
  await signIn(page, server.url, 'desk', server.logins.desk);
  const cookies = await context.cookies(server.url);
  assert.ok(cookies.some((c) => c.name === 'sabt_session'), 'signed in: session cookie set');
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const before = (await health(server.url)).journal_size;

  await page.goto(new URL('/appeals/new', server.url).href);
  const realCsrf = await page.inputValue('#appeal-form input[name="csrf"]');
  assert.ok(realCsrf.length >= 20);

  const post = (csrf) => {
    const form = new URLSearchParams({ ...APPLICANT, channel: 'desk', received_at: '' });
    if (csrf !== undefined) form.set('csrf', csrf);
    return fetch(new URL('/appeals', server.url), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
  };

  for (const [what, csrf] of [['wrong', 'x'.repeat(realCsrf.length)], ['missing', undefined], ['empty', '']]) {
    const res = await post(csrf);
    const body = await res.text();
    assert.equal(res.status, 403, `${what} csrf field refused`);
    assert.ok(body.includes(tg.err_csrf), `${what}: the refusal page says why (in Tajik)`);
    assert.equal((await health(server.url)).journal_size, before, `${what}: nothing journaled`);
  }

  // Control: the same request with the real token is accepted, so the 403s
  // above came from the token and not from the cookie or the form.
  const ok = await post(realCsrf);
  assert.equal(ok.status, 303);
  assert.match(ok.headers.get('location') ?? '', /^\/appeals\/[^/]+\?new=1$/);
  assert.equal((await health(server.url)).journal_size, before + 1);
});
