// A programme indicator follows a registration made on a mobile station's
// laptop once it is synced (issue 17, docs/programme.md §3): the value is
// computed from the parent's statistics counters, which the laptop's
// entries update when the parent projects them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { login, api, appealBody } from '../lib/api.mjs';
import { webClient } from '../lib/web.mjs';
import { sabt, startParent, createEnrolment, enrolField, startField, syncStatus, syncUntilDone } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

async function indicatorValue(url, cookie, id) {
  const page = await (await webClient(url).get('/programme/indicators', cookie)).text();
  const m = page.match(new RegExp(`<tr data-indicator="${id}">.*?data-current>([^<]*)<`, 's'));
  assert.ok(m, `indicator ${id} is listed`);
  return Number(m[1]);
}

test('an indicator follows appeals registered on a laptop once they are synced to the parent', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const coord = await login(parent.url, 'coordinator', parent.logins.coordinator);
  const def = await api(parent.url, coord, 'POST', '/api/v1/programme/indicators', {
    code: 'T-MOB', name_tg: 'Муроҷиатҳо дар истгоҳи сайёр', name_ru: 'Обращения в мобильных пунктах',
    name_en: 'Appeals at mobile stations', formula: 'appeal.received.channel.mobile', unit: 'count',
    baseline: '0', target: '200', target_date: '2026-12-31', direction: 'up' });
  assert.equal(def.status, 201, def.text);
  const cookie = await webClient(parent.url).signIn('coordinator', parent.logins.coordinator);
  const before = await indicatorValue(parent.url, cookie, def.json.id);

  const field = await enrolField(parent, (await createEnrolment(parent)).code);
  assert.equal(field.code, 0, field.stderr);
  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const mobile = await login(node.url, 'mobile', parent.logins.mobile);
  await syncUntilDone(node.url, mobile);  // the round at start is over: the appeals below go only by the push
  for (let i = 0; i < 3; i++) {
    const r = await api(node.url, mobile, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(await indicatorValue(parent.url, cookie, def.json.id), before, 'nothing counted before the sync');
  await node.stop();
  const push = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(push.code, 0, push.stderr);
  assert.equal((await syncStatus(field)).pending, 0);
  assert.equal(await indicatorValue(parent.url, cookie, def.json.id), before + 3, 'the three laptop appeals count');
});
