// A thief's toolkit for the sync tests: with a stolen laptop's device key and
// database, build and sign batches of one's own in the batch format of
// docs/sync-protocol.md §3 (canonical entries of journal-format.md §1–§3, a
// C2SP checkpoint signed by the device key), push them, and pull as the
// device. Written from the documents with node:crypto, not shared with the
// server.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign as edSign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const sha = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
const leafHash = (bytes) => sha(Buffer.of(0), Buffer.from(bytes));
const nodeHash = (l, r) => sha(Buffer.of(1), l, r);

// RFC 9162 §2.1.1 Merkle tree hash of leaf hashes.
export function merkleRoot(leaves) {
  if (leaves.length === 0) return sha(Buffer.alloc(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)));
}

// RFC 8785 for the values entries use (strings, integers, booleans, null,
// arrays, objects): keys sorted by UTF-16 code units, JSON.stringify escaping.
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// The laptop's signer key file ("PRIVATE+KEY+<name>+<id>+<base64(0x01‖seed)>",
// next to its SQLite file as <db>.key).
export function readDeviceKey(path) {
  const text = readFileSync(path, 'utf8').trim();
  const prefix = 'PRIVATE+KEY+';
  if (!text.startsWith(prefix)) throw new Error('not a signer key');
  const rest = text.slice(prefix.length);
  const a = rest.indexOf('+'), b = rest.indexOf('+', a + 1);
  const name = rest.slice(0, a);
  const raw = Buffer.from(rest.slice(b + 1), 'base64');
  if (raw[0] !== 1 || raw.length !== 33) throw new Error('not an ed25519 signer key');
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), raw.subarray(1)]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  return { name, privateKey, pub };
}

// A C2SP signed note: text, blank line, "— <name> base64(keyid ‖ sig)".
export function signNote(text, key) {
  const id = sha(Buffer.from(key.name), Buffer.from([0x0a, 0x01]), key.pub).subarray(0, 4);
  const sig = edSign(null, Buffer.from(text), key.privateKey);
  return `${text}\n\u2014 ${key.name} ${Buffer.concat([id, sig]).toString('base64')}\n`;
}

// Leaf hashes of the laptop's journal, in order (its own entries only).
export function laptopLeaves(dbPath) {
  const out = execFileSync('sqlite3', [dbPath, 'SELECT hex(leaf_hash) FROM journal ORDER BY idx;'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((h) => Buffer.from(h, 'hex'));
}

// One journal entry of `origin` (journal-format.md §1–§2) as a batch item.
export function forgeEntry({ origin, seq, kind, subject, data = {}, actor = 'system', at, payload }) {
  const header = { v: 1, origin, seq, at: at ?? new Date().toISOString(), actor, kind, subject, data };
  const item = {};
  if (payload) {
    const salt = randomBytes(32);
    const body = canonical(payload);
    header.payload = sha(salt, Buffer.from(body)).toString('hex');
    item.salt = salt.toString('base64');
    item.payload = body;
  }
  item.entry = canonical(header);
  return item;
}

// A fresh Ed25519 key for a node the test plays (e.g. a forged district):
// `pub` is the raw public key to enrol; `name` is set once the parent
// answers the origin (sabt/<origin>).
export function newNodeKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name: '', privateKey, pub: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32) };
}

// A signed, zstd-compressed batch extending the laptop's tree (`leaves`, the
// leaf hashes of seq 1…fromSeq-1) with `items`. With `via` ({origin, key}) it
// is forwarded by that district (docs/sync-protocol.md §13).
// `pull`: a signed pull request of protocol 2 carried by the batch (§7.1).
export function forgeBatch({ origin, key, leaves, items, via, pull }) {
  const fromSeq = leaves.length + 1;
  const all = [...leaves, ...items.map((it) => leafHash(it.entry))];
  const body = `${key.name}\n${all.length}\n${merkleRoot(all).toString('base64')}\n`;
  const batch = { v: 1, origin, from_seq: fromSeq, sent_at: new Date().toISOString(), entries: items, checkpoint: signNote(body, key) };
  if (pull) batch.pull = pull;
  if (via) {
    batch.via = via.origin;
    batch.via_note = signNote(`sabt-sync-forward\n${via.origin}\n${origin}\n${fromSeq}\n${all.length}\n${sha(Buffer.from(batch.checkpoint)).toString('hex')}\n`, via.key);
  }
  const raw = Buffer.from(JSON.stringify(batch));
  // One frame that states its content size, as the parent requires (§3).
  return execFileSync('zstd', ['-q', '-c', '-3', `--stream-size=${raw.length}`], { input: raw });
}

// The answer of a push; a push that carried a pull is answered in zstd JSON (§7.1).
export async function pushBatch(parentUrl, body) {
  const r = await fetch(`${parentUrl}/sync/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/zstd' }, body });
  let raw = Buffer.from(await r.arrayBuffer());
  const zstd = (r.headers.get('content-type') || '').startsWith('application/zstd');
  if (zstd) raw = execFileSync('zstd', ['-q', '-d', '-c'], { input: raw });
  const text = raw.toString('utf8');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text, zstd };
}

// The sections of a pull and the text of a protocol 2 pull request (§7.1):
// a counter and the versions held ('-' for none), signed by the device key.
export const PULL_SECTIONS = ['departments', 'reference', 'users', 'appeals'];
export function pullNote2(origin, key, counter, have = {}) {
  const lines = PULL_SECTIONS.map((s) => `${s} ${have[s] || '-'}`);
  return signNote(`sabt-sync-pull/2\n${origin}\n${counter}\n${lines.join('\n')}\n`, key);
}
// The version of a section of a pull answer: hex of the first 16 bytes of
// SHA-256 of its canonical JSON; `users` covers users and password hashes.
export function sectionVersion(answer, section) {
  const v = section === 'users' ? { users: answer.users, password_hashes: answer.password_hashes ?? {} } : answer[section];
  return sha(Buffer.from(canonical(v))).subarray(0, 16).toString('hex');
}
// A pull alone with a protocol 2 note: {status, json}.
export async function pull2As(parentUrl, origin, note) {
  const r = await fetch(`${parentUrl}/sync/v1/pull`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ origin, note }),
  });
  const raw = Buffer.from(await r.arrayBuffer());
  const zstd = (r.headers.get('content-type') || '').startsWith('application/zstd');
  const text = (zstd ? execFileSync('zstd', ['-q', '-d', '-c'], { input: raw }) : raw).toString('utf8');
  return { status: r.status, json: JSON.parse(text) };
}

// A pull as the device (§7): challenge, signed request, zstd JSON answer.
export async function pullAs(parentUrl, origin, key) {
  const ch = (await (await fetch(`${parentUrl}/sync/v1/challenge`, { method: 'POST' })).text()).trim();
  const note = signNote(`sabt-sync-pull\n${origin}\n${ch}\n`, key);
  const r = await fetch(`${parentUrl}/sync/v1/pull`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ origin, note }),
  });
  const raw = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) throw new Error(`pull: HTTP ${r.status} ${raw.toString()}`);
  return JSON.parse(execFileSync('zstd', ['-q', '-d', '-c'], { input: raw }).toString('utf8'));
}
