// Janus and coturn from Debian's packages for a test (docs/video.md §7):
// `sabt video setup` writes their configurations into a temporary directory,
// both start as child processes bound to 127.0.0.1, and stop() signals only
// the PIDs started here.
//
//   const v = await startVideoServers({ sabtPort });
//   // v.config (sabt-video.toml for `sabt serve --video-config`), v.janusWs, v.secrets
//   await v.stop();

import { spawn, execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, sabtBin } from './server.mjs';

export const JANUS = process.env.JANUS_BIN || '/usr/bin/janus';
export const TURNSERVER = process.env.TURNSERVER_BIN || '/usr/bin/turnserver';

export function videoServersInstalled() {
  return existsSync(JANUS) && existsSync(TURNSERVER);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(bin, args) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${bin} ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function keepTail(stream) {
  const t = { text: '' };
  stream.setEncoding('utf8');
  stream.on('data', (c) => { t.text = (t.text + c).slice(-32 * 1024); });
  return t;
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

// Reads the [video] table of sabt-video.toml (flat string keys are enough here).
export function readVideoToml(file) {
  const out = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/^(\w+) = "(.*)"$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

async function janusPing(adminPort, secret) {
  try {
    const r = await fetch(`http://127.0.0.1:${adminPort}/admin`, {
      method: 'POST', body: JSON.stringify({ janus: 'ping', transaction: 'ping', admin_secret: secret }),
      signal: AbortSignal.timeout(1000),
    });
    return (await r.json()).janus === 'pong';
  } catch {
    return false;
  }
}

function stopProc(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const timer = setTimeout(() => { try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    proc.once('exit', () => { clearTimeout(timer); resolve(); });
    try { process.kill(proc.pid, 'SIGTERM'); } catch { clearTimeout(timer); resolve(); }
  });
}

export async function startVideoServers({ sabtPort, bin } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sabt-video-'));
  const [ws, admin, turn] = [await freePort(), await freePort(), await freePort()];
  // Port ranges away from the usual ones, different per run.
  const rtp = 21000 + Math.floor(Math.random() * 40) * 200;
  const relay = 31000 + Math.floor(Math.random() * 40) * 200;
  await run(sabtBin(bin), ['video', 'setup', '--dir', dir, '--bind', '127.0.0.1',
    '--janus-ws-port', String(ws), '--janus-admin-port', String(admin), '--turn-port', String(turn),
    '--rtp-ports', `${rtp}-${rtp + 199}`, '--relay-ports', `${relay}-${relay + 199}`,
    '--sabt-url', `http://127.0.0.1:${sabtPort}`]);
  const config = path.join(dir, 'sabt-video.toml');
  const secrets = readVideoToml(config);

  const procs = [];
  const janus = spawn(JANUS, ['-F', path.join(dir, 'janus'), '-C', path.join(dir, 'janus', 'janus.jcfg'), '-o'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(janus);
  const janusOut = keepTail(janus.stdout);
  keepTail(janus.stderr);
  const coturn = spawn(TURNSERVER, ['-c', path.join(dir, 'coturn', 'turnserver.conf'), '--log-file', 'stdout'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(coturn);
  const coturnOut = keepTail(coturn.stdout);
  keepTail(coturn.stderr);

  async function stop() {
    await Promise.all(procs.map(stopProc));
    if (!process.env.SABT_KEEP_TMP) await rm(dir, { recursive: true, force: true });
  }
  process.once('exit', () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
  });

  // Ready when Janus answers its admin ping and coturn accepts TCP.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (janus.exitCode !== null || coturn.exitCode !== null) {
      await stop();
      throw new Error(`janus or turnserver exited at start\n--- janus\n${janusOut.text}\n--- coturn\n${coturnOut.text}`);
    }
    if (await janusPing(admin, secrets.admin_secret) && await tcpOpen(turn) && await tcpOpen(ws)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`janus/turnserver not ready\n--- janus\n${janusOut.text}\n--- coturn\n${coturnOut.text}`);
    }
    await sleep(100);
  }
  return {
    dir, config, secrets, janusWs: `ws://127.0.0.1:${ws}`, adminPort: admin, turnPort: turn, janusPid: janus.pid,
    janusLog: () => janusOut.text, coturnLog: () => coturnOut.text, stop,
  };
}
