// Video link without a media server (docs/video.md §2-§5): who gets a token,
// and Janus's event endpoint (loopback + HTTP Basic; joins and leaves become
// journal entries only for tokens Sabt signed). The Janus admin URL of this
// configuration points nowhere, so an invited user's join answers 503 while
// an outsider's answers 403 before anything is minted. SQLite and PostgreSQL
// (SABT_TEST_BACKEND).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, sabtBin, startServer } from '../lib/server.mjs';
import { freshDatabase } from '../lib/backend.mjs';
import { api } from '../lib/api.mjs';
import { csrfIn, webClient } from '../lib/web.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { readVideoToml } from '../lib/video.mjs';

let s, dir, secrets, web, headCookie, meeting, room, auditorCached;
const auditor = async () => (auditorCached ??= await auditorToken(s));

function setup(args) {
  return new Promise((resolve, reject) => {
    execFile(sabtBin(), ['video', 'setup', ...args], (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout)));
  });
}

function janusToken(secret, room, user, expiry = Math.floor(Date.now() / 1000) + 60) {
  const data = `${expiry},janus.plugin.videoroom,room=${room},sabt=${user}`;
  return `${data}:${createHmac('sha1', secret).update(data).digest('base64')}`;
}

function postEvents(body, auth) {
  return fetch(new URL('/video/janus-events', s.url), {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}) },
  });
}

const joinedEvent = (token, id) => ({ emitter: 'sabt-video', type: 64, timestamp: 1, session_id: 1, handle_id: 2,
  event: { plugin: 'janus.plugin.videoroom', data: { event: 'joined', room, id, private_id: 5, token, display: 'x' } } });
const leftEvent = (id) => ({ type: 64, timestamp: 2,
  event: { plugin: 'janus.plugin.videoroom', data: { event: 'leaving', room, id } } });

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-video-it-'));
  const port = await freePort();
  const nowhere = await freePort();  // nothing listens: Janus is "down"
  await setup(['--dir', dir, '--janus-admin-port', String(nowhere), '--sabt-url', `http://127.0.0.1:${port}`]);
  secrets = readVideoToml(path.join(dir, 'sabt-video.toml'));
  s = await startServer({ demo: true, demoArgs: ['--appeals', '0'], port, ...freshDatabase(),
    serveArgs: ['--video-config', path.join(dir, 'sabt-video.toml')] });
  web = webClient(s.url);
  headCookie = await web.signIn('head', s.logins.head);
  const form = await (await web.get('/video', headCookie)).text();
  const r = await web.post('/video', { csrf: csrfIn(form), title: 'Брифинг', starts_at: '2026-12-04T09:00', 'dept:DSH-SNO': '1' }, headCookie);
  assert.equal(r.status, 303);
  meeting = r.headers.get('location').split('/').pop();
  room = parseInt(meeting.replaceAll('-', '').slice(0, 13), 16);
});
after(async () => {
  await s?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a user outside the meeting is refused a token and the page; an invited one is not refused', async () => {
  const outsider = Object.keys(s.logins).find((u) => u.startsWith('desk.'));
  const cookie = await web.signIn(outsider, s.logins[outsider]);
  const csrf = csrfIn(await (await web.get('/video', cookie)).text());
  assert.equal((await web.get(`/video/${meeting}`, cookie)).status, 404);
  const refused = await web.post(`/video/${meeting}/join`, { csrf }, cookie);
  assert.equal(refused.status, 403);
  assert.deepEqual(await refused.json(), { error: 'not_invited' });

  const desk = await web.signIn('desk', s.logins.desk);
  const deskCsrf = csrfIn(await (await web.get(`/video/${meeting}`, desk)).text());
  const down = await web.post(`/video/${meeting}/join`, { csrf: deskCsrf }, desk);
  assert.equal(down.status, 503, 'invited, but Janus is down');
  assert.equal((await web.post(`/video/${meeting}/join`, { csrf: 'wrong' }, desk)).status, 403, 'CSRF first');
  assert.equal((await web.post(`/video/${meeting}/join`, { csrf: deskCsrf })).status, 401, 'a session first');
});

