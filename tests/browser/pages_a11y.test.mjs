// Every person has a way in (issue 14): the citizen's public pages and the
// start page and lists of each role, in Tajik, Russian and English, in
// Chromium. On every page visited axe-core runs (0 serious or critical
// violations) and a screenshot is saved under the directory the test prints
// (SABT_SCREENSHOTS, default build/screenshots). Also: a desk officer
// registers an appeal with the keyboard only, and the public pages at phone
// size (390 x 844).
//
// Run: bash tests/browser/run.sh

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, repoRoot } from '../lib/server.mjs';
import { codeFor } from '../lib/totp.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = process.env.SABT_SCREENSHOTS || path.join(repoRoot, 'build', 'screenshots');
const LANGS = ['tg', 'ru', 'en'];

// The common catalogue merged with each area's, as src/http/i18n.cc does.
function catalogue(lang) {
  const dir = path.join(repoRoot, 'web', 'i18n');
  const out = JSON.parse(readFileSync(path.join(dir, `${lang}.json`), 'utf8'));
  for (const area of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort())
    Object.assign(out, JSON.parse(readFileSync(path.join(dir, area, `${lang}.json`), 'utf8')));
  return out;
}
const T = Object.fromEntries(LANGS.map((l) => [l, catalogue(l)]));

async function setup(t, viewport = { width: 1280, height: 900 }) {
  const res = { server: null, context: null, profile: null };
  t.after(async () => {
    if (res.context) await res.context.close().catch(() => {});
    if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    if (res.server) await res.server.cleanup();
  });
  res.server = await startServer({ demo: true });
  res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
  res.context = await chromium.launchPersistentContext(res.profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'tg-TJ', viewport, timeout: 20_000,
    bypassCSP: true,  // to inject axe-core; the pages themselves keep script-src 'self'
  });
  res.context.setDefaultTimeout(10_000);
  const page = res.context.pages()[0] ?? (await res.context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await mkdir(SHOTS, { recursive: true });
  console.log(`screenshots: ${SHOTS}`);
  return { server: res.server, page, pageErrors };
}

// axe-core on the page as it is now: the serious and critical violations.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

