// payout-loadgen: drives a PayoutGatewayService (the gateway, or the no-op
// server) with the callback API and reports throughput, latency percentiles
// and errors by code.
//
//   payout-loadgen --target=127.0.0.1:50051 --rpc=get_invoice
//                  (--concurrency=64 | --rate=5000) --duration=10s
//                  [--warmup=2s] [--channels=4] [--timeout=30s] [--json]
//                  [--calls=N] [--cpu_pids=gateway:PID,loadgen:self,...]
//
// Closed loop (--concurrency): N calls always in flight, each completion
// starts the next. Open loop (--rate): calls start on a fixed schedule
// whatever the latency, the way independent callers behave; latency counts
// from the scheduled start, so queueing shows. --calls=N (closed loop) stops
// after N calls, warm-up included, --duration then being only a cap: a soak
// of an exact number of calls. --cpu_pids samples each listed process's
// CPU time, per thread, over the measured window (cpu_sampler.h), so the
// report says what each spent per call and on which threads.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "corefy/payout/v1/payout_gateway_service.grpc.pb.h"
#include "cpu_sampler.h"

namespace {

namespace v1 = ::corefy::payout::v1;

struct Options {
  std::string target = "127.0.0.1:50051";
  std::string rpc = "get_invoice";
  int concurrency = 0;
  double rate = 0;
  absl::Duration duration = absl::Seconds(10);
  absl::Duration warmup = absl::Seconds(2);
  int channels = 4;
  absl::Duration timeout = absl::Seconds(30);
  bool json = false;
  int64_t calls = 0;  // 0: as many as the duration allows
  std::vector<std::pair<std::string, pid_t>> cpu_pids;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    std::string name =
        arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    bool ok = true;
    if (name == "target")
      o.target = value;
    else if (name == "rpc")
      o.rpc = value;
    else if (name == "concurrency")
      ok = absl::SimpleAtoi(value, &o.concurrency);
    else if (name == "rate")
      ok = absl::SimpleAtod(value, &o.rate);
    else if (name == "duration")
      ok = absl::ParseDuration(value, &o.duration);
    else if (name == "warmup")
      ok = absl::ParseDuration(value, &o.warmup);
    else if (name == "channels")
      ok = absl::SimpleAtoi(value, &o.channels);
    else if (name == "timeout")
      ok = absl::ParseDuration(value, &o.timeout);
    else if (name == "json")
      o.json = true;
    else if (name == "calls")
      ok = absl::SimpleAtoi(value, &o.calls);
    else if (name == "cpu_pids")
      ok = payout_bench::ParseCpuPids(value, &o.cpu_pids);
    else
      ok = false;
    if (!ok) {
      std::fprintf(stderr, "payout-loadgen: bad argument %s\n", arg.c_str());
      return false;
    }
  }
  return (o.concurrency > 0) != (o.rate > 0) &&
         (o.calls == 0 || o.concurrency > 0);
}

// Latencies of the measured window, and errors by code.
class Recorder {
 public:
  void Record(absl::Time start, absl::Time end, grpc::StatusCode code) {
    absl::MutexLock lock(&mu_);
    if (start < measure_from_ || start >= measure_until_) return;
    last_end_ = std::max(last_end_, end);
    if (code == grpc::StatusCode::OK) {
      micros_.push_back(absl::ToInt64Microseconds(end - start));
    } else {
      ++errors_[code];
    }
  }
  void SetWindow(absl::Time from, absl::Time until) {
    absl::MutexLock lock(&mu_);
    measure_from_ = from;
    measure_until_ = until;
  }
  std::vector<int64_t> TakeSorted() {
    absl::MutexLock lock(&mu_);
    std::sort(micros_.begin(), micros_.end());
    return micros_;
  }
  std::map<grpc::StatusCode, int64_t> errors() {
    absl::MutexLock lock(&mu_);
    return errors_;
  }
  // How long the measured calls took, from the window's start to the last
  // completion.
  absl::Duration Elapsed() {
    absl::MutexLock lock(&mu_);
    return last_end_ - measure_from_;
  }

 private:
  absl::Mutex mu_;
  absl::Time measure_from_ = absl::InfiniteFuture();
  absl::Time measure_until_ = absl::InfiniteFuture();
  std::vector<int64_t> micros_;
  std::map<grpc::StatusCode, int64_t> errors_;
  absl::Time last_end_ = absl::InfinitePast();
};

// One call of the chosen RPC; owns its context and messages.
class Call {
 public:
  Call(v1::PayoutGatewayService::Stub* stub, const Options& o, int64_t n)
      : stub_(stub), rpc_(o.rpc) {
    context_.set_deadline(absl::ToChronoTime(absl::Now() + o.timeout));
    get_.set_id("cpoi_VdHYVxq4RsLEebAQ");
    service_.set_id("comcpos_RHUGUgEnmmedR7h3");
    list_.set_page_size(20);
    create_.set_reference_id(
        absl::StrCat("bench-", absl::ToUnixMicros(absl::Now()), "-", n));
    create_.set_service("test_usd");
    create_.set_currency("USD");
    create_.set_amount("10.00");
    (*create_.mutable_fields())["account"] = "12345";
  }

  void Start(std::function<void(grpc::Status)> done) {
    if (rpc_ == "get_invoice") {
      stub_->async()->GetPayoutInvoice(&context_, &get_, &invoice_,
                                       std::move(done));
    } else if (rpc_ == "get_service") {
      stub_->async()->GetPayoutService(&context_, &service_, &service_out_,
                                       std::move(done));
    } else if (rpc_ == "list_invoices") {
      stub_->async()->ListPayoutInvoices(&context_, &list_, &list_out_,
                                         std::move(done));
    } else {
      stub_->async()->CreatePayoutInvoice(&context_, &create_, &invoice_,
                                          std::move(done));
    }
  }

