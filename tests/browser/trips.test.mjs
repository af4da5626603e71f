// Browser test of the trip log on a field node: a mobile officer starts a
// trip and a stop, the intake form shows the stop, an appeal registered there
// is counted at the stop, and ending the trip closes everything.
//
// Run: bash tests/browser/run.sh   (uses Debian's chromium through playwright-core)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../lib/server.mjs';
import { login, api } from '../lib/api.mjs';
import { startParent, createEnrolment, enrolField, startField } from '../lib/sync.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
const tg = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', 'tg.json'), 'utf8'));

test('a mobile officer starts a trip and a stop, the intake form shows the stop, and the trip ends',
  { timeout: 90_000 }, async (t) => {
    const res = {};
    t.after(async () => {
      if (res.context) await res.context.close().catch(() => {});
      if (res.profile) await rm(res.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
      if (res.node) await res.node.cleanup().catch(() => {});
      if (res.parent) await res.parent.cleanup().catch(() => {});
    });
    res.parent = await startParent();
    const field = await enrolField(res.parent, (await createEnrolment(res.parent)).code);
    assert.equal(field.code, 0, field.stderr);
    res.node = await startField(field, ['--sync-interval', '3600']);
    const url = res.node.url;
    const password = res.parent.logins.mobile;

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
    await page.fill('#username', 'mobile');
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);

    await Promise.all([page.waitForURL((u) => u.pathname === '/trips'), page.click('#nav-trips')]);
    assert.equal((await page.textContent('h1')).trim(), tg.trip_title);
    await page.fill('#note', 'УАЗ 0123 ТТ');
    await Promise.all([page.waitForSelector('#trip-open'), page.click('#trip-start')]);

    // The place list suggests jamoats; a place is typed, coordinates given.
    assert.ok(await page.$$eval('#places option', (o) => o.length) > 0, 'place suggestions');
    await page.fill('#place', 'Ҷамоати деҳоти Ромит');
    await page.fill('#lat', '38.73');
    await page.fill('#lon', '69.31');
    await Promise.all([page.waitForSelector('#stop-open'), page.click('#stop-start')]);
    assert.equal((await page.textContent('#stop-open .stop-place')).trim(), 'Ҷамоати деҳоти Ромит');

    await page.goto(new URL('/appeals/new', url).href);
    assert.match(await page.textContent('#current-stop'), /Ҷамоати деҳоти Ромит/);

    // An appeal registered now is counted at the stop.
    const token = await login(url, 'mobile', password);
    const cur = (await api(url, token, 'GET', '/api/v1/trips/current')).json;
    const a = await api(url, token, 'POST', '/api/v1/appeals', {
      surname: 'Раҳимов', given_name: 'Ғайрат', birth_date: '1980-01-02', address: 'деҳаи Ромит',
      phone: '93 555 00 11', id_document: 'A5550011', channel: 'mobile', category: 'complaint', crime_signs: 'no',
      summary: 'Шикоят дар бораи садои баланд дар шаб.',
    });
    assert.equal(a.status, 201, a.text);
    assert.equal(a.json.trip_stop, cur.stop.id);

    await page.goto(new URL('/trips', url).href);
    await Promise.all([page.waitForSelector('#trip-none'), page.click('#trip-end')]);
    await Promise.all([page.waitForURL((u) => u.pathname === `/trips/${cur.trip.id}`), page.click(`a[href="/trips/${cur.trip.id}"]`)]);
    assert.equal((await page.textContent('#stops-table .count')).trim(), '1');
    assert.equal((await page.textContent('#trip-total')).trim(), '1');
    assert.deepEqual(pageErrors, []);
  });
