// loadgen: a small HTTP/1.1 load generator for bench/run.sh.
//
// Two modes over N keep-alive connections:
//   closed loop (default): every connection sends its next request as soon as
//     the previous response arrived; latency is measured from the send.
//   open loop (--rate R): requests are due at a fixed schedule t0 + i/R; a due
//     request goes out on the first idle connection. Latency is measured from
//     the SCHEDULED time, not from the actual send, so a slow server cannot
//     hide its stalls by slowing the client down (no coordinated omission).
//
// The body may contain the placeholder {{N}}, replaced by a per-request
// counter (unique across threads), e.g. to vary an ID document number.
//
// Output is one "key=value" per line, for scripts. All times in milliseconds.
//
//   loadgen --url http://127.0.0.1:8080/api/v1/appeals --method POST
//           --header 'Authorization: Bearer T' --body-file body.json
//           --connections 64 --duration 10 --warmup 1 --expect 201 [--rate 1000]
//   loadgen --free-port        prints a currently free TCP port on 127.0.0.1
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Ns = std::chrono::nanoseconds;

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 80;
  std::string path = "/";
  std::string method = "GET";
  std::vector<std::string> headers;
  std::string body;
  int connections = 64;
  int threads = 1;
  double duration_s = 10;
  double warmup_s = 1;
  double rate = 0;  // 0: closed loop
  int expect = 200;
  double drain_s = 10;
};

[[noreturn]] void Die(const std::string& msg) {
  std::cerr << "loadgen: " << msg << "\n";
  std::exit(2);
}

void ParseUrl(const std::string& url, Options* o) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) Die("only http:// URLs: " + url);
  std::string rest = url.substr(scheme.size());
  size_t slash = rest.find('/');
  std::string hostport = slash == std::string::npos ? rest : rest.substr(0, slash);
  o->path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = hostport.rfind(':');
  if (colon == std::string::npos) {
    o->host = hostport;
  } else {
    o->host = hostport.substr(0, colon);
    o->port = static_cast<uint16_t>(std::stoi(hostport.substr(colon + 1)));
  }
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Die("bind");
  socklen_t len = sizeof a;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) Die("getsockname");
  int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

// Builds request bytes; {{N}} in the body becomes the request number.
class RequestFactory {
 public:
  explicit RequestFactory(const Options& o) {
    head_ = o.method + " " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) + "\r\n";
    for (const auto& h : o.headers) head_ += h + "\r\n";
    has_body_ = !o.body.empty() || o.method == "POST" || o.method == "PUT";
    size_t p = o.body.find("{{N}}");
    if (p == std::string::npos) {
      body_pre_ = o.body;
    } else {
      templated_ = true;
      body_pre_ = o.body.substr(0, p);
      body_post_ = o.body.substr(p + 5);
    }
  }
  std::string Make(uint64_t n) const {
    std::string body = body_pre_;
    if (templated_) {
      char num[24];
      std::snprintf(num, sizeof num, "%08llu", static_cast<unsigned long long>(n));
      body += num;
      body += body_post_;
    }
    std::string r = head_;
    if (has_body_) r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    r += "\r\n";
    r += body;
    return r;
  }

 private:
  std::string head_, body_pre_, body_post_;
  bool templated_ = false, has_body_ = false;
};

struct ThreadStats {
  std::vector<int64_t> lat_ns;  // measured responses (any status)
  std::map<int, uint64_t> status_all;  // every response, warm-up included
  uint64_t measured_ok = 0, measured_bad_status = 0;
  uint64_t sent = 0, completed = 0;
  uint64_t io_errors = 0;      // connect/read/write failures, bad responses
  uint64_t unfinished = 0;     // in flight when the drain deadline passed
  uint64_t unsent = 0;         // open loop: due but never sent (backlog at deadline)
  int64_t last_done_ns = 0;    // relative to t0
  uint64_t inflight_sum = 0;   // busy connections seen at each completion
  uint64_t scheduled_measured = 0;
};

std::atomic<uint64_t> g_counter{0};

