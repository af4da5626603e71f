// Browser test of the video link (docs/video.md §7): Janus and coturn from
// Debian's packages on 127.0.0.1 with configurations from `sabt video setup`;
// two headless Chromium instances with fake media join a meeting through Sabt
// and Janus and each receives the other's video frames and audio packets; a
// user outside the meeting is refused a token; Janus refuses a made-up token;
// the journal holds the meeting with both participants and their times; in
// the low-bitrate profile the received bitrate stays under the cap; that
// meeting is recorded: both see the banner, and at its end the journal holds
// the SHA-256 of every file Janus wrote (docs/video.md §5a).
//
// Run: bash tests/browser/run.sh   (skipped when janus or turnserver is not installed)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { freePort, repoRoot, startServer } from '../lib/server.mjs';
import { csrfIn, webClient } from '../lib/web.mjs';
import { api } from '../lib/api.mjs';
import { auditorToken, entryAsAuditor } from '../lib/journal.mjs';
import { startVideoServers, videoServersInstalled } from '../lib/video.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'];
const tg = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', 'video', 'tg.json'), 'utf8'));
const tgRec = JSON.parse(readFileSync(path.join(repoRoot, 'web', 'i18n', 'video_rec', 'tg.json'), 'utf8'));
const LOW_CAP_BPS = 128000;  // low_bitrate_bps written by `sabt video setup`
const MAX_SAMPLES = 120;     // getStats samples, 500 ms apart in the page

const skip = videoServersInstalled() ? false : 'janus or turnserver not installed (apt install janus coturn)';

async function browser(res, name) {
  const profile = await mkdtemp(path.join(os.tmpdir(), `sabt-chromium-${name}-`));
  res.profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'en-GB',
    viewport: { width: 1024, height: 768 }, timeout: 20_000, permissions: ['camera', 'microphone'],
  });
  res.contexts.push(context);
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

async function signInPage(page, url, username, password) {
  await page.goto(new URL('/login', url).href);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-in')]);
}

async function schedule(url, cookie, web, fields) {
  const form = await (await web.get('/video', cookie)).text();
  const res = await web.post('/video', { csrf: csrfIn(form), ...fields }, cookie);
  assert.equal(res.status, 303, `scheduled: ${res.status} ${await res.text()}`);
  return res.headers.get('location').split('/').pop();
}

// Waits (at most MAX_SAMPLES samples) until every subscription of the page
// receives decoded video frames and audio packets; returns the last counts.
async function waitForMedia(page) {
  return page.evaluate(async (max) => {
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    let last = null;
    for (let i = 0; i < max; i++) {
      const pcs = window.sabtVideo.peerConnections().slice(1);  // [0] is this browser's own publisher
      const counts = [];
      for (const pc of pcs) {
        let frames = 0, audio = 0;
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
          if (s.type === 'inbound-rtp' && s.kind === 'audio') audio += s.packetsReceived || 0;
        });
        counts.push({ frames, audio });
      }
      last = counts;
      if (counts.length > 0 && counts.every((c) => c.frames > 10 && c.audio > 10)) return counts;
      await sleep(500);
    }
    return last;
  }, MAX_SAMPLES);
}

// Received bitrate (bit/s, audio + video) from the other participant, between
// two getStats samples `n` samples of 500 ms apart, taken once frames flow.
async function receivedBitrate(page, n) {
  return page.evaluate(async (count) => {
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const sample = async () => {
      let bytes = 0, ts = 0;
      for (const pc of window.sabtVideo.peerConnections().slice(1)) {
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp') { bytes += s.bytesReceived + (s.headerBytesReceived || 0); ts = Math.max(ts, s.timestamp); }
        });
      }
      return { bytes, ts };
    };
    const first = await sample();
    for (let i = 0; i < count; i++) await sleep(500);
    const last = await sample();
    return ((last.bytes - first.bytes) * 8 * 1000) / (last.ts - first.ts);
  }, n);
}

async function videoEntries(url, token, from, to) {
  const out = [];
  for (let i = from; i < to; i++) {
    const e = await entryAsAuditor(url, token, i);
    if (e.kind.startsWith('video.')) out.push(e);
  }
  return out;
}

