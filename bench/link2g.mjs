// An emulated 2G link as a TCP proxy on 127.0.0.1 (used by bench/sync_2g.sh
// where `tc netem` is not available). Each direction is modelled separately:
//   - bandwidth: 64 kbit/s; the bytes are cut into 1460-byte segments and each
//     segment (+40 bytes of TCP/IP header) occupies the link for its
//     serialisation time;
//   - latency: 250 ms one way (500 ms round trip);
//   - connection set-up: the client's first byte leaves one round trip after
//     accept (SYN, SYN-ACK); a lost SYN (5 %) costs the 1 s initial RTO;
//   - loss: 5 % of segments are lost; a loss costs a retransmission one round
//     trip later (the segment is serialised again) and holds back every later
//     segment of that direction (in-order delivery, head-of-line blocking).
// It counts the bytes and segments it carries. Seeded, so runs are repeatable.
import net from 'node:net';

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const LINK = { bitsPerSecond: 64_000, oneWayMs: 250, loss: 0.05, mss: 1460, headerBytes: 40, synRtoMs: 1000 };

export async function startLink({ targetPort, seed = 2, link = LINK }) {
  const rand = prng(seed);
  let shaping = false;
  const stats = { connections: 0, up_bytes: 0, down_bytes: 0, segments: 0, lost: 0 };
  const sockets = new Set();
  const serMs = (n) => ((n + link.headerBytes) * 8 * 1000) / link.bitsPerSecond;

  // One direction of one connection. Segments are delivered from one FIFO
  // by one timer: a timer per segment could fire out of order when two
  // segments are due in the same millisecond (Node orders timers of different
  // durations by expiry only), which reordered bytes and broke the stream.
  function pipe(dest, startAt, dir) {
    let free = startAt;
    let lastArrival = 0;
    let ended = false;
    const queue = [];  // [arrival ms, segment], arrival non-decreasing
    let timer = null;
    const drain = () => {
      timer = null;
      const now = Date.now();
      while (queue.length && queue[0][0] <= now) {
        const [, seg] = queue.shift();
        if (!dest.destroyed) dest.write(seg);
      }
      if (queue.length) timer = setTimeout(drain, queue[0][0] - now);
      else if (ended && !dest.destroyed) dest.end();
    };
    const send = (buf) => {
      stats[dir] += buf.length;
      if (!shaping) { dest.write(buf); return; }
      for (let off = 0; off < buf.length; off += link.mss) {
        const seg = buf.subarray(off, Math.min(buf.length, off + link.mss));
        const now = Date.now();
        const start = Math.max(now, free);
        free = start + serMs(seg.length);
        let arrival = free + link.oneWayMs;
        stats.segments++;
        if (rand() < link.loss) {
          stats.lost++;
          free += serMs(seg.length);                      // sent again
          arrival += 2 * link.oneWayMs + serMs(seg.length);  // one round trip later
        }
        arrival = Math.max(arrival, lastArrival);
        lastArrival = arrival;
        queue.push([arrival, seg]);
      }
      if (!timer && queue.length) timer = setTimeout(drain, Math.max(0, queue[0][0] - Date.now()));
    };
    const end = () => {
      if (ended) return;
      ended = true;
      if (!queue.length && !timer) dest.end();
    };
    return { send, end };
  }

  // Half-open: a side that finished sending still receives what is in flight.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    stats.connections++;
    sockets.add(client);
    let setup = Date.now();
    if (shaping) {
      setup += 2 * link.oneWayMs;
      if (rand() < link.loss) setup += link.synRtoMs;
    }
    const up = net.connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    sockets.add(up);
    const toServer = pipe(up, setup, 'up_bytes');
    const toClient = pipe(client, 0, 'down_bytes');
    client.on('data', toServer.send);
    client.on('end', toServer.end);
    up.on('data', toClient.send);
    up.on('end', toClient.end);
    for (const s of [client, up]) {
      s.on('error', () => { client.destroy(); up.destroy(); });
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    stats,
    shape(on) { shaping = on; for (const k of Object.keys(stats)) stats[k] = 0; },
    async close() { server.close(); for (const s of sockets) s.destroy(); },
  };
}