class Worker;

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(Worker& w, asio::io_context& io) : w_(w), sock_(io) {}
  void Start();
  bool idle() const { return idle_; }
  bool dead() const { return dead_; }
  bool busy() const { return busy_; }
  void Send(int64_t due_ns, bool measured);
  void Close() {
    asio::error_code ec;
    sock_.close(ec);
  }

 private:
  void Connect();
  void Read();
  void OnData(size_t n);
  void Fail(const asio::error_code& ec);

  Worker& w_;
  asio::ip::tcp::socket sock_;
  std::string out_, in_;
  std::array<char, 16384> buf_{};
  bool idle_ = false, busy_ = false, dead_ = false, connected_ = false;
  int64_t due_ns_ = 0;
  bool measured_ = false;
};

class Worker {
 public:
  Worker(const Options& o, const RequestFactory& f, int index, int nthreads, int nconn, Clock::time_point t0)
      : o_(o), f_(f), index_(index), nthreads_(nthreads), t0_(t0), timer_(io_), drain_timer_(io_) {
    for (int i = 0; i < nconn; ++i) conns_.push_back(std::make_shared<Conn>(*this, io_));
    warm_ns_ = static_cast<int64_t>(o.warmup_s * 1e9);
    end_ns_ = warm_ns_ + static_cast<int64_t>(o.duration_s * 1e9);
  }

  void Run() {
    for (auto& c : conns_) c->Start();
    if (o_.rate > 0) ArmTimer();
    asio::post(io_, [this] { ScheduleDrain(); });
    io_.run();
  }

  int64_t Now() const { return std::chrono::duration_cast<Ns>(Clock::now() - t0_).count(); }
  const RequestFactory& factory() const { return f_; }
  ThreadStats& stats() { return st_; }
  bool finished() const { return finished_; }

  // A connection has nothing to do: give it work if some is due.
  void OnIdle(Conn& c) {
    if (finished_) return;
    if (o_.rate <= 0) {
      int64_t now = Now();
      if (now < end_ns_) {
        c.Send(now, now >= warm_ns_);
        return;
      }
    } else {
      Dispatch();
      if (!c.idle()) return;
    }
    MaybeFinish();
  }

  void OnDone(int64_t due_ns, bool measured, int status) {
    int64_t now = Now();
    st_.completed++;
    st_.status_all[status]++;
    uint64_t busy = 0;
    for (auto& c : conns_) busy += c->busy() ? 1 : 0;
    st_.inflight_sum += busy;
    st_.last_done_ns = std::max(st_.last_done_ns, now);
    if (!measured) return;
    st_.lat_ns.push_back(now - due_ns);
    if (status == o_.expect) st_.measured_ok++;
    else st_.measured_bad_status++;
  }

 private:
  int64_t NextDue() const {
    // Thread t owns requests t, t+T, t+2T, ... of the global schedule.
    double i = static_cast<double>(k_ * static_cast<uint64_t>(nthreads_) + static_cast<uint64_t>(index_));
    return static_cast<int64_t>(i * 1e9 / o_.rate);
  }

  // Open loop: hand every due request to an idle connection. Requests that
  // find no idle connection stay due (their latency keeps growing from the
  // scheduled time) and go out as soon as a connection frees up: OnIdle
  // calls Dispatch again. Then the timer is set for the next due request.
  void Dispatch() {
    int64_t now = Now();
    for (auto& c : conns_) {
      if (NextDue() > now || NextDue() >= end_ns_) break;
      if (!c->idle()) continue;
      int64_t due = NextDue();
      ++k_;
      c->Send(due, due >= warm_ns_);
    }
    ArmTimer();
  }

  void ArmTimer() {
    if (timer_armed_ || finished_) return;
    int64_t at = std::min(NextDue(), end_ns_);
    // Due now but every connection busy: completions drive the sends.
    if (at <= Now() && at < end_ns_) return;
    timer_armed_ = true;
    timer_.expires_at(t0_ + Ns(at));
    timer_.async_wait([this](const asio::error_code& ec) {
      timer_armed_ = false;
      if (ec || finished_) return;
      if (Now() >= end_ns_ && NextDue() >= end_ns_) {
        MaybeFinish();
        return;
      }
      Dispatch();
    });
  }

