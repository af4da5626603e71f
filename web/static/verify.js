// /verify: checks a receipt in the browser, independently of the server's
// own answer (docs/verification.md §4): the checkpoint's Ed25519 signature
// against the node key, then the RFC 9162 §2.1.3.2 inclusion proof of the
// receipt's entry. Uses only WebCrypto.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const enc = new TextEncoder();
  const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
  const unhex = (s) => {
    if (!/^[0-9a-f]{64}$/.test(s)) throw new Error('bad hash');
    return Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));
  };
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const cat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  };
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const node = (l, r) => sha256(cat(Uint8Array.of(1), l, r));

  // RFC 9162 §2.1.3.2, step by step.
  async function verifyInclusion(index, size, leaf, proof, root) {
    if (index >= size) return false;
    let fn = index, sn = size - 1, r = leaf;
    for (const p of proof) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await node(p, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await node(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 && hex(r) === hex(root);
  }

  // C2SP signed note with one Ed25519 signature by the node key.
  async function openCheckpoint(note, vkey) {
    const t = vkey.trim();
    const a = t.indexOf('+'), b = t.indexOf('+', a + 1);
    const name = t.slice(0, a), keyB64 = t.slice(b + 1);  // base64 may itself hold '+'
    const keyBytes = b64(keyB64);
    if (keyBytes[0] !== 1) throw new Error('not an Ed25519 key');
    const pub = await crypto.subtle.importKey('raw', keyBytes.slice(1), { name: 'Ed25519' }, false, ['verify']);
    const sep = note.indexOf('\n\n');
    const body = note.slice(0, sep + 1);
    for (const line of note.slice(sep + 2).split('\n')) {
      const prefix = '\u2014 ' + name + ' ';
      if (!line.startsWith(prefix)) continue;
      const sig = b64(line.slice(prefix.length));
      if (sig.length !== 68) continue;
      if (await crypto.subtle.verify({ name: 'Ed25519' }, pub, sig.slice(4), enc.encode(body))) {
        const [origin, size, root] = body.split('\n');
        return { origin, size: Number(size), root: b64(root) };
      }
    }
    throw new Error('checkpoint signature does not verify');
  }

  async function fetchOk(url, type) {
    const r = await fetch(url, { cache: 'no-store' });
    if (!r.ok) throw new Error(url.split('?')[0] + ' → HTTP ' + r.status);
    return type === 'json' ? r.json() : r.text();
  }

  async function check(number, code, leafGiven, section) {
    const steps = [];
    const say = (ok, text) => steps.push({ ok, text });
    try {
      const rec = await fetchOk('/api/v1/public/receipt?number=' + encodeURIComponent(number) + '&code=' + encodeURIComponent(code), 'json');
      say(true, number);
      const leafHex = (leafGiven || rec.entry.leaf_hash).trim().toLowerCase();
      const vkey = await fetchOk('/log/key');
      const cpResp = await fetch('/log/checkpoint', { cache: 'no-store' });
      if (!cpResp.ok) throw new Error('/log/checkpoint → HTTP ' + cpResp.status);
      const cp = await openCheckpoint(await cpResp.text(), vkey);
      cp.time = cpResp.headers.get('Sabt-Checkpoint-Time') || '';
      say(true, 'Ed25519 ' + cp.origin);
      const proof = await fetchOk('/log/proof/inclusion?index=' + rec.entry.index + '&size=' + cp.size, 'json');
      const ok = await verifyInclusion(rec.entry.index, cp.size, unhex(leafHex), proof.hashes.map(unhex), cp.root);
      say(ok, 'RFC 9162 #' + rec.entry.index + ' / ' + cp.size);
      return { ok, status: rec.status, origin: cp.origin, size: cp.size, time: cp.time, steps };
    } catch (e) {
      say(false, String(e.message || e));
      return { ok: false, steps };
    }
  }

  document.addEventListener('DOMContentLoaded', async () => {
    const section = $('verify-result');
    const number = $('number').value.trim();
    const code = $('code').value.trim();
    if (!section || !number || !code || !window.crypto || !crypto.subtle) return;
    const m = section.dataset;
    $('verify-headline').textContent = m.msgChecking;
    const r = await check(number, code, $('leaf').value, section);
    section.dataset.state = r.ok ? 'ok' : 'fail';
    section.dataset.source = 'browser';
    section.className = 'verify-result ' + (r.ok ? 'ok' : 'fail');
    $('verify-headline').textContent = r.ok
      ? m.msgOk.replace('{origin}', r.origin).replace('{size}', String(r.size)).replace('{time}', (r.time || '').replace('T', ' ').slice(0, 19) + ' UTC')
      : m.msgFail;
    const ul = $('verify-steps');
    ul.textContent = '';
    for (const s of r.steps) {
      const li = document.createElement('li');
      li.className = s.ok ? 'ok' : 'fail';
      li.textContent = (s.ok ? '✓ ' : '✗ ') + s.text;
      ul.appendChild(li);
    }
    $('verify-by').textContent = m.msgBrowser;
  });
})();
