// One mobile-station day over 2G (issue 6): 200 appeals with Tajik texts are
// registered on an enrolled field node, then one whole sync round (`sabt sync push`:
// push, pull, and the push of what the pull recorded) runs to the central node
// through bench/link2g.mjs (64 kbit/s, 500 ms round trip, 5 % segment loss). Bytes
// are compared with an independent baseline, zstd -19 of the JSON lines of the
// same entries and payloads. Prints one table and writes it to --out.
//
// Since protocol 2 (docs/sync-protocol.md §7.1) the round is one exchange: the
// push's last batch carries the pull, and the answer carries the pull's.
//
//   node bench/sync_2g.mjs --sabt build/sabt [--appeals 200] [--out FILE]
//   SYNC2G_NOSHAPE=1 ...   the same round without the link model (the time is
//                          then the nodes' own processing, for diagnosis)
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLink, LINK } from './link2g.mjs';
import { secretOfUri, totpAt } from '../tests/lib/totp.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const SABT = path.resolve(arg('sabt', 'build/sabt'));
const APPEALS = Number(arg('appeals', 200));
const OUT = arg('out', '');
const WORK = mkdtempSync(path.join(os.tmpdir(), 'sabt-sync2g-'));
const procs = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(args) {
  return new Promise((resolve, reject) => execFile(SABT, args, { maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
    (err ? reject(new Error(`sabt ${args.join(' ')}: ${stderr}`)) : resolve(stdout))));
}
const freePort = () => new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
async function serve(db, args = []) {
  const port = await freePort();
  const proc = spawn(SABT, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2', ...args], { stdio: 'ignore' });
  procs.push(proc);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${url}/api/v1/health`)).ok) return { url, port, proc }; } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error(`sabt serve ${db} did not start`);
}
async function call(url, token, method, p, body) {
  const r = await fetch(url + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}
// Roles with a second factor (admin) send the TOTP code of the secret the demo printed.
async function login(url, username, password, otpUri) {
  const totp = otpUri ? totpAt(secretOfUri(otpUri), Date.now() / 1000) : undefined;
  const r = await call(url, null, 'POST', '/api/v1/login', { username, password, ...(totp ? { totp } : {}) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return r.json.token;
}
const stop = (proc) => new Promise((r) => { if (proc.exitCode !== null) r(); else { proc.once('exit', r); process.kill(proc.pid, 'SIGTERM'); } });

// Seeded Tajik applicants and texts from the demo data files.
function csv(file) {
  return readFileSync(path.join(ROOT, 'data/demo', file), 'utf8').trim().split('\n').slice(1).map((l) => {
    const i = l.indexOf(',');
    return [l.slice(0, i), l.slice(i + 1).replace(/^"|"$/g, '')];
  });
}
function* appeals(n) {
  let a = 7;
  const rand = () => { a = (a * 1103515245 + 12345) % 2147483648; return a / 2147483648; };
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const names = csv('names.csv');
  const of = (k) => names.filter(([kind]) => kind === k).map(([, v]) => v);
  const villages = csv('places.csv').filter(([d]) => d === 'DSH-SNO').map(([, v]) => v);
  const texts = csv('appeal_texts.csv');
  for (let i = 0; i < n; i++) {
    const [category, summary] = pick(texts);
    const female = rand() < 0.5;
    yield {
      surname: pick(of(rand() < 0.3 ? 'surname_zoda' : 'surname_m')) + (female && rand() < 0.7 ? 'а' : ''),
      given_name: pick(of(female ? 'given_f' : 'given_m')),
      patronymic: pick(of('father_given')) + (female ? 'овна' : 'ович'),
      birth_date: `${1950 + Math.floor(rand() * 55)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
      address: `${pick(villages)}, кӯчаи ${1 + Math.floor(rand() * 40)}, хонаи ${1 + Math.floor(rand() * 120)}`,
      phone: `+9929${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
      id_document: `A${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
      channel: 'mobile', category, crime_signs: 'no', summary,
    };
  }
}

async function main() {
  const central = `sqlite:${WORK}/central.db`;
  const field = `sqlite:${WORK}/field.db`;
  await run(['init', '--db', central]);
  const demoRows = (await run(['demo', '--db', central, '--appeals', '0', '--fill', 'no'])).split('\n')
    .map((l) => l.trim().split('\t')).filter((c) => c.length >= 4);
  const logins = Object.fromEntries(demoRows.map((c) => [c[0], c[1]]));
  const otp = Object.fromEntries(demoRows.filter((c) => c[4]).map((c) => [c[0], c[4]]));
  const parent = await serve(central);
  const admin = await login(parent.url, 'admin', logins.admin, otp.admin);
  const en = await call(parent.url, admin, 'POST', '/api/v1/sync/enrolments', { department: 'DSH-SNO-M1' });
  const link = await startLink({ targetPort: parent.port });
  await run(['enroll', '--parent', `http://127.0.0.1:${link.port}`, '--code', en.json.code, '--db', field]);

  // The day at the mobile station (no link needed).
  const node = await serve(field, ['--role', 'field', '--sync-interval', '86400']);
  const token = await login(node.url, 'mobile', logins.mobile);
  for (const body of appeals(APPEALS)) {
    const r = await call(node.url, token, 'POST', '/api/v1/appeals', body);
    if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.json)}`);
  }
  await stop(node.proc);

  // What is pending before the round: own-origin entries after acked_seq.
  const before = JSON.parse(await run(['sync', 'status', '--db', field]));
  // Context: everything pending as one zstd frame of Sabt's own format (the USB bundle).
  await run(['sync', 'export', '--db', field, '--to', `${WORK}/day.sabt`]);
  const bundle = readFileSync(`${WORK}/day.sabt`).length - 'SABTSYNC1\n'.length;

  // The goal measure: a whole round, as the field node's sync loop runs it
  // (`sabt sync push`: push, pull, and a second push of what the pull recorded),
  // timed from start to exit through the 2G link.
  link.shape(!process.env.SYNC2G_NOSHAPE);
  const t0 = process.hrtime.bigint();
  const out = await run(['sync', 'push', '--db', field]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const s = { ...link.stats };
  link.shape(false);
  const after = JSON.parse(await run(['sync', 'status', '--db', field]));
  if (after.pending !== 0) throw new Error(`still pending after the round: ${JSON.stringify(after)} ${out}`);

  // The independent baseline: zstd -19 of the JSON lines of the same entries
  // and payloads that went up in the round (every own-origin entry after the
  // acknowledgement the round started from, including the one the pull added),
  // one line per entry: the stored entry, its salt, its payload.
  const sql = `SELECT json_object('entry', json(CAST(j.entry AS TEXT)), 'salt', lower(hex(p.salt)), 'payload', json(CAST(p.body AS TEXT)))
    FROM journal j LEFT JOIN payloads p USING (idx) WHERE j.origin = '${before.origin.replace(/'/g, "''")}' AND j.seq > ${Number(before.acked_seq)} ORDER BY j.seq`;
  const lines = await new Promise((resolve, reject) => execFile('sqlite3', [`${WORK}/field.db`, sql], { maxBuffer: 256 << 20 },
    (err, stdout, stderr) => (err ? reject(new Error(`sqlite3: ${stderr}`)) : resolve(stdout))));
  const entries = lines.trim().split('\n').length;
  writeFileSync(`${WORK}/round.jsonl`, lines);
  await new Promise((resolve, reject) => execFile('zstd', ['-19', '-q', '-f', `${WORK}/round.jsonl`, '-o', `${WORK}/round.jsonl.zst`],
    (err, _o, stderr) => (err ? reject(new Error(`zstd: ${stderr}`)) : resolve())));
  const baseline = readFileSync(`${WORK}/round.jsonl.zst`).length;

  const wire = s.up_bytes + s.down_bytes;
  const rtt = (2 * LINK.oneWayMs) / 1000;
  // Link-limited minimum of a round: the baseline bytes up at 64 kbit/s plus
  // the round trips of one connection (handshake, request and answer). The
  // pull's answer travels the other direction of the full-duplex link and is
  // not counted: the minimum is the least any protocol could take.
  const minimum = (baseline * 8) / LINK.bitsPerSecond + 2 * rtt;
  const rows = [
    ['appeals', APPEALS],
    ['entries up in the round', `${entries} (${before.pending} pending at the start)`],
    ['HTTP exchanges (connections)', s.connections],
    ['segments / lost', `${s.segments} / ${s.lost}`],
    ['bytes up / down', `${s.up_bytes} / ${s.down_bytes}`],
    ['wire bytes per appeal', (wire / APPEALS).toFixed(0)],
    ['baseline: zstd -19 of JSON lines, per appeal', (baseline / APPEALS).toFixed(0)],
    ['wire / baseline (goal <= 1.2)', (wire / baseline).toFixed(2)],
    ['own bundle (zstd frame) / baseline (context)', (bundle / baseline).toFixed(2)],
    ['time of the whole round (s)', seconds.toFixed(1)],
    ['link-limited minimum (s)', minimum.toFixed(1)],
    ['time / minimum (goal <= 1.3)', (seconds / minimum).toFixed(2)],
    ['  of which round trips (2 per exchange)', `${(s.connections * 2 * rtt).toFixed(1)} s`],
    ['  of which serialisation of wire bytes', `${((wire + 40 * s.segments) * 8 / LINK.bitsPerSecond).toFixed(1)} s`],
  ];
  const table = [`sync round over emulated 2G (64 kbit/s, RTT 500 ms, 5 % segment loss), ${new Date().toISOString()}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(46)} ${v}`)].join('\n');
  console.log(table);
  if (OUT) writeFileSync(OUT, `${table}\n`);
  await link.close();
  await stop(parent.proc);
}

main().then(() => { rmSync(WORK, { recursive: true, force: true }); process.exit(0); }, (e) => {
  console.error(`sync_2g: ${e.message}`);
  for (const p of procs) if (p.exitCode === null) process.kill(p.pid, 'SIGKILL');
  process.exit(1);
});
