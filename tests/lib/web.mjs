// Signing in to the HTML pages from a test (pre-session CSRF cookie, then
// the session cookie), and small fetch helpers that keep redirects visible.
import assert from 'node:assert/strict';
import { base32Decode, codeFor, rememberSecret } from './totp.mjs';

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

// A user made by a test (not by `sabt demo`) whose role needs a second factor
// enrols it through the web, as a person would at the first sign-in; the
// secret is then known to login() and signIn().
export async function enrolSecondFactor(url, username, password) {
  const web = webClient(url);
  const lp = await web.get('/login');
  const pre = cookieOf(lp, 'sabt_pre').split(';')[0];
  const signed = await web.post('/login', { csrf: csrfIn(await lp.text()), username, password }, pre);
  assert.equal(signed.headers.get('location'), '/account/totp', `${username} is asked to enrol`);
  const cookie = cookieOf(signed, 'sabt_session').split(';')[0];
  const page = (await (await web.get('/account/totp', cookie)).text()).replaceAll('&#x2F;', '/');
  rememberSecret(username, password, base32Decode(page.match(/id="totp-secret">([A-Z2-7]+)</)[1]));
  const done = await web.post('/account/totp', { csrf: csrfIn(page), code: await codeFor(url, username, password) }, cookie);
  assert.equal(done.status, 200, `${username} enrolled`);
}
