// Browser tests of the crime register (issue #4) in Chromium: a duty officer
// registers a report; the head extends the check; an investigator proposes a
// refusal that the head approves; a second report becomes a case that is sent
// to court; a transfer between two districts is accepted at the other end.
// The pages are checked in Tajik, Russian and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { codeFor } from '../lib/totp.mjs';
import { startServer, repoRoot } from '../lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
// The common catalogue merged with each area's, as src/http/i18n.cc does (the common one wins).
function cat(lang) {
  const dir = path.join(repoRoot, 'web', 'i18n');
  const out = {};
  for (const area of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort())
    Object.assign(out, JSON.parse(readFileSync(path.join(dir, area, `${lang}.json`), 'utf8')));
  return Object.assign(out, JSON.parse(readFileSync(path.join(dir, `${lang}.json`), 'utf8')));
}
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const tg = cat('tg');
const ru = cat('ru');
const en = cat('en');

async function setup(t) {
  const res = {};
  t.after(async () => {
    if (res.context) await res.context.close().catch(() => {});
    if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    if (res.server) await res.server.cleanup();
  });
  res.server = await startServer({ demo: true });
  res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
  res.context = await chromium.launchPersistentContext(res.profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'tg-TJ', viewport: { width: 1280, height: 900 }, timeout: 20_000,
    bypassCSP: true,  // to inject axe-core; the pages themselves keep script-src 'self'
  });
  res.context.setDefaultTimeout(10_000);
  const page = res.context.pages()[0] ?? (await res.context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { server: res.server, page, errors };
}

async function signIn(page, server, username) {
  await page.goto(new URL('/login', server.url).href);
  await page.fill('#username', username);
  await page.fill('#password', server.logins[username]);
  await page.fill('#totp', await codeFor(server.url, username, server.logins[username]));  // head, prosecutor: TOTP
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
}

async function signOut(page) {
  await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.click('header form[action="/logout"] button')]);
}

// Registers a report through the form and returns {url, number}.
async function registerReport(page, server, qualification) {
  await page.goto(new URL('/crime', server.url).href);
  await Promise.all([page.waitForURL((u) => u.pathname === '/crime/new'), page.click('#crime-new')]);
  assert.equal((await page.textContent('main h1')).trim(), tg.cr_new_title);
  assert.ok(await page.isVisible('#classifier-sample-warning'), 'the sample classifier is marked as such');
  await page.selectOption('#source', 'walk_in');
  const yesterday = new Date(Date.now() + 5 * 3600_000 - 86400_000).toISOString().slice(0, 10);
  await page.fill('#event_at', `${yesterday}T21:30`);
  await page.fill('#place', 'ноҳияи Сино, кӯчаи Қаҳҳоров 14');
  await page.fill('#account', 'Шаҳрванд хабар дод, ки аз мағозаи ӯ маҳсулот ғорат карданд.');
  await page.selectOption('#qualification', qualification);
  await page.fill('#surname', 'Ғафурова');
  await page.fill('#given_name', 'Зарина');
  await page.fill('#id_document', `D${Date.now()}`);
  await Promise.all([page.waitForURL((u) => /^\/crime\/reports\/[^/]+$/.test(u.pathname)), page.click('#crime-submit')]);
  const number = (await page.textContent('#report-number')).trim();
  assert.match(number, /^KUSP-DSH-SNO\/\d{4}\/\d+$/);
  return { url: page.url().replace(/\?.*$/, ''), number };
}

// axe-core on the page as it is now: the serious and critical violations.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function step(page, formId, fill = async () => {}) {
  await fill();
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click(`#${formId} button[type="submit"]`)]);
}

