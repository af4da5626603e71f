// Room page of the video link (docs/video.md §6). Written for Sabt against
// the Janus JSON API over WebSocket (videoroom plugin, multistream): Sabt
// gives the join grant (Janus token, TURN credential), Janus forwards media.
// One publisher handle for this browser, one subscriber handle per other
// participant. Every request carries the token; nothing here is secret
// beyond this session.
(function () {
  'use strict';
  var root = document.getElementById('video-room');
  if (!root) return;

  var $ = function (id) { return document.getElementById(id); };
  var text = function (key) { return root.getAttribute('data-t-' + key) || key; };
  var statusLine = $('video-status');
  var tiles = $('video-tiles');
  var quality = $('video-quality');

  var ws = null, sessionId = null, grant = null, keepalive = null, statsTimer = null;
  var pub = null;            // {handle, pc, id, privateId}
  var subs = new Map();      // feed id -> {handle, pc, tile, mids}
  var waiting = new Map();   // transaction -> {resolve, reject}
  var localStream = null, cameraTrack = null, screenTrack = null;
  var audioOnly = false;
  var lastBytes = new Map(); // stats id -> {bytes, ts}

  function say(msg) { statusLine.textContent = msg; }
  function tx() { return Math.random().toString(36).slice(2) + Date.now().toString(36); }

  // ---- Janus transport ----

  // Janus answers a trickle or keepalive with an "ack" only; a plugin message
  // with an "ack" and later an "event" of the same transaction.
  function send(msg) {
    msg.transaction = msg.transaction || tx();
    msg.token = grant.token;
    if (sessionId !== null && msg.janus !== 'create') msg.session_id = sessionId;
    var ackOnly = msg.janus === 'trickle' || msg.janus === 'keepalive';
    return new Promise(function (resolve, reject) {
      waiting.set(msg.transaction, { resolve: resolve, reject: reject, ackOnly: ackOnly });
      ws.send(JSON.stringify(msg));
    });
  }

  function onMessage(ev) {
    var m;
    try { m = JSON.parse(ev.data); } catch (e) { return; }
    var w = m.transaction && waiting.get(m.transaction);
    if (m.janus === 'ack') {
      if (w && w.ackOnly) { waiting.delete(m.transaction); w.resolve(m); }
      return;
    }
    if (w && (m.janus === 'success' || m.janus === 'error' || m.janus === 'event')) {
      waiting.delete(m.transaction);
      var err = m.janus === 'error' ? m.error :
        (m.plugindata && m.plugindata.data && m.plugindata.data.error) ? m.plugindata.data : null;
      if (err) w.reject(new Error((err.code || err.error_code) + ' ' + (err.reason || err.error)));
      else w.resolve(m);
      return;
    }
    if (m.janus === 'event') onPluginEvent(m);
    if (m.janus === 'hangup' || m.janus === 'detached') dropHandle(m.sender);
  }

  function message(handle, body, jsep) {
    var msg = { janus: 'message', handle_id: handle, body: body };
    if (jsep) msg.jsep = jsep;
    return send(msg);
  }

  function trickle(handle, pc) {
    pc.onicecandidate = function (e) {
      var c = e.candidate ? { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid,
                              sdpMLineIndex: e.candidate.sdpMLineIndex } : { completed: true };
      send({ janus: 'trickle', handle_id: handle, candidate: c }).catch(function () {});
    };
  }

  function newPc() {
    return new RTCPeerConnection({ iceServers: grant.ice_servers || [] });
  }

  // ---- Publishing ----

  function lowProfile() { return $('video-low').checked; }
  function capBps() { return grant.bitrate_cap || 128000; }

  async function publish() {
    var low = lowProfile();
    var video = low ? { width: 320, height: 240, frameRate: 15 } : { width: 640, height: 480 };
    localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: video });
    cameraTrack = localStream.getVideoTracks()[0];
    addTile('local', grant.display, localStream, true);
    var pc = newPc();
    pub.pc = pc;
    trickle(pub.handle, pc);
    var audioTx = pc.addTransceiver(localStream.getAudioTracks()[0], { direction: 'sendonly' });
    var encodings = low ? [{ maxBitrate: Math.floor(capBps() * 0.6), maxFramerate: 15 }]
      : [{ rid: 'h', maxBitrate: 900000 }, { rid: 'm', maxBitrate: 300000, scaleResolutionDownBy: 2 },
         { rid: 'l', maxBitrate: 100000, scaleResolutionDownBy: 4 }];
    pc.addTransceiver(cameraTrack, { direction: 'sendonly', sendEncodings: encodings });
    if (low) {
      var p = audioTx.sender.getParameters();
      p.encodings = p.encodings && p.encodings.length ? p.encodings : [{}];
      p.encodings[0].maxBitrate = 24000;
      await audioTx.sender.setParameters(p).catch(function () {});
    }
    var offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    var r = await message(pub.handle, { request: 'publish', bitrate: low ? capBps() : undefined }, offer);
    if (r.jsep) await pc.setRemoteDescription(r.jsep);
  }

  // ---- Subscribing ----

  async function subscribe(p) {
    if (subs.has(p.id) || (pub && p.id === pub.id)) return;
    var entry = { handle: null, pc: null, tile: null, mids: [] };
    subs.set(p.id, entry);
    var a = await send({ janus: 'attach', plugin: 'janus.plugin.videoroom', opaque_id: 'sabt-sub' });
    entry.handle = a.data.id;
    var r = await message(entry.handle, { request: 'join', ptype: 'subscriber', room: grant.room,
                                          streams: [{ feed: p.id }], private_id: pub.privateId,
                                          token: grant.room_token });
    var pc = newPc();
    entry.pc = pc;
    trickle(entry.handle, pc);
    var stream = new MediaStream();
    pc.ontrack = function (e) {
      stream.addTrack(e.track);
      if (!entry.tile) entry.tile = addTile('feed-' + p.id, p.display || '', stream, false);
    };
    var streams = (r.plugindata && r.plugindata.data && r.plugindata.data.streams) || [];
    entry.mids = streams.filter(function (s) { return s.type === 'video'; }).map(function (s) { return s.mid; });
    await pc.setRemoteDescription(r.jsep);
    var answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await message(entry.handle, { request: 'start' }, answer);
    if (audioOnly) await setVideoReceive(entry, false);
  }

  function setVideoReceive(entry, on) {
    if (!entry.handle || !entry.mids.length) return Promise.resolve();
    return message(entry.handle, { request: 'configure',
                                   streams: entry.mids.map(function (mid) { return { mid: mid, send: on }; }) });
  }

  function onPluginEvent(m) {
    var d = m.plugindata && m.plugindata.data;
    if (!d) return;
    if (d.publishers) d.publishers.forEach(function (p) { subscribe(p).catch(fail); });
    var gone = d.leaving || d.unpublished || d.kicked;
    if (gone !== undefined && gone !== 'ok') dropFeed(gone);
  }

  function dropFeed(id) {
    var e = subs.get(id);
    if (!e) return;
    subs.delete(id);
    if (e.pc) e.pc.close();
    if (e.tile) e.tile.remove();
    if (e.handle) send({ janus: 'detach', handle_id: e.handle }).catch(function () {});
  }

  function dropHandle(handle) {
    subs.forEach(function (e, id) { if (e.handle === handle) dropFeed(id); });
  }

  // ---- Tiles and controls ----

  function addTile(id, name, stream, muted) {
    var tile = document.createElement('figure');
    tile.className = 'video-tile';
    tile.id = 'tile-' + id;
    var v = document.createElement('video');
    v.autoplay = true;
    v.playsInline = true;
    v.muted = muted;
    v.srcObject = stream;
    var cap = document.createElement('figcaption');
    cap.className = 'name';
    cap.textContent = name;
    tile.appendChild(v);
    tile.appendChild(cap);
    tiles.appendChild(tile);
    return tile;
  }

  function toggle(button, on) { button.setAttribute('aria-pressed', on ? 'true' : 'false'); }

  $('video-mute').addEventListener('click', function () {
    var t = localStream && localStream.getAudioTracks()[0];
    if (!t) return;
    t.enabled = !t.enabled;
    toggle(this, !t.enabled);
  });

  $('video-camera').addEventListener('click', function () {
    if (!cameraTrack) return;
    cameraTrack.enabled = !cameraTrack.enabled;
    toggle(this, !cameraTrack.enabled);
  });

  // Audio-only fallback: stop sending and receiving video.
  $('video-audio-only').addEventListener('click', function () {
    audioOnly = !audioOnly;
    if (cameraTrack) cameraTrack.enabled = !audioOnly;
    toggle(this, audioOnly);
    subs.forEach(function (e) { setVideoReceive(e, !audioOnly).catch(function () {}); });
  });

  $('video-share').addEventListener('click', async function () {
    var sender = pub && pub.pc && pub.pc.getSenders().find(function (s) { return s.track && s.track.kind === 'video'; });
    if (!sender) return;
    if (screenTrack) {
      screenTrack.stop();
      screenTrack = null;
      await sender.replaceTrack(cameraTrack);
      toggle(this, false);
      return;
    }
    var button = this;
    try {
      var s = await navigator.mediaDevices.getDisplayMedia({ video: true });
      screenTrack = s.getVideoTracks()[0];
      screenTrack.onended = function () { if (screenTrack) button.click(); };
      await sender.replaceTrack(screenTrack);
      toggle(button, true);
    } catch (e) { /* the user said no */ }
  });

  $('video-leave').addEventListener('click', function () { leave(); });

  // ---- Link quality from getStats() ----

  function peerConnections() {
    var list = [];
    if (pub && pub.pc) list.push(pub.pc);
    subs.forEach(function (e) { if (e.pc) list.push(e.pc); });
    return list;
  }

  async function measure() {
    var rx = 0, lost = 0, got = 0, rtt = 0;
    for (var pc of peerConnections()) {
      var report = await pc.getStats();
      report.forEach(function (s) {
        if (s.type === 'inbound-rtp') {
          var prev = lastBytes.get(s.id);
          if (prev && s.timestamp > prev.ts) rx += (s.bytesReceived - prev.bytes) * 8000 / (s.timestamp - prev.ts);
          lastBytes.set(s.id, { bytes: s.bytesReceived, ts: s.timestamp });
          lost += s.packetsLost || 0;
          got += s.packetsReceived || 0;
        }
        if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime) rtt = Math.max(rtt, s.currentRoundTripTime);
      });
    }
    var loss = got + lost > 0 ? lost / (got + lost) : 0;
    var level = loss > 0.15 || rtt > 1 ? 'bad' : loss > 0.05 || rtt > 0.4 ? 'weak' : 'good';
    quality.className = 'video-quality ' + level;
    quality.textContent = text(level) + ' · ' + Math.round(rx / 1000) + ' kbit/s · ' +
      (loss * 100).toFixed(1) + ' % · ' + Math.round(rtt * 1000) + ' ms';
  }

  // ---- Join and leave ----

  function fail(e) {
    say(text('failed') + ' ' + (e && e.message ? e.message : ''));
  }

  async function join() {
    $('video-join').disabled = true;
    say(text('joining'));
    var body = new URLSearchParams({ csrf: root.getAttribute('data-csrf') });
    var res = await fetch('/video/' + root.getAttribute('data-meeting') + '/join',
                          { method: 'POST', body: body, credentials: 'same-origin' });
    if (res.status === 403) { say(text('refused')); $('video-join').disabled = false; return; }
    if (!res.ok) { say(text('failed')); $('video-join').disabled = false; return; }
    grant = await res.json();
    ws = new WebSocket(grant.janus_url, 'janus-protocol');
    ws.onmessage = onMessage;
    ws.onclose = function () { clearInterval(keepalive); clearInterval(statsTimer); };
    await new Promise(function (resolve, reject) { ws.onopen = resolve; ws.onerror = reject; });
    var c = await send({ janus: 'create' });
    sessionId = c.data.id;
    keepalive = setInterval(function () { send({ janus: 'keepalive' }).catch(function () {}); }, 25000);
    var a = await send({ janus: 'attach', plugin: 'janus.plugin.videoroom', opaque_id: 'sabt-pub' });
    pub = { handle: a.data.id, pc: null, id: null, privateId: null };
    var r = await message(pub.handle, { request: 'join', ptype: 'publisher', room: grant.room,
                                        display: grant.display, token: grant.room_token });
    var d = r.plugindata.data;
    pub.id = d.id;
    pub.privateId = d.private_id;
    await publish();
    (d.publishers || []).forEach(function (p) { subscribe(p).catch(fail); });
    ['video-mute', 'video-camera', 'video-audio-only', 'video-share', 'video-leave'].forEach(function (id) {
      $(id).hidden = false;
    });
    $('video-join').hidden = true;
    $('video-low').disabled = true;
    statsTimer = setInterval(function () { measure().catch(function () {}); }, 2000);
    say(text('joined'));
  }

  function leave() {
    subs.forEach(function (e, id) { dropFeed(id); });
    if (pub && pub.pc) pub.pc.close();
    if (pub) message(pub.handle, { request: 'leave' }).catch(function () {});
    if (localStream) localStream.getTracks().forEach(function (t) { t.stop(); });
    setTimeout(function () { if (ws) ws.close(); }, 500);
    say(text('left'));
  }

  $('video-join').addEventListener('click', function () { join().catch(fail); });
  window.addEventListener('pagehide', function () { if (pub) leave(); });

  // For the browser tests and the help desk: the live connections.
  window.sabtVideo = {
    peerConnections: peerConnections,
    joined: function () { return !!(pub && pub.pc); },
    subscriptions: function () { return subs.size; }
  };
})();
