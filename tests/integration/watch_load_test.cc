// 1,000 WatchPayoutInvoice streams open at once on one gateway process, each
// on its own invoice: every one gets its payout's changes pushed to the
// end, and the gateway holds them without a thread per watch. Prints the
// memory per open watch and the threads (bench/README.md records them).

#include <gmock/gmock.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "callback_fixture.h"

namespace payout_gateway_testing {
namespace {

constexpr int kWatches = 1000;
constexpr int kChannels = 4;  // 250 streams per HTTP/2 connection

// A value (kB or a count) from /proc/PID/status, e.g. "VmRSS", "Threads".
int64_t ProcStatus(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) != 0) continue;
    int64_t value = 0;
    std::string digits;
    for (char c : line) {
      if (c >= '0' && c <= '9') digits += c;
    }
    return absl::SimpleAtoi(digits, &value) ? value : -1;
  }
  return -1;
}

// One watch on the callback API: no client thread per stream either.
class WatchReader final
    : public grpc::ClientReadReactor<v1::PayoutInvoiceEvent> {
 public:
  WatchReader(v1::PayoutGatewayService::Stub* stub, const std::string& id) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(120));
    request_.set_id(id);
    stub->async()->WatchPayoutInvoice(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    absl::MutexLock lock(&mu_);
    ++events_;
    last_status_ = event_.invoice().status();
    StartRead(&event_);
  }
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
  }

  int events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  bool Ended(grpc::Status* status, v1::PayoutInvoiceStatus* last) {
    absl::MutexLock lock(&mu_);
    *status = status_;
    *last = last_status_;
    return done_;
  }

 private:
  grpc::ClientContext context_;
  v1::WatchPayoutInvoiceRequest request_;
  v1::PayoutInvoiceEvent event_;
  absl::Mutex mu_;
  int events_ ABSL_GUARDED_BY(mu_) = 0;
  v1::PayoutInvoiceStatus last_status_ ABSL_GUARDED_BY(mu_) =
      v1::PAYOUT_INVOICE_STATUS_UNSPECIFIED;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

class WatchLoadTest : public CallbackGatewayTest {
 protected:
  std::vector<std::string> ExtraGatewayArgs() override {
    return {"--watch_poll_after=120s"};  // pushes only
  }

  // Runs `each(i, stub)` for i in [0, n) on four threads.
  void InParallel(
      int n,
      const std::function<void(int, v1::PayoutGatewayService::Stub&)>& each) {
    std::atomic<int> next{0};
    std::vector<std::thread> workers;
    workers.reserve(4);
    for (int w = 0; w < 4; ++w) {
      workers.emplace_back([&] {
        auto stub = env_->NewStub();
        for (int i = next++; i < n; i = next++) each(i, *stub);
      });
    }
    for (auto& w : workers) w.join();
  }
};

TEST_F(WatchLoadTest, AThousandWatchesAreHeldWithoutAThreadEach) {
  std::vector<std::string> ids(kWatches);
  InParallel(kWatches, [&](int i, v1::PayoutGatewayService::Stub& stub) {
    v1::CreatePayoutInvoiceRequest create =
        TestUsdCreate(absl::StrCat("load-", i));
    create.set_callback_url(CallbackUrl());
    v1::PayoutInvoice invoice;
    ASSERT_TRUE(
        stub.CreatePayoutInvoice(Context().get(), create, &invoice).ok());
    ids[i] = invoice.id();
  });

  const pid_t gateway = env_->gateway_process().pid();
  const int64_t threads_before = ProcStatus(gateway, "Threads");
  const int64_t rss_before = ProcStatus(gateway, "VmRSS");

  std::vector<std::unique_ptr<v1::PayoutGatewayService::Stub>> stubs;
  for (int c = 0; c < kChannels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("payout.test.connection", c);  // one connection each
    stubs.push_back(v1::PayoutGatewayService::NewStub(grpc::CreateCustomChannel(
        env_->gateway_address(), grpc::InsecureChannelCredentials(), args)));
  }
  std::vector<std::unique_ptr<WatchReader>> watches;
  watches.reserve(kWatches);
  for (int i = 0; i < kWatches; ++i) {
    watches.push_back(
        std::make_unique<WatchReader>(stubs[i % kChannels].get(), ids[i]));
  }
  // Every watch has its first event (the current state): all are open.
  ASSERT_TRUE(Eventually(
      [&] {
        for (auto& w : watches) {
          if (w->events() < 1) return false;
        }
        return true;
      },
      absl::Seconds(60)));
  absl::SleepFor(absl::Milliseconds(200));
  const int64_t threads_open = ProcStatus(gateway, "Threads");
  const int64_t rss_open = ProcStatus(gateway, "VmRSS");
  EXPECT_EQ(
      Counter(Metrics(),
              R"(payout_gateway_rpc_in_flight{method="WatchPayoutInvoice"})"),
      kWatches);

  const absl::Time start = absl::Now();
  InParallel(kWatches, [&](int i, v1::PayoutGatewayService::Stub& stub) {
    v1::ProcessPayoutInvoiceRequest process;
    process.set_id(ids[i]);
    v1::PayoutInvoice ignored;
    ASSERT_TRUE(
        stub.ProcessPayoutInvoice(Context().get(), process, &ignored).ok());
  });
  int paid = 0;
  ASSERT_TRUE(Eventually(
      [&] {
        paid = 0;
        for (auto& w : watches) {
          grpc::Status status;
          v1::PayoutInvoiceStatus last;
          if (!w->Ended(&status, &last)) return false;
          EXPECT_TRUE(status.ok()) << status.error_message();
          paid += last == v1::PAYOUT_INVOICE_STATUS_PROCESSED ? 1 : 0;
        }
        return true;
      },
      absl::Seconds(60)));
  const absl::Duration all_final = absl::Now() - start;
  EXPECT_EQ(paid, kWatches);

  std::printf(
      "%d watches open: gateway threads %lld before, %lld with them open; "
      "RSS %lld kB before, %lld kB open = %.1f kB per open watch; all %d "
      "final statuses pushed within %s of the first process call\n",
      kWatches, static_cast<long long>(threads_before),
      static_cast<long long>(threads_open), static_cast<long long>(rss_before),
      static_cast<long long>(rss_open),
      static_cast<double>(rss_open - rss_before) / kWatches, paid,
      absl::FormatDuration(all_final).c_str());
  // No thread per watch: a handful at most (gRPC's pollers may add some).
  EXPECT_LT(threads_open - threads_before, 16);
}

}  // namespace
}  // namespace payout_gateway_testing
