// /verify checks a real receipt in the browser (WebCrypto Ed25519 + RFC 9162
// inclusion), bound to what the paper printed: the test takes the receipt
// PDF, reads its QR code with zbarimg and follows it, with no hash typed in.
// A receipt whose number, entry or leaf hash was changed is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

async function qrOfReceipt(server, appealId, dir) {
  const web = webClient(server.url);
  const cookie = await web.signIn('desk', server.logins.desk);
  const res = await web.get(`/appeals/${appealId}/receipt.pdf`, cookie);
  assert.equal(res.status, 200);
  await writeFile(path.join(dir, 'r.pdf'), Buffer.from(await res.arrayBuffer()));
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', path.join(dir, 'r.pdf'), path.join(dir, 'r')]);
  return execFileSync('zbarimg', ['--raw', '-q', path.join(dir, 'r.png')]).toString().trim();
}

test('the QR code of a receipt PDF leads to a check that passes in the browser, and a changed receipt is refused', async (t) => {
  const server = await startServer({ demo: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'sabt-chromium-'));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-receipt-'));
  let context;
  t.after(async () => {
    if (context) await context.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
    await server.cleanup();
  });
  const token = await login(server.url, 'desk', server.logins.desk);
  const a = (await api(server.url, token, 'POST', '/api/v1/appeals', appealBody())).json;
  const b = (await api(server.url, token, 'POST', '/api/v1/appeals', appealBody())).json;
  // Wait until a checkpoint covers both entries.
  for (let i = 0; i < 50; i++) {
    const note = await (await fetch(new URL('/log/checkpoint', server.url))).text();
    if (Number(note.split('\n')[1]) > b.entry.index) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const qr = await qrOfReceipt(server, a.id, dir);
  assert.match(qr, /\/verify\?number=.*&code=.*&i=\d+&leaf=[0-9a-f]{64}&k=[0-9a-f]{20}$/);
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'en-US' });
  const page = await context.newPage();
  const open = async (url) => {
    await page.goto(url);
    await page.waitForSelector('#verify-result[data-source="browser"]', { timeout: 10000 });
    return {
      state: await page.getAttribute('#verify-result', 'data-state'),
      headline: await page.textContent('#verify-headline'),
      failed: await page.getAttribute('#verify-steps li.fail', 'data-step').catch(() => null),
    };
  };
  // English: the page's language is chosen on the page, not by the browser.
  await page.goto(`${server.url}/lang?to=en&back=/verify`);
  const good = await open(qr.replace(/^http:\/\/[^/]+/, server.url));
  assert.equal(good.state, 'ok', good.headline);
  assert.match(good.headline, new RegExp(`${a.number.replaceAll('/', '\\/')} is recorded in the journal of the Ministry of Internal Affairs`));
  assert.match(good.headline, /signed on \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d \(Dushanbe time\)/);
  assert.equal(await page.textContent('#verify-status'), 'Registered');
  const u = new URL(qr);
  const variant = (changes) => {
    const v = new URL(u);
    for (const [k, val] of Object.entries(changes)) v.searchParams.set(k, val);
    return `${server.url}${v.pathname}?${v.searchParams}`;
  };
  // Another appeal's number and code, with this receipt's entry and leaf:
  // the node finds that appeal, but its entry is not the printed one.
  const swapped = await open(variant({ number: b.number, code: b.verification_code }));
  assert.equal(swapped.state, 'fail', swapped.headline);
  assert.equal(swapped.failed, 'entry');
  // Only the number changed: no such receipt.
  const renumbered = await open(variant({ number: b.number }));
  assert.equal(renumbered.state, 'fail');
  assert.equal(renumbered.failed, 'receipt');
  // One character of the leaf hash changed.
  const leaf = u.searchParams.get('leaf');
  const flipped = await open(variant({ leaf: leaf.slice(0, 10) + (leaf[10] === 'a' ? 'b' : 'a') + leaf.slice(11) }));
  assert.equal(flipped.state, 'fail');
  assert.equal(flipped.failed, 'entry');
  // A key fingerprint that is not the node's.
  const otherKey = await open(variant({ k: '0000000000000000000a' }));
  assert.equal(otherKey.state, 'fail');
  assert.equal(otherKey.failed, 'key');
  // Without JavaScript the server makes the same bound checks.
  const noJs = await (await fetch(variant({ number: b.number, code: b.verification_code }))).text();
  assert.match(noJs, /data-state="fail"/);
  const noJsGood = await (await fetch(qr.replace(/^http:\/\/[^/]+/, server.url))).text();
  assert.match(noJsGood, /data-state="ok"/);
});
