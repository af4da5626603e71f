// Browser test of a field node's sync banner (docs/sync-protocol.md §8):
// with its parent down, an officer registers an appeal on the laptop and
// every page says "pending 1"; "Sync now" with the parent still down shows
// the error; once the parent is back at the same address, "Sync now" makes
// the banner say "synced" and the appeal, by its number, is on the parent.
//
// Run: bash tests/browser/run.sh   (Debian chromium through playwright-core)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { codeFor } from '../lib/totp.mjs';
import { repoRoot } from '../lib/server.mjs';
import { login, api, allAppeals } from '../lib/api.mjs';
import { startParent, restartParent, createEnrolment, enrolField, startField, until } from '../lib/sync.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
const en = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', 'en.json'), 'utf8'));

async function signIn(page, url, username, password) {
  // Pages start in Tajik; this test reads them in English, chosen on the page.
  await page.goto(new URL('/lang?to=en&back=%2Flogin', url).href);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#totp', await codeFor(url, username, password));  // '' for roles without a second factor
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
}

async function registerAppeal(page, url) {
  await page.goto(new URL('/appeals/new', url).href);
  const values = {
    surname: 'Ҳасанзода', given_name: 'Ҷӯрабек', patronymic: 'Қодирович', birth_date: '1979-05-14',
    address: 'деҳаи Ғозималик, кӯчаи Сино 12', phone: '93 555 12 34', id_document: 'A7654321',
  };
  for (const [f, v] of Object.entries(values)) await page.fill(`#${f}`, v);
  await page.selectOption('#category', 'complaint');
  await page.check('#crime_signs_no');
  await page.fill('#summary', 'Дар деҳа ҳамсоя шабона садои баланд мебарорад.');
  await Promise.all([page.waitForURL((u) => u.searchParams.get('new') === '1'), page.click('#register')]);
  return (await page.textContent('#appeal-number')).trim();
}

const banner = async (page) => ({
  text: (await page.textContent('#sync-state')).trim(),
  pending: await page.getAttribute('#sync-state', 'data-pending'),
  state: await page.getAttribute('#sync-state', 'data-state'),
});

test('a field node shows pending work on every page, and "Sync now" delivers it once the parent is back',
  { timeout: 180_000 }, async (t) => {
    const res = {};
    t.after(async () => {
      if (res.context) await res.context.close().catch(() => {});
      if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
      if (res.node) await res.node.cleanup().catch(() => {});
      for (const p of [res.parent2, res.parent]) if (p) await p.cleanup().catch(() => {});
      if (res.field) await rm(res.field.dir, { recursive: true, force: true }).catch(() => {});
    });

    // A central node and a laptop enrolled to it, synced once.
    res.parent = await startParent();
    const en1 = await createEnrolment(res.parent);
    res.field = await enrolField(res.parent, en1.code);
    assert.equal(res.field.code, 0, res.field.stderr);
    res.node = await startField(res.field, ['--sync-interval', '3600']);
    const token = await login(res.node.url, 'mobile', res.parent.logins.mobile);
    const status = async () => (await api(res.node.url, token, 'GET', '/api/v1/sync/status')).json;
    await until(async () => (await status()).pending === 0 && (await status()).last_success_at !== '', 60_000, 'first sync');

    // The central node goes down (SIGTERM to the pid the test started).
    await res.parent.stop();

    res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
    res.context = await chromium.launchPersistentContext(res.profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'en-US',
      viewport: { width: 1280, height: 900 }, timeout: 20_000,
    });
    res.context.setDefaultTimeout(10_000);
    const page = res.context.pages()[0] ?? (await res.context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    await signIn(page, res.node.url, 'mobile', res.parent.logins.mobile);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(await banner(page), { text: en.sync_synced, pending: '0', state: 'synced' });

    const number = await registerAppeal(page, res.node.url);
    assert.match(number, /^DSH-SNO-M1-[0-9A-F]{4}\/\d{4}\/\d+$/);
    assert.deepEqual(await banner(page), { text: 'pending 1', pending: '1', state: 'pending' });
    // Every page carries the banner, with the button and a progress bar.
    await page.goto(new URL('/appeals', res.node.url).href);
    assert.equal((await banner(page)).text, 'pending 1');
    assert.equal(await page.locator('#sync-banner progress#sync-progress').count(), 1);
    assert.equal((await page.textContent('#sync-now')).trim(), en.sync_now);
    // While entries wait, the page's script asks for the state (session cookie).
    const polled = await page.waitForResponse((r) => new URL(r.url()).pathname === '/sync/state');
    assert.equal(polled.status(), 200);
    assert.equal((await polled.json()).pending, 1);

    // "Sync now" while the parent is down: back on the same page, the error shows.
    await Promise.all([page.waitForURL((u) => u.pathname === '/appeals'), page.click('#sync-now')]);
    await page.locator('#sync-error').waitFor({ state: 'visible', timeout: 60_000 });
    assert.ok((await page.textContent('#sync-error-text')).trim().length > 0);
    assert.equal((await banner(page)).text, 'pending 1');

    // The parent comes back on the same database and port; "Sync now".
    res.parent2 = await restartParent(res.parent, [], { samePort: true });
    assert.equal(res.parent2.url, res.parent.url);
    await Promise.all([page.waitForURL((u) => u.pathname === '/appeals'), page.click('#sync-now')]);
    // The page's script polls /sync/state and updates the banner in place.
    await page.waitForFunction(() => document.querySelector('#sync-state')?.dataset.state === 'synced', null,
      { timeout: 90_000 });
    assert.deepEqual(await banner(page), { text: en.sync_synced, pending: '0', state: 'synced' });
    assert.equal(await page.isVisible('#sync-error'), false, 'the old error is gone');
    assert.equal(await page.isVisible('#sync-running'), false);

    // The appeal is on the central node, in the unit's scope.
    const head = await login(res.parent2.url, 'head', res.parent.logins.head);
    const onParent = (await allAppeals(res.parent2.url, head)).filter((a) => a.number === number);
    assert.equal(onParent.length, 1, `${number} on the central node`);
    assert.equal(onParent[0].department, 'DSH-SNO-M1');
    assert.deepEqual(pageErrors, [], 'no JavaScript errors');
  });
