// A district node (role `district`) is a parent like central: it enrols its
// mobile station, receives the laptop's appeals and verifies.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { login, api, appealBody, allAppeals } from '../lib/api.mjs';
import { sabt, startParent, createEnrolment, enrolField, startField, syncStatus } from '../lib/sync.mjs';

const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

test('a district node enrols a mobile station and receives its appeals', async () => {
  const district = await startParent(['--role', 'district']);
  cleanups.push(() => district.cleanup());
  const field = await enrolField(district, (await createEnrolment(district)).code);
  assert.equal(field.code, 0, field.stderr);

  const node = await startField(field, ['--sync-interval', '3600']);
  cleanups.push(() => node.cleanup());
  const token = await login(node.url, 'mobile', district.logins.mobile);
  const numbers = [];
  for (let i = 0; i < 3; i++) {
    const r = await api(node.url, token, 'POST', '/api/v1/appeals', appealBody({ channel: 'mobile' }));
    assert.equal(r.status, 201, r.text);
    numbers.push(r.json.number);
  }
  await node.stop();
  const push = await sabt(['sync', 'push', '--db', field.dbUrl]);
  assert.equal(push.code, 0, push.stderr);
  assert.equal((await syncStatus(field)).pending, 0);

  const head = await login(district.url, 'head', district.logins.head);
  const got = new Set((await allAppeals(district.url, head)).map((a) => a.number));
  for (const n of numbers) assert.ok(got.has(n), `${n} reached the district node`);
  await district.stop();
  for (const [db, env] of [[field.dbUrl, {}], [district.dbUrl, district.backendEnv]]) {
    const v = await sabt(['verify', '--db', db], env);
    assert.equal(v.code, 0, `verify ${db}:\n${v.stdout}\n${v.stderr}`);
  }
});
