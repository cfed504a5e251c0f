// Many calls at once: the gateway holds no thread per call, so slow upstream
// answers overlap instead of queueing behind each other.

#include <gmock/gmock.h>

#include <atomic>
#include <mutex>

#include "absl/synchronization/notification.h"
#include "gateway_test_fixture.h"

namespace payout_gateway_testing {
namespace {

class GatewayConcurrencyTest : public GatewayTest {};

TEST_F(GatewayConcurrencyTest, TwoHundredConcurrentCallsAllComplete) {
  constexpr int kCalls = 200;
  // Every upstream answer takes 100 ms.
  env_->sandbox().AddFault({{"path", "/api/payout-invoices"},
                            {"action", "delay"},
                            {"delay_ms", 100},
                            {"times", 0}});

  struct Call {
    grpc::ClientContext context;
    v1::CreatePayoutInvoiceRequest request;
    v1::PayoutInvoice response;
    grpc::Status status;
  };
  std::vector<std::unique_ptr<Call>> calls;
  std::atomic<int> remaining{kCalls};
  absl::Notification all_done;
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(60));
    call->request = TestUsdCreate("concurrent-" + std::to_string(i),
                                  std::to_string(i + 1) + ".25");
    Call* c = call.get();
    stub_->async()->CreatePayoutInvoice(
        &c->context, &c->request, &c->response,
        [c, &remaining, &all_done](grpc::Status s) {
          c->status = std::move(s);
          if (--remaining == 0) all_done.Notify();
        });
    calls.push_back(std::move(call));
  }
  ASSERT_TRUE(all_done.WaitForNotificationWithTimeout(absl::Seconds(60)));

  std::set<std::string> ids;
  for (int i = 0; i < kCalls; ++i) {
    const Call& c = *calls[i];
    ASSERT_TRUE(c.status.ok()) << i << ": " << c.status.error_message();
    // Each caller got its own invoice back, not another's.
    EXPECT_EQ(c.response.reference_id(), c.request.reference_id());
    ids.insert(c.response.id());
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kCalls));
  EXPECT_EQ(env_->sandbox().Invoices()["count"], kCalls);
  // The upstream saw many requests at once: the gateway overlapped them
  // (its connection pool is 32 by default).
  EXPECT_GE(env_->sandbox().Stats()["max_in_flight"].get<int>(), 16);
}

}  // namespace
}  // namespace payout_gateway_testing
