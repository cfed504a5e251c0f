#include "rest/curl_multi_transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "sandbox/http_server.h"

namespace payout_gateway {
namespace {

std::string CurrentThreadName() {
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

using ::testing::Contains;
using ::testing::Pair;

// A real HTTP server on a free loopback port whose answer each test picks.
class CurlMultiTransportTest : public ::testing::Test {
 protected:
  void StartServer(sandbox::HttpServer::Handler handler) {
    server_ = std::make_unique<sandbox::HttpServer>(std::move(handler));
    std::string error;
    ASSERT_TRUE(server_->Listen("127.0.0.1", 0, error)) << error;
    serve_ = std::thread([this] { server_->Serve(); });
  }

  void TearDown() override {
    transport_.reset();
    if (server_) server_->Stop();
    if (serve_.joinable()) serve_.join();
  }

  std::unique_ptr<CurlMultiTransport> MakeTransport(
      CurlTransportOptions o = {}) {
    auto t = CurlMultiTransport::Create(o);
    EXPECT_TRUE(t.ok());
    return *std::move(t);
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }

  // Sends and waits for the result.
  HttpResult SendAndWait(HttpTransport& t, HttpRequest r) {
    absl::Notification done;
    HttpResult result;
    t.Send(std::move(r), [&](HttpResult res) {
      result = std::move(res);
      done.Notify();
    });
    EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(20)));
    return result;
  }

