// Calls from a mobile station's laptop (docs/video.md §9): the field node has
// no video server; its /video page sends the officer to the district's video
// page while the link to the parent works, and says the link is down when the
// last sync round did not reach the parent.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { login, api } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';
import { startParent, createEnrolment, enrolField, startField, syncUntilDone, until } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c().catch(() => {}); });

test('the field node\'s video page follows the link to the parent: up after a sync, down when the parent is gone',
  { timeout: 120_000 }, async () => {
    const parent = await startParent();
    cleanups.push(() => parent.cleanup());
    const f = await enrolField(parent, (await createEnrolment(parent)).code);
    assert.equal(f.code, 0, f.stderr);
    cleanups.push(() => rm(f.dir, { recursive: true, force: true }));
    const node = await startField(f, ['--sync-interval', '3600']);
    cleanups.push(() => node.cleanup());

    const web = webClient(node.url);
    const cookie = await web.signIn('mobile', parent.logins.mobile);
    const token = await login(node.url, 'mobile', parent.logins.mobile);

    // The node syncs once at start; wait until a round has reached the parent.
    await syncUntilDone(node.url, token);
    const up = await (await web.get('/video', cookie)).text();
    assert.match(up, /id="video-not-configured"/);
    assert.match(up, /id="video-link-up"/);
    assert.ok(up.includes(`href="${parent.url}/video"`) || up.includes(`href="${parent.url.replaceAll('/', '&#x2F;')}&#x2F;video"`),
      'links to the parent\'s video page');

    await parent.stop();
    await api(node.url, token, 'POST', '/api/v1/sync/now');
    await until(async () => {
      const st = (await api(node.url, token, 'GET', '/api/v1/sync/status')).json;
      return !st.running && st.last_error !== '';
    }, 60_000, 'a failed sync round');
    const down = await (await web.get('/video', cookie)).text();
    assert.match(down, /id="video-link-down"/);
    assert.doesNotMatch(down, /id="video-open-parent"/);
  });
