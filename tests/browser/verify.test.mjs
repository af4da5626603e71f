// /verify checks a real receipt in the browser (WebCrypto Ed25519 + RFC 9162
// inclusion), and rejects a receipt whose leaf hash has one changed character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

test('the public /verify page accepts a real receipt and rejects one with a changed leaf hash', async (t) => {
  const server = await startServer({ demo: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
  let context;
  t.after(async () => {
    if (context) await context.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
    await server.cleanup();
  });
  const token = await login(server.url, 'desk', server.logins.desk);
  const a = (await api(server.url, token, 'POST', '/api/v1/appeals', appealBody())).json;
  // Wait until a checkpoint covers the new entry.
  for (let i = 0; i < 50; i++) {
    const note = await (await fetch(new URL('/log/checkpoint', server.url))).text();
    if (Number(note.split('\n')[1]) > a.entry.index) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'en-US' });
  const page = await context.newPage();
  const open = async (leaf) => {
    const q = new URLSearchParams({ number: a.number, code: a.verification_code, leaf });
    await page.goto(`${server.url}/verify?${q}`);
    await page.waitForSelector('#verify-result[data-source="browser"]', { timeout: 10000 });
    return {
      state: await page.getAttribute('#verify-result', 'data-state'),
      headline: await page.textContent('#verify-headline'),
    };
  };
  const good = await open(a.entry.leaf_hash);
  assert.equal(good.state, 'ok', good.headline);
  assert.match(good.headline, /Included in the journal of sabt\/central at size \d+, signed \d{4}-\d\d-\d\d/);
  assert.equal(await page.textContent('#verify-status'), 'Registered');
  const flipped = a.entry.leaf_hash.slice(0, 10) + (a.entry.leaf_hash[10] === 'a' ? 'b' : 'a') + a.entry.leaf_hash.slice(11);
  const bad = await open(flipped);
  assert.equal(bad.state, 'fail');
  assert.match(bad.headline, /The check failed/);
});
