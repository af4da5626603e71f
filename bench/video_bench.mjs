// Video link benchmark (docs/video.md, docs/benchmarks.md "Video link"): Janus
// and coturn from Debian's packages on 127.0.0.1 (configured by `sabt video
// setup`), Sabt in front, headless Chromium participants with fake media.
//
//   node bench/video_bench.mjs --sabt build/sabt [--max-calls 12] [--max-room 8] [--seconds 10]
//        [--min-fps 10] [--budget 600] [--out FILE]
//
// Phases:
//   1. n two-party calls at once, n stepping up 1, 2, 3, 4, 6, 8, 12 (up to
//      --max-calls): a step is "carried" when every participant receives the
//      other's video at >= --min-fps frames/s (default 10). Janus's CPU is
//      utime+stime of its process (/proc/<pid>/stat) before and after the
//      window; the machine's busy cores (/proc/stat) and the load average are
//      printed beside it, because the browsers run on the same machine.
//   2. one room of k participants (k = 2, 3, 4, 5, 6, 8 up to --max-room):
//      each receives k-1 streams; same criterion, same figures.
//   3. the low-bitrate profile: bitrate each participant receives (audio +
//      video, RTP headers included) against the cap.
// A phase stops at the first step not carried (frames stopped flowing, or a
// join did not complete in 60 s), at its count limit, or when the time budget
// (--budget seconds for the whole run, default 600) would be exceeded.
// All participants run in ONE Chromium with a context per participant.

import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { freePort, startServer } from '../tests/lib/server.mjs';
import { csrfIn, webClient } from '../tests/lib/web.mjs';
import { startVideoServers } from '../tests/lib/video.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const SABT = args.sabt || 'build/sabt';
const MAX_CALLS = Number(args['max-calls'] || 12);
const MAX_ROOM = Number(args['max-room'] || 8);
const SECONDS = Number(args.seconds || 10);
const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const MIN_FPS = Number(args['min-fps'] || 10);
const BUDGET_S = Number(args.budget || 600);
const T0 = Date.now();
const elapsed = () => (Date.now() - T0) / 1000;
const LOW_CAP = 128000;

const HZ = 100;  // clock ticks per second (getconf CLK_TCK on Debian amd64)
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / HZ;  // utime, stime
}

