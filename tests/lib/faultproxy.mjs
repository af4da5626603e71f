// A fault-injecting HTTP proxy on 127.0.0.1 between a field node and its
// parent, for the sync fault tests (docs/sync-protocol.md §5–§6).
//
//   const proxy = await startFaultProxy({ targetPort, seed: 7 });
//   // field: --parent proxy.url
//   proxy.setTarget(port); proxy.setFaulty(false); proxy.stats; await proxy.close();
//
// The field node's client sends one request per connection ("Connection:
// close", Content-Length), so the proxy reads a whole request, then decides
// under a seeded PRNG what happens to it:
//   pass          forwarded as is
//   drop          the connection is closed before anything reaches the parent
//   delay         forwarded after 50–1500 ms
//   cut_request   the parent receives the headers and part of the body, then
//                 both connections are cut
//   cut_response  the parent gets the whole request (and commits), the client
//                 gets part of the answer, then the connection is cut
//   duplicate     (pushes) the body is sent to the parent twice, concurrently;
//                 the client gets the second answer
//   reorder       (pushes) the request is held and the client's connection
//                 cut; the held copy reaches the parent only after the next
//                 request has passed (a stale batch arriving late)
// Only the proxy's own sockets are ever closed.
import net from 'node:net';

// mulberry32: a small seeded PRNG, so a failing run can be replayed by seed.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pushes get most of the faults; the pull's two calls fewer (a round pushes
// only after its pull went through).
const PUSH_WEIGHTS = { pass: 35, drop: 10, delay: 15, cut_request: 10, cut_response: 10, duplicate: 12, reorder: 8 };
const OTHER_WEIGHTS = { pass: 75, drop: 5, delay: 10, cut_request: 5, cut_response: 5 };

// Parses "head\r\n\r\nbody" far enough to know when the request is complete.
function requestComplete(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1');
  const m = head.match(/\r\ncontent-length:\s*(\d+)/i);
  const len = m ? Number(m[1]) : 0;
  if (buf.length < end + 4 + len) return null;
  const path = (head.split(' ')[1] || '').split('?')[0];
  return { total: end + 4 + len, headerEnd: end + 4, path };
}

export async function startFaultProxy({ targetPort, seed = 1, pushWeights = PUSH_WEIGHTS, otherWeights = OTHER_WEIGHTS, host = '127.0.0.1' } = {}) {
  const rand = prng(seed);
  let target = targetPort;
  let faulty = true;
  const held = [];  // reordered requests waiting for a later one to pass
  const sockets = new Set();
  const stats = { pushes: 0, requests: 0, pass: 0, drop: 0, delay: 0, cut_request: 0, cut_response: 0, duplicate: 0, reorder: 0, released: 0 };

  const track = (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); return s; };

  function pick(isPush) {
    if (!faulty) return 'pass';
    const weights = isPush ? pushWeights : otherWeights;
    const names = Object.keys(weights);
    const sum = names.reduce((s, k) => s + weights[k], 0);
    let r = rand() * sum;
    for (const k of names) { r -= weights[k]; if (r < 0) return k; }
    return 'pass';
  }

  // Sends a request to the parent; resolves with the whole answer (or null).
  function upstream(bytes) {
    return new Promise((resolve) => {
      const chunks = [];
      const up = track(net.connect(target, host));
      up.on('data', (c) => chunks.push(c));
      up.on('error', () => resolve(chunks.length ? Buffer.concat(chunks) : null));
      up.on('end', () => resolve(Buffer.concat(chunks)));
      up.on('close', () => resolve(chunks.length ? Buffer.concat(chunks) : null));
      up.write(bytes);
    });
  }

  // Forwards the request and streams the answer back to the client.
  function relay(client, bytes) {
    const up = track(net.connect(target, host));
    up.on('error', () => client.destroy());
    up.on('close', () => client.end());
    up.pipe(client);
    up.write(bytes);
    client.on('close', () => up.destroy());
  }

  function releaseHeld() {
    while (held.length) {
      const bytes = held.shift();
      stats.released++;
      upstream(bytes);  // a stale copy; nobody waits for its answer
    }
  }

  async function handle(client, bytes, info) {
    const isPush = info.path === '/sync/v1/push';
    const fault = pick(isPush);
    stats.requests++;
    if (isPush) stats.pushes++;
    stats[fault]++;
    switch (fault) {
      case 'drop':
        client.destroy();
        return;
      case 'delay':
        await new Promise((r) => setTimeout(r, 50 + Math.floor(rand() * 1450)));
        break;
      case 'cut_request': {
        const bodyLen = bytes.length - info.headerEnd;
        const cut = info.headerEnd + Math.floor(rand() * Math.max(1, bodyLen));
        const up = track(net.connect(target, host));
        up.on('connect', () => {
          up.write(bytes.subarray(0, cut), () => setTimeout(() => { up.destroy(); client.destroy(); }, 20));
        });
        up.on('error', () => client.destroy());
        return;
      }
      case 'cut_response': {
        const answer = await upstream(bytes);
        if (answer && answer.length > 1) client.write(answer.subarray(0, 1 + Math.floor(rand() * (answer.length - 1))));
        setTimeout(() => client.destroy(), 20);
        return;
      }
      case 'duplicate': {
        upstream(bytes);
        const answer = await upstream(bytes);
        if (answer) client.end(answer); else client.destroy();
        return;
      }
      case 'reorder':
        held.push(bytes);
        client.destroy();
        return;
      default:
        break;
    }
    if (client.destroyed) return;
    relay(client, bytes);
    // The held (older) request reaches the parent after this later one.
    if (held.length) setTimeout(releaseHeld, 100 + Math.floor(rand() * 400));
  }

  const server = net.createServer((client) => {
    track(client);
    let buf = Buffer.alloc(0);
    let started = false;
    client.on('data', (c) => {
      if (started) return;
      buf = Buffer.concat([buf, c]);
      const info = requestComplete(buf);
      if (!info) return;
      started = true;
      handle(client, buf.subarray(0, info.total), info).catch(() => client.destroy());
    });
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, host, resolve); });
  const port = server.address().port;
  return {
    port,
    url: `http://${host}:${port}`,
    stats,
    setTarget(p) { target = p; },
    setFaulty(on) { faulty = on; if (!on) releaseHeld(); },
    async close() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}
