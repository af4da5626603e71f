// Central, a district and a laptop (docs/sync-protocol.md §13): the laptop is
// enrolled at the district, which is enrolled at central and forwards its own
// entries and the laptop's, each with its origin and seq. A fault proxy sits
// on both links and the district is killed with SIGKILL while it forwards;
// every appeal the laptop acknowledged reaches central exactly once, and all
// three journals verify. A forged district can neither forward another
// district's laptop nor push another district's record.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { login, api, appealBody, allAppeals } from '../lib/api.mjs';
import { freePort, sabtBin } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { enrolSecondFactor, webClient, csrfIn } from '../lib/web.mjs';
import { startFaultProxy, prng } from '../lib/faultproxy.mjs';
import { sabt, startParent, restartParent, createEnrolment, enrolField, serveOnPort, sleep, until, syncUntilDone, verify } from '../lib/sync.mjs';
import { forgeEntry, forgeBatch, pushBatch, readDeviceKey, laptopLeaves, newNodeKey } from '../lib/forge.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n'
  + '% Ариза аз деҳаи Шаҳринав\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const SEED = Number(process.env.SABT_FAULT_SEED || 20261203);
const APPEALS = 60;
const KILLS = 3;

async function tryApi(url, token, method, p, body) {
  try { return await api(url, token, method, p, body); } catch { return null; }
}

// Shared by the tests of this file, which run in order.
const net = {};

async function setUp() {
  net.central = await startParent();
  cleanups.push(() => net.central.cleanup());
  const central = net.central;

  // The district's administrator is a user of central (the district gets its
  // users by pull).
  net.districtAdmin = { username: 'admin.sno', password: 'district-admin-pass-7261' };
  execFileSync(sabtBin(), ['user', 'add', '--db', central.dbUrl, '--username', net.districtAdmin.username, '--role', 'admin',
    '--department', 'DSH-SNO', '--password-stdin'], { input: `${net.districtAdmin.password}\n`, env: { ...process.env, ...central.backendEnv }, stdio: 'pipe' });

  // The district: enrolled at central on an empty database.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-district-'));
  const db = freshDatabase();
  net.district = { dir, dbUrl: db.dbUrl || `sqlite:${path.join(dir, 'district.db')}`, env: db.env, key: path.join(dir, 'district.key') };
  const enrolment = await createEnrolment(central, 'DSH-SNO');
  const enrolled = await sabt(['enroll', '--parent', central.url, '--code', enrolment.code, '--db', net.district.dbUrl, '--key', net.district.key], net.district.env);
  assert.equal(enrolled.code, 0, enrolled.stderr);
  net.district.origin = enrolled.stdout.match(/enrolled as (\S+)/)[1];

  net.up = await startFaultProxy({ targetPort: central.port, seed: SEED });
  cleanups.push(() => net.up.close());
  net.up.setFaulty(false);
  net.district.port = await freePort();
  net.district.start = () => serveOnPort({
    dbUrl: net.district.dbUrl, port: net.district.port, env: net.district.env,
    serveArgs: ['--role', 'district', '--key', net.district.key, '--sync-interval', '1', '--sync-batch', '25', '--parent', net.up.url],
  });
  net.district.node = await net.district.start();
  cleanups.push(() => net.district.node.stop());
  const durl = net.district.node.url;

  // The district's admin enrols the laptop of its mobile unit.
  await enrolSecondFactor(durl, net.districtAdmin.username, net.districtAdmin.password);
  net.district.admin = await login(durl, net.districtAdmin.username, net.districtAdmin.password);
  const code = await api(durl, net.district.admin, 'POST', '/api/v1/sync/enrolments', { department: 'DSH-SNO-M1' });
  assert.equal(code.status, 201, code.text);
  net.laptop = await enrolField({ url: durl }, code.json.code);
  assert.equal(net.laptop.code, 0, net.laptop.stderr);

  net.down = await startFaultProxy({ targetPort: net.district.port, seed: SEED + 1 });
  cleanups.push(() => net.down.close());
  net.down.setFaulty(false);
  net.laptop.port = await freePort();
  net.laptop.start = () => serveOnPort({
    dbUrl: net.laptop.dbUrl, port: net.laptop.port,
    serveArgs: ['--role', 'field', '--sync-interval', '1', '--sync-batch', '25', '--parent', net.down.url],
  });
  net.laptop.node = await net.laptop.start();
  cleanups.push(() => net.laptop.node.stop());
  net.laptop.token = await login(net.laptop.node.url, 'mobile', central.logins.mobile);
  net.head = await login(central.url, 'head', central.logins.head);
}

const centralNumbers = async () => new Set((await allAppeals(net.central.url, net.head)).map((a) => a.number));

