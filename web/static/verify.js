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

  const parseKey = async (vkey) => {
    const t = vkey.trim();
    const a = t.indexOf('+'), b = t.indexOf('+', a + 1);
    const name = t.slice(0, a), keyBytes = b64(t.slice(b + 1));  // base64 may itself hold '+'
    if (keyBytes[0] !== 1 || keyBytes.length !== 33) throw new Error('not an Ed25519 key');
    const raw = keyBytes.slice(1);
    const pub = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    const fingerprint = hex((await sha256(raw)).slice(0, 10));
    return { name, raw, pub, fingerprint };
  };
  const splitNote = (note) => {
    const sep = note.indexOf('\n\n');
    if (sep < 0) throw new Error('not a signed note');
    return { body: note.slice(0, sep + 1), lines: note.slice(sep + 2).split('\n') };
  };

  // The checkpoint's Ed25519 signature (type 0x01) by the node key.
  async function openCheckpoint(note, key) {
    const { body, lines } = splitNote(note);
    const prefix = '\u2014 ' + key.name + ' ';
    for (const line of lines) {
      if (!line.startsWith(prefix)) continue;
      const sig = b64(line.slice(prefix.length));
      if (sig.length !== 68) continue;
      if (await crypto.subtle.verify({ name: 'Ed25519' }, key.pub, sig.slice(4), enc.encode(body))) {
        const [origin, size, root] = body.split('\n');
        return { origin, size: Number(size), root: b64(root), body };
      }
    }
    throw new Error('checkpoint signature does not verify');
  }

  // A C2SP tlog-cosignature (type 0x04) by `key` on the note: its signed
  // time in seconds, or null when there is none.
  async function cosignedTime(note, key) {
    const { body, lines } = splitNote(note);
    const id = (await sha256(cat(enc.encode(key.name + '\n'), Uint8Array.of(4), key.raw))).slice(0, 4);
    const prefix = '\u2014 ' + key.name + ' ';
    for (const line of lines) {
      if (!line.startsWith(prefix)) continue;
      const blob = b64(line.slice(prefix.length));
      if (blob.length !== 76 || hex(blob.slice(0, 4)) !== hex(id)) continue;
      let ts = 0;
      for (let i = 4; i < 12; i++) ts = ts * 256 + blob[i];
      const msg = enc.encode('cosignature/v1\ntime ' + ts + '\n' + body);
      if (await crypto.subtle.verify({ name: 'Ed25519' }, key.pub, blob.slice(12), msg)) return ts;
      throw new Error('cosignature by ' + key.name + ' does not verify');
    }
    return null;
  }

  async function fetchOk(url, type) {
    const r = await fetch(url, { cache: 'no-store' });
    if (!r.ok) throw new Error(url.split('?')[0] + ' → HTTP ' + r.status);
    return type === 'json' ? r.json() : r.text();
  }

  // Each step: {ok, id, detail}. A failed step ends the check.
  async function check(claim) {
    const steps = [];
    const say = (ok, id, detail) => { steps.push({ ok, id, detail }); if (!ok) throw new Error(detail); };
    const out = { ok: false, steps, witnesses: [] };
    try {
      let rec;
      try {
        rec = await fetchOk('/api/v1/public/receipt?number=' + encodeURIComponent(claim.number) + '&code=' + encodeURIComponent(claim.code), 'json');
      } catch (e) { say(false, 'receipt', claim.number); }
      say(true, 'receipt', claim.number);
      out.status = rec.status;
      const key = await parseKey(await fetchOk('/log/key'));
      out.fingerprint = key.fingerprint;
      const fp = key.fingerprint.replace(/(.{4})(?!$)/g, '$1 ');
      say(!claim.key || claim.key.replace(/\s/g, '').toLowerCase() === key.fingerprint, 'key', fp);
      // The entry is this receipt's: its bytes hash to the printed leaf, it
      // sits at the printed index and registers this number.
      const leafHex = (claim.leaf || rec.entry.leaf_hash).trim().toLowerCase();
      const index = claim.index !== '' ? Number(claim.index) : rec.entry.index;
      const bytes = rec.entry.bytes || '';
      const entryLeaf = hex(await sha256(cat(Uint8Array.of(0), enc.encode(bytes))));
      let header = null;
      try { header = JSON.parse(bytes); } catch (e) { header = null; }
      const registers = header && (header.kind === 'appeal.registered' || header.kind === 'crime.registered') &&
        header.data && header.data.number === claim.number;
      say(entryLeaf === leafHex && index === rec.entry.index && !!registers, 'entry', '#' + index + ' ' + leafHex);
      const note = await fetchOk('/log/checkpoint');
      let cp2 = null;
      try {
        cp2 = await openCheckpoint(note, key);
        out.signedTime = await cosignedTime(note, key);
      } catch (e) { say(false, 'checkpoint', String(e.message || e)); }
      say(true, 'checkpoint', 'Ed25519 ' + key.name + ' ' + cp2.origin + ' / ' + cp2.size);
      out.origin = cp2.origin; out.size = cp2.size;
      const proof = await fetchOk('/log/proof/inclusion?index=' + index + '&size=' + cp2.size, 'json');
      const ok = await verifyInclusion(index, cp2.size, unhex(leafHex), proof.hashes.map(unhex), cp2.root);
      say(ok, 'inclusion', 'RFC 9162 #' + index + ' / ' + cp2.size);
      out.ok = true;
      let witnesses = [];
      try { witnesses = await fetchOk('/log/witnesses', 'json'); } catch (e) { witnesses = []; }
      for (const w of witnesses) {
        const wk = await parseKey(w.key);
        if (wk.fingerprint === key.fingerprint) continue;  // the node's own time line is no witness
        let ts = null;
        try { ts = await cosignedTime(note, wk); } catch (e) { ts = null; }
        steps.push({ ok: ts !== null, id: 'witness', detail: w.label + ' ' + wk.fingerprint.replace(/(.{4})(?!$)/g, '$1 ') });
        if (ts !== null) out.witnesses.push({ label: w.label, time: ts });
      }
    } catch (e) {
      if (!steps.length || steps[steps.length - 1].ok) steps.push({ ok: false, id: 'checkpoint', detail: String(e.message || e) });
    }
    return out;
  }

  // Dushanbe time (UTC+5, no daylight saving): "3 December 2026", "11:53".
  function dateAndTime(seconds, months) {
    const d = new Date((seconds + 5 * 3600) * 1000);
    const two = (n) => String(n).padStart(2, '0');
    return { date: d.getUTCDate() + ' ' + months[d.getUTCMonth()] + ' ' + d.getUTCFullYear(),
             time: two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) };
  }

  function headline(r, m, number) {
    if (!r.ok) {
      const failed = r.steps.find((s) => !s.ok);
      const key = failed ? 'msgFail' + failed.id.charAt(0).toUpperCase() + failed.id.slice(1) : 'msgFail';
      return m[key] || m.msgFail;
    }
    let text = m.msgRecorded.replace('{number}', number);
    if (r.signedTime !== null && r.signedTime !== undefined) {
      const { date, time } = dateAndTime(r.signedTime, m.months.split('|'));
      const tpl = r.witnesses.length ? m.msgSignedCosigned : m.msgSignedAt;
      text += ' ' + tpl.replace('{date}', date).replace('{time}', time)
        .replace('{witness}', r.witnesses.length ? r.witnesses[0].label : '');
    } else {
      text += ' ' + m.msgSignedNoTime;
    }
    return text;
  }

  document.addEventListener('DOMContentLoaded', async () => {
    const section = $('verify-result');
    const claim = { number: $('number').value.trim(), code: $('code').value.trim(), index: $('index').value.trim(),
                    leaf: $('leaf').value.trim(), key: $('key-pin').value.trim() };
    if (!section || !claim.number || !claim.code || !window.crypto || !crypto.subtle) return;
    const m = section.dataset;
    $('verify-headline').textContent = m.msgChecking;
    const r = await check(claim);
    section.dataset.state = r.ok ? 'ok' : 'fail';
    section.dataset.source = 'browser';
    section.className = 'verify-result ' + (r.ok ? 'ok' : 'fail');
    $('verify-headline').textContent = headline(r, m, claim.number);
    const ul = $('verify-steps');
    ul.textContent = '';
    for (const s of r.steps) {
      const li = document.createElement('li');
      li.className = s.ok ? 'ok' : 'fail';
      li.dataset.step = s.id;
      const name = m['step' + s.id.charAt(0).toUpperCase() + s.id.slice(1)] || s.id;
      li.textContent = (s.ok ? '✓ ' : '✗ ') + name + ' ';
      const code = document.createElement('code');
      code.textContent = s.detail;
      li.appendChild(code);
      ul.appendChild(li);
    }
    if (r.fingerprint) $('verify-fingerprint').textContent = r.fingerprint.replace(/(.{4})(?!$)/g, '$1 ');
    if (r.origin) $('verify-origin').textContent = r.origin + ' / ' + r.size;
    $('verify-by').textContent = m.msgBrowser;
  });
})();