  void ScheduleDrain() {
    drain_timer_.expires_at(t0_ + Ns(end_ns_) + Ns(static_cast<int64_t>(o_.drain_s * 1e9)));
    drain_timer_.async_wait([this](const asio::error_code& ec) {
      if (ec) return;
      Finish(/*forced=*/true);
    });
  }

  void MaybeFinish() {
    if (finished_ || Now() < end_ns_) return;
    if (o_.rate > 0 && NextDue() < end_ns_) return;  // backlog left
    for (auto& c : conns_)
      if (c->busy()) return;
    Finish(false);
  }

  void Finish(bool forced) {
    if (finished_) return;
    finished_ = true;
    if (forced && o_.rate > 0) {
      while (NextDue() < end_ns_) {
        if (NextDue() >= warm_ns_) st_.unsent++;
        ++k_;
      }
    }
    for (auto& c : conns_) {
      if (c->busy()) st_.unfinished++;
      c->Close();
    }
    timer_.cancel();
    drain_timer_.cancel();
  }

  const Options& o_;
  const RequestFactory& f_;
  int index_, nthreads_;
  Clock::time_point t0_;
  asio::io_context io_;
  asio::steady_timer timer_, drain_timer_;
  std::vector<std::shared_ptr<Conn>> conns_;
  ThreadStats st_;
  int64_t warm_ns_ = 0, end_ns_ = 0;
  uint64_t k_ = 0;
  bool finished_ = false, timer_armed_ = false;

 public:
  const Options& opts() const { return o_; }
  asio::io_context& io() { return io_; }
};

void Conn::Start() { Connect(); }

void Conn::Connect() {
  connected_ = false;
  in_.clear();
  auto self = shared_from_this();
  asio::ip::tcp::endpoint ep(asio::ip::make_address(w_.opts().host), w_.opts().port);
  sock_.async_connect(ep, [this, self](const asio::error_code& ec) {
    if (w_.finished()) {
      dead_ = true;
      return;
    }
    if (ec) {
      w_.stats().io_errors++;
      // Retry later; do not spin against a dead server.
      auto t = std::make_shared<asio::steady_timer>(w_.io(), std::chrono::milliseconds(50));
      t->async_wait([this, self, t](const asio::error_code&) {
        asio::error_code e;
        sock_.close(e);
        if (!w_.finished()) Connect();
      });
      return;
    }
    asio::error_code e;
    sock_.set_option(asio::ip::tcp::no_delay(true), e);
    connected_ = true;
    if (busy_) {  // a request was waiting for this reconnect
      Send(due_ns_, measured_);
      return;
    }
    idle_ = true;
    w_.OnIdle(*this);
  });
}

void Conn::Send(int64_t due_ns, bool measured) {
  idle_ = false;
  busy_ = true;
  due_ns_ = due_ns;
  measured_ = measured;
  if (!connected_) return;  // sent when the connection is back
  out_ = w_.factory().Make(g_counter.fetch_add(1, std::memory_order_relaxed));
  w_.stats().sent++;
  auto self = shared_from_this();
  asio::async_write(sock_, asio::buffer(out_), [this, self](const asio::error_code& ec, size_t) {
    if (ec) Fail(ec);
  });
  Read();
}