test('the event endpoint wants HTTP Basic with the generated password', async () => {
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  assert.equal((await postEvents([], null)).status, 401);
  assert.equal((await postEvents([], 'janus:wrong')).status, 401);
  assert.equal((await postEvents([], `admin:${secrets.event_password}`)).status, 401);
  const ok = await postEvents([], `janus:${secrets.event_password}`);
  assert.equal(ok.status, 200);
  assert.equal((await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size, before);
});

test('a join with a token Sabt did not sign is not journaled; a signed one is, once, and its leave too', async () => {
  const auth = `janus:${secrets.event_password}`;
  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const forged = await postEvents([joinedEvent(janusToken('not-the-secret', room, 'someone'), 7)], auth);
  assert.equal(forged.status, 200);
  assert.equal((await forged.json()).refused, 1);
  const otherRoom = await postEvents([joinedEvent(janusToken(secrets.token_secret, room + 1, 'someone'), 7)], auth);
  assert.equal((await otherRoom.json()).refused, 1);
  assert.equal((await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size, before);

  const deskId = await userId('desk');
  const before2 = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const token = janusToken(secrets.token_secret, room, deskId);
  const j1 = await (await postEvents([joinedEvent(token, 8)], auth)).json();
  assert.equal(j1.joined, 1);
  const again = await (await postEvents([joinedEvent(token, 8)], auth)).json();
  assert.equal(again.ignored, 1, 'a repeated event changes nothing');
  const l1 = await (await postEvents(leftEvent(8), auth)).json();
  assert.equal(l1.left, 1);
  assert.equal((await (await postEvents(leftEvent(8), auth)).json()).ignored, 1);

  const after = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const entries = [];
  for (let i = before2; i < after; i++) entries.push(await entryAsAuditor(s.url, await auditor(), i));
  const video = entries.filter((e) => e.kind.startsWith('video.'));
  assert.deepEqual(video.map((e) => e.kind), ['video.joined', 'video.left']);
  assert.equal(video[0].actor, deskId);
  assert.equal(video[0].subject, meeting);
  assert.equal(video[0].data.participant, '8');
  assert.equal(video[1].data.joined_at, video[0].at);

  // The meeting page shows the attendance from the projection.
  const page = await (await web.get(`/video/${meeting}`, headCookie)).text();
  assert.match(page, /Фирӯза Назарова/);
});

test('a mobile officer calls the district: its officers see the call ring, others do not', async () => {
  const mobile = await web.signIn('mobile', s.logins.mobile);
  const csrf = csrfIn(await (await web.get('/video', mobile)).text());
  const unknown = await web.post('/video/call', { csrf, record: 'DSH-SNO/2026/999999' }, mobile);
  assert.equal(unknown.status, 422, 'an unknown record number is a form problem');
  const call = await web.post('/video/call', { csrf, record: '' }, mobile);
  assert.equal(call.status, 303);
  const id = call.headers.get('location').split('/').pop();

  const ringsFor = async (cookie) => (await (await web.get('/video/incoming', cookie)).json()).calls.map((c) => c.id);
  const investigator = await web.signIn('investigator', s.logins.investigator);
  assert.ok((await ringsFor(investigator)).includes(id), 'the district investigator sees the call');
  assert.ok(!(await ringsFor(mobile)).includes(id), 'the caller does not see their own call ringing');
  const outsider = Object.keys(s.logins).find((u) => u.startsWith('desk.'));
  const other = await web.signIn(outsider, s.logins[outsider]);
  assert.ok(!(await ringsFor(other)).includes(id), 'another district does not');
  assert.equal((await web.get(`/video/${id}`, other)).status, 404);

  // Only a mobile unit's officer calls.
  const desk = await web.signIn('desk', s.logins.desk);
  const deskCsrf = csrfIn(await (await web.get('/video', desk)).text());
  assert.equal((await web.post('/video/call', { csrf: deskCsrf }, desk)).status, 403);
});

// Recording (docs/video.md §5a). Janus is down in this file, so the test
// writes the files Janus would write into the meeting's recording directory;
// tests/browser/video.test.mjs records with the real Janus.
test('a recorded meeting shows its banner to every invitee; its end journals the SHA-256 of each file, which verify-recordings checks', async () => {
  const form = await (await web.get('/video', headCookie)).text();
  assert.match(form, /id="recorded" name="recorded"/, 'a head may schedule a recorded meeting');
  const r = await web.post('/video', { csrf: csrfIn(form), title: 'Recorded briefing', starts_at: '2026-12-04T11:00',
    'dept:DSH-SNO': '1', recorded: '1' }, headCookie);
  assert.equal(r.status, 303);
  const rec = r.headers.get('location').split('/').pop();
  const recRoom = parseInt(rec.replaceAll('-', '').slice(0, 13), 16);

  const desk = await web.signIn('desk', s.logins.desk);
  for (const cookie of [headCookie, desk]) {
    const page = await (await web.get(`/video/${rec}`, cookie)).text();
    assert.match(page, /<div class="banner recording" id="video-recorded" role="alert">/, 'announced to screen readers');
    assert.doesNotMatch(page, /id="video-not-recorded"/);
  }
  for (const lang of ['tg', 'ru', 'en']) {
    const texts = JSON.parse(await readFile(path.join(repoRoot, 'web', 'i18n', 'video_rec', `${lang}.json`), 'utf8'));
    const page = await (await web.get(`/video/${rec}`, `${desk}; sabt_lang=${lang}`)).text();
    assert.ok(page.includes(`role="alert"><strong>${texts.video_recorded_banner}</strong>`), `the banner in ${lang}`);
  }
  const plain = await (await web.get(`/video/${meeting}`, desk)).text();
  assert.match(plain, /id="video-not-recorded"/, 'an ordinary meeting is not recorded');
  assert.doesNotMatch(plain, /id="video-recorded"/);
  assert.match(await (await web.get('/video', desk)).text(), new RegExp(`${rec}">Recorded briefing</a>[^<]*<strong class="recorded">`));

  // Desk joins as Janus participant 31; "Janus" writes her audio and video.
  const deskId = await userId('desk');
  const auth = `janus:${secrets.event_password}`;
  const joined = { ...joinedEvent(janusToken(secrets.token_secret, recRoom, deskId), 31) };
  joined.event = { ...joined.event, data: { ...joined.event.data, room: recRoom } };
  assert.equal((await (await postEvents([joined], auth)).json()).joined, 1);
  const recDir = path.join(secrets.recordings_dir, rec);
  await mkdir(recDir, { recursive: true });
  const files = { [`videoroom-${recRoom}-user-31-1764846000000000-audio-0.mjr`]: Buffer.from('MJR00002 audio bytes'),
    [`videoroom-${recRoom}-user-31-1764846000000000-video-1.mjr`]: Buffer.alloc(70000, 7) };
  for (const [n, b] of Object.entries(files)) await writeFile(path.join(recDir, n), b);

  const before = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const page = await (await web.get(`/video/${rec}`, headCookie)).text();
  assert.equal((await web.post(`/video/${rec}/end`, { csrf: csrfIn(page) }, headCookie)).status, 303);
  const after = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  const hashed = [];
  for (let i = before; i < after; i++) {
    const e = await entryAsAuditor(s.url, await auditor(), i);
    if (e.kind === 'video.recording_hashed') hashed.push(e);
  }
  assert.equal(hashed.length, 2, 'one entry per file');
  for (const e of hashed) {
    const bytes = await readFile(path.join(recDir, e.data.file));
    assert.equal(e.subject, rec);
    assert.equal(e.data.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(e.data.size, bytes.length);
    assert.equal(e.data.participant, '31');
    assert.equal(e.data.user, deskId);
    assert.equal(e.data.room, recRoom);
  }
  assert.deepEqual(hashed.map((e) => e.data.media).sort(), ['audio', 'video']);

  const verify = (...extra) => new Promise((resolve) => {
    execFile(s.bin, ['video', 'verify-recordings', '--db', s.dbUrl, '--video-config', path.join(dir, 'sabt-video.toml'),
      ...extra], { env: s.env }, (err, stdout) => resolve({ code: err ? err.code : 0, out: stdout }));
  });
  let v = await verify();
  assert.equal(v.code, 0, v.out);
  assert.equal((v.out.match(/^ok /gm) || []).length, 2, v.out);
  // One changed byte, and a file nobody journaled: both reported, exit 1.
  await appendFile(path.join(recDir, Object.keys(files)[0]), 'x');
  await writeFile(path.join(recDir, 'extra.mjr'), 'later');
  v = await verify('--meeting', rec);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, /^CHANGED .*audio-0\.mjr/m);
  assert.match(v.out, /^NOT JOURNALED .*extra\.mjr/m);
  assert.match(v.out, /^ok .*video-1\.mjr/m);
  await rm(path.join(recDir, 'extra.mjr'));
  await writeFile(path.join(recDir, Object.keys(files)[0]), files[Object.keys(files)[0]]);
  assert.equal((await verify()).code, 0, 'the original bytes match again');
});

test('the video tables equal a replay of the journal, before and after sabt rebuild', async () => {
  // The head ends the meeting: the end is journaled even though Janus is down.
  const page = await (await web.get(`/video/${meeting}`, headCookie)).text();
  assert.equal((await web.post(`/video/${meeting}/end`, { csrf: csrfIn(page) }, headCookie)).status, 303);
  await s.stop();
  const v = execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString();
  assert.match(v, /^OK:/m);
  execFileSync(s.bin, ['rebuild', '--db', s.dbUrl], { env: s.env });
  assert.match(execFileSync(s.bin, ['verify', '--db', s.dbUrl, '--quiet'], { env: s.env }).toString(), /^OK:/m);
  const logins = s.logins;
  s = await startServer({ dbUrl: s.dbUrl, init: false, env: s.env, port: s.port,
    serveArgs: ['--video-config', path.join(dir, 'sabt-video.toml')] });
  s.logins = logins;
  // Sessions are not part of the journal: the rebuild ended them.
  const desk = await web.signIn('desk', logins.desk);
  const after = await (await web.get(`/video/${meeting}`, desk)).text();
  assert.match(after, /Фирӯза Назарова/, 'the attendance survives the rebuild');
  assert.match(after, /id="video-ended"/, 'the end survives the rebuild');
});

// A demo user's id, from its user.created entry (read as an auditor).
async function userId(username) {
  const size = (await api(s.url, null, 'GET', '/api/v1/health')).json.journal_size;
  for (let i = 0; i < size; i++) {
    const e = await entryAsAuditor(s.url, await auditor(), i);
    if (e.kind === 'user.created' && e.data.username === username) return e.subject;
  }
  throw new Error(`no user.created for ${username}`);
}

test('without a video configuration the video pages say the server is not configured', async () => {
  const plain = await startServer({ demo: true, demoArgs: ['--appeals', '0'], ...freshDatabase() });
  try {
    const w = webClient(plain.url);
    const cookie = await w.signIn('desk', plain.logins.desk);
    const r = await w.get('/video', cookie);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /id="video-not-configured"/);
  } finally {
    await plain.cleanup();
  }
});
