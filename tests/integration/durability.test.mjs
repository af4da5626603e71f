// Acknowledged means durable: kill -9 in the middle of 300 concurrent
// registrations loses nothing that got its 201.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { login, api, appealBody, allAppeals } from '../lib/api.mjs';

test('every appeal whose 201 arrived survives kill -9, numbers stay gapless, verify passes', async () => {
  const db = freshDatabase();
  const s1 = await startServer({ demo: true, ...db });
  let s2;
  try {
    const token = await login(s1.url, 'desk', s1.logins.desk);
    const acked = [];
    let sent = 0;
    let killed = false;
    const total = 300;
    const worker = async () => {
      while (sent < total) {
        sent += 1;
        let r;
        try {
          r = await api(s1.url, token, 'POST', '/api/v1/appeals', appealBody());
        } catch (e) {
          // Only the kill may cut a connection; before it, any error fails
          // the test (the assertion below is outside this catch).
          if (!killed) throw e;
          continue;
        }
        if (r.status === 201) acked.push(r.json);
        else if (!killed) assert.fail(`unexpected HTTP ${r.status}: ${r.text}`);
        if (!killed && acked.length >= 120) {
          killed = true;
          await s1.kill9();
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    assert.ok(killed, 'the server was killed mid-way');
    assert.ok(acked.length >= 120 && acked.length < total, `acked ${acked.length}`);

    s2 = await startServer({ dbUrl: s1.dbUrl, init: false, env: db.env });
    const token2 = await login(s2.url, 'desk', s1.logins.desk);
    for (const a of acked) {
      const r = await api(s2.url, token2, 'GET', `/api/v1/appeals/${a.id}`);
      assert.equal(r.status, 200, `acknowledged appeal ${a.number} is present`);
      assert.equal(r.json.number, a.number);
    }
    // Gapless per series and year, over everything the desk's scope holds.
    const bySeries = new Map();
    for (const a of await allAppeals(s2.url, token2)) {
      const [series, year, n] = a.number.split('/');
      const k = `${series}/${year}`;
      if (!bySeries.has(k)) bySeries.set(k, []);
      bySeries.get(k).push(Number(n));
    }
    for (const [k, ns] of bySeries) {
      ns.sort((x, y) => x - y);
      ns.forEach((n, i) => assert.equal(n, i + 1, `series ${k} is gapless`));
    }
    await s2.stop();
    const out = execFileSync(s2.bin, ['verify', '--db', s1.dbUrl, '--quiet'], { env: s2.env }).toString();
    assert.match(out, /^OK:/);
  } finally {
    if (s2) await s2.cleanup();
    await s1.cleanup();
  }
});
