// Eight concurrent HTTP clients register 2,000 appeals on one node: every
// request gets its 201, the numbers are unique and continue the series
// without a gap, and `sabt verify` passes afterwards. Written for the
// PostgreSQL backend (SABT_TEST_BACKEND=postgres, where the writer's row
// lock on series_counters and the journal advisory lock are exercised);
// it runs on SQLite as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { freshDatabase, backend } from '../lib/backend.mjs';
import { login, api, appealBody, allAppeals } from '../lib/api.mjs';

const CLIENTS = 8;
const TOTAL = 2000;

test(`${CLIENTS} concurrent clients register ${TOTAL} appeals with gapless unique numbers, and verify passes (${backend})`,
  { timeout: 120_000 }, async () => {
    const db = freshDatabase();
    const s = await startServer({ demo: true, ...db });
    try {
      const token = await login(s.url, 'desk', s.logins.desk);
      const before = await allAppeals(s.url, token);
      let next = 0;
      const got = [];
      const failures = [];
      const client = async () => {
        while (next < TOTAL) {
          next += 1;
          const r = await api(s.url, token, 'POST', '/api/v1/appeals', appealBody());
          if (r.status === 201) got.push(r.json);
          else failures.push(`HTTP ${r.status}: ${r.text}`);
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
      assert.deepEqual(failures, [], 'every registration was acknowledged');
      assert.equal(got.length, TOTAL);
      assert.equal(new Set(got.map((a) => a.number)).size, TOTAL, 'numbers are unique');
      assert.equal(new Set(got.map((a) => a.id)).size, TOTAL, 'ids are unique');
      assert.equal(new Set(got.map((a) => a.entry.index)).size, TOTAL, 'journal indexes are unique');

      // Per series and year: what existed before plus what we got is 1..n.
      const bySeries = new Map();
      for (const a of [...before, ...got]) {
        const [series, year, n] = a.number.split('/');
        const k = `${series}/${year}`;
        if (!bySeries.has(k)) bySeries.set(k, []);
        bySeries.get(k).push(Number(n));
      }
      for (const [k, ns] of bySeries) {
        ns.sort((x, y) => x - y);
        ns.forEach((n, i) => assert.equal(n, i + 1, `series ${k} is gapless and has no duplicate`));
      }
      // The server's own list agrees.
      const listed = await allAppeals(s.url, token);
      assert.equal(listed.length, before.length + TOTAL);

      await s.stop();
      const out = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
      assert.match(out, /^OK:/m);
    } finally {
      await s.cleanup();
    }
  });
