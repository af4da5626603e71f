// The conference room's account (issue 18 item 2; docs/video.md §2): role
// video_room, created by an admin, signs in with a password only, lands on
// its meetings, gets a Janus token only for meetings it is invited to, and is
// refused everything else (deny by default). Runs Janus and coturn from
// Debian's packages on 127.0.0.1 (skipped when they are not installed).
// SQLite and PostgreSQL (SABT_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { api, login } from '../lib/api.mjs';
import { csrfIn, webClient } from '../lib/web.mjs';
import { sabt } from '../lib/sync.mjs';
import { startVideoServers, videoServersInstalled } from '../lib/video.mjs';

const skip = videoServersInstalled() ? false : 'janus or turnserver not installed (apt install janus coturn)';
const ROOM_PW = 'Толори-конференсия-2026';
let s, video, web, room, roomToken, briefing, private1;

async function schedule(cookie, fields) {
  const form = await (await web.get('/video', cookie)).text();
  const r = await web.post('/video', { csrf: csrfIn(form), ...fields }, cookie);
  assert.equal(r.status, 303, 'scheduled');
  return r.headers.get('location').split('/').pop();
}

before(async () => {
  if (skip) return;
  const port = await freePort();
  video = await startVideoServers({ sabtPort: port });
  s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], port, ...freshDatabase(),
    serveArgs: ['--video-config', video.config] });
  web = webClient(s.url);
  // The admin creates the room account on the users page, in the district
  // whose invitations it should receive.
  const admin = await web.signIn('admin', s.logins.admin);
  const users = await (await web.get('/admin/users', admin)).text();
  assert.match(users, /<option value="video_room"/, 'the role is offered');
  const made = await web.post('/admin/users', { csrf: csrfIn(users), username: 'room.sno', password: ROOM_PW, role: 'video_room',
    department: 'DSH-SNO', display_name: 'Толори конференсия' }, admin);
  assert.equal(made.headers.get('location'), '/admin/users?done=created');
  // The head schedules one meeting for the department and one for a named user only.
  const head = await web.signIn('head', s.logins.head);
  briefing = await schedule(head, { title: 'Брифинги ҳаррӯза', starts_at: '2026-12-04T09:00', 'dept:DSH-SNO': '1' });
  private1 = await schedule(head, { title: 'Suhbat bo desk', starts_at: '2026-12-04T11:00', users: 'desk' });
  // A password alone signs it in (no second factor for a fixed room screen).
  room = await web.signIn('room.sno', ROOM_PW);
  roomToken = await login(s.url, 'room.sno', ROOM_PW);
});
after(async () => {
  await s?.cleanup();
  await video?.stop();
});

test('the room account lands on its meetings, in each of the three languages', { skip }, async () => {
  const home = await web.get('/', room);
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/video');
  for (const lang of ['tg', 'ru', 'en']) {
    const res = await web.get('/video', `${room}; sabt_lang=${lang}`);
    assert.equal(res.status, 200, lang);
    const page = await res.text();
    assert.match(page, new RegExp(`<html lang="${lang}"`), lang);
    assert.ok(page.includes(`/video/${briefing}`), `${lang}: the department's meeting is listed`);
    assert.ok(!page.includes(`/video/${private1}`), `${lang}: a meeting it is not invited to is not`);
    assert.ok(!page.includes('name="title"'), `${lang}: no scheduling form`);
  }
});

test('the room account gets a Janus token only for a meeting it is invited to', { skip }, async () => {
  const page = await web.get(`/video/${briefing}`, room);
  assert.equal(page.status, 200);
  const csrf = csrfIn(await page.text());
  const granted = await web.post(`/video/${briefing}/join`, { csrf }, room);
  assert.equal(granted.status, 200);
  const grant = await granted.json();
  assert.match(grant.room_token, /,room=\d+,sabt=/);
  assert.ok(grant.token && grant.ice_servers.length > 0);

  assert.equal((await web.get(`/video/${private1}`, room)).status, 404);
  const refused = await web.post(`/video/${private1}/join`, { csrf }, room);
  assert.equal(refused.status, 403);
  assert.deepEqual(await refused.json(), { error: 'not_invited' });
  // Nor may it end or schedule a meeting.
  const before = (await s.health()).journal_size;
  assert.equal((await web.post(`/video/${briefing}/end`, { csrf }, room)).status, 404, "ending is refused as for any non-organiser");
  const sched = await web.post('/video', { csrf, title: 'x', starts_at: '2026-12-04T12:00', 'dept:DSH-SNO': '1' }, room);
  assert.notEqual(sched.status, 303);
  assert.equal((await s.health()).journal_size, before, 'nothing journaled');
});

test('the room account is refused appeals, persons, crime, statistics, trips, programme and administration', { skip }, async () => {
  for (const path of ['/api/v1/appeals', '/api/v1/search?q=Ҳасанзода', '/api/v1/search/persons?q=Ҳасанзода', '/api/v1/crime/oversight',
    '/api/v1/stats/reports', '/api/v1/trips', '/api/v1/queue', '/api/v1/equipment', '/api/v1/oversight/appeals', '/api/v1/sync/devices']) {
    const r = await api(s.url, roomToken, 'GET', path);
    assert.equal(r.status, 403, `API ${path}: ${r.status} ${r.text.slice(0, 120)}`);
  }
  const reg = await api(s.url, roomToken, 'POST', '/api/v1/appeals', { surname: 'x' });
  assert.equal(reg.status, 403, 'no registration');
  for (const path of ['/appeals', '/appeals/new', '/queue', '/crime', '/crime/new', '/search', '/stats', '/trips', '/programme',
    '/equipment', '/oversight/appeals', '/audit/journal', '/admin/users', '/admin/departments', '/admin/devices', '/admin/reference']) {
    const r = await web.get(path, room);
    assert.equal(r.status, 403, `page ${path}: ${r.status}`);
  }
});

test('sabt user add offers the video_room role', async () => {
  const help = await sabt(['user', 'add', '--help']);
  assert.match(help.stdout, /video_room/);
});