// Visits a page, checks it answers 200 in the expected language, runs axe and
// saves a screenshot. Returns the violations found (collected by the caller).
async function visit(page, server, pathname, lang, shot) {
  const res = await page.goto(new URL(pathname, server.url).href);
  assert.equal(res.status(), 200, `${pathname} answers 200`);
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${pathname} is in ${lang}`);
  await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
  return (await axe(page)).map((v) => `${pathname} [${lang}]: ${v}`);
}

async function setLanguage(page, server, lang) {
  await page.goto(new URL(`/lang?to=${lang}&back=/`, server.url).href);
}

async function signIn(page, server, username) {
  await page.goto(new URL('/login', server.url).href);
  await page.fill('#username', username);
  await page.fill('#password', server.logins[username]);
  await page.fill('#totp', await codeFor(server.url, username, server.logins[username]));  // '' without a second factor
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
}
async function signOut(page) {
  await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.click('header .who button[type="submit"]')]);
}

// The pages each role reaches from its menu and start page.
const JOURNEYS = {
  desk: ['/', '/appeals', '/appeals/new', '/queue', '/crime', '/crime/new'],
  head: ['/', '/appeals', '/appeals?due=overdue', '/oversight/appeals', '/crime'],
  investigator: ['/', '/appeals', '/crime', '/crime?list=overdue'],
  prosecutor: ['/', '/oversight/appeals', '/crime', '/crime/oversight'],
  analyst: ['/'],
  auditor: ['/', '/audit/journal'],
  admin: ['/', '/admin/users', '/admin/departments', '/admin/sign-in', '/admin/reference', '/admin/deadlines'],
};

test('the citizen pages and every role journey pass axe-core in all three languages, with screenshots',
  { timeout: 600_000 }, async (t) => {
    const { server, page, pageErrors } = await setup(t);
    const violations = [];
    for (const lang of LANGS) {
      await setLanguage(page, server, lang);
      for (const p of ['/', '/public/appeal', '/status', '/verify', '/login']) {
        violations.push(...await visit(page, server, p, lang, `citizen-${lang}${p.replace(/\W+/g, '-')}`));
      }
      for (const [user, pages] of Object.entries(JOURNEYS)) {
        await signIn(page, server, user);
        for (const p of pages) violations.push(...await visit(page, server, p, lang, `${user}-${lang}${p.replace(/\W+/g, '-')}`));
        // The first appeal of the role's list, where the role has one.
        if (pages.includes('/appeals')) {
          await page.goto(new URL('/appeals', server.url).href);
          const href = await page.getAttribute('#appeal-list tbody a', 'href').catch(() => null);
          if (href && user !== 'prosecutor' && user !== 'analyst')
            violations.push(...await visit(page, server, href, lang, `${user}-${lang}-appeal`));
        }
        await signOut(page);
      }
    }
    assert.deepEqual(violations, [], 'no serious or critical axe-core violations');
    assert.deepEqual(pageErrors, [], 'no JavaScript errors');
  });

test('a failed action on an appeal comes back on the same page, its card marked, and a done one says so',
  { timeout: 120_000 }, async (t) => {
    const { server, page } = await setup(t);
    await setLanguage(page, server, 'en');
    await signIn(page, server, 'head');
    await page.goto(new URL('/appeals?status=registered', server.url).href);
    const href = await page.getAttribute('#appeal-list tbody a', 'href');
    await page.goto(new URL(href, server.url).href);
    // Nothing preselected: the officer list starts with "Choose an officer".
    assert.equal(await page.inputValue('#officer'), '');
    const [post] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#step-assign button[type="submit"]')]);
    assert.equal(post.status(), 422);
    await page.waitForLoadState('load');
    assert.ok(new URL(page.url()).pathname.startsWith(new URL(href, server.url).pathname), 'the appeal page again');
    assert.ok(await page.locator('#card-assign.has-error').isVisible(), 'the assign card is marked');
    assert.ok((await page.title()).startsWith(T.en.error_title_prefix));
    assert.equal((await page.textContent('#officer-error')).trim(), T.en.err_officer_unknown_value);
    assert.equal(await page.getAttribute('#officer', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('#error-summary a', 'href'), '#officer');
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: path.join(SHOTS, 'head-en-assign-error.png'), fullPage: true });
    // Now choose one: the page confirms, once.
    await page.selectOption('#officer', 'investigator');
    await Promise.all([page.waitForURL((u) => u.pathname === new URL(href, server.url).pathname),
      page.click('#step-assign button[type="submit"]')]);
    assert.equal((await page.textContent('#flash-banner')).trim(), T.en.flash_step_assign);
    await page.reload();
    assert.equal(await page.locator('#flash-banner').count(), 0, 'the confirmation shows once');
    // The history says it in words, not codes.
    const history = await page.textContent('#appeal-history');
    assert.ok(history.includes(T.en.status_assigned), 'the state entered, in words');
    assert.ok(!/\bassigned\b/.test(history.replace(T.en.status_assigned, '')), 'no raw code');
  });

test('a desk officer registers an appeal with the keyboard only', { timeout: 120_000 }, async (t) => {
  const { server, page } = await setup(t);
  await signIn(page, server, 'desk');
  await page.goto(new URL('/appeals/new', server.url).href);
  // From the top of the page, Tab until the surname has the focus.
  await page.locator('body').focus();
  for (let i = 0; i < 60 && (await page.evaluate(() => document.activeElement?.id)) !== 'surname'; i++)
    await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'surname', 'Tab reaches the form');
  const focused = () => page.evaluate(() => document.activeElement?.id);
  // Tab onwards until `id` has the focus (a date input takes several Tabs,
  // one per part in Chromium).
  const tabTo = async (id) => {
    for (let i = 0; i < 8 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), id, `Tab reaches #${id}`);
  };
  await page.keyboard.type('Раҳимова');
  await tabTo('given_name');
  await page.keyboard.type('Зарина');
  await tabTo('birth_date');
  // Chromium has no Tajik date format and falls back to month/day/year; each
  // part moves on by itself once full.
  await page.keyboard.type('07211990');
  await tabTo('address');
  await page.keyboard.type('ноҳияи Сино, кӯчаи Айнӣ 12');
  await tabTo('phone');
  await page.keyboard.type('93 555 44 33');
  await tabTo('id_document');
  await page.keyboard.type('A7654321');
  await tabTo('channel');               // "desk" is right
  await tabTo('category');
  await page.keyboard.press('ArrowDown');  // the first category
  await tabTo('received_at');           // received now: keep
  await tabTo('summary');
  await page.keyboard.type('Ҳамсоя шабона садои баланд мебарорад.');
  await tabTo('crime_signs_yes');
  await page.keyboard.press('ArrowDown');  // moves to and selects "no"
  assert.equal(await focused(), 'crime_signs_no');
  await tabTo('register');
  const [post] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
    page.keyboard.press('Enter')]);
  if (post.status() === 303) await page.waitForURL((u) => u.searchParams.get('new') === '1');
  else await page.waitForLoadState('load');
  await page.screenshot({ path: path.join(SHOTS, 'desk-keyboard-after-post.png'), fullPage: true });
  assert.equal(await page.locator('#error-summary').count(), 0,
    `registered without errors: ${await page.locator('#error-summary').textContent().catch(() => '')}`);
  assert.match((await page.textContent('#appeal-number')).trim(), /^DSH-SNO\/\d{4}\/\d+$/);
  await page.screenshot({ path: path.join(SHOTS, 'desk-keyboard-registered.png'), fullPage: true });
});