// Busy and total jiffies of the whole machine (all cores), from /proc/stat.
function machineJiffies() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];  // idle + iowait
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const port = await freePort();
  const video = await startVideoServers({ sabtPort: port, bin: SABT });
  const server = await startServer({ bin: SABT, demo: true, demoArgs: ['--appeals', '0'], port,
    serveArgs: ['--video-config', video.config] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required'] });
  const lines = [];
  const log = (s) => { console.log(s); lines.push(s); };
  try {
    const { url, logins } = server;
    const web = webClient(url);
    const head = await web.signIn('head', logins.head);
    const users = ['desk', 'investigator', 'mobile', ...Object.keys(logins).filter((u) => u.startsWith('desk.'))];
    const schedule = async (title, invited, profile = '') => {
      const form = await (await web.get('/video', head)).text();
      const r = await web.post('/video', { csrf: csrfIn(form), title, starts_at: '2026-12-04T09:00', users: invited.join(' '), profile }, head);
      return r.headers.get('location').split('/').pop();
    };
    // One signed-in context per user, reused across phases.
    const contexts = new Map();
    const contextOf = async (user) => {
      if (contexts.has(user)) return contexts.get(user);
      const c = await browser.newContext({ permissions: ['camera', 'microphone'] });
      const p = await c.newPage();
      await p.goto(new URL('/login', url).href);
      await p.fill('#username', user);
      await p.fill('#password', logins[user]);
      await Promise.all([p.waitForURL((u) => u.pathname === '/'), p.click('#sign-in')]);
      contexts.set(user, c);
      return c;
    };
    const join = async (user, meeting, expect) => {
      const p = await (await contextOf(user)).newPage();
      await p.goto(new URL(`/video/${meeting}`, url).href);
      await p.click('#video-join');
      await p.waitForFunction((n) => window.sabtVideo && window.sabtVideo.subscriptions() >= n, expect, { timeout: 60_000 });
      return p;
    };
    // Frames/s of the worst received video stream of a page, and bit/s received.
    const measure = (p) => p.evaluate(async (sec) => {
      const sample = async () => {
        const out = { frames: new Map(), bytes: 0, ts: 0 };
        for (const pc of window.sabtVideo.peerConnections().slice(1)) {
          (await pc.getStats()).forEach((s) => {
            if (s.type !== 'inbound-rtp') return;
            out.bytes += s.bytesReceived + (s.headerBytesReceived || 0);
            out.ts = Math.max(out.ts, s.timestamp);
            if (s.kind === 'video') out.frames.set(s.id, s.framesDecoded || 0);
          });
        }
        return out;
      };
      const a = await sample();
      await new Promise((r) => setTimeout(r, sec * 1000));
      const b = await sample();
      let worst = Infinity;
      for (const [id, f] of b.frames) worst = Math.min(worst, (f - (a.frames.get(id) || 0)) / sec);
      return { fps: worst === Infinity ? 0 : worst, bps: ((b.bytes - a.bytes) * 8 * 1000) / (b.ts - a.ts) };
    }, SECONDS);
    // Waits (at most 30 s) until every page decodes video from each of the
    // `n` others, then 3 s more for the encoders to ramp up; false if not.
    const flowing = async (pages, n) => {
      const ok = await Promise.all(pages.map((p) => p.waitForFunction(async (want) => {
        let streams = 0;
        for (const pc of window.sabtVideo.peerConnections().slice(1)) {
          (await pc.getStats()).forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) streams += 1;
          });
        }
        return streams >= want;
      }, n, { timeout: 30_000, polling: 500 }).then(() => true, () => false)));
      await sleep(3000);
      return ok.every(Boolean);
    };
    const measureAll = async (pages) => {
      const cpu0 = cpuSeconds(video.janusPid);
      const m0 = machineJiffies();
      const t0 = Date.now();
      const results = await Promise.all(pages.map(measure));
      const wall = (Date.now() - t0) / 1000;
      const cpu = (cpuSeconds(video.janusPid) - cpu0) / wall;
      const m1 = machineJiffies();
      const busy = ((m1.busy - m0.busy) / (m1.total - m0.total)) * os.cpus().length;
      const kbps = results.reduce((a, r) => a + r.bps, 0) / results.length / 1000;
      return { cpu, busy, kbps, minFps: Math.min(...results.map((r) => r.fps)), results };
    };
    // Joins the pages of one step; false when a join did not complete.
    const joinAll = async (plan) => {
      const pages = [];
      try {
        for (const [user, meeting, expect] of plan) pages.push(await join(user, meeting, expect));
        return { pages, ok: true };
      } catch (e) {
        return { pages, ok: false, why: String(e.message || e).split('\n')[0] };
      }
    };
    const row = (phase, n, w) => `${phase.padEnd(20)}${String(n).padStart(6)}  ${w.minFps.toFixed(1).padStart(9)}  ` +
      `${w.kbps.toFixed(0).padStart(10)}  ${w.cpu.toFixed(3).padStart(9)}  ${w.busy.toFixed(2).padStart(12)}  ` +
      `${load().padStart(14)}  ${w.minFps >= MIN_FPS ? 'yes' : 'no'}`;
    // Seconds the next step may take: joins (about 3 s each on this machine) + window + settle.
    const fits = (joins) => elapsed() + joins * 3 + SECONDS + 5 <= BUDGET_S;
    let stop = '';
    const closeAll = async (pages) => { for (const p of pages) await p.close(); await sleep(1000); };

    log(`# Video link benchmark, ${new Date().toISOString()}, ${os.cpus().length} cores, load average at start ${load()}`);
    log(`# ${SECONDS} s windows; carried = every received video stream decodes >= ${MIN_FPS} frames/s (the limit);`);
    log(`# budget ${BUDGET_S} s, at most ${MAX_CALLS} calls and a room of ${MAX_ROOM}; browsers and Janus share this machine`);
    log('phase                parts  worst fps  kbit/s/part  janus CPU  machine busy  load 1/5/15 min  carried');
    log('                                                    (cores)    (cores)');
    for (const n of [1, 2, 3, 4, 6, 8, 12, 16].filter((x) => x <= MAX_CALLS)) {
      if (!fits(2 * n)) { stop = `calls: time budget reached before ${n} calls`; break; }
      const plan = [];
      for (let i = 0; i < n; i++) {
        const m = await schedule(`call ${n}/${i}`, ['desk', 'investigator']);
        plan.push(['desk', m, 0], ['investigator', m, 1]);
      }
      const j = await joinAll(plan);
      if (!j.ok) {
        log(`${`${n} calls`.padEnd(20)}${String(2 * n).padStart(6)}  join did not complete: ${j.why}  load ${load()}  no`);
        await closeAll(j.pages);
        stop = `calls: ${n} calls not carried (join)`;
        break;
      }
      if (!(await flowing(j.pages, 1))) {
        log(`${`${n} calls`.padEnd(20)}${String(2 * n).padStart(6)}  frames did not start within 30 s  load ${load()}  no`);
        await closeAll(j.pages);
        stop = `calls: ${n} calls not carried (no frames)`;
        break;
      }
      const w = await measureAll(j.pages);
      log(row(`${n} two-party calls`, 2 * n, w));
      await closeAll(j.pages);
      if (w.minFps < MIN_FPS) { stop = `calls: ${n} calls not carried (frames below ${MIN_FPS}/s)`; break; }
    }
    if (!stop) stop = `calls: count limit ${MAX_CALLS} reached, all carried`;
    log(`# ${stop}`);
    stop = '';
    for (const k of [2, 3, 4, 5, 6, 8].filter((x) => x <= Math.min(MAX_ROOM, users.length))) {
      if (!fits(k)) { stop = `room: time budget reached before a room of ${k}`; break; }
      const invited = users.slice(0, k);
      const m = await schedule(`room ${k}`, invited);
      const j = await joinAll(invited.map((u) => [u, m, 0]));
      let ok = j.ok;
      if (ok) {
        try {
          await Promise.all(j.pages.map((p) => p.waitForFunction((n) => window.sabtVideo.subscriptions() >= n, k - 1, { timeout: 60_000 })));
          ok = await flowing(j.pages, k - 1);
        } catch { ok = false; }
      }
      if (!ok) {
        log(`${`room of ${k}`.padEnd(20)}${String(k).padStart(6)}  subscriptions or frames did not start  load ${load()}  no`);
        await closeAll(j.pages);
        stop = `room: a room of ${k} not carried (join)`;
        break;
      }
      const w = await measureAll(j.pages);
      log(row(`room of ${k}`, k, w));
      await closeAll(j.pages);
      if (w.minFps < MIN_FPS) { stop = `room: a room of ${k} not carried (frames below ${MIN_FPS}/s)`; break; }
    }
    if (!stop) stop = `room: count limit ${Math.min(MAX_ROOM, users.length)} reached, all carried`;
    log(`# ${stop}`);
    const low = await schedule('low profile', ['desk', 'investigator'], 'low');
    const lp = [await join('desk', low, 0), await join('investigator', low, 1)];
    await lp[0].waitForFunction(() => window.sabtVideo.subscriptions() >= 1, null, { timeout: 60_000 });
    await flowing(lp, 1);
    await sleep(2000);  // let the bandwidth estimate settle before measuring
    const w = await measureAll(lp);
    for (const [i, r] of w.results.entries())
      log(`low profile, participant ${i + 1}: ${Math.round(r.bps / 1000)} kbit/s received (audio+video, RTP headers ` +
        `included), cap ${LOW_CAP / 1000} kbit/s (${(r.bps / LOW_CAP * 100).toFixed(0)} % of it), worst ${r.fps.toFixed(1)} fps, ` +
        `janus ${w.cpu.toFixed(3)} cores, load ${load()}`);
    log(`# done in ${elapsed().toFixed(0)} s`);
    await closeAll(lp);
  } finally {
    await browser.close().catch(() => {});
    await server.cleanup().catch(() => {});
    await video.stop().catch(() => {});
  }
  if (args.out) writeFileSync(args.out, `${lines.join('\n')}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
