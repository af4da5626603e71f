// Browser test of the quarterly programme report form (docs/programme.md
// §5): the partner chooses the quarter, the language and the format on
// /programme and gets the file; a malformed quarter typed past the form's
// pattern is answered by the server with its message.
//
// Run: bash tests/browser/run.sh   (uses Debian's chromium through playwright-core)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

test('the partner downloads the quarterly report in the chosen language and format from the programme page',
  { timeout: 180_000 }, async (t) => {
    const res = {};
    t.after(async () => {
      if (res.context) await res.context.close().catch(() => {});
      if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
      if (res.server) await res.server.cleanup();
    });
    res.server = await startServer({ demo: true, demoArgs: ['--appeals', '3'] });
    const server = res.server;
    res.profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
    res.context = await chromium.launchPersistentContext(res.profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'tg-TJ', acceptDownloads: true,
      viewport: { width: 1280, height: 900 }, timeout: 20_000, bypassCSP: true,
    });
    res.context.setDefaultTimeout(10_000);
    const page = res.context.pages()[0] ?? (await res.context.newPage());
    await page.goto(new URL('/login', server.url).href);
    await page.fill('#username', 'partner');
    await page.fill('#password', server.logins.partner);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);

    await page.goto(new URL('/programme', server.url).href);
    const quarter = await page.inputValue('#r-quarter');
    assert.match(quarter, /^\d{4}-Q[1-4]$/, 'the form offers the current quarter');
    await page.selectOption('#r-lang', 'ru');
    await page.selectOption('#r-format', 'pdf');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('#report-form button[type=submit]')]);
    assert.equal(pdf.suggestedFilename(), `programme-report_MIA_${quarter}_ru.pdf`);
    const bytes = await readFile(await pdf.path());
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = execFileSync('pdftotext', ['-layout', await pdf.path(), '-'], { encoding: 'utf8' });
    assert.ok(text.includes('Квартальный отчёт по программе реформы'), text.slice(0, 300));
    assert.ok(text.includes('Показатели в сравнении с целями'));

    await page.goto(new URL('/programme', server.url).href);
    await page.selectOption('#r-lang', 'en');
    await page.selectOption('#r-format', 'xlsx');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#report-form button[type=submit]')]);
    assert.equal(xlsx.suggestedFilename(), `programme-report_MIA_${quarter}_en.xlsx`);
    assert.equal((await readFile(await xlsx.path())).subarray(0, 2).toString('latin1'), 'PK');

    // The pattern of the field is a help, not the check: the server refuses.
    await page.goto(new URL('/programme', server.url).href);
    await page.evaluate(() => document.getElementById('r-quarter').removeAttribute('pattern'));
    await page.fill('#r-quarter', '2026-Q9');
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('#report-form button[type=submit]')]);
    assert.equal(answer.status(), 400);
    assert.match(await page.textContent('main'), /YYYY-Qn/);
  });