test('two browsers meet through Sabt and Janus; outsiders and made-up tokens are refused; the journal keeps the meeting',
  { timeout: 240_000, skip }, async (t) => {
    const res = { contexts: [], profiles: [] };
    t.after(async () => {
      for (const c of res.contexts) await c.close().catch(() => {});
      for (const p of res.profiles) await rm(p, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
      if (res.server) await res.server.cleanup().catch(() => {});
      if (res.video) await res.video.stop().catch(() => {});
    });
    const port = await freePort();
    res.video = await startVideoServers({ sabtPort: port });
    res.server = await startServer({ demo: true, demoArgs: ['--appeals', '0'], port,
      serveArgs: ['--video-config', res.video.config] });
    const { url, logins } = res.server;
    const web = webClient(url);

    // The head of DSH-SNO schedules a meeting for the department.
    const headCookie = await web.signIn('head', logins.head);
    const before = (await api(url, null, 'GET', '/api/v1/health')).json.journal_size;
    const meeting = await schedule(url, headCookie, web,
      { title: 'Daily briefing', starts_at: '2026-12-04T09:00', 'dept:DSH-SNO': '1' });

    // A desk officer of another district is not invited: no page, no token.
    const outsider = Object.keys(logins).find((u) => u.startsWith('desk.'));
    const outCookie = await web.signIn(outsider, logins[outsider]);
    assert.equal((await web.get(`/video/${meeting}`, outCookie)).status, 404);
    const outCsrf = csrfIn(await (await web.get('/video', outCookie)).text());
    const refused = await web.post(`/video/${meeting}/join`, { csrf: outCsrf }, outCookie);
    assert.equal(refused.status, 403, 'outsider refused a token');
    assert.equal(refused.headers.get('content-type').startsWith('application/json'), true);
    assert.equal((await refused.json()).token, undefined);

    // Two officers of DSH-SNO join in two browsers with fake camera and microphone.
    const a = await browser(res, 'desk');
    const b = await browser(res, 'investigator');
    await signInPage(a, url, 'desk', logins.desk);
    await signInPage(b, url, 'investigator', logins.investigator);
    for (const p of [a, b]) {
      await p.goto(new URL(`/video/${meeting}`, url).href);
      assert.equal((await p.textContent('#video-not-recorded')).trim(), tg.video_not_recorded, 'everyone sees that nothing is recorded');
      await p.click('#video-join');
      await p.waitForFunction(() => window.sabtVideo && window.sabtVideo.joined(), null, { timeout: 20_000 });
    }
    await a.waitForFunction(() => window.sabtVideo.subscriptions() >= 1, null, { timeout: 20_000 });
    await b.waitForFunction(() => window.sabtVideo.subscriptions() >= 1, null, { timeout: 20_000 });
    for (const [name, p] of [['desk', a], ['investigator', b]]) {
      const counts = await waitForMedia(p);
      assert.ok(counts && counts.length === 1, `${name} subscribes to one participant: ${JSON.stringify(counts)}`);
      assert.ok(counts[0].frames > 10, `${name} receives video frames: ${JSON.stringify(counts)}`);
      assert.ok(counts[0].audio > 10, `${name} receives audio packets: ${JSON.stringify(counts)}`);
      assert.deepEqual(p.errors, []);
    }

    // Janus itself refuses a session with a made-up token, and one signed with another key.
    const janusAnswers = await a.evaluate(async (wsUrl) => {
      const ask = (token) => new Promise((resolve) => {
        const ws = new WebSocket(wsUrl, 'janus-protocol');
        ws.onopen = () => ws.send(JSON.stringify({ janus: 'create', transaction: 't1', token }));
        ws.onmessage = (e) => { resolve(JSON.parse(e.data)); ws.close(); };
        ws.onerror = () => resolve({ janus: 'socket error' });
      });
      const exp = Math.floor(Date.now() / 1000) + 60;
      return [await ask('made-up'),
        await ask(`${exp},janus,janus.plugin.videoroom,room=1,sabt=x:AAAAAAAAAAAAAAAAAAAAAAAAAAA=`)];
    }, res.video.janusWs);
    for (const r of janusAnswers) {
      assert.equal(r.janus, 'error', JSON.stringify(r));
      assert.equal(r.error.code, 403, JSON.stringify(r));
    }

    // Both leave; Janus's events reach Sabt and the record shows both with their times.
    await a.click('#video-leave');
    await b.click('#video-leave');
    const headWeb = webClient(url);
    let page = '';
    for (let i = 0; i < 100; i++) {
      page = await (await headWeb.get(`/video/${meeting}`, headCookie)).text();
      const rows = page.match(/<tbody>([\s\S]*?)<\/tbody>/g) || [];
      const att = rows.find((r) => r.includes('Фирӯза') || r.includes('Суҳроб')) || '';
      if (att.includes('Фирӯза') && att.includes('Суҳроб') && !/present|ҳозир аст/.test(att)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(page, /Фирӯза Назарова/);
    assert.match(page, /Суҳроб Ғафуров/);
    const end = await web.post(`/video/${meeting}/end`, { csrf: csrfIn(page) }, headCookie);
    assert.equal(end.status, 303);

    const after = (await api(url, null, 'GET', '/api/v1/health')).json.journal_size;
    const token = await auditorToken(res.server);
    const entries = (await videoEntries(url, token, before, after)).filter((e) => e.subject === meeting);
    const kinds = entries.map((e) => e.kind);
    assert.equal(kinds[0], 'video.meeting_scheduled');
    assert.equal(kinds.at(-1), 'video.meeting_ended');
    const joined = entries.filter((e) => e.kind === 'video.joined');
    const left = entries.filter((e) => e.kind === 'video.left');
    assert.equal(joined.length, 2, kinds.join(','));
    assert.equal(left.length, 2, kinds.join(','));
    assert.equal(new Set(joined.map((e) => e.actor)).size, 2, 'two different participants');
    for (const l of left) {
      const j = joined.find((e) => e.data.participant === l.data.participant);
      assert.ok(j, 'every leave has its join');
      assert.equal(l.actor, j.actor);
      assert.equal(l.data.joined_at, j.at);
      assert.ok(l.at >= j.at);
    }
    assert.equal(entries.at(-1).data.participants, 2);
  });

test('in the low-bitrate profile the bitrate each browser receives stays under the cap; a recorded meeting shows its banner and journals the hash of each recording',
  { timeout: 240_000, skip }, async (t) => {
    const res = { contexts: [], profiles: [] };
    t.after(async () => {
      for (const c of res.contexts) await c.close().catch(() => {});
      for (const p of res.profiles) await rm(p, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
      if (res.server) await res.server.cleanup().catch(() => {});
      if (res.video) await res.video.stop().catch(() => {});
    });
    const port = await freePort();
    res.video = await startVideoServers({ sabtPort: port });
    res.server = await startServer({ demo: true, demoArgs: ['--appeals', '0'], port,
      serveArgs: ['--video-config', res.video.config] });
    const { url, logins } = res.server;
    const web = webClient(url);
    const headCookie = await web.signIn('head', logins.head);
    const meeting = await schedule(url, headCookie, web,
      { title: 'Station consult', starts_at: '2026-12-04T10:00', users: 'desk investigator', profile: 'low', recorded: '1' });

    const a = await browser(res, 'desk');
    const b = await browser(res, 'investigator');
    await signInPage(a, url, 'desk', logins.desk);
    await signInPage(b, url, 'investigator', logins.investigator);
    for (const p of [a, b]) {
      await p.goto(new URL(`/video/${meeting}`, url).href);
      assert.equal(await p.isChecked('#video-low'), true, 'the meeting is in the low profile');
      assert.equal(await p.isVisible('#video-recorded'), true, 'everyone sees that the meeting is recorded');
      assert.equal(await p.getAttribute('#video-recorded', 'role'), 'alert');
      assert.equal((await p.textContent('#video-recorded strong')).trim(), tgRec.video_recorded_banner);
      assert.equal(await p.locator('#video-not-recorded').count(), 0);
      await p.click('#video-join');
      await p.waitForFunction(() => window.sabtVideo && window.sabtVideo.joined(), null, { timeout: 20_000 });
    }
    for (const p of [a, b]) {
      await p.waitForFunction(() => window.sabtVideo.subscriptions() >= 1, null, { timeout: 20_000 });
      const counts = await waitForMedia(p);
      assert.ok(counts && counts[0] && counts[0].frames > 10, `frames flow: ${JSON.stringify(counts)}`);
    }
    // Over 20 samples (10 s) of the stream once it flows, with 10 % margin for
    // RTP headers and the encoder's short overshoots.
    for (const [name, p] of [['desk', a], ['investigator', b]]) {
      const bps = await receivedBitrate(p, 20);
      t.diagnostic(`${name} receives ${Math.round(bps)} bit/s in the low profile (cap ${LOW_CAP_BPS})`);
      assert.ok(bps > 0, `${name} receives media`);
      assert.ok(bps < LOW_CAP_BPS * 1.1, `${name} receives ${Math.round(bps)} bit/s, cap ${LOW_CAP_BPS}`);
    }

    // The head ends the meeting while both are in it: Janus stops recording
    // (closing its files), the room goes, and Sabt journals each file's hash.
    const before = (await api(url, null, 'GET', '/api/v1/health')).json.journal_size;
    const roomPage = await (await web.get(`/video/${meeting}`, headCookie)).text();
    assert.equal((await web.post(`/video/${meeting}/end`, { csrf: csrfIn(roomPage) }, headCookie)).status, 303);
    const after = (await api(url, null, 'GET', '/api/v1/health')).json.journal_size;
    const token = await auditorToken(res.server);
    const hashed = (await videoEntries(url, token, before, after)).filter((e) => e.kind === 'video.recording_hashed');
    const recDir = path.join(res.video.dir, 'recordings', meeting);
    const files = (await readdir(recDir)).sort();
    assert.ok(files.length >= 4, `Janus recorded audio and video of both publishers: ${files.join(', ')}`);
    assert.deepEqual(hashed.map((e) => e.data.file).sort(), files, 'one entry per file');
    const participants = new Set();
    for (const e of hashed) {
      const bytes = await readFile(path.join(recDir, e.data.file));
      assert.equal(e.data.size, bytes.length, e.data.file);
      assert.equal(e.data.sha256, createHash('sha256').update(bytes).digest('hex'), e.data.file);
      assert.equal(e.subject, meeting);
      assert.ok(e.data.user, `the file is tied to a participant: ${e.data.file}`);
      participants.add(e.data.user);
    }
    assert.equal(participants.size, 2, 'recordings of both participants');
    t.diagnostic(`recorded: ${hashed.map((e) => `${e.data.media} ${e.data.size} B`).join(', ')}`);
    const verified = execFileSync(res.server.bin, ['video', 'verify-recordings', '--db', res.server.dbUrl,
      '--video-config', res.video.config], { env: res.server.env }).toString();
    assert.match(verified, new RegExp(`^${files.length} file\\(s\\), 0 not matching the journal$`, 'm'));
  });
