#include "app/video/setup_files.h"

#include <sstream>

#include "util/random.h"

namespace sabt::app::video {
namespace {

// The Debian package's modules Sabt does not use: only videoroom, the HTTP
// (admin) and WebSocket transports and the sample event handler stay loaded.
constexpr const char* kDisabledPlugins =
    "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,"
    "libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,"
    "libjanus_voicemail.so";
constexpr const char* kDisabledTransports =
    "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so";
constexpr const char* kDisabledEvents =
    "libjanus_gelfevh.so,libjanus_mqttevh.so,libjanus_nanomsgevh.so,libjanus_rabbitmqevh.so,libjanus_wsevh.so";

std::string Q(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string Host(const SetupOptions& o) { return o.public_host.empty() ? o.bind : o.public_host; }

bool Loopback(const std::string& ip) { return ip.rfind("127.", 0) == 0 || ip == "::1"; }

std::string JanusCore(const SetupOptions& o, const VideoConfig& c) {
  std::ostringstream s;
  s << "# Written by `sabt video setup` (docs/video.md). Janus core.\n"
    << "general: {\n"
    << "  configs_folder = " << Q(o.dir + "/janus") << "\n"
    << "  plugins_folder = " << Q(o.janus_lib + "/plugins") << "\n"
    << "  transports_folder = " << Q(o.janus_lib + "/transports") << "\n"
    << "  events_folder = " << Q(o.janus_lib + "/events") << "\n"
    << "  loggers_folder = " << Q(o.janus_lib + "/loggers") << "\n"
    << "  debug_level = 4\n"
    << "  server_name = \"sabt-video\"\n"
    << "  session_timeout = 60\n"
    << "  admin_secret = " << Q(c.admin_secret) << "\n"
    << "  token_auth = true\n"
    << "  token_auth_secret = " << Q(c.token_secret) << "\n"
    << "}\n"
    << "media: {\n"
    << "  rtp_port_range = " << Q(o.rtp_ports) << "\n"
    << "}\n"
    << "nat: {\n"
    << "  nice_debug = false\n";
  // Janus never gathers on loopback: a node bound to 127.0.0.1 (development,
  // tests) offers its other local addresses for media; a production node
  // offers only the bound one.
  if (!Loopback(o.bind)) s << "  ice_enforce_list = " << Q(o.bind) << "\n";
  // Janus has an address the browsers reach; only browsers use TURN.
  s << "}\n"
    << "plugins: {\n  disable = " << Q(kDisabledPlugins) << "\n}\n"
    << "transports: {\n  disable = " << Q(kDisabledTransports) << "\n}\n"
    << "loggers: {\n  disable = \"libjanus_jsonlog.so\"\n}\n"
    << "events: {\n  broadcast = true\n  disable = " << Q(kDisabledEvents) << "\n  stats_period = 0\n}\n";
  return s.str();
}

std::string Videoroom(const VideoConfig& c) {
  std::ostringstream s;
  s << "# Written by `sabt video setup`. No static rooms: Sabt creates each room with admin_key.\n"
    << "general: {\n"
    << "  admin_key = " << Q(c.room_admin_key) << "\n"
    << "  lock_rtp_forward = true\n"
    << "  string_ids = false\n"
    << "  events = true\n"
    << "}\n";
  return s.str();
}

std::string HttpTransport(const SetupOptions& o) {
  std::ostringstream s;
  s << "# Written by `sabt video setup`. The Janus API over HTTP is off (browsers use WebSocket);\n"
    << "# the admin API is for Sabt only, on loopback.\n"
    << "general: {\n  json = \"compact\"\n  base_path = \"/janus\"\n  http = false\n  https = false\n}\n"
    << "admin: {\n"
    << "  admin_base_path = \"/admin\"\n"
    << "  admin_http = true\n"
    << "  admin_port = " << o.janus_admin_port << "\n"
    << "  admin_ip = \"127.0.0.1\"\n"
    << "  admin_https = false\n"
    << "  admin_acl = \"127.\"\n"
    << "}\n"
    << "cors: {\n}\n";
  return s.str();
}

std::string WebSockets(const SetupOptions& o) {
  std::ostringstream s;
  s << "# Written by `sabt video setup`. The Janus API for browsers (behind a TLS proxy in production).\n"
    << "general: {\n"
    << "  json = \"compact\"\n"
    << "  ws = true\n"
    << "  ws_port = " << o.janus_ws_port << "\n"
    << "  ws_ip = " << Q(o.bind) << "\n"
    << "  wss = false\n"
    << "}\n"
    << "admin: {\n  admin_ws = false\n  admin_wss = false\n}\n";
  return s.str();
}

std::string EventHandler(const SetupOptions& o, const VideoConfig& c) {
  std::ostringstream s;
  s << "# Written by `sabt video setup`. Videoroom events to Sabt (docs/video.md §4).\n"
    << "general: {\n"
    << "  enabled = true\n"
    << "  events = \"plugins\"\n"
    << "  grouping = true\n"
    << "  json = \"compact\"\n"
    << "  backend = " << Q(o.sabt_url + "/video/janus-events") << "\n"
    << "  backend_user = \"janus\"\n"
    << "  backend_pwd = " << Q(c.event_password) << "\n"
    << "  max_retransmissions = 8\n"
    << "  retransmissions_backoff = 200\n"
    << "}\n";
  return s.str();
}

std::string Coturn(const SetupOptions& o, const VideoConfig& c) {
  std::string lo = o.relay_ports.substr(0, o.relay_ports.find('-'));
  std::string hi = o.relay_ports.substr(o.relay_ports.find('-') + 1);
  std::ostringstream s;
  s << "# Written by `sabt video setup` (docs/video.md §3, §8). TURN REST credentials from Sabt.\n"
    << "listening-port=" << o.turn_port << "\n"
    << "listening-ip=" << o.bind << "\n"
    << "relay-ip=" << o.bind << "\n"
    << "min-port=" << lo << "\n"
    << "max-port=" << hi << "\n"
    << "use-auth-secret\n"
    << "static-auth-secret=" << c.turn_secret << "\n"
    << "realm=sabt\n"
    << "fingerprint\n"
    << "no-tls\n"
    << "no-dtls\n"
    << "no-cli\n"
    << "no-multicast-peers\n"
    << "simple-log\n"
    << "pidfile=" << o.dir << "/coturn/turnserver.pid\n"
    // coturn opens its user database even with use-auth-secret: keep it here.
    << "userdb=" << o.dir << "/coturn/turndb\n";
  // A node bound to loopback (development, tests) relays to itself.
  if (Loopback(o.bind)) s << "allow-loopback-peers\n";
  if (!o.public_host.empty() && o.public_host != o.bind) s << "external-ip=" << o.public_host << "/" << o.bind << "\n";
  return s.str();
}

}  // namespace

void FillSecrets(VideoConfig* c) {
  c->admin_secret = RandomToken(24);
  c->token_secret = RandomToken(32);
  c->room_admin_key = RandomToken(24);
  c->room_secret_key = RandomToken(32);
  c->event_password = RandomToken(24);
  c->turn_secret = RandomToken(32);
}

void FillUrls(const SetupOptions& o, VideoConfig* c) {
  c->janus_ws_url = "ws://" + Host(o) + ":" + std::to_string(o.janus_ws_port);
  c->janus_admin_url = "http://127.0.0.1:" + std::to_string(o.janus_admin_port) + "/admin";
  std::string turn = "turn:" + Host(o) + ":" + std::to_string(o.turn_port);
  c->turn_urls = {turn + "?transport=udp", turn + "?transport=tcp"};
  c->recordings_dir = o.recordings_dir.empty() ? o.dir + "/recordings" : o.recordings_dir;
}

std::vector<std::pair<std::string, std::string>> SetupFiles(const SetupOptions& o, const VideoConfig& c) {
  std::string run_janus = "#!/bin/sh\n# Written by `sabt video setup`.\nexec janus -F " + o.dir + "/janus -C " + o.dir +
                          "/janus/janus.jcfg \"$@\"\n";
  std::string run_coturn = "#!/bin/sh\n# Written by `sabt video setup`.\nexec turnserver -c " + o.dir +
                           "/coturn/turnserver.conf \"$@\"\n";
  return {{"janus/janus.jcfg", JanusCore(o, c)},
          {"janus/janus.plugin.videoroom.jcfg", Videoroom(c)},
          {"janus/janus.transport.http.jcfg", HttpTransport(o)},
          {"janus/janus.transport.websockets.jcfg", WebSockets(o)},
          {"janus/janus.eventhandler.sampleevh.jcfg", EventHandler(o, c)},
          {"coturn/turnserver.conf", Coturn(o, c)},
          {"sabt-video.toml", VideoConfigToml(c)},
          {"run-janus.sh", run_janus},
          {"run-coturn.sh", run_coturn}};
}

}  // namespace sabt::app::video
