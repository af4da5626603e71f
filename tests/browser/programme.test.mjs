// Browser test of the programme pages, the indicators and the equipment
// register (docs/programme.md): the coordinator and the partner walk them in
// all three languages; axe-core finds no serious or critical violation; the
// coordinator hands over equipment through the form and finds it in the
// register.
//
// Run: bash tests/browser/run.sh   (uses Debian's chromium through playwright-core)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the programme, the indicators and the equipment register pass axe-core for the coordinator and the partner',
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
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'tg-TJ',
      viewport: { width: 1280, height: 900 }, timeout: 20_000, bypassCSP: true,
    });
    res.context.setDefaultTimeout(10_000);
    const page = res.context.pages()[0] ?? (await res.context.newPage());
    const violations = [];
    const visit = async (p, lang) => {
      const r = await page.goto(new URL(p, server.url).href);
      assert.equal(r.status(), 200, `${p} answers 200`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      violations.push(...(await axe(page)).map((v) => `${p} [${lang}]: ${v}`));
    };
    for (const user of ['coordinator', 'partner']) {
      await page.goto(new URL('/login', server.url).href);
      await page.fill('#username', user);
      await page.fill('#password', server.logins[user]);
      await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
      for (const lang of ['tg', 'ru', 'en']) {
        await page.goto(new URL(`/lang?to=${lang}&back=/`, server.url).href);
        await visit('/', lang);
        await visit('/programme', lang);
        const activity = await page.getAttribute('table.activities a', 'href');
        const group = await page.getAttribute('#groups-table a', 'href');
        const decision = await page.getAttribute('#decisions-table a', 'href');
        for (const p of [activity, group, decision, '/programme/indicators', '/equipment']) await visit(p, lang);
        const item = await page.getAttribute('#equipment-table a', 'href');
        const act = await page.getAttribute('#acts-table a', 'href');
        await visit(item, lang);
        await visit(act, lang);
      }
      await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.click('header .who button[type="submit"]')]);
    }
    assert.deepEqual(violations, [], 'no serious or critical axe-core violations');

    // The coordinator hands over a printer through the form.
    await page.goto(new URL('/login', server.url).href);
    await page.fill('#username', 'coordinator');
    await page.fill('#password', server.logins.coordinator);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
    await page.goto(new URL('/equipment', server.url).href);
    await page.fill('#h-number', 'BR-2026/1');
    await page.fill('#h-date', '2026-12-01');
    await page.fill('#h-donor', 'OSCE');
    await page.fill('#h-giver', 'Гулнора Каримова');
    await page.selectOption('#h-unit', 'DSH-SNO');
    await page.fill('#h-receiver', 'Азиз Раҳимзода');
    await page.fill('#h-items', 'printer | Принтери браузер | PR-BR-1 | |');
    await Promise.all([page.waitForURL((u) => u.pathname === '/equipment'), page.click('#handover-form button[type="submit"]')]);
    assert.ok((await page.textContent('#equipment-table')).includes('Принтери браузер'));
  });
