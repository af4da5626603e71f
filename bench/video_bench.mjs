// Video link benchmark (docs/video.md, docs/benchmarks.md "Video link"): Janus
// and coturn from Debian's packages on 127.0.0.1 (configured by `sabt video
// setup`), Sabt in front, headless Chromium participants with fake media.
//
//   node bench/video_bench.mjs --sabt build/sabt [--max-calls 8] [--max-room 8] [--seconds 10] [--min-fps 10] [--out FILE]
//
// Phases:
//   1. n two-party calls at once (n = 1, 2, 4, … up to --max-calls): a call is
//      "carried" when every participant receives the other's video at ≥ --min-fps
//      frames/s (default 10); Janus's CPU (utime+stime from /proc) over the window.
//   2. one room of k participants (k = 2, 3, 4, 6, 8 up to --max-room): each
//      receives k−1 streams; same criterion, same CPU figure.
//   3. the low-bitrate profile: bitrate each participant receives (audio +
//      video, RTP headers included) against the cap.
// All participants run in ONE Chromium with a context per participant, on the
// same machine as Janus: the figures are this machine's, browsers included.

import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { freePort, startServer } from '../tests/lib/server.mjs';
import { csrfIn, webClient } from '../tests/lib/web.mjs';
import { startVideoServers } from '../tests/lib/video.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const SABT = args.sabt || 'build/sabt';
const MAX_CALLS = Number(args['max-calls'] || 8);
const MAX_ROOM = Number(args['max-room'] || 8);
const SECONDS = Number(args.seconds || 10);
const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium';
const MIN_FPS = Number(args['min-fps'] || 10);
const LOW_CAP = 128000;

const HZ = 100;  // clock ticks per second (getconf CLK_TCK on Debian amd64)
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / HZ;  // utime, stime
}

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
    const measureAll = async (pages) => {
      const cpu0 = cpuSeconds(video.janusPid);
      const results = await Promise.all(pages.map(measure));
      const cpu = (cpuSeconds(video.janusPid) - cpu0) / SECONDS;
      return { cpu, minFps: Math.min(...results.map((r) => r.fps)), results };
    };
    const closeAll = async (pages) => { for (const p of pages) await p.close(); await sleep(1000); };

    log(`# Video link benchmark, ${new Date().toISOString()}, ${SECONDS} s windows, carried = every stream >= ${MIN_FPS} fps`);
    log('phase                 participants  worst fps  janus CPU (cores)  carried');
    for (let n = 1; n <= MAX_CALLS; n *= 2) {
      const pages = [];
      for (let i = 0; i < n; i++) {
        const m = await schedule(`call ${n}/${i}`, ['desk', 'investigator']);
        pages.push(await join('desk', m, 0), await join('investigator', m, 1));
      }
      await Promise.all(pages.map((p) => p.waitForFunction(() => window.sabtVideo.subscriptions() >= 1, null, { timeout: 60_000 })));
      const w = await measureAll(pages);
      log(`${`${n} two-party calls`.padEnd(22)}${String(2 * n).padStart(12)}  ${w.minFps.toFixed(1).padStart(9)}  ${w.cpu.toFixed(2).padStart(17)}  ${w.minFps >= MIN_FPS ? 'yes' : 'no'}`);
      await closeAll(pages);
      if (w.minFps < MIN_FPS) break;
    }
    for (const k of [2, 3, 4, 6, 8].filter((x) => x <= Math.min(MAX_ROOM, users.length))) {
      const invited = users.slice(0, k);
      const m = await schedule(`room ${k}`, invited);
      const pages = [];
      for (const u of invited) pages.push(await join(u, m, 0));
      await Promise.all(pages.map((p) => p.waitForFunction((n) => window.sabtVideo.subscriptions() >= n, k - 1, { timeout: 60_000 })));
      const w = await measureAll(pages);
      log(`${`room of ${k}`.padEnd(22)}${String(k).padStart(12)}  ${w.minFps.toFixed(1).padStart(9)}  ${w.cpu.toFixed(2).padStart(17)}  ${w.minFps >= MIN_FPS ? 'yes' : 'no'}`);
      await closeAll(pages);
      if (w.minFps < MIN_FPS) break;
    }
    const low = await schedule('low profile', ['desk', 'investigator'], 'low');
    const lp = [await join('desk', low, 0), await join('investigator', low, 1)];
    await lp[0].waitForFunction(() => window.sabtVideo.subscriptions() >= 1, null, { timeout: 60_000 });
    await sleep(5000);  // let the bandwidth estimate settle before measuring
    const w = await measureAll(lp);
    for (const [i, r] of w.results.entries())
      log(`low profile, participant ${i + 1}: ${Math.round(r.bps / 1000)} kbit/s received (audio+video, headers included), cap ${LOW_CAP / 1000} kbit/s`);
    await closeAll(lp);
  } finally {
    await browser.close().catch(() => {});
    await server.cleanup().catch(() => {});
    await video.stop().catch(() => {});
  }
  if (args.out) writeFileSync(args.out, `${lines.join('\n')}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
