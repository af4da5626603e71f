// Signing in to the HTML pages from a test (pre-session CSRF cookie, then
// the session cookie), and small fetch helpers that keep redirects visible.
import assert from 'node:assert/strict';
import { codeFor } from './totp.mjs';

const cookieOf = (res, name) => {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c;
  return null;
};
export const csrfIn = (html) => html.match(/name="csrf" value="([^"]+)"/)[1];

export function webClient(url) {
  const get = (path, cookie) => fetch(new URL(path, url), { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const post = (path, body, cookie) => fetch(new URL(path, url), {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(body).toString(),
  });
  async function signIn(username, password) {
    const page = await get('/login');
    const pre = cookieOf(page, 'sabt_pre').split(';')[0];
    const csrf = csrfIn(await page.text());
    const totp = await codeFor(url, username, password);
    const res = await post('/login', { csrf, username, password, ...(totp ? { totp } : {}) }, pre);
    assert.equal(res.status, 303, `sign-in of ${username}`);
    return cookieOf(res, 'sabt_session').split(';')[0];
  }
  return { get, post, signIn };
}