void Conn::Read() {
  auto self = shared_from_this();
  sock_.async_read_some(asio::buffer(buf_), [this, self](const asio::error_code& ec, size_t n) {
    if (ec) {
      Fail(ec);
      return;
    }
    OnData(n);
  });
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

void Conn::OnData(size_t n) {
  in_.append(buf_.data(), n);
  size_t hdr_end = in_.find("\r\n\r\n");
  if (hdr_end == std::string::npos) {
    Read();
    return;
  }
  // Status line and the two headers we care about.
  int status = 0;
  long long content_length = -1;
  bool close_after = false;
  {
    std::string_view head(in_.data(), hdr_end);
    size_t eol = head.find("\r\n");
    std::string_view first = head.substr(0, eol);
    if (first.size() < 12 || first.compare(0, 5, "HTTP/") != 0) {
      Fail(asio::error::invalid_argument);
      return;
    }
    status = std::atoi(std::string(first.substr(9, 3)).c_str());
    size_t pos = eol == std::string_view::npos ? head.size() : eol + 2;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string_view::npos) e = head.size();
      std::string_view line = head.substr(pos, e - pos);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string_view name = line.substr(0, colon);
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (IEquals(name, "content-length")) content_length = std::atoll(std::string(value).c_str());
        if (IEquals(name, "connection") && IEquals(value, "close")) close_after = true;
        if (IEquals(name, "transfer-encoding")) {
          Fail(asio::error::operation_not_supported);  // chunked: not needed here
          return;
        }
      }
      pos = e + 2;
    }
  }
  if (content_length < 0) content_length = 0;
  size_t total = hdr_end + 4 + static_cast<size_t>(content_length);
  if (in_.size() < total) {
    Read();
    return;
  }
  in_.erase(0, total);
  busy_ = false;
  w_.OnDone(due_ns_, measured_, status);
  if (close_after) {
    asio::error_code e;
    sock_.close(e);
    if (!w_.finished()) Connect();
    return;
  }
  idle_ = true;
  w_.OnIdle(*this);
}

void Conn::Fail(const asio::error_code& ec) {
  if (w_.finished()) {
    dead_ = true;
    return;
  }
  if (!connected_) return;  // already failing (write and read both report)
  (void)ec;
  w_.stats().io_errors++;
  busy_ = false;  // the request is lost; counted as an error, not retried
  asio::error_code e;
  sock_.close(e);
  connected_ = false;
  idle_ = false;
  auto self = shared_from_this();
  asio::post(w_.io(), [this, self] { Connect(); });
}

double Pct(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  if (rank == 0) rank = 1;
  return static_cast<double>(sorted[std::min(rank, sorted.size()) - 1]) / 1e6;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) Die("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void Usage() {
  std::cerr << "usage: loadgen --url URL [--method M] [--header 'K: V']... [--body-file F | --body S]\n"
               "               [--connections N] [--threads T] [--duration S] [--warmup S] [--rate R]\n"
               "               [--expect STATUS] [--drain S]\n"
               "       loadgen --free-port\n";
  std::exit(2);
}

}  // namespace

