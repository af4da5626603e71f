// A receipt check names the witness that countersigned the journal, with the
// witness's key given to the log out of band (--witness-key), and says the
// signed time in plain words; a node told the wrong witness key keeps no
// cosignature it cannot verify.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';

const servers = [];
after(async () => { for (const s of servers.reverse()) await s.cleanup(); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function logWithWitness(witnessKeyForLog) {
  const logDb = freshDatabase();
  const first = await startServer({ demo: true, ...logDb });
  servers.push(first);
  const logKey = (await (await fetch(new URL('/log/key', first.url))).text()).trim();
  const witness = await startServer({ ...freshDatabase(), initArgs: ['--origin', 'witness'], serveArgs: ['--witness-for', `sabt/central=${logKey}`] });
  servers.push(witness);
  const witnessKey = (await (await fetch(new URL('/log/key', witness.url))).text()).trim();
  await first.stop();
  const log = await startServer({
    dbUrl: first.dbUrl, init: false, env: logDb.env,
    serveArgs: ['--witness', witness.url, '--witness-key', witnessKeyForLog(witnessKey, logKey), '--witness-label', 'Prosecutor office witness'],
  });
  servers.push(log);
  return { log, logins: first.logins, witnessKey };
}

// Registers an appeal and waits until the latest checkpoint covers it and
// carries a cosignature line by sabt/witness (or the rounds run out).
async function registerAndWaitForCosignature(log, logins) {
  const token = await login(log.url, 'desk', logins.desk);
  const a = (await api(log.url, token, 'POST', '/api/v1/appeals', appealBody())).json;
  let note = '';
  for (let i = 0; i < 60; i++) {
    note = await (await fetch(new URL('/log/checkpoint', log.url))).text();
    if (Number(note.split('\n')[1]) > a.entry.index && note.includes('\u2014 sabt/witness ')) break;
    await sleep(100);
  }
  return { a, note };
}

test('the receipt check names the countersigning witness and its signed time, on the page and in verify-receipt', async () => {
  const { log, logins, witnessKey } = await logWithWitness((w) => w);
  const { a, note } = await registerAndWaitForCosignature(log, logins);
  assert.ok(note.includes('\u2014 sabt/witness '), 'the checkpoint is cosigned');
  const listed = (await api(log.url, null, 'GET', '/log/witnesses')).json;
  assert.deepEqual(listed.map((w) => [w.name, w.key, w.label]), [['sabt/witness', witnessKey, 'Prosecutor office witness']]);
  const q = new URLSearchParams({ number: a.number, code: a.verification_code, i: String(a.entry.index), leaf: a.entry.leaf_hash });
  const html = await (await fetch(new URL(`/verify?${q}`, log.url), { headers: { cookie: 'sabt_lang=en' } })).text();
  assert.match(html, /data-state="ok"/);
  assert.match(html, /signed on \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d \(Dushanbe time\) and countersigned by Prosecutor office witness/);
  const out = spawnSync(log.bin, ['verify-receipt', '--url', log.url, '--number', a.number, '--code', a.verification_code,
    '--index', String(a.entry.index), '--leaf', a.entry.leaf_hash]);
  assert.equal(out.status, 0, out.stdout.toString() + out.stderr.toString());
  assert.match(out.stdout.toString(), /ok {4}countersigned by Prosecutor office witness \([0-9a-f ]+\) at \d{4}-/);
  assert.match(out.stdout.toString(), /signed at \d{4}-\d\d-\d\dT/);
});

test('a node given the wrong witness key stores no cosignature and the page names no witness', async () => {
  // The log is told its own key as the witness's: the real witness's lines
  // do not verify under it and are dropped.
  const { log, logins } = await logWithWitness((w, logKey) => logKey);
  const { a, note } = await registerAndWaitForCosignature(log, logins);
  assert.ok(!note.includes('\u2014 sabt/witness '), 'no unverifiable cosignature is stored');
  const q = new URLSearchParams({ number: a.number, code: a.verification_code });
  const html = await (await fetch(new URL(`/verify?${q}`, log.url), { headers: { cookie: 'sabt_lang=en' } })).text();
  assert.match(html, /data-state="ok"/, 'the receipt itself still checks');
  const headline = html.match(/<h2 id="verify-headline">([^<]*)<\/h2>/)[1];
  assert.match(headline, /signed on .* \(Dushanbe time\)\.$/);
  assert.ok(!headline.includes('countersigned'), 'no witness is claimed');
});
