// Purge on a laptop that syncs often (docs/sync-protocol.md §10): after 200
// sync rounds within the grace period, the personal data acknowledged before
// the grace period is gone from the raw bytes of the laptop's database and
// WAL files, while the parent keeps it and `sabt verify` passes on both.
// Time moves with the laptop's offset clock (--clock-offset-seconds), never
// with sleeps.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { login, api, appealBody } from '../lib/api.mjs';
import { prng } from '../lib/faultproxy.mjs';
import { sabt, startParent, createEnrolment, enrolField, startField, until, headOf } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

const DAY = 86_400;
// ~300 KB of incompressible bytes behind a JPEG header.
function jpeg(seed, size = 300_000) {
  const rand = prng(seed);
  const body = Buffer.alloc(size);
  for (let i = 0; i < body.length; i++) body[i] = Math.floor(rand() * 256);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), body, Buffer.from([0xff, 0xd9])]);
}

// One round: "sync now", then wait (polling the status, not timing) until a
// round that started after the request has ended with nothing pending.
async function syncRound(url, token) {
  const before = (await api(url, token, 'GET', '/api/v1/sync/status')).json.last_success_at;
  await api(url, token, 'POST', '/api/v1/sync/now');
  let last = null;
  await until(async () => {
    last = (await api(url, token, 'GET', '/api/v1/sync/status')).json;
    return !last.running && last.pending === 0 && last.last_error === '' && last.last_success_at !== before;
  }, 60_000, 'a sync round').catch((e) => { e.message += ` ${JSON.stringify(last)}`; throw e; });
  return last;
}

function rawFiles(dbPath) {
  const files = [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f));
  return files.map((f) => ({ f, bytes: readFileSync(f) }));
}

test('a laptop that synced 200 times within the grace period purges every personal text acknowledged before it, down to the raw .db and -wal bytes', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);

  // Day 0: an appeal with personal data, an attached photo, a trip with a
  // note, and a referral to the crime register (its report's account is the
  // summary, its reporter the applicant).
  let node = await startField(field, ['--sync-interval', '3600']);
  let token = await login(node.url, 'mobile', parent.logins.mobile);
  const secret = {
    surname: 'Зарифҷонова', given_name: 'Гулрухсорбону', patronymic: 'Нурмуҳаммадовна', phone: '93 777 41 06',
    id_document: 'B77412096', address: 'деҳаи Ғармобаки Боло, кӯчаи Лолазор 88',
    summary: 'Анбори ғаллаи колхози Навбаҳорро шабона оташ заданд ва посбон Раҳимшоев захмӣ шуд.',
  };
  const tripNote = 'Мошини УАЗ-469 рақами 0042ТҶ07, ронанда Шерматов';
  const trip = await api(node.url, token, 'POST', '/api/v1/trips', { note: tripNote });
  assert.equal(trip.status, 201, trip.text);
  const appeal = await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile', ...secret }));
  assert.equal(appeal.status, 201, appeal.text);
  const id = appeal.json.id;
  const photo = jpeg(7);
  const up = await fetch(new URL(`/api/v1/appeals/${id}/attachments?name=${encodeURIComponent('шиносномаи Зарифҷонова.jpg')}`, node.url), {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: photo,
  });
  assert.equal(up.status, 201, await up.text());
  const refer = await api(node.url, token, 'POST', `/api/v1/appeals/${id}/steps`, { step: 'refer' });
  assert.equal(refer.status, 200, refer.text);
  await syncRound(node.url, token);
  const seqDay0 = (await api(node.url, token, 'GET', '/api/v1/sync/status')).json.acked_seq;
  await node.stop();

  // Day 3: 200 sync rounds, each with a new appeal (other, made-up people).
  node = await startField(field, ['--sync-interval', '3600', '--clock-offset-seconds', String(3 * DAY)]);
  token = await login(node.url, 'mobile', parent.logins.mobile);
  let lastId = '';
  for (let i = 0; i < 200; i++) {
    const r = await api(node.url, token, 'POST', '/api/v1/appeals',
      appealBody({ channel: 'mobile', surname: 'Саидов', given_name: 'Раунд', summary: `Дархости даври ${i}: таъмири роҳ.` }));
    assert.equal(r.status, 201, r.text);
    lastId = r.json.id;
    await syncRound(node.url, token);
  }
  await node.stop();
  // Not yet past the grace period: the data is still in the file (which
  // also shows that the byte search below can find it).
  assert.notEqual(readFileSync(field.dbPath).indexOf(Buffer.from(secret.surname)), -1, 'kept until ack + grace');

  // Day 8: the day-0 data is 8 days past its ack (grace 7), the day-3 data
  // only 5: one round purges the first and keeps the second.
  node = await startField(field, ['--sync-interval', '3600', '--clock-offset-seconds', String(8 * DAY)]);
  cleanups.push(() => node.cleanup());
  token = await login(node.url, 'mobile', parent.logins.mobile);
  const st = await syncRound(node.url, token);
  assert.ok(st.purged_seq >= seqDay0, `purged up to ${st.purged_seq}, the day-0 data ends at ${seqDay0}`);

  const page = await api(node.url, token, 'GET', `/api/v1/appeals/${id}`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json.number, appeal.json.number, 'the number stays');
  for (const v of Object.values(secret)) assert.ok(!page.text.includes(v), `the laptop no longer shows ${v}`);
  const recent = await api(node.url, token, 'GET', `/api/v1/appeals/${lastId}`);
  assert.ok(recent.text.includes('Раунд'), 'data acknowledged less than the grace period ago stays');

  // The raw files, read while the node runs (a laptop stolen switched on).
  const needles = [...Object.values(secret), tripNote, 'шиносномаи', secret.id_document.slice(1)]
    .map((s) => [s, Buffer.from(s, 'utf8')]);
  needles.push(['photo bytes', photo.subarray(150_000, 150_064)]);
  for (const { f, bytes } of rawFiles(field.dbPath)) {
    for (const [what, needle] of needles) assert.equal(bytes.indexOf(needle), -1, `${what} found in ${f}`);
  }
  await node.stop();
  for (const { f, bytes } of rawFiles(field.dbPath)) {
    for (const [what, needle] of needles) assert.equal(bytes.indexOf(needle), -1, `${what} found in ${f} after stop`);
  }

  // The parent keeps everything; both nodes verify.
  const head = await headOf(parent);
  const onParent = await api(parent.url, head, 'GET', `/api/v1/appeals/${id}`);
  assert.equal(onParent.status, 200, onParent.text);
  assert.ok(onParent.text.includes(secret.surname) && onParent.text.includes(secret.summary), 'the parent keeps the data');
  await parent.stop();
  for (const [db, env] of [[field.dbUrl, {}], [parent.dbUrl, parent.backendEnv]]) {
    const v = await sabt(['verify', '--db', db], env);
    assert.equal(v.code, 0, `verify ${db}:\n${v.stdout}\n${v.stderr}`);
  }
});