test('a duty officer registers a report; the head extends the check; a refusal is proposed and the head approves it',
  { timeout: 90_000 }, async (t) => {
    const { server, page, errors } = await setup(t);
    await signIn(page, server, 'desk');
    const r = await registerReport(page, server, '248|1');
    assert.equal((await page.textContent('#registered-panel h1')).trim(), tg.cr_registered_title);
    assert.equal((await page.textContent('#report-status')).trim(), tg.cr_status_checking);
    assert.equal(await page.locator('#step-extend').count(), 0, 'a desk officer cannot extend');
    await signOut(page);

    await signIn(page, server, 'head');
    await page.goto(r.url);
    await step(page, 'step-extend', async () => {
      await page.fill('#extend-days', '10');
      await page.fill('#extend-reason', 'Хулосаи экспертиза интизор аст');
    });
    assert.match(await page.textContent('#report-due'), new RegExp(`10 ${tg.cr_days}`));
    assert.match(await page.textContent('#report-due'), new RegExp(tg.cr_flag_extended));
    await signOut(page);

    await signIn(page, server, 'investigator');
    await page.goto(r.url);
    await step(page, 'step-refuse', async () => {
      await page.selectOption('#refuse-ground', 'no_corpus');
      await page.fill('#refuse-reason', 'Таркиби ҷиноят дида намешавад');
    });
    assert.equal((await page.textContent('#report-status')).trim(), tg.cr_status_refusal_pending);
    assert.equal(await page.locator('#step-approve_refusal').count(), 0, 'the investigator cannot approve');
    await signOut(page);

    await signIn(page, server, 'head');
    await page.goto(new URL('/crime/oversight', server.url).href);
    assert.ok((await page.textContent('#ov-refusals_pending')).includes(r.number), 'waiting for the head');
    await page.goto(r.url);
    await step(page, 'step-approve_refusal');
    assert.equal((await page.textContent('#report-status')).trim(), tg.cr_status_refused);
    const kinds = await page.locator('#report-history tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(kinds, [tg['kind_crime.registered'], tg['kind_crime.check_extended'],
      tg['kind_crime.refusal_proposed'], tg['kind_crime.refusal_approved']]);
    for (const [lang, c] of [['ru', ru], ['en', en]]) {
      await page.click(`header a.lang[hreflang="${lang}"]`);
      await page.waitForSelector(`html[lang="${lang}"]`, { state: 'attached' });
      assert.equal((await page.textContent('#report-status')).trim(), c.cr_status_refused);
    }
    assert.deepEqual(errors, []);
  });

