// TOTP codes (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) for the test
// users whose role needs a second factor (admin, head, prosecutor, auditor).
//
// `sabt demo` prints each such user's secret as an otpauth:// URI beside the
// password; parseLogins (server.mjs) registers it here, keyed by username and
// password, so login() (api.mjs) and signIn() (web.mjs) add the code by
// themselves. The server refuses a step it has already accepted for a user
// (no replay), so codeFor() hands out each step once per user and,
// when the steps the server accepts now (previous, current, next) are used
// up, waits for the next one.
import { createHmac } from 'node:crypto';

const secrets = new Map();     // `${username}\t${password}` → secret bytes
const usedSteps = new Map();   // `${username}\t${password}` → last step handed out (any server: a restarted
                               // server on another port keeps its database's memory of used steps)
const clockOffsets = new Map(); // server origin → seconds its clock is moved (test clock)

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

// The secret bytes of an otpauth://totp/... URI.
export function secretOfUri(uri) {
  const u = new URL(uri);
  return base32Decode(u.searchParams.get('secret'));
}

// RFC 4226 HOTP of a counter, and RFC 6238 TOTP of a time (seconds).
export function hotp(secret, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}
export const totpAt = (secret, seconds, digits = 6) => hotp(secret, Math.floor(seconds / 30), digits);

export function rememberSecret(username, password, secret) { secrets.set(`${username}\t${password}`, secret); }
export function secretFor(username, password) { return secrets.get(`${username}\t${password}`); }

// Tests that move a server's clock (startServer({ testClock: true })) tell us by how much.
export function setClockOffset(url, seconds) { clockOffsets.set(new URL(url).origin, seconds); }
export function serverNow(url) { return Date.now() / 1000 + (clockOffsets.get(new URL(url).origin) || 0); }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A code the server at `url` will accept for this user now, or '' when the
// user has no registered secret (roles without a second factor).
export async function codeFor(url, username, password) {
  const secret = secretFor(username, password);
  if (!secret) return '';
  const key = `${username}\t${password}`;
  for (;;) {
    const now = Math.floor(serverNow(url) / 30);
    // Never the previous step (now - 1): it leaves the server's window (now ± 1)
    // when a step boundary passes between here and the server's check, and the
    // sign-in fails for no reason of the test's. `now` and `now + 1` stay valid
    // across one boundary. The server refuses any step at or below the last
    // one used (no replay), so steps only go up.
    const step = Math.max((usedSteps.get(key) ?? -Infinity) + 1, now);
    if (step <= now + 1) {
      usedSteps.set(key, step);
      return hotp(secret, step);
    }
    // Both usable steps were used: wait for the next step (a fresh code, not a timed assertion).
    await sleep(((now + 1) * 30 - serverNow(url)) * 1000 + 50);
  }
}
