import { chromium } from 'playwright-core';
import { freePort, startServer } from '../lib/server.mjs';
import { csrfIn, webClient } from '../lib/web.mjs';
import { startVideoServers } from '../lib/video.mjs';
const port = await freePort();
const video = await startVideoServers({ sabtPort: port });
const server = await startServer({ demo: true, demoArgs: ['--appeals', '0'], port, serveArgs: ['--video-config', video.config] });
const web = webClient(server.url);
const head = await web.signIn('head', server.logins.head);
const form = await (await web.get('/video', head)).text();
const r = await web.post('/video', { csrf: csrfIn(form), title: 'x', starts_at: '2026-12-04T09:00', 'dept:DSH-SNO': '1' }, head);
const meeting = r.headers.get('location').split('/').pop();
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
const pages = [];
for (const u of ['desk', 'investigator']) {
  const c = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const p = await c.newPage();
  p.on('console', (m) => console.log(u, 'console', m.text()));
  p.on('pageerror', (e) => console.log(u, 'pageerror', String(e)));
  await p.goto(new URL('/login', server.url).href);
  await p.fill('#username', u);
  await p.fill('#password', server.logins[u]);
  await Promise.all([p.waitForURL((x) => x.pathname === '/'), p.click('#sign-in')]);
  await p.goto(new URL(`/video/${meeting}`, server.url).href);
  await p.click('#video-join');
  pages.push(p);
}
await new Promise((r) => setTimeout(r, 8000));
for (const p of pages) console.log('status', await p.textContent('#video-status'), await p.evaluate(() => window.sabtVideo && [window.sabtVideo.joined(), window.sabtVideo.subscriptions()]));
console.log(video.janusLog().split('\n').filter((l) => /ERR|WARN|rror/.test(l)).slice(-20).join('\n'));
console.log(server.stderr().slice(-2000));
await browser.close(); await server.cleanup(); await video.stop();