int Main(int argc, char** argv) {
  Options o;
  bool have_url = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Usage();
      return argv[++i];
    };
    if (a == "--free-port") {
      std::cout << FreePort() << "\n";
      return 0;
    } else if (a == "--url") {
      ParseUrl(next(), &o);
      have_url = true;
    } else if (a == "--method") {
      o.method = next();
    } else if (a == "--header") {
      o.headers.push_back(next());
    } else if (a == "--body") {
      o.body = next();
    } else if (a == "--body-file") {
      o.body = ReadFile(next());
    } else if (a == "--connections") {
      o.connections = std::stoi(next());
    } else if (a == "--threads") {
      o.threads = std::stoi(next());
    } else if (a == "--duration") {
      o.duration_s = std::stod(next());
    } else if (a == "--warmup") {
      o.warmup_s = std::stod(next());
    } else if (a == "--rate") {
      o.rate = std::stod(next());
    } else if (a == "--expect") {
      o.expect = std::stoi(next());
    } else if (a == "--drain") {
      o.drain_s = std::stod(next());
    } else {
      Usage();
    }
  }
  if (!have_url || o.connections < 1 || o.threads < 1 || o.duration_s <= 0) Usage();
  o.threads = std::min(o.threads, o.connections);

  RequestFactory factory(o);
  // Start a little in the future so that every thread is ready at t0.
  Clock::time_point t0 = Clock::now() + std::chrono::milliseconds(20);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < o.threads; ++t) {
    int n = o.connections / o.threads + (t < o.connections % o.threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(o, factory, t, o.threads, n, t0));
  }
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w] { w->Run(); });
  for (auto& t : threads) t.join();

  ThreadStats all;
  for (auto& w : workers) {
    auto& s = w->stats();
    all.lat_ns.insert(all.lat_ns.end(), s.lat_ns.begin(), s.lat_ns.end());
    for (auto& [k, v] : s.status_all) all.status_all[k] += v;
    all.measured_ok += s.measured_ok;
    all.measured_bad_status += s.measured_bad_status;
    all.sent += s.sent;
    all.completed += s.completed;
    all.io_errors += s.io_errors;
    all.unfinished += s.unfinished;
    all.unsent += s.unsent;
    all.last_done_ns = std::max(all.last_done_ns, s.last_done_ns);
    // Each thread sees only its own connections; scale to approximate all.
    all.inflight_sum += s.inflight_sum * static_cast<uint64_t>(o.threads);
  }
  std::sort(all.lat_ns.begin(), all.lat_ns.end());
  const double warm_ns = o.warmup_s * 1e9;
  // Throughput: measured responses over the time from the end of warm-up to
  // the last response (≈ the duration; longer if the drain took a while).
  double window_s = std::max(o.duration_s, (static_cast<double>(all.last_done_ns) - warm_ns) / 1e9);
  double rps = static_cast<double>(all.lat_ns.size()) / window_s;
  double mean = 0;
  for (int64_t v : all.lat_ns) mean += static_cast<double>(v);
  mean = all.lat_ns.empty() ? 0 : mean / static_cast<double>(all.lat_ns.size()) / 1e6;
  uint64_t total_expected = all.status_all.count(o.expect) ? all.status_all[o.expect] : 0;
  uint64_t total_other = all.completed - total_expected;
  uint64_t errors = total_other + all.io_errors + all.unfinished + all.unsent;

  std::printf("mode=%s\n", o.rate > 0 ? "open" : "closed");
  std::printf("target_rate=%.1f\n", o.rate);
  std::printf("connections=%d\nthreads=%d\nduration_s=%.2f\nwarmup_s=%.2f\nwindow_s=%.3f\n", o.connections,
              o.threads, o.duration_s, o.warmup_s, window_s);
  std::printf("sent=%llu\ncompleted=%llu\n", static_cast<unsigned long long>(all.sent),
              static_cast<unsigned long long>(all.completed));
  std::printf("total_expected=%llu\n", static_cast<unsigned long long>(total_expected));
  std::printf("errors=%llu\n", static_cast<unsigned long long>(errors));
  std::printf("errors_status=%llu\nerrors_io=%llu\nerrors_unfinished=%llu\nerrors_unsent=%llu\n",
              static_cast<unsigned long long>(total_other), static_cast<unsigned long long>(all.io_errors),
              static_cast<unsigned long long>(all.unfinished), static_cast<unsigned long long>(all.unsent));
  std::string statuses;
  for (auto& [k, v] : all.status_all) statuses += (statuses.empty() ? "" : ",") + std::to_string(k) + ":" + std::to_string(v);
  std::printf("statuses=%s\n", statuses.c_str());
  std::printf("measured=%zu\nmeasured_ok=%llu\n", all.lat_ns.size(), static_cast<unsigned long long>(all.measured_ok));
  std::printf("rps=%.1f\n", rps);
  std::printf("inflight_avg=%.1f\n", all.completed ? static_cast<double>(all.inflight_sum) / static_cast<double>(all.completed) : 0.0);
  std::printf("p50_ms=%.3f\np90_ms=%.3f\np99_ms=%.3f\np999_ms=%.3f\nmax_ms=%.3f\nmean_ms=%.3f\n", Pct(all.lat_ns, 0.50),
              Pct(all.lat_ns, 0.90), Pct(all.lat_ns, 0.99), Pct(all.lat_ns, 0.999),
              all.lat_ns.empty() ? 0.0 : static_cast<double>(all.lat_ns.back()) / 1e6, mean);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
  std::printf("cpu_s=%.2f\n", secs(ru.ru_utime) + secs(ru.ru_stime));  // the client's own CPU time
  return 0;
}

int main(int argc, char** argv) { return Main(argc, argv); }