test('the public pages work at phone size (390 x 844) and pass axe-core', { timeout: 120_000 }, async (t) => {
  const { server, page } = await setup(t, { width: 390, height: 844 });
  const violations = [];
  for (const lang of LANGS) {
    await setLanguage(page, server, lang);
    for (const p of ['/', '/public/appeal', '/status', '/verify']) {
      violations.push(...await visit(page, server, p, lang, `phone-${lang}${p.replace(/\W+/g, '-')}`));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `${p} [${lang}] fits the phone's width (${wide} px)`);
    }
  }
  assert.deepEqual(violations, []);
});

// Administration and the auditor's viewer (issue 14): a CSV with errors, its
// preview with changes, a deadline form with errors, and a page of the access
// log, in all three languages, each passing axe-core.
test('the admin\'s upload, preview and deadline forms and the auditor\'s viewer pass axe-core in all three languages',
  { timeout: 300_000 }, async (t) => {
    const { server, page, pageErrors } = await setup(t);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-csv-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const bad = path.join(dir, 'bad.csv');
    const good = path.join(dir, 'good.csv');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(bad, 'code,name_tg,name_ru,name_en\ndesk,,Приём,Desk\ndesk,Қабул,Приём,Desk\n');
    await writeFile(good, readFileSync(path.join(repoRoot, 'data', 'channels.csv'), 'utf8').trim() + '\nkiosk,Киоск,Киоск,Kiosk\n');
    const violations = [];
    const check = async (shot, lang) => {
      await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
      violations.push(...(await axe(page)).map((v) => `${shot} [${lang}]: ${v}`));
    };
    for (const lang of LANGS) {
      await setLanguage(page, server, lang);
      await signIn(page, server, 'admin');
      for (const [name, file] of [['bad', bad], ['good', good]]) {
        await page.goto(new URL('/admin/reference', server.url).href);
        await page.selectOption('#list', 'channels');
        await page.setInputFiles('#file', file);
        await Promise.all([page.waitForURL((u) => u.pathname === '/admin/reference/preview'), page.click('#reference-preview')]);
        assert.equal(await page.locator(name === 'bad' ? '#problems' : '#changes').count(), 1, `${name} preview`);
        await check(`admin-${lang}-reference-${name}`, lang);
      }
      await page.goto(new URL('/admin/deadlines', server.url).href);
      await page.fill('[id="appeal_categories.complaint"]', '0');
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#deadlines-save')]);
      await page.waitForLoadState('load');
      assert.equal(await page.getAttribute('[id="appeal_categories.complaint"]', 'aria-invalid'), 'true');
      await check(`admin-${lang}-deadlines-error`, lang);
      await signOut(page);
      await signIn(page, server, 'auditor');
      await page.goto(new URL('/audit/journal', server.url).href);
      await page.fill('#aud_reason', 'Accessibility check of the viewer');
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#audit-search')]);
      await page.waitForLoadState('load');
      assert.equal(await page.locator('#aud-results').count(), 1);
      await check(`auditor-${lang}-journal-results`, lang);
      await signOut(page);
    }
    assert.deepEqual(violations, [], 'no serious or critical axe-core violations');
    assert.deepEqual(pageErrors, [], 'no JavaScript errors');
  });
