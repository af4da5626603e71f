// An independent RFC 9162 verifier and C2SP note reader for the tests
// (node:crypto), written from the RFC text, not shared with the server.
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';

const sha = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
export const nodeHash = (l, r) => sha(Buffer.of(1), l, r);
export const leafHash = (entry) => sha(Buffer.of(0), Buffer.from(entry));

// §2.1.3.2
export function verifyInclusion(index, size, leaf, proof, root) {
  if (index >= size) return false;
  let fn = index, sn = size - 1, r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

// §2.1.4.2
export function verifyConsistency(m, n, rootM, rootN, proof) {
  if (m === n) return proof.length === 0 && rootM.equals(rootN);
  if (m === 0 || m > n || proof.length === 0) return false;
  let path = proof.slice();
  if ((m & (m - 1)) === 0) path = [rootM, ...path];
  let fn = m - 1, sn = n - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr = path[0], sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(rootM) && sr.equals(rootN);
}

// Parses "name+hexid+base64(0x01||pub)" into a node KeyObject.
export function verifierKey(text) {
  const t = text.trim();
  const a = t.indexOf('+'), b = t.indexOf('+', a + 1);
  const name = t.slice(0, a), b64 = t.slice(b + 1);  // base64 itself may hold '+'
  const raw = Buffer.from(b64, 'base64');
  if (raw[0] !== 1) throw new Error('not ed25519');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(1)]);
  return { name, key: createPublicKey({ key: spki, format: 'der', type: 'spki' }) };
}

// Returns {origin, size, root} if some signature line by vk verifies.
export function openCheckpoint(note, vk) {
  const sep = note.indexOf('\n\n');
  const body = note.slice(0, sep + 1);
  for (const line of note.slice(sep + 2).split('\n')) {
    const prefix = `\u2014 ${vk.name} `;
    if (!line.startsWith(prefix)) continue;
    const sig = Buffer.from(line.slice(prefix.length), 'base64');
    if (sig.length === 68 && edVerify(null, Buffer.from(body), vk.key, sig.subarray(4))) {
      const [origin, size, root] = body.split('\n');
      return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
    }
  }
  return null;
}

export const unhex = (h) => Buffer.from(h, 'hex');