 private:
  v1::PayoutGatewayService::Stub* stub_;
  std::string rpc_;
  grpc::ClientContext context_;
  v1::GetPayoutInvoiceRequest get_;
  v1::GetPayoutServiceRequest service_;
  v1::ListPayoutInvoicesRequest list_;
  v1::CreatePayoutInvoiceRequest create_;
  v1::PayoutInvoice invoice_;
  v1::PayoutService service_out_;
  v1::ListPayoutInvoicesResponse list_out_;
};

class LoadGenerator {
 public:
  explicit LoadGenerator(Options o) : o_(std::move(o)), cpu_(o_.cpu_pids) {
    for (int i = 0; i < o_.channels; ++i) {
      grpc::ChannelArguments args;
      args.SetInt("payout.loadgen.channel", i);  // a connection per channel
      stubs_.push_back(
          v1::PayoutGatewayService::NewStub(grpc::CreateCustomChannel(
              o_.target, grpc::InsecureChannelCredentials(), args)));
    }
  }

  // Runs warmup + duration; returns when every call has finished.
  void Run() {
    const absl::Time start = absl::Now();
    recorder_.SetWindow(start + o_.warmup, start + o_.warmup + o_.duration);
    end_ = start + o_.warmup + o_.duration;
    std::thread window_start([this, start] {
      absl::SleepFor(start + o_.warmup - absl::Now());
      cpu_.SampleStart();
    });
    if (o_.concurrency > 0) {
      for (int i = 0; i < o_.concurrency && MayStartMore(); ++i)
        StartOne(absl::Now());
    } else {
      const absl::Duration interval = absl::Seconds(1) / o_.rate;
      absl::Time next = start;
      while (next < end_) {
        absl::Time now = absl::Now();
        while (next <= now && next < end_) {
          StartOne(next);
          next += interval;
        }
        absl::SleepFor(std::min(absl::Microseconds(200), next - absl::Now()));
      }
    }
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](int* n) { return *n == 0; }, &in_flight_));
    }
    // The calls of the window include their tails: sampled once all ended.
    window_start.join();
    cpu_.SampleEnd();
  }

  void Report() {
    std::vector<int64_t> micros = recorder_.TakeSorted();
    auto pct = [&](double p) -> double {
      if (micros.empty()) return 0;
      std::size_t i = std::min(
          micros.size() - 1, static_cast<std::size_t>(p / 100 * micros.size()));
      return micros[i] / 1000.0;
    };
    // With --calls the run may end before --duration.
    const double seconds = absl::ToDoubleSeconds(
        o_.calls > 0 ? std::min(o_.duration, recorder_.Elapsed())
                     : o_.duration);
    const double rps = micros.size() / seconds;
    int64_t errors = 0;
    std::string by_code;
    for (const auto& [code, n] : recorder_.errors()) {
      errors += n;
      absl::StrAppend(&by_code, by_code.empty() ? "" : ",", code, ":", n);
    }
    if (o_.json) {
      std::printf(
          "{\"rpc\":\"%s\",\"ok\":%zu,\"rps\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%"
          ".3f,"
          "\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"errors\":%lld,\"errors_by_code\":"
          "\"%s\",\"cpu\":%s}\n",
          o_.rpc.c_str(), micros.size(), rps, pct(50), pct(90), pct(99),
          pct(99.9), static_cast<long long>(errors), by_code.c_str(),
          cpu_.Json().c_str());
    } else {
      std::printf(
          "%s: %zu ok in %.1fs = %.0f RPC/s; p50 %.3f ms, p90 %.3f ms, p99 "
          "%.3f ms, "
          "p99.9 %.3f ms; errors %lld %s\n",
          o_.rpc.c_str(), micros.size(), seconds, rps, pct(50), pct(90),
          pct(99), pct(99.9), static_cast<long long>(errors), by_code.c_str());
    }
  }

 private:
  // Callbacks race here, so a --calls run may overshoot by up to the
  // concurrency; the report counts what actually ran.
  bool MayStartMore() const { return o_.calls == 0 || started_ < o_.calls; }

  void StartOne(absl::Time scheduled) {
    {
      absl::MutexLock lock(&mu_);
      ++in_flight_;
    }
    int64_t n = started_.fetch_add(1);
    auto* call = new Call(stubs_[n % stubs_.size()].get(), o_, n);
    call->Start([this, call, scheduled](grpc::Status status) {
      const absl::Time now = absl::Now();
      recorder_.Record(scheduled, now, status.error_code());
      delete call;
      // Closed loop: keep the concurrency until the end.
      if (o_.concurrency > 0 && now < end_ && MayStartMore()) StartOne(now);
      absl::MutexLock lock(&mu_);
      --in_flight_;
    });
  }

  Options o_;
  std::vector<std::unique_ptr<v1::PayoutGatewayService::Stub>> stubs_;
  Recorder recorder_;
  payout_bench::CpuSampler cpu_;
  std::atomic<int64_t> started_{0};
  absl::Time end_;
  absl::Mutex mu_;
  int in_flight_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: payout-loadgen --target=HOST:PORT "
                 "--rpc=get_invoice|get_service|list_invoices|create "
                 "(--concurrency=N | --rate=R) [--duration=10s] [--warmup=2s] "
                 "[--channels=4] [--timeout=30s] [--json] [--calls=N] "
                 "[--cpu_pids=LABEL:PID|self,...]\n");
    return 2;
  }
  LoadGenerator generator(o);
  generator.Run();
  generator.Report();
  return 0;
}