  std::unique_ptr<sandbox::HttpServer> server_;
  std::thread serve_;
  std::unique_ptr<CurlMultiTransport> transport_;
};

sandbox::Response Ok(std::string body) {
  sandbox::Response r;
  r.body = std::move(body);
  return r;
}

TEST_F(CurlMultiTransportTest, DeliversStatusHeadersAndBody) {
  std::atomic<int> seen{0};
  StartServer([&](const sandbox::Request& req) {
    ++seen;
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(req.Header("x-test"), "yes");
    EXPECT_EQ(req.body, R"({"a":1})");
    sandbox::Response r;
    r.status = 201;
    r.body = R"({"ok":true})";
    r.headers.push_back({"Retry-After", "3"});
    return r;
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.method = HttpMethod::kPost;
  req.url = Url("/x");
  req.headers = {{"X-Test", "yes"}};
  req.body = R"({"a":1})";
  HttpResult r = SendAndWait(*transport_, req);
  ASSERT_EQ(r.outcome, TransferOutcome::kResponse) << r.error;
  EXPECT_EQ(r.response.status_code, 201);
  EXPECT_EQ(r.response.body, R"({"ok":true})");
  EXPECT_EQ(r.response.Header("retry-after"), "3");
  EXPECT_EQ(seen, 1);
}

// The last gate before the wire: a header value that could end its header
// (and start another, or another request on the keep-alive connection) is
// never sent, whatever layer above let it through.
TEST_F(CurlMultiTransportTest, NeverSendsAHeaderWithAControlCharacter) {
  std::atomic<int> seen{0};
  StartServer([&](const sandbox::Request&) {
    ++seen;
    return Ok("{}");
  });
  transport_ = MakeTransport();
  for (const std::string& value :
       {std::string("a\r\nX-Injected: 1"), std::string("a\nb"),
        std::string("a\0b", 3),
        std::string("a\r\n\r\nPOST /api/x HTTP/1.1\r\n\r\n")}) {
    HttpRequest req;
    req.method = HttpMethod::kPost;
    req.url = Url("/x");
    req.headers = {{"X-Request-Id", value}};
    HttpResult r = SendAndWait(*transport_, req);
    EXPECT_EQ(r.outcome, TransferOutcome::kNotSent) << value;
  }
  HttpRequest bad_name;
  bad_name.url = Url("/x");
  bad_name.headers = {{"X-Bad Name", "v"}};
  EXPECT_EQ(SendAndWait(*transport_, bad_name).outcome,
            TransferOutcome::kNotSent);
  EXPECT_EQ(seen, 0);
  HttpRequest tab;
  tab.url = Url("/x");
  tab.headers = {{"X-Note", "a\tb"}};
  EXPECT_EQ(SendAndWait(*transport_, tab).outcome, TransferOutcome::kResponse);
  EXPECT_EQ(seen, 1);
}

// Proxy variables in the environment are ignored: a proxy would see the
// Authorization header of a plain-HTTP request.
TEST_F(CurlMultiTransportTest, IgnoresProxyVariablesInTheEnvironment) {
  std::atomic<int> proxied{0};
  sandbox::HttpServer proxy([&](const sandbox::Request&) {
    ++proxied;
    return Ok("{}");
  });
  std::string error;
  ASSERT_TRUE(proxy.Listen("127.0.0.1", 0, error)) << error;
  std::thread serve_proxy([&] { proxy.Serve(); });
  const std::string proxy_url =
      "http://127.0.0.1:" + std::to_string(proxy.port());
  setenv("http_proxy", proxy_url.c_str(), 1);
  setenv("HTTP_PROXY", proxy_url.c_str(), 1);
  setenv("ALL_PROXY", proxy_url.c_str(), 1);
  unsetenv("no_proxy");
  unsetenv("NO_PROXY");
  std::atomic<int> direct{0};
  StartServer([&](const sandbox::Request&) {
    ++direct;
    return Ok("{}");
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.url = Url("/x");
  req.headers = {{"Authorization", "Basic c2VjcmV0"}};
  EXPECT_EQ(SendAndWait(*transport_, req).outcome, TransferOutcome::kResponse);
  EXPECT_EQ(direct, 1);
  EXPECT_EQ(proxied, 0);
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");
  unsetenv("ALL_PROXY");
  proxy.Stop();
  serve_proxy.join();
}

TEST_F(CurlMultiTransportTest, UsesAProxyOnlyWhenConfigured) {
  std::atomic<int> proxied{0};
  StartServer([&](const sandbox::Request& req) {
    ++proxied;
    // A proxy is asked for the absolute URL.
    EXPECT_EQ(req.target, "http://corefy.invalid/x");
    return Ok("{}");
  });
  CurlTransportOptions options;
  options.proxy = Url("");
  transport_ = MakeTransport(options);
  HttpRequest req;
  req.url = "http://corefy.invalid/x";
  EXPECT_EQ(SendAndWait(*transport_, req).outcome, TransferOutcome::kResponse);
  EXPECT_EQ(proxied, 1);
}

TEST_F(CurlMultiTransportTest, ErrorStatusesAreCompletedTransfers) {
  StartServer([](const sandbox::Request&) {
    sandbox::Response r;
    r.status = 503;
    return r;
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.url = Url("/");
  HttpResult r = SendAndWait(*transport_, req);
  EXPECT_EQ(r.outcome, TransferOutcome::kResponse);
  EXPECT_EQ(r.response.status_code, 503);
}

TEST_F(CurlMultiTransportTest, ReusesOneKeepAliveConnection) {
  StartServer([](const sandbox::Request&) { return Ok("{}"); });
  CurlTransportOptions o;
  o.event_loops = 1;
  transport_ = MakeTransport(o);
  for (int i = 0; i < 20; ++i) {
    HttpRequest req;
    req.url = Url("/" + std::to_string(i));
    EXPECT_EQ(SendAndWait(*transport_, req).response.status_code, 200);
  }
  EXPECT_EQ(server_->connections_accepted(), 1);
}

TEST_F(CurlMultiTransportTest, BoundsOpenConnectionsByThePool) {
  StartServer([](const sandbox::Request&) {
    absl::SleepFor(absl::Milliseconds(50));
    return Ok("{}");
  });
  CurlTransportOptions o;
  o.max_connections = 2;
  transport_ = MakeTransport(o);
  std::atomic<int> ok{0};
  absl::Notification all;
  constexpr int kRequests = 12;
  for (int i = 0; i < kRequests; ++i) {
    HttpRequest req;
    req.url = Url("/");
    transport_->Send(req, [&](HttpResult r) {
      if (r.outcome == TransferOutcome::kResponse) ++ok;
      if (ok == kRequests) all.Notify();
    });
  }
  EXPECT_TRUE(all.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_LE(server_->max_open_connections(), 2);
}

// Each loop keeps its own pool: requests taking turns over two loops reuse
// one connection per loop.
TEST_F(CurlMultiTransportTest, EachLoopKeepsItsOwnConnections) {
  StartServer([](const sandbox::Request&) { return Ok("{}"); });
  CurlTransportOptions o;
  o.event_loops = 2;
  transport_ = MakeTransport(o);
  ASSERT_EQ(transport_->event_loops(), 2);
  for (int i = 0; i < 20; ++i) {
    HttpRequest req;
    req.url = Url("/" + std::to_string(i));
    EXPECT_EQ(SendAndWait(*transport_, req).response.status_code, 200);
  }
  EXPECT_EQ(server_->connections_accepted(), 2);
}

// Requests from outside go to the loops in turn, and each completes on its
// loop's named thread.
TEST_F(CurlMultiTransportTest, SpreadsRequestsOverNamedLoopThreads) {
  StartServer([](const sandbox::Request&) { return Ok("{}"); });
  CurlTransportOptions o;
  o.event_loops = 3;
  transport_ = MakeTransport(o);
  absl::Mutex mu;
  std::map<std::string, int> by_thread;
  absl::Notification all;
  constexpr int kRequests = 30;
  for (int i = 0; i < kRequests; ++i) {
    HttpRequest req;
    req.url = Url("/");
    transport_->Send(req, [&](HttpResult) {
      absl::MutexLock lock(&mu);
      ++by_thread[CurrentThreadName()];
      int total = 0;
      for (const auto& [name, n] : by_thread) total += n;
      if (total == kRequests) all.Notify();
    });
  }
  ASSERT_TRUE(all.WaitForNotificationWithTimeout(absl::Seconds(20)));
  absl::MutexLock lock(&mu);
  EXPECT_THAT(by_thread, ::testing::ElementsAre(Pair("transport-0", 10),
                                                Pair("transport-1", 10),
                                                Pair("transport-2", 10)));
}

// A call's next request, sent from the completion of its previous one,
// stays on the same loop (no lock, no wakeup, no other thread).
TEST_F(CurlMultiTransportTest, ARequestSentFromACompletionStaysOnItsLoop) {
  StartServer([](const sandbox::Request&) { return Ok("{}"); });
  CurlTransportOptions o;
  o.event_loops = 4;
  transport_ = MakeTransport(o);
  absl::Notification done;
  std::string first_thread, second_thread;
  HttpResult second;
  HttpRequest req;
  req.url = Url("/first");
  transport_->Send(req, [&](HttpResult) {
    first_thread = CurrentThreadName();
    HttpRequest next;
    next.url = Url("/second");
    transport_->Send(next, [&](HttpResult r) {
      second_thread = CurrentThreadName();
      second = std::move(r);
      done.Notify();
    });
  });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_EQ(second.response.status_code, 200);
  EXPECT_THAT(first_thread, ::testing::StartsWith("transport-"));
  EXPECT_EQ(second_thread, first_thread);
}

// The loops share max_connections out; there are never more loops than
// connections, so the total stays what was configured.
TEST_F(CurlMultiTransportTest, NeverMoreLoopsThanConnections) {
  CurlTransportOptions o;
  o.event_loops = 8;
  o.max_connections = 3;
  EXPECT_EQ(MakeTransport(o)->event_loops(), 3);
  o.event_loops = CurlMultiTransport::kMaxEventLoops + 1;
  EXPECT_FALSE(CurlMultiTransport::Create(o).ok());
}

TEST_F(CurlMultiTransportTest, RefusedConnectionIsNotSent) {
  StartServer([](const sandbox::Request&) { return Ok("{}"); });
  std::string url = Url("/");
  server_->Stop();  // nothing listens on the port any more
  transport_ = MakeTransport();
  HttpRequest req;
  req.method = HttpMethod::kPost;
  req.url = url;
  HttpResult r = SendAndWait(*transport_, req);
  EXPECT_EQ(r.outcome, TransferOutcome::kNotSent);
  EXPECT_FALSE(r.error.empty());
}

TEST_F(CurlMultiTransportTest, ResetAfterSendingIsOutcomeUnknown) {
  StartServer([](const sandbox::Request&) {
    sandbox::Response r;
    r.disposition = sandbox::Disposition::kReset;
    return r;
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.method = HttpMethod::kPost;
  req.url = Url("/");
  req.body = "{}";
  HttpResult r = SendAndWait(*transport_, req);
  EXPECT_EQ(r.outcome, TransferOutcome::kOutcomeUnknown) << r.error;
}

TEST_F(CurlMultiTransportTest, TruncatedBodyIsOutcomeUnknown) {
  StartServer([](const sandbox::Request&) {
    sandbox::Response r = Ok(std::string(1000, 'x'));
    r.disposition = sandbox::Disposition::kTruncate;
    return r;
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.url = Url("/");
  EXPECT_EQ(SendAndWait(*transport_, req).outcome,
            TransferOutcome::kOutcomeUnknown);
}

TEST_F(CurlMultiTransportTest, OversizedBodyIsCutOff) {
  StartServer(
      [](const sandbox::Request&) { return Ok(std::string(5000, 'x')); });
  CurlTransportOptions o;
  o.max_response_bytes = 1000;
  transport_ = MakeTransport(o);
  HttpRequest req;
  req.url = Url("/");
  EXPECT_EQ(SendAndWait(*transport_, req).outcome,
            TransferOutcome::kOutcomeUnknown);
}

TEST_F(CurlMultiTransportTest, DeadlineBoundsAHangingRequest) {
  StartServer([](const sandbox::Request&) {
    sandbox::Response r;
    r.disposition = sandbox::Disposition::kHang;
    return r;
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.url = Url("/");
  absl::Time start = absl::Now();
  req.deadline = start + absl::Milliseconds(200);
  HttpResult r = SendAndWait(*transport_, req);
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(r.outcome, TransferOutcome::kOutcomeUnknown);
  EXPECT_TRUE(r.timed_out);
  EXPECT_GE(took, absl::Milliseconds(190));
  EXPECT_LT(took, absl::Milliseconds(1500));
}

TEST_F(CurlMultiTransportTest, DeadlineInThePastIsNeverSent) {
  std::atomic<int> seen{0};
  StartServer([&](const sandbox::Request&) {
    ++seen;
    return Ok("{}");
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.url = Url("/");
  req.deadline = absl::Now() - absl::Seconds(1);
  HttpResult r = SendAndWait(*transport_, req);
  EXPECT_EQ(r.outcome, TransferOutcome::kNotSent);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(seen, 0);
}

TEST_F(CurlMultiTransportTest, CancelAbortsAndClosesTheConnection) {
  absl::Notification arrived;
  StartServer([&](const sandbox::Request&) {
    arrived.Notify();
    sandbox::Response r;
    r.disposition = sandbox::Disposition::kHang;
    return r;
  });
  transport_ = MakeTransport();
  HttpRequest req;
  req.url = Url("/");
  absl::Notification done;
  HttpResult result;
  auto id = transport_->Send(req, [&](HttpResult r) {
    result = std::move(r);
    done.Notify();
  });
  ASSERT_TRUE(arrived.WaitForNotificationWithTimeout(absl::Seconds(10)));
  transport_->Cancel(id);
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_EQ(result.outcome, TransferOutcome::kCancelled);
  transport_->Cancel(id);  // a second cancel is harmless
  transport_.reset();
}

TEST_F(CurlMultiTransportTest, CarriesManyRequestsAtOnce) {
  StartServer([](const sandbox::Request& r) { return Ok(r.path); });
  CurlTransportOptions o;
  o.max_connections = 16;
  transport_ = MakeTransport(o);
  constexpr int kRequests = 300;
  std::atomic<int> ok{0}, finished{0};
  absl::Notification all;
  for (int i = 0; i < kRequests; ++i) {
    HttpRequest req;
    req.url = Url("/n" + std::to_string(i));
    transport_->Send(req, [&, i](HttpResult r) {
      if (r.outcome == TransferOutcome::kResponse &&
          r.response.body == "/n" + std::to_string(i)) {
        ++ok;
      }
      if (++finished == kRequests) all.Notify();
    });
  }
  ASSERT_TRUE(all.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_EQ(ok, kRequests);
}

// With the only connection busy, a request waits in the transport's queue;
// if its deadline passes there it was never sent, and says so promptly.
TEST_F(CurlMultiTransportTest, QueuedRequestPastItsDeadlineIsNeverSent) {
  std::atomic<int> seen{0};
  absl::Notification first_arrived;
  StartServer([&](const sandbox::Request&) {
    ++seen;
    first_arrived.Notify();
    sandbox::Response r;
    r.disposition = sandbox::Disposition::kHang;
    return r;
  });
  CurlTransportOptions o;
  o.max_connections = 1;
  transport_ = MakeTransport(o);
  HttpRequest hanging;
  hanging.url = Url("/busy");
  transport_->Send(hanging, [](HttpResult) {});
  ASSERT_TRUE(first_arrived.WaitForNotificationWithTimeout(absl::Seconds(10)));

  HttpRequest queued;
  queued.url = Url("/queued");
  absl::Time start = absl::Now();
  queued.deadline = start + absl::Milliseconds(150);
  HttpResult r = SendAndWait(*transport_, queued);
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(r.outcome, TransferOutcome::kNotSent);
  EXPECT_TRUE(r.timed_out);
  EXPECT_GE(took, absl::Milliseconds(150));
  EXPECT_LT(took, absl::Milliseconds(400));
  EXPECT_EQ(seen, 1);
}

TEST_F(CurlMultiTransportTest, CancelledQueuedRequestIsNeverSent) {
  std::atomic<int> seen{0};
  absl::Notification first_arrived, release;
  StartServer([&](const sandbox::Request& req) {
    ++seen;
    if (req.path == "/busy") {
      first_arrived.Notify();
      release.WaitForNotificationWithTimeout(absl::Seconds(10));
    }
    return Ok(req.path);
  });
  CurlTransportOptions o;
  o.max_connections = 1;
  transport_ = MakeTransport(o);
  absl::Notification busy_done;
  HttpRequest busy;
  busy.url = Url("/busy");
  transport_->Send(busy, [&](HttpResult) { busy_done.Notify(); });
  ASSERT_TRUE(first_arrived.WaitForNotificationWithTimeout(absl::Seconds(10)));

  absl::Notification cancelled_done, next_done;
  HttpResult cancelled, next;
  HttpRequest queued;
  queued.url = Url("/cancelled");
  auto id = transport_->Send(queued, [&](HttpResult r) {
    cancelled = std::move(r);
    cancelled_done.Notify();
  });
  queued.url = Url("/next");
  transport_->Send(queued, [&](HttpResult r) {
    next = std::move(r);
    next_done.Notify();
  });
  transport_->Cancel(id);
  ASSERT_TRUE(cancelled_done.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_EQ(cancelled.outcome, TransferOutcome::kCancelled);
  release.Notify();
  ASSERT_TRUE(busy_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(next_done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(next.response.body, "/next");
  EXPECT_EQ(seen, 2);  // /busy and /next; /cancelled never left the queue
}

TEST_F(CurlMultiTransportTest, ShutdownCompletesWhatIsInFlight) {
  StartServer([](const sandbox::Request&) {
    sandbox::Response r;
    r.disposition = sandbox::Disposition::kHang;
    return r;
  });
  transport_ = MakeTransport();
  std::atomic<int> cancelled{0};
  for (int i = 0; i < 3; ++i) {
    HttpRequest req;
    req.url = Url("/");
    transport_->Send(req, [&](HttpResult r) {
      if (r.outcome == TransferOutcome::kCancelled) ++cancelled;
    });
  }
  absl::SleepFor(absl::Milliseconds(100));
  transport_.reset();
  EXPECT_EQ(cancelled, 3);
}

}  // namespace
}  // namespace payout_gateway
