// Browser test of the statistics home (issue 15): an analyst lands on it
// after sign-in, the charts are drawn (bars per district, monthly lines, the
// districts' small multiples), each with its data table, and the export
// downloads.
//
// Run: bash tests/browser/run.sh   (uses Debian's chromium through playwright-core)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, repoRoot } from '../lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
const stats = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', 'stats', 'tg.json'), 'utf8'));

test('an analyst lands on the statistics home: charts drawn, tables beside them, the CSV downloads',
  { timeout: 90_000 }, async (t) => {
    const res = {};
    t.after(async () => {
      if (res.context) await res.context.close().catch(() => {});
      if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
      if (res.server) await res.server.cleanup().catch(() => {});
    });
    res.server = await startServer({ demo: true });
    const url = res.server.url;
    res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
    res.context = await chromium.launchPersistentContext(res.profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'tg-TJ',
      viewport: { width: 1280, height: 900 }, timeout: 20_000, acceptDownloads: true,
    });
    res.context.setDefaultTimeout(10_000);
    const page = res.context.pages()[0] ?? (await res.context.newPage());
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    await page.goto(new URL('/login', url).href);
    await page.fill('#username', 'analyst');
    await page.fill('#password', res.server.logins.analyst);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
    assert.equal((await page.textContent('#stats-heading')).trim(), stats.stats_home_title);

    // Bars per region of the ministry, with a value for each.
    const bars = await page.$$eval('#chart-bars rect.bar', (r) => r.length);
    const rows = await page.$$eval('#stats-table tbody tr', (r) => r.length);
    assert.ok(bars > 0, 'bars drawn');
    assert.equal(rows, bars + 1, 'a table row per bar, and the total');
    const box = await page.$eval('#chart-bars', (e) => e.getBoundingClientRect().width);
    assert.ok(box > 100, 'the chart has a size on the page');
    assert.ok(await page.$('#chart-lines polyline.line-now'), 'monthly line');
    assert.ok(await page.$('#table-lines tbody tr'), 'its table');
    const panels = await page.$$eval('#chart-districts g.panel', (g) => g.length);
    assert.equal(panels, await page.$$eval('#table-districts tbody tr', (r) => r.length));
    assert.ok(panels >= 9, `the nine pilot districts (${panels})`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    assert.match(download.suggestedFilename(), /^appeals-by-district_MIA_.*\.csv$/);
    assert.ok(csv.split('\r\n').length >= rows + 1, 'header and one line per row');

    // Another report from the menu keeps working in Russian.
    await page.goto(new URL('/stats/crime-by-article?lang=ru', url).href);
    assert.ok(await page.$('#stats-table tbody tr'));
    assert.deepEqual(pageErrors, []);
  });
