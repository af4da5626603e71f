// Browser test of person search (issue 16): a desk officer types the Russian
// spelling "Джамшед Рахимзаде" into the one search box and finds Раҳимзода
// Ҷамшед, registered in Tajik spelling, with his earlier appeals; at intake,
// typing that spelling and his birth date shows the duplicate hint with links.
//
// Run: bash tests/browser/run.sh   (uses Debian's chromium through playwright-core)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, startServer } from '../lib/server.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
const tg = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', 'persons', 'tg.json'), 'utf8'));

test('a desk officer types "Джамшед Рахимзаде" and finds Раҳимзода Ҷамшед with his earlier appeals',
  { timeout: 90_000 }, async (t) => {
    const res = {};
    t.after(async () => {
      if (res.context) await res.context.close().catch(() => {});
      if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
      if (res.server) await res.server.cleanup().catch(() => {});
    });
    res.server = await startServer({ demo: true, demoArgs: ['--appeals', '0'] });
    const url = res.server.url;
    const token = await login(url, 'desk', res.server.logins.desk);
    const numbers = [];
    for (const doc of ['A77770001', 'A77770001']) {  // one passport: one person, two appeals
      const r = await api(url, token, 'POST', '/api/v1/appeals', appealBody({
        surname: 'Раҳимзода', given_name: 'Ҷамшед', patronymic: 'Алиевич', birth_date: '1985-03-12', id_document: doc }));
      assert.equal(r.status, 201, r.text);
      numbers.push(r.json.number);
    }

    res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
    res.context = await chromium.launchPersistentContext(res.profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'tg-TJ',
      viewport: { width: 1280, height: 900 }, timeout: 20_000,
    });
    res.context.setDefaultTimeout(10_000);
    const page = res.context.pages()[0] ?? (await res.context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    await page.goto(new URL('/login', url).href);
    await page.fill('#username', 'desk');
    await page.fill('#password', res.server.logins.desk);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);

    await Promise.all([page.waitForURL((u) => u.pathname === '/search'), page.click('#nav-search')]);
    assert.equal((await page.textContent('h1')).trim(), tg.search_title);
    await page.fill('#q', 'Джамшед Рахимзаде');
    await Promise.all([page.waitForSelector('#search-persons'), page.press('#q', 'Enter')]);
    const names = await page.$$eval('#search-persons a', (a) => a.map((x) => x.textContent.trim()));
    assert.ok(names.includes('Раҳимзода Ҷамшед Алиевич'), names.join(' | '));
    const listed = await page.$$eval('#search-records a', (a) => a.map((x) => x.textContent.trim()));
    for (const n of numbers) assert.ok(listed.includes(n), `${n} in ${listed.join(' | ')}`);

    await Promise.all([page.waitForSelector('#person-appeals'), page.click('#search-persons a >> nth=0')]);
    assert.equal((await page.textContent('#person-name')).trim(), 'Раҳимзода Ҷамшед Алиевич');
    const onPage = await page.$$eval('#person-appeals a', (a) => a.map((x) => x.textContent.trim()));
    for (const n of numbers) assert.ok(onPage.includes(n), `${n} on the person page: ${onPage.join(' | ')}`);

    // At intake, typing the Russian spelling and the birth date shows the
    // duplicate hint with links to his two appeals, before registering.
    await page.goto(new URL('/appeals/new', url).href);
    assert.equal(await page.isHidden('#similar-appeals-live'), true);
    await page.fill('#surname', 'Рахимзаде');
    await page.fill('#given_name', 'Джамшед');
    await page.fill('#birth_date', '1985-03-12');
    await page.waitForSelector('#similar-appeals-live a');
    const hint = (await page.textContent('#similar-appeals-live')).trim();
    assert.ok(hint.startsWith(tg.similar_appeals_hint.replace('{{n}}', '2')), hint);
    const linked = await page.$$eval('#similar-appeals-live a', (a) => a.map((x) => x.textContent.trim()));
    assert.deepEqual(linked.sort(), [...numbers].sort());
    await Promise.all([page.waitForURL((u) => /^\/appeals\/[^/]+$/.test(u.pathname) && u.pathname !== '/appeals/new'),
      page.click('#similar-appeals-live a >> nth=0')]);
    assert.deepEqual(pageErrors, []);
  });
