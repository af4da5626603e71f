// `sabt verify --trusted-key` anchors the audit in the log's first key, given
// out of band: the journal's key history must start there, and a rotation
// must be covered by a checkpoint signed by the key it replaces
// (docs/verification.md §6, "Trust from outside the database").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { freshVerifierKey } from '../lib/keys.mjs';

let s;
after(async () => { await s?.cleanup(); });

function verifyWith(...extra) {
  const r = spawnSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet', ...extra], { env: s.env });
  return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
}

test('verify accepts the key history from the trusted first key, across a rotation, and refuses any other key', async () => {
  s = await startServer({ demo: true, demoArgs: ['--appeals', '3'], ...freshDatabase() });
  const firstKey = (await (await fetch(new URL('/log/key', s.url))).text()).trim();
  await s.stop();
  const file = (name, text) => { const p = path.join(s.dir, name); writeFileSync(p, `${text}\n`); return p; };
  const trusted = file('first.vkey', firstKey);
  const stranger = file('stranger.vkey', freshVerifierKey('sabt/central'));

  let r = verifyWith('--trusted-key', trusted);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /trusted key sabt\/central: the key history starts there \(1 key in the chain\)/);
  r = verifyWith('--trusted-key', stranger);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL: trusted key sabt\/central: the journal's key history starts at another key \(entry \d+ registers sabt\/central\+/);

  // A rotation: the chain now has two keys, still anchored in the first.
  execFileSync(s.bin, ['key', 'rotate', '--db', s.dbUrl], { env: s.env });
  const newKey = execFileSync(s.bin, ['key', 'show', '--db', s.dbUrl], { env: s.env }).toString().trim();
  assert.notEqual(newKey, firstKey);
  r = verifyWith('--trusted-key', trusted);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /the key history starts there \(2 keys in the chain\)/);
  // The key in force now is not where the history starts.
  r = verifyWith('--trusted-key', file('new.vkey', newKey));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL: trusted key sabt\/central: the journal's key history starts at another key/);
  // A file that holds no key is a usage error, not a verdict.
  r = verifyWith('--trusted-key', file('junk.vkey', 'not a key'));
  assert.equal(r.code, 2, r.out);
});
