// The whole life of an appeal in Chromium, through the pages only: desk
// intake → the receipt PDF downloaded → the head assigns → the officer
// starts and answers (→ the reply letter PDF) → the head approves and
// closes; and intake → referral to the crime register. Each user signs in
// with the demo logins.
//
// Run: bash tests/browser/run.sh

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { codeFor } from '../lib/totp.mjs';
import { startServer, repoRoot } from '../lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
const tg = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', 'tg.json'), 'utf8'));

const APPLICANT = {
  surname: 'Қурбонова', given_name: 'Ғунчагул', patronymic: 'Ҳайдаровна', birth_date: '1990-07-21',
  address: 'ноҳияи Сино, кӯчаи Ҷомӣ 5', phone: '93 111 22 33', id_document: 'A1234987',
};
const ANSWER = 'Муроҷиати шумо баррасӣ шуд: ҳамсоя огоҳ карда шуд ва қарори маъмурӣ қабул гардид. Ташаккур!';

async function setup(t) {
  const res = { server: null, context: null, profile: null };
  t.after(async () => {
    if (res.context) await res.context.close().catch(() => {});
    if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    if (res.server) await res.server.cleanup();
  });
  res.server = await startServer({ demo: true });
  res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
  res.context = await chromium.launchPersistentContext(res.profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'tg-TJ',
    viewport: { width: 1280, height: 900 }, timeout: 20_000, acceptDownloads: true,
  });
  res.context.setDefaultTimeout(10_000);
  const page = res.context.pages()[0] ?? (await res.context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { server: res.server, context: res.context, page, pageErrors };
}

async function signIn(page, server, username) {
  await page.goto(new URL('/login', server.url).href);
  await page.fill('#username', username);
  await page.fill('#password', server.logins[username]);
  await page.fill('#totp', await codeFor(server.url, username, server.logins[username]));  // head, prosecutor: TOTP
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
}
async function signOut(page) {
  await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.click('header .who button[type="submit"]')]);
}

async function intake(page, server, summary, crimeSigns = 'no') {
  await page.goto(new URL('/appeals/new', server.url).href);
  for (const [f, v] of Object.entries(APPLICANT)) await page.fill(`#${f}`, v);
  await page.selectOption('#category', 'complaint');
  await page.fill('#summary', summary);
  await page.check(`#crime_signs_${crimeSigns}`);
  await Promise.all([page.waitForURL((u) => u.searchParams.get('new') === '1'), page.click('#register')]);
  return { url: page.url(), number: (await page.textContent('#appeal-number')).trim() };
}

// Takes a step through its form on the appeal page; the page reloads.
async function step(page, name, fill = async () => {}) {
  const form = page.locator(`#step-${name}`);
  await fill(form);
  await Promise.all([page.waitForLoadState('load'), page.waitForResponse((r) => r.request().method() === 'POST'),
    form.locator('button[type="submit"]').click()]);
  await page.waitForSelector('#appeal-status');
}

// A PDF the signed-in browser downloads: click the link, save the download,
// and return its text (pdftotext).
async function downloadPdf(page, selector, dir, name) {
  const href = await page.getAttribute(selector, 'href');
  // The browser shows PDFs inline; ask for the same URL as a download with
  // the browser's own session cookie.
  const res = await page.context().request.get(new URL(href, page.url()).href);
  assert.equal(res.status(), 200, `${href}`);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  const bytes = await res.body();
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString().replace(/\s+/g, ' ');
}

test('an appeal lives from desk intake to closing, with the receipt and the reply letter',
  { timeout: 90_000 }, async (t) => {
    const { server, page, pageErrors } = await setup(t);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-life-'));
    t.after(() => rm(dir, { recursive: true, force: true }));

    await signIn(page, server, 'desk');
    const { url, number } = await intake(page, server, 'Ҳамсоя ҳар шаб то дер мусиқии баланд мегузорад.');
    assert.match(number, /^DSH-SNO\/\d{4}\/\d+$/);
    assert.equal((await page.textContent('#appeal-status')).trim(), tg.status_registered);
    const receipt = await downloadPdf(page, '#receipt-pdf', dir, 'receipt.pdf');
    assert.ok(receipt.includes(number), 'the receipt shows the number');
    assert.ok(receipt.includes('Қурбонова Ғунчагул Ҳайдаровна'), 'and the applicant');
    await signOut(page);

    await signIn(page, server, 'head');
    await page.goto(url);
    await step(page, 'assign', (f) => f.locator('select[name="officer"]').selectOption('investigator'));
    assert.equal((await page.textContent('#appeal-status')).trim(), tg.status_assigned);
    await signOut(page);

    await signIn(page, server, 'investigator');
    await page.goto(url);
    await step(page, 'start');
    assert.equal((await page.textContent('#appeal-status')).trim(), tg.status_in_progress);
    await step(page, 'answer', (f) => f.locator('textarea[name="text"]').fill(ANSWER));
    assert.equal((await page.textContent('#appeal-status')).trim(), tg.status_answered);
    assert.equal((await page.textContent('#appeal-answer')).trim(), ANSWER);
    const draft = await downloadPdf(page, '#reply-pdf', dir, 'reply-draft.pdf');
    assert.ok(draft.includes(number) && draft.includes(ANSWER), 'the reply letter holds the number and the answer');
    await signOut(page);

    await signIn(page, server, 'head');
    await page.goto(url);
    await step(page, 'close');
    assert.equal((await page.textContent('#appeal-status')).trim(), tg.status_closed);
    const letter = await downloadPdf(page, '#reply-pdf', dir, 'reply.pdf');
    assert.ok(letter.includes('Азиз Раҳимзода'), 'the closed letter names the approving head');
    // The history lists every step.
    const history = await page.locator('#appeal-history tbody tr').allTextContents();
    for (const k of ['kind_appeal.registered', 'kind_appeal.assigned', 'kind_appeal.started', 'kind_appeal.answered', 'kind_appeal.closed'])
      assert.ok(history.some((h) => h.includes(tg[k])), `history shows ${k}`);
    assert.deepEqual(pageErrors, []);
  });

test('an appeal is registered at the desk and referred to the crime register', { timeout: 60_000 }, async (t) => {
  const { server, page, pageErrors } = await setup(t);
  await signIn(page, server, 'desk');
  const { url } = await intake(page, server, 'Шаби гузашта аз ҳавлӣ велосипед дуздида шуд.', 'yes');
  await signOut(page);
  await signIn(page, server, 'head');
  await page.goto(url);
  await step(page, 'refer');
  assert.equal((await page.textContent('#appeal-status')).trim(), tg.status_referred);
  assert.equal(await page.locator('#step-assign').count(), 0, 'a referred appeal takes no more steps');
  assert.deepEqual(pageErrors, []);
});
