// A fresh Ed25519 key as a C2SP verifier key line ("name+keyid+base64"),
// e.g. a wrong key to give `sabt verify --trusted-key` / `--witness-key`.
import { createHash, generateKeyPairSync } from 'node:crypto';

export function freshVerifierKey(name) {
  const { publicKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.of(1), pub])).digest().subarray(0, 4);
  return `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.of(1), pub]).toString('base64')}`;
}
