#include "events/callback_receiver.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "events/callback_signature.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/test_data.h"

namespace payout_gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kSecret[] = "callback-secret";

class RecordingBus : public EventBus {
 public:
  absl::StatusOr<PublishOutcome> Publish(
      const corefy::payout::v1::PayoutInvoice& invoice, absl::Time) override {
    if (!available) return absl::UnavailableError("bus down");
    published.push_back(invoice.id());
    return PublishOutcome::kNew;
  }
  std::unique_ptr<Subscription> Subscribe(Listener) override {
    return nullptr;  // the receiver only publishes
  }
  std::string History() const override { return "recording"; }
  absl::StatusOr<std::vector<PayoutEvent>> ReadAfter(absl::string_view,
                                                     std::size_t) override {
    return std::vector<PayoutEvent>();
  }
  absl::StatusOr<std::string> LastPosition() override { return ""; }
  bool available = true;
  std::vector<std::string> published;
};

class CountingMetrics : public Metrics {
 public:
  void CallbackReceived(absl::string_view result) override {
    results.emplace_back(result);
  }
  std::vector<std::string> results;
};

class CallbackReceiverTest : public ::testing::Test {
 protected:
  CallbackAnswer Deliver(const std::string& body, const std::string& signature,
                         const std::string& content_type = "application/json",
                         bool too_large = false) {
    CallbackRequest request;
    request.content_type = content_type;
    request.signature = signature;
    request.body = body;
    request.too_large = too_large;
    return receiver_.Receive(request);
  }

  const std::string body_ =
      payout_gateway_testing::ReadTestData("invoice_private.json");
  std::shared_ptr<RecordingBus> bus_ = std::make_shared<RecordingBus>();
  std::shared_ptr<CountingMetrics> metrics_ =
      std::make_shared<CountingMetrics>();
  CallbackReceiver receiver_{kSecret, bus_, metrics_,
                             [] { return absl::Now(); }};
};

TEST_F(CallbackReceiverTest, ASignedInvoiceDocumentIsPublishedAndAnswered200) {
  CallbackAnswer answer = Deliver(body_, CallbackSignature(kSecret, body_),
                                  "application/vnd.api+json; charset=utf-8");
  EXPECT_EQ(answer.status, 200);
  EXPECT_THAT(bus_->published, ElementsAre("cpoi_VdHYVxq4RsLEebAQ"));
  EXPECT_THAT(metrics_->results, ElementsAre("accepted"));
}

TEST_F(CallbackReceiverTest, NothingUnverifiedIsPublished) {
  EXPECT_EQ(Deliver(body_, "").status, 401);
  EXPECT_EQ(Deliver(body_, CallbackSignature("wrong", body_)).status, 401);
  EXPECT_EQ(Deliver(body_ + "\n", CallbackSignature(kSecret, body_)).status,
            401);
  EXPECT_EQ(
      Deliver(body_, CallbackSignature(kSecret, body_), "text/plain").status,
      415);
  EXPECT_EQ(
      Deliver(body_, CallbackSignature(kSecret, body_), "application/json",
              /*too_large=*/true)
          .status,
      413);
  const std::string not_an_invoice = R"({"data": []})";
  EXPECT_EQ(Deliver(not_an_invoice, CallbackSignature(kSecret, not_an_invoice))
                .status,
            400);
  EXPECT_THAT(bus_->published, IsEmpty());
  EXPECT_THAT(metrics_->results,
              ElementsAre("missing_signature", "bad_signature", "bad_signature",
                          "wrong_content_type", "too_large", "malformed"));
}

TEST_F(CallbackReceiverTest,
       ABusThatCannotKeepTheEventMeans503SoCorefyRetries) {
  bus_->available = false;
  CallbackAnswer answer = Deliver(body_, CallbackSignature(kSecret, body_));
  EXPECT_EQ(answer.status, 503);
  EXPECT_THAT(metrics_->results, ElementsAre("bus_unavailable"));
  bus_->available = true;
  EXPECT_EQ(Deliver(body_, CallbackSignature(kSecret, body_)).status, 200);
}

TEST_F(CallbackReceiverTest, TheSecretNeverAppearsInAnAnswer) {
  for (const CallbackAnswer& a :
       {Deliver(body_, ""), Deliver(body_, CallbackSignature("x", body_)),
        Deliver("{}", CallbackSignature(kSecret, "{}"))}) {
    EXPECT_EQ(a.body.find(kSecret), std::string::npos) << a.body;
  }
}

}  // namespace
}  // namespace payout_gateway