test('a laptop enrolled at a district reaches central through it within one round of each link', async () => {
  await setUp();
  const { laptop, district, central } = net;
  const r = await api(laptop.node.url, laptop.token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(r.status, 201, r.text);
  // A scan attached on the laptop: central gets its bytes from the district.
  const scan = await fetch(new URL(`/api/v1/appeals/${r.json.id}/attachments?name=scan.pdf`, laptop.node.url), {
    method: 'POST', headers: { authorization: `Bearer ${laptop.token}`, 'content-type': 'application/octet-stream' }, body: PDF,
  });
  assert.equal(scan.status, 201, await scan.clone().text());
  const { sha256 } = await scan.json();
  // The district's own registration at its desk goes up too.
  const desk = await login(district.node.url, 'desk', central.logins.desk);
  const own = await api(district.node.url, desk, 'POST', '/api/v1/appeals', appealBody());
  assert.equal(own.status, 201, own.text);

  // One round of the laptop's link: the appeal is on the district.
  const lst = await syncUntilDone(laptop.node.url, laptop.token, 60_000, 'the laptop synced');
  const atDistrict = (await api(district.node.url, district.admin, 'GET', '/api/v1/sync/devices')).json.devices;
  assert.equal(atDistrict.find((d) => d.origin === laptop.origin).acked_seq, lst.journal_size, 'all on the district');
  // One round of the district's link: both are on central, with their origins.
  const st = await syncUntilDone(district.node.url, district.admin, 60_000, 'the district synced');
  assert.equal(st.role, 'district');
  const numbers = await centralNumbers();
  assert.ok(numbers.has(r.json.number), `${r.json.number} (laptop) on central`);
  assert.ok(numbers.has(own.json.number), `${own.json.number} (district) on central`);
  const file = await fetch(new URL(`/api/v1/appeals/${r.json.id}/attachments/${sha256}`, central.url), { headers: { authorization: `Bearer ${net.head}` } });
  assert.equal(file.status, 200);
  assert.ok(Buffer.from(await file.arrayBuffer()).equals(PDF), 'the scan arrives byte for byte');
  assert.match(own.json.number, new RegExp(`^DSH-SNO-[0-9A-F]{4}/`), 'the district numbers in its own series');
  const devices = (await api(central.url, central.adminToken, 'GET', '/api/v1/sync/devices')).json.devices;
  const lap = devices.find((d) => d.origin === laptop.origin);
  assert.equal(lap.via, district.origin, 'central learned the laptop from the district');
  assert.ok(lap.acked_seq > 0 && lap.acked_seq === lap.entries, JSON.stringify(lap));
  const dis = devices.find((d) => d.origin === district.origin);
  assert.equal(dis.role, 'district');
  assert.equal(dis.entries, st.journal_size, 'every own entry of the district is on central');
  // A laptop enrolled at a district does not talk to central directly.
  const key = readDeviceKey(`${laptop.dbPath}.key`);
  const direct = await pushBatch(central.url, forgeBatch({ origin: laptop.origin, key, leaves: laptopLeaves(laptop.dbPath).slice(0, 1), items: [] }));
  assert.equal(direct.status, 403, direct.text);
});

test('the district\'s pages show its link up to central: a laptop\'s batch waits to be forwarded while central is unreachable, then goes up', async () => {
  const { laptop, district, central } = net;
  net.up.setTarget(await freePort());  // nothing listens there: central is unreachable from the district
  try {
    await districtHoldsAndForwards(laptop, district, central);
  } finally {
    net.up.setTarget(central.port);  // the tests after this one need the link
  }
});

async function districtHoldsAndForwards(laptop, district, central) {
  const r = await api(laptop.node.url, laptop.token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(r.status, 201, r.text);
  await syncUntilDone(laptop.node.url, laptop.token, 60_000, 'the laptop synced to the district');
  const web = webClient(district.node.url);
  const cookie = await web.signIn('desk', central.logins.desk);
  let state = null;
  await until(async () => {
    state = await (await web.get('/sync/state', cookie)).json();
    return state.forwarding > 0 && state.last_error !== '';
  }, 60_000, 'the district to hold the laptop\'s batch and report the failed link');
  assert.ok(state.pending >= state.forwarding, JSON.stringify(state));
  const page = (await (await web.get('/', cookie)).text());
  assert.match(page, /id="sync-banner"/, 'the banner is on the district\'s pages');
  assert.ok(page.includes(`аз онҳо ${state.forwarding} аз ноутбукҳои ҳамин ноҳия`), 'it says how many entries are the laptops\'');
  assert.ok(page.includes('id="sync-error" class="sync-error">'), 'and shows the last error');
  // Back up: "Sync now" on the district wakes its loop, and everything goes up.
  net.up.setTarget(central.port);
  const now = await web.post('/sync/now', { csrf: csrfIn(page), back: '/' }, cookie);
  assert.equal(now.status, 303, 'a district may press "Sync now"');
  await until(async () => {
    state = await (await web.get('/sync/state', cookie)).json();
    return state.pending === 0 && state.forwarding === 0 && !state.running && state.last_error === '';
  }, 60_000, 'the district to forward everything');
  assert.ok((await centralNumbers()).has(r.json.number), 'the laptop\'s appeal is on central');
  assert.doesNotMatch(await (await web.get('/', cookie)).text(), /id="sync-forwarding"/);
}

test('appeals acknowledged by the laptop reach central exactly once through faulty links and kill -9 of the district while it forwards', async (t) => {
  const { laptop, district, central } = net;
  const rand = prng(SEED);
  net.up.setFaulty(true);
  net.down.setFaulty(true);
  const scanFrom = (await central.health()).journal_size;
  const acknowledged = new Map();
  let stop = false;
  let attempts = 0;
  let adminToken = district.admin;

  const register = (async () => {
    while (!stop && acknowledged.size < APPEALS) {
      attempts++;
      const r = await tryApi(laptop.node.url, laptop.token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile', summary: `Шикоят ${attempts}: роҳ вайрон аст.` }));
      if (r && r.status === 201) acknowledged.set(r.json.number, r.json.id);
      await sleep(40 + Math.floor(rand() * 60));
    }
  })();
  const pump = (async () => {
    while (!stop) {
      await tryApi(laptop.node.url, laptop.token, 'POST', '/api/v1/sync/now');
      await tryApi(district.node.url, adminToken, 'POST', '/api/v1/sync/now');
      await sleep(200);
    }
  })();

  // Kill the district while it has laptop batches to forward: each time,
  // wait (a bounded number of polls) until it is mid-round with forwarding
  // pending, then SIGKILL it and start it again on the same address.
  let kills = 0, killedMidForward = 0;
  for (let k = 0; k < KILLS; k++) {
    const target = Math.min(APPEALS, Math.round(((k + 1) * APPEALS) / (KILLS + 1)));
    await until(() => acknowledged.size >= target, 120_000, `${target} acknowledged appeals`);
    let mid = false;
    for (let poll = 0; poll < 400 && !mid; poll++) {
      const s = await tryApi(district.node.url, adminToken, 'GET', '/api/v1/sync/status');
      mid = !!(s && s.status === 200 && s.json.running && s.json.forward_pending > 0);
      if (!mid) await sleep(10);
    }
    await district.node.kill9();
    kills++;
    if (mid) killedMidForward++;
    district.node = await district.start();
  }
  await until(() => acknowledged.size >= APPEALS, 120_000, `${APPEALS} acknowledged appeals`);
  stop = true;
  await Promise.all([register, pump]);

  net.up.setFaulty(false);
  net.down.setFaulty(false);
  const diag = () => `seed ${SEED}, up ${JSON.stringify(net.up.stats)}, down ${JSON.stringify(net.down.stats)}, kills ${kills} (${killedMidForward} mid-forward)`;
  const lst = await syncUntilDone(laptop.node.url, laptop.token, 180_000, 'the laptop synced on a clean link');
  if ((await tryApi(district.node.url, adminToken, 'GET', '/api/v1/sync/status'))?.status !== 200)
    adminToken = await login(district.node.url, net.districtAdmin.username, net.districtAdmin.password);
  const dst = await syncUntilDone(district.node.url, adminToken, 180_000, 'the district synced on a clean link');
  t.diagnostic(`${diag()}, attempts ${attempts}`);
  assert.equal(kills, KILLS);
  assert.ok(killedMidForward > 0, `the district was never killed while forwarding: ${diag()}`);
  for (const p of [net.up, net.down]) {
    const faults = ['drop', 'delay', 'cut_request', 'cut_response', 'duplicate', 'reorder'].reduce((n, k) => n + (p.stats[k] || 0), 0);
    assert.ok(faults > 0, `no fault on a link: ${diag()}`);
  }
  assert.equal(dst.last_error, '', diag());
  assert.equal(dst.forward_pending, 0, diag());

  // Every acknowledged appeal is on central exactly once, and the laptop's
  // appeals on central are exactly the laptop's.
  const onCentral = (await allAppeals(central.url, net.head)).filter((a) => a.department === 'DSH-SNO-M1');
  const counts = new Map();
  for (const a of onCentral) counts.set(a.number, (counts.get(a.number) || 0) + 1);
  assert.deepEqual([...counts].filter(([, n]) => n > 1), [], `duplicates on central: ${diag()}`);
  assert.deepEqual([...acknowledged.keys()].filter((n) => !counts.has(n)), [], `acknowledged appeals missing on central: ${diag()}`);
  for (const [number, id] of acknowledged) assert.equal(onCentral.find((a) => a.number === number).id, id);
  const onLaptop = await allAppeals(laptop.node.url, laptop.token);
  assert.equal(onCentral.length, onLaptop.length, diag());

  // Each origin's entries are on central once each, seq 1…size, byte for byte
  // (central checked each batch against that origin's signed checkpoint).
  const devices = (await api(central.url, central.adminToken, 'GET', '/api/v1/sync/devices')).json.devices;
  const lapDev = devices.find((d) => d.origin === laptop.origin);
  const disDev = devices.find((d) => d.origin === district.origin);
  assert.equal(lapDev.entries, lst.journal_size, diag());
  assert.equal(lapDev.acked_seq, lst.journal_size, 'central\'s own ack of the laptop');
  assert.equal(disDev.entries, dst.journal_size, diag());
  const size = (await central.health()).journal_size;
  const seqs = { [laptop.origin]: new Map(), [district.origin]: new Map() };
  for (let i = scanFrom; i < size; i++) {
    const e = (await api(central.url, null, 'GET', `/log/entry/${i}`)).json;
    const m = seqs[e.origin];
    if (m) m.set(e.seq, (m.get(e.seq) || 0) + 1);
  }
  for (const m of Object.values(seqs)) for (const [seq, n] of m) assert.equal(n, 1, `seq ${seq} twice: ${diag()}`);

  await laptop.node.stop();
  await district.node.stop();
  await verify(laptop.dbUrl);
  await verify(district.dbUrl, district.env);
  await central.stop();
  await verify(central.dbUrl, central.backendEnv);
});

test('a district cannot forward a laptop it did not enrol, nor push a record of another district', async () => {
  const { laptop } = net;
  const central = await restartParent(net.central);
  cleanups.push(() => central.stop());
  const list = (await sabt(['department', 'list', '--db', central.dbUrl], central.backendEnv)).stdout;
  const other = list.split('\n').map((l) => l.split('\t')).find(([code, kind]) => kind === 'district' && code !== 'DSH-SNO')[0];

  // A forged district node: enrolled for another district with a key of ours.
  const enrolment = await createEnrolment(central, other);
  const key = newNodeKey();
  const res = await fetch(`${central.url}/sync/v1/enroll`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: enrolment.code, public_key: key.pub.toString('base64') }),
  });
  assert.equal(res.status, 200);
  const forged = await res.json();
  key.name = `sabt/${forged.origin}`;
  const devices = async () => (await api(central.url, central.adminToken, 'GET', '/api/v1/sync/devices')).json;
  const lapBefore = (await devices()).devices.find((d) => d.origin === laptop.origin);

  // It forwards a batch of the laptop of DSH-SNO, signed with the laptop's key.
  const lkey = readDeviceKey(`${laptop.dbPath}.key`);
  const leaves = laptopLeaves(laptop.dbPath);
  const lapItem = forgeEntry({ origin: laptop.origin, seq: leaves.length + 1, kind: 'trip.started', subject: randomUUID(), data: { unit: 'DSH-SNO-M1' } });
  const fwd = await pushBatch(central.url, forgeBatch({ origin: laptop.origin, key: lkey, leaves, items: [lapItem], via: { origin: forged.origin, key } }));
  assert.equal(fwd.status, 422, fwd.text);
  assert.equal(fwd.json.error, 'forbidden');
  assert.equal(fwd.json.reason, 'unit');

  // It pushes, as its own, an appeal of DSH-SNO.
  const items = [
    forgeEntry({ origin: forged.origin, seq: 1, kind: 'node.key_registered', subject: key.name, data: { verifier_key: forged.verifier_key } }),
    forgeEntry({ origin: forged.origin, seq: 2, kind: 'appeal.registered', subject: randomUUID(),
      data: { department: 'DSH-SNO', series: forged.series, number: `${forged.series}/2026/1`, year: 2026, n: 1, channel: 'written', category: 'other', received_at: new Date().toISOString() } }),
  ];
  const own = await pushBatch(central.url, forgeBatch({ origin: forged.origin, key, leaves: [], items }));
  assert.equal(own.status, 422, own.text);
  assert.equal(own.json.error, 'forbidden');
  assert.equal(own.json.seq, 2);
  assert.equal(own.json.reason, 'unit');

  // Nothing was applied; both refusals are alerts about the forged district.
  const after = await devices();
  const lapAfter = after.devices.find((d) => d.origin === laptop.origin);
  assert.equal(lapAfter.entries, lapBefore.entries);
  assert.equal(lapAfter.acked_seq, lapBefore.acked_seq);
  assert.equal(after.devices.find((d) => d.origin === forged.origin).entries ?? 0, 0);
  const alerts = after.alerts.filter((a) => a.origin === forged.origin);
  assert.deepEqual(alerts.map((a) => a.kind).sort(), ['appeal.registered', 'forward']);
  await central.stop();
  await verify(central.dbUrl, central.backendEnv);
});
