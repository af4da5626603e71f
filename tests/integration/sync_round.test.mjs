// Protocol 2 of the sync round (docs/sync-protocol.md §7.1, §8): the pull
// rides in the last batch of a push, signed by the device key with a counter
// instead of a challenge, and carries only the sections whose version
// changed. The round's new shape keeps the properties of §4a and §7: a
// replayed push-with-pull or pull is refused and writes nothing, a pull for
// another device or unit is refused, a refused batch gets no pull, the pull
// carries the unit's users only, and a laptop of protocol 1 is still served.
// Runs on SQLite and PostgreSQL parents (SABT_TEST_BACKEND); the laptop is SQLite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { api, login, appealBody } from '../lib/api.mjs';
import { sabtBin } from '../lib/server.mjs';
import {
  forgeBatch, forgeEntry, laptopLeaves, newNodeKey, pull2As, pullAs, pullNote2, pushBatch, readDeviceKey,
  sectionVersion, PULL_SECTIONS,
} from '../lib/forge.mjs';
import { sabt, startParent, createEnrolment, enrolField, startField, syncStatus, verify } from '../lib/sync.mjs';

const UNIT = 'DSH-SNO-M1';
let parent, en, field, key, counter;

function addUser(username, department) {
  execFileSync(sabtBin(), ['user', 'add', '--db', parent.dbUrl, '--username', username, '--role', 'mobile_officer',
    '--department', department, '--password-stdin'], { input: 'round-test-password-1\n', env: { ...process.env, ...parent.backendEnv }, stdio: 'pipe' });
}
// The laptop's last journal entry (its own SQLite file).
function lastEntry() {
  const out = execFileSync('sqlite3', [field.dbPath, 'SELECT CAST(entry AS TEXT) FROM journal ORDER BY idx DESC LIMIT 1;'], { encoding: 'utf8' });
  return JSON.parse(out.trim());
}
const checkpointSize = (note) => Number(note.split('\n')[1]);
// The thief's counters: above the laptop's own (milliseconds), strictly increasing.
const nextCounter = () => { counter += 1; return counter; };

before(async () => {
  parent = await startParent();
  // An officer of another mobile unit: the laptop must never learn of them.
  addUser('frd.round', 'DSH-FRD-M1');
  en = await createEnrolment(parent, UNIT);
  field = await enrolField(parent, en.code);
  assert.equal(field.code, 0, field.stderr);
  key = readDeviceKey(`${field.dbPath}.key`);
  counter = Date.now() + 3_600_000;
});
after(async () => { await parent?.cleanup(); });

test('a round pushes and pulls in one exchange, and a pull that changed nothing records nothing', async () => {
  const node = await startField(field, ['--sync-interval', '3600']);
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  const r = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(r.status, 201, r.text);
  await node.stop();
  const before = await syncStatus(field);
  assert.equal(before.pending, 1, 'the appeal waits for the round');
  const round = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(round.code, 0, round.stderr);
  const after = await syncStatus(field);
  assert.equal(after.pending, 0);
  // The parent's statuses now equal the laptop's: no section came back, so
  // the pull added no `sync.pulled` entry.
  assert.equal(after.journal_size, before.journal_size);
  assert.equal(lastEntry().kind, 'appeal.registered');
  const again = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal((await syncStatus(field)).journal_size, before.journal_size);
});

test('a change of the unit\'s users comes down in the round, alone, and is recorded once', async () => {
  addUser('sno.m1.new', UNIT);
  const size = (await syncStatus(field)).journal_size;
  const round = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(round.code, 0, round.stderr);
  const st = await syncStatus(field);
  assert.equal(st.journal_size, size + 1, 'one sync.pulled');
  assert.equal(st.pending, 0, 'its record went up in the same round');
  const e = lastEntry();
  assert.equal(e.kind, 'sync.pulled');
  assert.deepEqual(Object.keys(e.data).sort(), ['users'], 'only the section that changed');
  assert.ok(e.data.users.some((u) => u.username === 'sno.m1.new'));
  assert.ok(!e.data.users.some((u) => u.department !== UNIT), 'no other unit\'s user');
  const again = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal((await syncStatus(field)).journal_size, size + 1);
  await verify(field.dbUrl);
  await verify(parent.dbUrl, parent.backendEnv);
});

