#ifndef PAYOUT_GATEWAY_GRPC_ADMISSION_CONTROL_H_
#define PAYOUT_GATEWAY_GRPC_ADMISSION_CONTROL_H_

#include <atomic>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/metrics.h"

namespace payout_gateway {

// The gateway's bounds on work in flight: calls, and bytes of request
// messages held by those calls. Without them a burst of large creates
// against a stalled upstream grows memory until the pod is OOM-killed with
// every payout in flight. Lock-free: two atomic counters.
struct AdmissionLimits {
  int64_t max_calls_in_flight = 10000;
  int64_t max_request_bytes_in_flight = int64_t{64} << 20;
  // What RetryInfo advises a refused caller to wait.
  absl::Duration retry_delay = absl::Seconds(1);
};

class AdmissionControl {
 public:
  // Held by an admitted call; gives its share back when destroyed.
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept { *this = std::move(other); }
    Ticket& operator=(Ticket&& other) noexcept;
    ~Ticket() { Release(); }
    void Release();

   private:
    friend class AdmissionControl;
    Ticket(AdmissionControl* owner, int64_t bytes)
        : owner_(owner), bytes_(bytes) {}
    AdmissionControl* owner_ = nullptr;
    int64_t bytes_ = 0;
  };

  AdmissionControl(AdmissionLimits limits, Metrics* metrics)
      : limits_(limits), metrics_(metrics) {}

  // Admits a call holding `request_bytes`, or fails with RESOURCE_EXHAUSTED
  // (reason GATEWAY_OVERLOADED, the limit in the ErrorInfo metadata,
  // RetryInfo, hint ACTION_RETRY: nothing was sent upstream).
  absl::StatusOr<Ticket> Admit(int64_t request_bytes);

  int64_t calls_in_flight() const { return calls_.load(); }
  int64_t request_bytes_in_flight() const { return bytes_.load(); }
  const AdmissionLimits& limits() const { return limits_; }

 private:
  void Return(int64_t bytes);

  absl::Status Refuse(absl::string_view limit, int64_t value);

  const AdmissionLimits limits_;
  Metrics* const metrics_;
  std::atomic<int64_t> calls_{0};
  std::atomic<int64_t> bytes_{0};
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_ADMISSION_CONTROL_H_
