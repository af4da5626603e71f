// The witness keeps cosigning across restarts of the log node, of the
// witness, and of both (docs/verification.md §5, "Restarts"); a node that
// lost track of the witness resumes from the size the witness reports; and
// `sabt verify --witness-key` checks the stored cosignatures.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { verify } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { verifierKey } from '../lib/rfc9162.mjs';
import { freshVerifierKey } from '../lib/keys.mjs';

const servers = [];
after(async () => { for (const s of servers.reverse()) await s.cleanup(); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cosignatureOk(note, witnessVk) {
  const sep = note.indexOf('\n\n');
  const body = note.slice(0, sep + 1);
  const prefix = `\u2014 ${witnessVk.name} `;
  return note.slice(sep + 2).split('\n').some((line) => {
    if (!line.startsWith(prefix)) return false;
    const b = Buffer.from(line.slice(prefix.length), 'base64');
    if (b.length !== 76) return false;
    return verify(null, Buffer.from(`cosignature/v1\ntime ${b.readBigUInt64BE(4)}\n${body}`), witnessVk.key, b.subarray(12));
  });
}

// Registers one appeal and waits (polling, bounded) until the log's latest
// checkpoint covers it and carries the witness's valid cosignature.
async function registerAndAwaitCosignature(log, token, wvk, what) {
  assert.equal((await api(log.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  const size = (await log.health()).journal_size;
  let h;
  for (let i = 0; i < 300; i++) {
    h = await log.health();
    if (h.witness.cosigned_size >= size) {
      const note = await (await fetch(new URL('/log/checkpoint', log.url))).text();
      assert.ok(Number(note.split('\n')[1]) >= size, `${what}: the latest checkpoint covers the new entry`);
      assert.ok(cosignatureOk(note, wvk), `${what}: the latest checkpoint carries a valid cosignature`);
      return h.witness.cosigned_size;
    }
    await sleep(100);
  }
  assert.fail(`${what}: size ${size} was never cosigned; witness state ${JSON.stringify(h.witness)}`);
}

test('cosigning survives restarts of the node, of the witness and of both, and resumes from the size the witness reports', async () => {
  const logDb = freshDatabase();
  const first = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...logDb });
  servers.push(first);
  const logKey = (await (await fetch(new URL('/log/key', first.url))).text()).trim();
  const witDb = freshDatabase();
  const witnessArgs = ['--witness-for', `sabt/central=${logKey}`];
  let witness = await startServer({ ...witDb, initArgs: ['--origin', 'witness'], serveArgs: witnessArgs });
  servers.push(witness);
  const witnessKeyText = await (await fetch(new URL('/log/key', witness.url))).text();
  const wvk = verifierKey(witnessKeyText);
  await first.stop();
  const startLog = async (witnessUrl) => {
    const s = await startServer({ dbUrl: first.dbUrl, init: false, env: logDb.env, serveArgs: ['--witness', witnessUrl] });
    servers.push(s);
    return s;
  };
  const startWitness = async (port) => {
    const s = await startServer({ dbUrl: witness.dbUrl, init: false, env: witDb.env, serveArgs: witnessArgs, port });
    servers.push(s);
    return s;
  };
  const witnessJournal = async () => (await witness.health()).journal_size;

  let log = await startLog(witness.url);
  let token = await login(log.url, 'desk', first.logins.desk);
  const s0 = await registerAndAwaitCosignature(log, token, wvk, 'first run');
  const alertsBefore = await witnessJournal();

  // 1. The node restarts: it resumes from the size it stored, not from 0.
  await log.stop();
  log = await startLog(witness.url);
  assert.equal((await log.health()).witness.cosigned_size, s0, 'the node remembers what the witness cosigned');
  token = await login(log.url, 'desk', first.logins.desk);
  const s1 = await registerAndAwaitCosignature(log, token, wvk, 'after a node restart');
  assert.ok(s1 > s0);

  // 2. The witness restarts (same address): it kept its own state.
  await witness.stop();
  assert.equal((await api(log.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
  witness = await startWitness(witness.port);
  const s2 = await registerAndAwaitCosignature(log, token, wvk, 'after a witness restart');
  assert.ok(s2 > s1);

  // 3. Both restart.
  await log.stop();
  await witness.stop();
  witness = await startWitness(witness.port);
  log = await startLog(witness.url);
  token = await login(log.url, 'desk', first.logins.desk);
  const s3 = await registerAndAwaitCosignature(log, token, wvk, 'after both restarted');
  assert.ok(s3 > s2);

  // 4. Both restart and the witness moves to a new address: the node has no
  // state for it, sends `old 0`, and resumes from the size in the 409 answer.
  await log.stop();
  await witness.stop();
  witness = await startWitness(undefined);
  log = await startLog(witness.url);
  token = await login(log.url, 'desk', first.logins.desk);
  const s4 = await registerAndAwaitCosignature(log, token, wvk, 'at a new witness address');
  assert.ok(s4 > s3);
  assert.match(log.stdout() + log.stderr(), new RegExp(`reports cosigned size ${s3} \\(this node had 0\\); resuming from it`));
  assert.equal(await witnessJournal(), alertsBefore, 'no restart made the witness raise an alert');

  // The stored cosignatures check out against the witness key given out of
  // band, and a different witness key is refused.
  await log.stop();
  const keyFile = path.join(witness.dir, 'witness.vkey');
  writeFileSync(keyFile, witnessKeyText);
  const out = execFileSync(log.bin, ['verify', '--quiet', '--db', first.dbUrl, '--witness-key', keyFile], { env: log.env }).toString();
  assert.match(out, /^OK: /m);
  assert.match(out, /cosigned by sabt\/witness up to size \d+/);
  const otherKeyFile = path.join(witness.dir, 'other.vkey');
  writeFileSync(otherKeyFile, `${freshVerifierKey('sabt/witness')}\n`);
  let failed = null;
  try {
    execFileSync(log.bin, ['verify', '--quiet', '--db', first.dbUrl, '--witness-key', otherKeyFile], { env: log.env });
  } catch (e) { failed = e; }
  assert.ok(failed, 'a wrong witness key is refused');
  assert.equal(failed.status, 1);
  assert.match(failed.stdout.toString(), /FAIL: witness sabt\/witness: /);
});