test('a replayed push carrying a pull, or a replayed pull, is refused and writes nothing', async () => {
  const leaves = laptopLeaves(field.dbPath);
  // A batch of nothing new (all acknowledged) with a fresh pull: answered.
  const body = forgeBatch({ origin: field.origin, key, leaves, items: [], pull: pullNote2(field.origin, key, nextCounter()) });
  const first = await pushBatch(parent.url, body);
  assert.equal(first.status, 200, first.text);
  assert.ok(first.zstd, 'a push with a pull is answered in zstd JSON');
  assert.ok(first.json.pull.users.length > 0, 'no versions held: every section');
  assert.ok(first.json.pull.users.every((u) => u.department === UNIT), 'the unit\'s users only');
  const size = checkpointSize(first.json.checkpoint);
  // The same bytes again: the counter is spent.
  const replay = await pushBatch(parent.url, body);
  assert.equal(replay.status, 403, replay.text);
  assert.equal(replay.json.error, 'replayed');
  assert.equal(replay.json.pull, undefined);
  // A counter below the highest one answered is refused too.
  const old = await pushBatch(parent.url, forgeBatch({ origin: field.origin, key, leaves, items: [], pull: pullNote2(field.origin, key, 1) }));
  assert.equal(old.status, 403);
  assert.equal(old.json.error, 'replayed');
  // A pull alone, replayed.
  const note = pullNote2(field.origin, key, nextCounter());
  assert.equal((await pull2As(parent.url, field.origin, note)).status, 200);
  const again = await pull2As(parent.url, field.origin, note);
  assert.equal(again.status, 403);
  assert.equal(again.json.error, 'replayed');
  // Nothing was journaled by the refusals.
  const later = await pushBatch(parent.url, forgeBatch({ origin: field.origin, key, leaves, items: [], pull: pullNote2(field.origin, key, nextCounter()) }));
  assert.equal(later.status, 200, later.text);
  assert.equal(checkpointSize(later.json.checkpoint), size);
});

test('a pull for another device or unit is refused, and a pull carries only the versions that changed', async () => {
  // A second device, of another unit, enrolled by API with a key of the test's.
  const other = await createEnrolment(parent, 'DSH-FRD-M1');
  const otherKey = newNodeKey();
  const r = await fetch(`${parent.url}/sync/v1/enroll`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: other.code, public_key: otherKey.pub.toString('base64') }),
  });
  assert.equal(r.status, 200);
  const otherOrigin = (await r.json()).origin;
  otherKey.name = `sabt/${otherOrigin}`;
  const leaves = laptopLeaves(field.dbPath);
  // The laptop's key signing a pull for the other device, inside its own push.
  const inPush = await pushBatch(parent.url, forgeBatch({ origin: field.origin, key, leaves, items: [], pull: pullNote2(otherOrigin, key, nextCounter()) }));
  assert.equal(inPush.status, 403, inPush.text);
  assert.equal(inPush.json.error, 'bad_signature');
  // ... or alone, as the other device: its key does not verify.
  const alone = await pull2As(parent.url, otherOrigin, pullNote2(otherOrigin, key, nextCounter()));
  assert.equal(alone.status, 403);
  assert.equal(alone.json.error, 'bad_signature');
  // The other device's genuine pull carries its unit, never the laptop's.
  const theirs = await pull2As(parent.url, otherOrigin, pullNote2(otherOrigin, otherKey, Date.now()));
  assert.equal(theirs.status, 200);
  assert.ok(theirs.json.users.some((u) => u.username === 'frd.round'));
  assert.ok(theirs.json.users.every((u) => u.department === 'DSH-FRD-M1'));
  // Versions held: a section equal to them is left out.
  const full = await pull2As(parent.url, field.origin, pullNote2(field.origin, key, nextCounter()));
  assert.equal(full.status, 200);
  for (const s of PULL_SECTIONS) assert.ok(s in full.json, s);
  const have = Object.fromEntries(PULL_SECTIONS.map((s) => [s, sectionVersion(full.json, s)]));
  const none = await pull2As(parent.url, field.origin, pullNote2(field.origin, key, nextCounter(), have));
  assert.equal(none.status, 200);
  assert.deepEqual(Object.keys(none.json), [], 'nothing changed, nothing sent');
  const some = await pull2As(parent.url, field.origin, pullNote2(field.origin, key, nextCounter(), { ...have, users: undefined }));
  assert.deepEqual(Object.keys(some.json).sort(), ['password_hashes', 'users']);
});

test('a refused batch gets no pull, and a laptop of protocol 1 is still served', async () => {
  const devices = async () => (await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices')).json;
  const alertsBefore = (await devices()).alerts.filter((a) => a.origin === field.origin).length;
  const leaves = laptopLeaves(field.dbPath);
  const item = forgeEntry({ origin: field.origin, seq: leaves.length + 1, kind: 'sync.device_revoked', subject: field.origin, data: { origin: field.origin } });
  const refused = await pushBatch(parent.url, forgeBatch({ origin: field.origin, key, leaves, items: [item], pull: pullNote2(field.origin, key, nextCounter()) }));
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.error, 'forbidden');
  assert.equal(refused.json.pull, undefined, 'no pull for a refused batch');
  assert.equal((await devices()).alerts.filter((a) => a.origin === field.origin).length, alertsBefore + 1);
  // Protocol 1: challenge, then pull, all sections.
  const v1 = await pullAs(parent.url, field.origin, key);
  for (const s of PULL_SECTIONS) assert.ok(s in v1, s);
  assert.ok(v1.users.every((u) => u.department === UNIT));
  // The honest laptop syncs on (its journal never held the forged entry).
  const round = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(round.code, 0, round.stderr);
  const st = await syncStatus(field);
  assert.equal(st.pending, 0, `${JSON.stringify(st)} ${round.stdout} ${JSON.stringify(lastEntry())}`);
});
