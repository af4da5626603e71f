// The trip log of a mobile station (docs/sync-protocol.md §12): on the field
// node an officer starts a trip, makes stops and registers appeals at each;
// after sync the parent shows the same trip with its count of appeals per
// stop, to the heads of the unit's department only; both journals verify.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient, csrfIn, enrolSecondFactor } from '../lib/web.mjs';
import { sabtBin } from '../lib/server.mjs';
import {
  sabt, startParent, restartParent, createEnrolment, enrolField, startField, until, verify, headOf
} from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

function addUser(dbUrl, env, username, role, department, password) {
  execFileSync(sabtBin(), ['user', 'add', '--db', dbUrl, '--username', username, '--role', role,
    '--department', department, '--password-stdin'], { input: `${password}\n`, env: { ...process.env, ...env }, stdio: 'pipe' });
}

test('stops of a trip on the field node arrive at the parent with their appeals counted per stop', async () => {
  let parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);

  // Start a trip; a second one cannot start while it is open.
  const trip = await api(node.url, mobile, 'POST', '/api/v1/trips', { note: 'УАЗ 0123 ТТ, ду нафар' });
  assert.equal(trip.status, 201, trip.text);
  const tripId = trip.json.id;
  const again = await api(node.url, mobile, 'POST', '/api/v1/trips', {});
  assert.equal(again.status, 409);
  assert.equal(again.json.code, 'trip_open');

  // Coordinates are checked: out of range, or only one of the two.
  const far = await api(node.url, mobile, 'POST', `/api/v1/trips/${tripId}/stops`, { place: 'Ромит', lat: 95, lon: 69 });
  assert.equal(far.status, 422);
  assert.deepEqual(far.json.errors.map((e) => [e.field, e.code]), [['lat', 'out_of_range']]);
  const half = await api(node.url, mobile, 'POST', `/api/v1/trips/${tripId}/stops`, { place: 'Ромит', lat: '38.7' });
  assert.equal(half.status, 422);
  assert.equal(half.json.errors[0].code, 'both_required');

  // First stop, with coordinates; a second stop cannot open while it is open.
  const s1 = await api(node.url, mobile, 'POST', `/api/v1/trips/${tripId}/stops`,
    { place: 'Ҷамоати деҳоти Симиганҷ', district: 'Ваҳдат', lat: 38.5551, lon: '69.0227' });
  assert.equal(s1.status, 201, s1.text);
  const overlap = await api(node.url, mobile, 'POST', `/api/v1/trips/${tripId}/stops`, { place: 'Ромит' });
  assert.equal(overlap.status, 409);
  assert.equal(overlap.json.code, 'stop_open');

  // The intake form shows the open stop.
  const web = webClient(node.url);
  const cookie = await web.signIn('mobile', parent.logins.mobile);
  const form = await (await web.get('/appeals/new', cookie)).text();
  assert.match(form, /id="current-stop"[^]*Ҷамоати деҳоти Симиганҷ/);

  const numbers = { [s1.json.id]: [] };
  for (let i = 0; i < 2; i++) {
    const r = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.trip_stop, s1.json.id);
    numbers[s1.json.id].push(r.json.number);
  }
  assert.equal((await api(node.url, mobile, 'POST', `/api/v1/trips/${tripId}/stops/${s1.json.id}/end`)).status, 200);

  // Between stops an appeal is not linked to any stop.
  const between = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
  assert.equal(between.status, 201);
  assert.equal(between.json.trip_stop, undefined);

  // Second stop through the HTML form (CSRF), three appeals, then the trip
  // ends while the stop is still open: ending the trip closes it.
  const page = await (await web.get('/trips', cookie)).text();
  const noCsrf = await web.post(`/trips/${tripId}/stops`, { place: 'Роҳатӣ' }, cookie);
  assert.equal(noCsrf.status, 403);
  const posted = await web.post(`/trips/${tripId}/stops`, { csrf: csrfIn(page), place: 'Роҳатӣ', district: '', lat: '', lon: '' }, cookie);
  assert.equal(posted.status, 303);
  const current = await api(node.url, mobile, 'GET', '/api/v1/trips/current');
  assert.equal(current.json.stop.place, 'Роҳатӣ');
  const s2 = current.json.stop.id;
  numbers[s2] = [];
  for (let i = 0; i < 3; i++) {
    const r = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
    assert.equal(r.json.trip_stop, s2);
    numbers[s2].push(r.json.number);
  }
  assert.equal((await api(node.url, mobile, 'POST', `/api/v1/trips/${tripId}/end`)).status, 200);
  const closed = await api(node.url, mobile, 'GET', '/api/v1/trips/current');
  assert.deepEqual(closed.json, { trip: null, stop: null });
  const onField = (await api(node.url, mobile, 'GET', `/api/v1/trips/${tripId}`)).json;
  assert.ok(onField.ended_at);
  assert.ok(onField.stops.every((s) => s.ended_at), 'every stop ended');

  // Sync to the parent.
  assert.equal((await api(node.url, mobile, 'POST', '/api/v1/sync/now')).status, 202);
  await until(async () => (await api(node.url, mobile, 'GET', '/api/v1/sync/status')).json.pending === 0, 120_000, 'pending 0');

  // On the parent: the head of the unit's district sees the same trip.
  const head = await headOf(parent);
  const got = await api(parent.url, head, 'GET', `/api/v1/trips/${tripId}`);
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(got.json, onField, 'the parent projects the field node\'s trip identically');
  assert.equal(got.json.unit, 'DSH-SNO-M1');
  assert.equal(got.json.note, 'УАЗ 0123 ТТ, ду нафар');
  assert.deepEqual(got.json.stops.map((s) => [s.place, s.appeals]), [['Ҷамоати деҳоти Симиганҷ', 2], ['Роҳатӣ', 3]]);
  assert.deepEqual(got.json.stops.map((s) => [s.lat, s.lon]), [['38.555100', '69.022700'], ['', '']]);
  for (const s of got.json.stops) assert.deepEqual(s.appeal_list.map((a) => a.number).sort(), numbers[s.id].sort());
  const list = await api(parent.url, head, 'GET', '/api/v1/trips');
  const row = list.json.items.find((t) => t.id === tripId);
  assert.equal(row.stops, 2);
  assert.equal(row.appeals, 5);

  // The HTML page on the parent shows both stops with their counts and links.
  const pweb = webClient(parent.url);
  const hcookie = await pweb.signIn('head', parent.logins.head);
  const html = await (await pweb.get(`/trips/${tripId}`, hcookie)).text();
  for (const [place, count] of [['Ҷамоати деҳоти Симиганҷ', 2], ['Роҳатӣ', 3]])
    assert.match(html, new RegExp(`class="place">${place}</td>[^]*?class="count">${count}</span>`));
  const linked = [...html.matchAll(/<a href="\/appeals\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1].replaceAll('&#x2F;', '/'));
  for (const n of [...numbers[s1.json.id], ...numbers[s2]]) assert.ok(linked.includes(n), `${n} linked`);
  assert.ok((await (await pweb.get('/trips', hcookie)).text()).includes(`/trips/${tripId}`));

  // Trips are recorded on the field node only.
  const mobileOnParent = await login(parent.url, 'mobile', parent.logins.mobile);
  const refused = await api(parent.url, mobileOnParent, 'POST', '/api/v1/trips', {});
  assert.equal(refused.status, 409);
  assert.equal(refused.json.code, 'not_field_node');
  // A desk officer may not read trips at all; an oversight role may.
  const desk = await login(parent.url, 'desk', parent.logins.desk);
  assert.equal((await api(parent.url, desk, 'GET', `/api/v1/trips/${tripId}`)).status, 403);
  const prosecutor = await login(parent.url, 'prosecutor', parent.logins.prosecutor);
  assert.equal((await api(parent.url, prosecutor, 'GET', `/api/v1/trips/${tripId}`)).status, 200);

  // A head of another district does not see the trip: 404, and not listed.
  await parent.stop();
  addUser(parent.dbUrl, parent.backendEnv, 'head.frd', 'head', 'DSH-FRD', 'Firdavsi-head-2026!');
  parent = await restartParent(parent);
  cleanups.push(() => parent.cleanup());
  await enrolSecondFactor(parent.url, 'head.frd', 'Firdavsi-head-2026!');
  const other = await login(parent.url, 'head.frd', 'Firdavsi-head-2026!');
  assert.equal((await api(parent.url, other, 'GET', `/api/v1/trips/${tripId}`)).status, 404);
  assert.ok(!(await api(parent.url, other, 'GET', '/api/v1/trips')).json.items.some((t) => t.id === tripId));
  const oweb = webClient(parent.url);
  const ocookie = await oweb.signIn('head.frd', 'Firdavsi-head-2026!');
  assert.equal((await oweb.get(`/trips/${tripId}`, ocookie)).status, 404);

  await node.stop();
  await parent.stop();
  await verify(field.dbUrl);
  await verify(parent.dbUrl, parent.backendEnv);
  // Replaying the journals into fresh tables gives the same trips.
  for (const [dbUrl, env] of [[field.dbUrl, {}], [parent.dbUrl, parent.backendEnv]]) {
    const r = await sabt(['rebuild', '--db', dbUrl], env);
    assert.equal(r.code, 0, `sabt rebuild ${dbUrl}:\n${r.stdout}\n${r.stderr}`);
    await verify(dbUrl, env);
  }
  const replayed = await restartParent(parent);
  cleanups.push(() => replayed.cleanup());
  const head2 = await login(replayed.url, 'head', replayed.logins.head);
  assert.deepEqual((await api(replayed.url, head2, 'GET', `/api/v1/trips/${tripId}`)).json, onField);
  await replayed.stop();
});
