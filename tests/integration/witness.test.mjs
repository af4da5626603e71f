// A witness cosigns a log's checkpoints only along one consistent history:
// a rogue log that signs two roots for one size is refused, and the refusal
// is recorded in the witness's own journal.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody } from '../lib/api.mjs';
import { verifierKey } from '../lib/rfc9162.mjs';

const servers = [];
after(async () => { for (const s of servers.reverse()) await s.cleanup(); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function signerFromKeyFile(path) {
  const t = readFileSync(path, 'utf8').trim();  // PRIVATE+KEY+name+id+base64(0x01||seed)
  const parts = t.split('+');
  const name = parts[2];
  const seed = Buffer.from(parts.slice(4).join('+'), 'base64').subarray(1);
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(12);
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(name + '\n'), Buffer.of(1), pub])).digest().subarray(0, 4);
  return (body) => `${body}\n\u2014 ${name} ${Buffer.concat([id, sign(null, Buffer.from(body), key)]).toString('base64')}\n`;
}

function cosignatureOk(note, witnessVk) {
  const sep = note.indexOf('\n\n');
  const body = note.slice(0, sep + 1);
  for (const line of note.slice(sep + 2).split('\n')) {
    const prefix = `\u2014 ${witnessVk.name} `;
    if (!line.startsWith(prefix)) continue;
    const b = Buffer.from(line.slice(prefix.length), 'base64');
    if (b.length !== 76) continue;
    const ts = b.readBigUInt64BE(4);
    if (verify(null, Buffer.from(`cosignature/v1\ntime ${ts}\n${body}`), witnessVk.key, b.subarray(12))) return true;
  }
  return false;
}

test('a witness cosigns consistent checkpoints and refuses a split view', async () => {
  const logDb = freshDatabase();
  let log = await startServer({ demo: true, ...logDb });
  servers.push(log);
  const logKey = (await (await fetch(new URL('/log/key', log.url))).text()).trim();
  const witness = await startServer({ ...freshDatabase(), initArgs: ['--origin', 'witness'], serveArgs: ['--witness-for', `sabt/central=${logKey}`] });
  servers.push(witness);
  const wvk = verifierKey(await (await fetch(new URL('/log/key', witness.url))).text());
  assert.equal(wvk.name, 'sabt/witness');
  await log.stop();
  log = await startServer({ dbUrl: log.dbUrl, init: false, env: logDb.env, serveArgs: ['--witness', witness.url] });
  servers.push(log);

  const token = await login(log.url, 'desk', servers[0].logins.desk);
  let cosigned = null;
  for (let round = 0; round < 2; round++) {
    assert.equal((await api(log.url, token, 'POST', '/api/v1/appeals', appealBody())).status, 201);
    const size = (await log.health()).journal_size;
    for (let i = 0; i < 60 && !cosigned; i++) {
      const note = await (await fetch(new URL('/log/checkpoint', log.url))).text();
      if (Number(note.split('\n')[1]) >= size && cosignatureOk(note, wvk)) cosigned = note;
      else await sleep(100);
    }
    assert.ok(cosigned, `round ${round}: the checkpoint carries a valid witness cosignature`);
    if (round === 0) cosigned = null;
  }

  // A rogue holder of the log's key signs another root for the size the
  // witness already cosigned.
  const keyPath = servers[0].dbPath ? `${servers[0].dbPath}.key`
    : execFileSync(servers[0].bin, ['key', 'path', '--db', servers[0].dbUrl], { env: servers[0].env }).toString().trim();
  const signAsLog = signerFromKeyFile(keyPath);
  const [origin, sizeText] = cosigned.split('\n');
  const fakeRoot = createHash('sha256').update('forged history').digest('base64');
  const forged = signAsLog(`${origin}\n${sizeText}\n${fakeRoot}\n`);
  const before = (await witness.health()).journal_size;
  const r = await fetch(new URL('/witness/add-checkpoint', witness.url), { method: 'POST', body: `old ${sizeText}\n\n${forged}` });
  assert.equal(r.status, 409);
  assert.match(await r.text(), /split view/);
  assert.equal((await witness.health()).journal_size, before + 1, 'the alert is journaled by the witness');

  // A larger tree whose root is not consistent with the cosigned one.
  const bigger = signAsLog(`${origin}\n${Number(sizeText) + 1}\n${fakeRoot}\n`);
  const fakeProof = createHash('sha256').update('x').digest('base64');
  const r2 = await fetch(new URL('/witness/add-checkpoint', witness.url), { method: 'POST', body: `old ${sizeText}\n${fakeProof}\n\n${bigger}` });
  assert.equal(r2.status, 422);
  // An unsigned (or wrongly signed) checkpoint is refused outright.
  const r3 = await fetch(new URL('/witness/add-checkpoint', witness.url), { method: 'POST', body: `old ${sizeText}\n\n${origin}\n${sizeText}\n${fakeRoot}\n\n\u2014 sabt/central AAAA\n` });
  assert.equal(r3.status, 403);
});
