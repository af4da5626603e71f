// A laptop administers only itself: a user created and a list replaced on a
// field node's own database are outside what a device may say
// (docs/sync-protocol.md §4a). Its parent refuses the batch whole (422
// forbidden), raises an alert, neither lets that user sign in nor takes the
// list, and both nodes still verify.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { api } from '../lib/api.mjs';
import { sabtBin } from '../lib/server.mjs';
import { sabt, startParent, createEnrolment, enrolField, syncStatus } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

test('a user and a list made on a laptop make its parent refuse the batch and raise an alert', async () => {
  const parent = await startParent();
  cleanups.push(() => parent.cleanup());
  const en = await createEnrolment(parent);
  const field = await enrolField(parent, en.code);
  assert.equal(field.code, 0, field.stderr);

  // Someone with the laptop makes an admin and rewrites the channel list on it.
  execFileSync(sabtBin(), ['user', 'add', '--db', field.dbUrl, '--username', 'intruder', '--password-stdin',
    '--role', 'admin', '--department', 'MIA'], { input: 'intruder-password-1\n' });
  const csv = path.join(field.dir, 'channels.csv');
  writeFileSync(csv, 'code,name_tg,name_ru,name_en\nrogue,Канали бегона,Чужой канал,Rogue channel\n');
  const imp = await sabt(['reference', 'import', '--db', field.dbUrl, '--list', 'channels', csv]);
  assert.equal(imp.code, 0, imp.stderr);

  const push = await sabt(['sync', 'push', '--db', field.dbUrl, '--no-pull']);
  assert.notEqual(push.code, 0, 'the push is refused');
  assert.match(push.stdout + push.stderr, /422: seq 3: a device may not push user.created/);
  assert.ok((await syncStatus(field)).pending > 0, 'nothing of the batch was acknowledged');
  const devices = await api(parent.url, parent.adminToken, 'GET', '/api/v1/sync/devices');
  const alert = devices.json.alerts.find((a) => a.origin === field.origin);
  assert.ok(alert, 'the parent raised an alert');
  assert.equal(alert.kind, 'user.created');

  // The parent applied none of it.
  const login = await api(parent.url, null, 'POST', '/api/v1/login', { username: 'intruder', password: 'intruder-password-1' });
  assert.notEqual(login.status, 200, 'a user made on a laptop cannot sign in on its parent');
  const ref = await api(parent.url, parent.adminToken, 'GET', '/api/v1/reference');
  assert.equal(ref.status, 200, ref.text);
  const channels = ref.json.channels.map((c) => c.code);
  assert.ok(!channels.includes('rogue'), 'the laptop did not replace the parent\'s channel list');
  assert.ok(channels.includes('mobile'), `parent channels: ${channels}`);

  await parent.stop();
  const v = await sabt(['verify', '--db', parent.dbUrl], parent.backendEnv);
  assert.equal(v.code, 0, `verify on the parent:\n${v.stdout}\n${v.stderr}`);
  const vf = await sabt(['verify', '--db', field.dbUrl]);
  assert.equal(vf.code, 0, `verify on the field node:\n${vf.stdout}\n${vf.stderr}`);
});
