// Sync through a faulty link, with both nodes killed (SIGKILL) mid-sync:
// every appeal the field node acknowledged arrives on the central node
// exactly once, nothing is lost, the field's ack never runs ahead of what
// the central node holds, and both journals verify.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { login, api, appealBody, allAppeals } from '../lib/api.mjs';
import { freePort } from '../lib/server.mjs';
import { startFaultProxy, prng } from '../lib/faultproxy.mjs';
import { sabt, startParent, createEnrolment, enrolField, serveOnPort, sleep, until, syncUntilDone, verify } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const SEED = Number(process.env.SABT_FAULT_SEED || 20261128);
const APPEALS = 150;
const ROUNDS = 8;

// GET that answers null instead of throwing while a node is down.
async function tryApi(url, token, method, p, body) {
  try { return await api(url, token, method, p, body); } catch { return null; }
}

test('appeals acknowledged by a field node reach central exactly once through drops, duplicates, reordering, cuts and kill -9 of both nodes', async (t) => {
  const rand = prng(SEED);
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const scanFrom = (await parent.health()).journal_size;

  const proxy = await startFaultProxy({ targetPort: parent.port, seed: SEED });
  cleanups.push(() => proxy.close());
  const fieldPort = await freePort();
  const fieldArgs = ['--role', 'field', '--sync-interval', '1', '--sync-batch', '25', '--parent', proxy.url];
  const startFieldNode = () => serveOnPort({ dbUrl: field.dbUrl, port: fieldPort, serveArgs: fieldArgs });
  const startCentral = () => serveOnPort({ dbUrl: parent.dbUrl, port: parent.port, env: parent.backendEnv });
  let fieldNode = await startFieldNode();
  cleanups.push(() => fieldNode.stop());
  let central = null;  // after the first kill, the central node is a process of ours
  cleanups.push(() => central && central.stop());
  const killCentral = async () => { if (central) await central.kill9(); else await parent.kill9(); };

  let fieldToken = await login(fieldNode.url, 'mobile', parent.logins.mobile);
  let adminToken = parent.adminToken;
  const acknowledged = new Map();  // number → id, for every 201 received
  let attempts = 0;
  let stop = false;
  const violations = [];

  // Registration at the field desk, all the time.
  const register = (async () => {
    while (!stop && acknowledged.size < APPEALS) {
      attempts++;
      const r = await tryApi(fieldNode.url, fieldToken, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile', summary: `Шикоят рақами ${attempts}: ҳамсоя шабона садои баланд мебарорад.` }));
      if (r && r.status === 201) acknowledged.set(r.json.number, r.json.id);
      else if (r && r.status === 401) fieldToken = await login(fieldNode.url, 'mobile', parent.logins.mobile).catch(() => fieldToken);
      await sleep(r ? 60 + Math.floor(rand() * 60) : 200);
    }
  })();

  // "Sync now" all the time (so backoff never stalls the test), and the ack
  // invariant: what the field believes acknowledged, central holds.
  const pump = (async () => {
    while (!stop) {
      await tryApi(fieldNode.url, fieldToken, 'POST', '/api/v1/sync/now');
      const st = await tryApi(fieldNode.url, fieldToken, 'GET', '/api/v1/sync/status');
      if (st && st.status === 200) {
        const centralUrl = central ? central.url : parent.url;
        let dev = await tryApi(centralUrl, adminToken, 'GET', '/api/v1/sync/devices');
        if (dev && dev.status === 401) {
          adminToken = await login(centralUrl, 'admin', parent.logins.admin).catch(() => adminToken);
          dev = await tryApi(centralUrl, adminToken, 'GET', '/api/v1/sync/devices');
        }
        if (dev && dev.status === 200) {
          const d = dev.json.devices.find((x) => x.origin === field.origin);
          if (!d || d.entries < st.json.acked_seq) violations.push({ field_ack: st.json.acked_seq, central: d && d.entries });
        }
      }
      await sleep(250);
    }
  })();

  // Kill -9 one node or the other, mid-sync, a fixed number of times.
  const kills = { field: 0, central: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    await sleep(1200 + Math.floor(rand() * 1500));
    if (rand() < 0.5) {
      await fieldNode.kill9();
      kills.field++;
      await sleep(100 + Math.floor(rand() * 300));
      fieldNode = await startFieldNode();
    } else {
      await killCentral();
      kills.central++;
      await sleep(100 + Math.floor(rand() * 300));
      central = await startCentral();
    }
  }
  await until(() => acknowledged.size >= APPEALS, 60_000, `${APPEALS} acknowledged appeals`);
  stop = true;
  await Promise.all([register, pump]);
  if (!central) { await killCentral(); central = await startCentral(); kills.central++; }

  // A clean link: the field node catches up.
  proxy.setFaulty(false);
  fieldToken = await login(fieldNode.url, 'mobile', parent.logins.mobile);
  const status = async () => (await api(fieldNode.url, fieldToken, 'GET', '/api/v1/sync/status')).json;

  try {
    // A request the faults left hanging times out first.
    await syncUntilDone(fieldNode.url, fieldToken, 120_000, 'pending 0 after the link is clean');
  } catch (e) {
    e.message += `\n${JSON.stringify(await status())}\n${JSON.stringify(proxy.stats)}\n${fieldNode.stderr()}`;
    throw e;
  }
  const final = await status();
  const diag = `seed ${SEED}, proxy ${JSON.stringify(proxy.stats)}, kills ${JSON.stringify(kills)}`;
  t.diagnostic(`${diag}, attempts ${attempts}, acknowledged ${acknowledged.size}`);
  assert.equal(final.last_error, '', diag);
  assert.deepEqual(violations, [], `the field's ack ran ahead of central: ${diag}`);
  assert.ok(kills.field > 0 && kills.central > 0, diag);
  for (const k of ['drop', 'cut_request', 'cut_response', 'duplicate']) assert.ok(proxy.stats[k] > 0, `no ${k}: ${diag}`);

  // acknowledged ⊆ field = central, each once.
  // The admin's session survives the kills (sessions are in the database);
  // sign in again only if it ended. Each sign-in of a second-factor role
  // spends a TOTP step, and the pump above may have spent several.
  if ((await tryApi(central.url, adminToken, 'GET', '/api/v1/sync/devices'))?.status !== 200)
    adminToken = await login(central.url, 'admin', parent.logins.admin);
  const head = await login(central.url, 'head', parent.logins.head);
  const onCentral = (await allAppeals(central.url, head)).filter((a) => a.department === 'DSH-SNO-M1');
  const onField = await allAppeals(fieldNode.url, fieldToken);
  const centralNumbers = new Map();
  for (const a of onCentral) centralNumbers.set(a.number, (centralNumbers.get(a.number) || 0) + 1);
  const dups = [...centralNumbers].filter(([, n]) => n > 1);
  assert.deepEqual(dups, [], `duplicate numbers on central: ${diag}`);
  const lost = [...acknowledged.keys()].filter((n) => !centralNumbers.has(n));
  assert.deepEqual(lost, [], `acknowledged appeals missing on central: ${diag}`);
  const fieldLost = onField.filter((a) => !centralNumbers.has(a.number)).map((a) => a.number);
  assert.deepEqual(fieldLost, [], `field appeals missing on central: ${diag}`);
  assert.equal(onCentral.length, onField.length, diag);
  for (const [number, id] of acknowledged) assert.equal(onCentral.find((a) => a.number === number).id, id);

  // The journal: the field's entries appear once each by (origin, seq), 1…size.
  const dev = (await api(central.url, adminToken, 'GET', '/api/v1/sync/devices')).json.devices.find((d) => d.origin === field.origin);
  assert.equal(dev.entries, final.journal_size, diag);
  assert.equal(final.acked_seq, final.journal_size);
  const size = (await api(central.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const seqs = new Map();
  for (let i = scanFrom; i < size; i++) {
    const e = await api(central.url, null, 'GET', `/log/entry/${i}`);
    assert.equal(e.status, 200);
    const entry = e.json;  // origin and seq are public fields
    if (entry.origin !== field.origin) continue;
    seqs.set(entry.seq, (seqs.get(entry.seq) || 0) + 1);
  }
  assert.equal(seqs.size, final.journal_size, `every seq of the field once on central: ${diag}`);
  for (let s = 1; s <= final.journal_size; s++) assert.equal(seqs.get(s), 1, `seq ${s}: ${diag}`);

  await fieldNode.stop();
  await central.stop();
  await verify(field.dbUrl);
  await verify(parent.dbUrl, parent.backendEnv);
});