test('a second report becomes a case that is later sent to court', { timeout: 90_000 }, async (t) => {
  const { server, page, errors } = await setup(t);
  await signIn(page, server, 'desk');
  const r = await registerReport(page, server, '249|1');
  await signOut(page);
  await signIn(page, server, 'investigator');
  await page.goto(r.url);
  await step(page, 'step-open_case');
  assert.match(new URL(page.url()).pathname, /^\/crime\/cases\//);
  assert.match((await page.textContent('#case-number')).trim(), /^CASE-DSH-SNO\/\d{4}\/\d+$/);
  assert.equal((await page.textContent('#case-severity')).trim(), tg.cr_sev_grave);
  assert.equal((await page.textContent('#case-report')).trim(), r.number);
  assert.equal((await page.textContent('#case-investigator')).trim(), 'Суҳроб Ғафуров (демо)', 'the opening investigator');
  assert.match(await page.textContent('#case-persons'), /Ғафурова Зарина/, 'the reporter is the victim');
  assert.deepEqual(await axe(page), [], 'the case page passes axe-core');
  // Suspending without a ground: the error sits at the ground's input.
  await step(page, 'step-status', async () => { await page.selectOption('#case-new-status', 'suspended'); });
  assert.equal((await page.textContent('#case-ground-error')).trim(), tg.err_status_ground_required);
  assert.equal(await page.getAttribute('#case-ground', 'aria-invalid'), 'true');
  assert.deepEqual(await axe(page), [], 'the case page with an error passes axe-core');
  await step(page, 'step-add_person', async () => {
    await page.selectOption('#person-role', 'accused');
    await page.fill('#person-surname', 'Назаров');
    await page.fill('#person-given_name', 'Ҷамшед');
    await page.fill('#person-id_document', 'E1234567');
  });
  assert.match(await page.textContent('#case-persons'), /Назаров Ҷамшед/);
  await step(page, 'step-status', async () => { await page.selectOption('#case-new-status', 'in_court'); });
  assert.equal((await page.textContent('#case-status')).trim(), tg.cr_status_in_court);
  await page.goto(r.url);
  assert.equal((await page.textContent('#report-status')).trim(), tg.cr_status_case_opened);
  assert.deepEqual(errors, []);
});

test('a transfer between two districts is accepted at the other end under its own number', { timeout: 90_000 }, async (t) => {
  const { server, page, errors } = await setup(t);
  await signIn(page, server, 'desk');
  const r = await registerReport(page, server, '244|1');
  await signOut(page);
  await signIn(page, server, 'head');
  await page.goto(r.url);
  await step(page, 'step-transfer', async () => {
    await page.selectOption('#transfer-department', 'SUG-KHJ');
    await page.fill('#transfer-reason', 'Ҷои ҳодиса дар шаҳри Хуҷанд аст');
  });
  assert.equal((await page.textContent('#report-status')).trim(), tg.cr_status_transfer_pending);
  await signOut(page);

  await signIn(page, server, 'desk.sug-khj');
  await page.goto(new URL('/crime?list=inbox', server.url).href);
  await Promise.all([page.waitForURL((u) => u.pathname === new URL(r.url).pathname),
    page.click(`#crime-list a:text("${r.number}")`)]);
  await step(page, 'step-accept_transfer');
  const number = (await page.textContent('#report-number')).trim();
  assert.match(number, /^KUSP-SUG-KHJ\/\d{4}\/1$/);
  assert.equal((await page.textContent('#report-from')).trim(), r.number);
  await signOut(page);

  await signIn(page, server, 'desk');
  await page.goto(r.url);
  assert.equal((await page.textContent('#report-status')).trim(), tg.cr_status_transferred);
  assert.equal((await page.textContent('#report-transferred-to')).trim(), number);
  assert.deepEqual(errors, []);
});

test('an investigator registers a report and prints the receipt; the status page answers for it; a card error is tied to its input',
  { timeout: 90_000 }, async (t) => {
    const { server, page, errors } = await setup(t);
    await signIn(page, server, 'investigator');
    const r = await registerReport(page, server, '244|1');
    const code = (await page.textContent('#verification-code')).trim();
    assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    assert.deepEqual(await axe(page), [], 'the new report page passes axe-core');
    const pdf = await page.request.get(new URL(await page.getAttribute('#receipt-pdf', 'href'), server.url).href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');

    // A refusal without a ground: the same page, the error at the ground's list.
    await page.fill('#refuse-reason', 'Таркиби ҷиноят дида намешавад');
    await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click('#step-refuse button[type="submit"]')]);
    assert.equal(new URL(page.url()).pathname, `${new URL(r.url).pathname}/step`);
    assert.ok(await page.isVisible('#error-summary'));
    assert.equal((await page.textContent('#refuse-ground-error')).trim(), tg.err_refuse_ground_required);
    assert.equal(await page.getAttribute('#refuse-ground', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#refuse-ground', 'aria-describedby'), /refuse-ground-error/);
    assert.equal(await page.inputValue('#refuse-reason'), 'Таркиби ҷиноят дида намешавад', 'what was typed is kept');
    assert.ok((await page.title()).startsWith(tg.error_title_prefix), 'the title says there is an error');
    assert.deepEqual(await axe(page), [], 'the page with errors passes axe-core');
    await page.selectOption('#refuse-ground', 'no_corpus');
    await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click('#step-refuse button[type="submit"]')]);
    assert.equal((await page.textContent('#flash-banner')).trim(), tg.flash_crime_refuse);
    await signOut(page);

    // The reporter checks the status with the number and code from the receipt.
    await page.goto(new URL(`/status?number=${encodeURIComponent(r.number)}&code=${encodeURIComponent(code.toLowerCase())}`, server.url).href);
    assert.equal((await page.textContent('#status-status')).trim(), tg.status_crime_checking, 'a pending refusal is still a check');
    assert.equal((await page.textContent('#status-kind')).trim(), tg.cr_public_kind_report);
    assert.deepEqual(await axe(page), [], 'the status page passes axe-core');
    assert.deepEqual(errors, []);
  });
