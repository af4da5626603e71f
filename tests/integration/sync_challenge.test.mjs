// Pull challenges cannot be exhausted by strangers (docs/sync-protocol.md §7):
// the parent stores nothing when it gives a challenge, and limits the calls
// per client address. Behind a trusted proxy the limits key on the address
// in X-Forwarded-For (docs/security.md "Client address behind a reverse proxy").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { sabt, startParent, createEnrolment, enrolField } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const challenge = (url, forwardedFor) => fetch(new URL('/sync/v1/challenge', url), {
  method: 'POST', headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
});

// n calls, `parallel` at a time; answers the HTTP statuses.
async function many(n, parallel, fn) {
  const statuses = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const r = await fn(i);
      await r.arrayBuffer();
      statuses.push(r.status);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return statuses;
}

test('ten thousand anonymous challenge calls store nothing, and an enrolled laptop still pulls', async () => {
  const parent = await startParent(['--trusted-proxy', '127.0.0.1']);
  cleanups.push(() => parent.cleanup());
  const en = await createEnrolment(parent);
  const field = await enrolField(parent, en.code);
  assert.equal(field.code, 0, field.stderr);

  // 10,000 strangers' calls from 250 addresses behind the proxy (40 each, under the per-address limit).
  const statuses = await many(10_000, 32, (i) => challenge(parent.url, `198.51.100.${i % 250}, 127.0.0.1`));
  assert.equal(statuses.filter((x) => x === 200).length, 10_000, 'every stranger got a challenge');

  const pulled = await sabt(['sync', 'pull', '--db', field.dbUrl]);
  assert.equal(pulled.code, 0, `the laptop pulls after the flood: ${pulled.stderr}`);

  // A stranger who calls too often from one address is refused; the laptop is not.
  const one = await many(1300, 16, () => challenge(parent.url, '203.0.113.7'));
  assert.ok(one.includes(429), 'one address is limited');
  const again = await sabt(['sync', 'pull', '--db', field.dbUrl]);
  assert.equal(again.code, 0, `the laptop (another address) still pulls: ${again.stderr}`);
});

test('X-Forwarded-For decides the client address only when the peer is a trusted proxy', async () => {
  const trusting = await startServer({ ...freshDatabase(), serveArgs: ['--trusted-proxy', '127.0.0.0/8'] });
  cleanups.push(() => trusting.cleanup());
  const ignoring = await startServer({ ...freshDatabase(), serveArgs: ['--trusted-proxy', '10.9.9.9'] });
  cleanups.push(() => ignoring.cleanup());

  // Behind the trusted proxy, 1300 calls from 1300 clients are 1300 addresses: none is limited.
  const distinct = await many(1300, 16, (i) => challenge(trusting.url, `198.18.${Math.floor(i / 250)}.${i % 250}`));
  assert.ok(!distinct.includes(429));
  // ... while 1300 calls of one client are limited, whatever proxies it passed.
  const same = await many(1300, 16, () => challenge(trusting.url, '192.0.2.200, 127.0.0.5'));
  assert.ok(same.includes(429));

  // From a peer that is not a trusted proxy the header is ignored: all count against the peer.
  const spoofed = await many(1300, 16, (i) => challenge(ignoring.url, `198.18.${Math.floor(i / 250)}.${i % 250}`));
  assert.ok(spoofed.includes(429), 'a client cannot pick its own address');
});
