#ifndef PAYOUT_CLIENT_MOCK_PAYOUT_CLIENT_H_
#define PAYOUT_CLIENT_MOCK_PAYOUT_CLIENT_H_

#include <gmock/gmock.h>

#include "payout_client/payout_client.h"

namespace payout_client {

// A gMock mock of PayoutClient for the unit tests of code that pays out:
//
//   auto client = std::make_shared<payout_client::MockPayoutClient>();
//   EXPECT_CALL(*client, CreatePayoutInvoice).WillOnce(Return(invoice));
class MockPayoutClient : public PayoutClient {
 public:
  MOCK_METHOD(absl::StatusOr<corefy::payout::v1::PayoutPrerequestResponse>,
              PayoutPrerequest,
              (const corefy::payout::v1::PayoutPrerequestRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(absl::StatusOr<corefy::payout::v1::ListPayoutServicesResponse>,
              ListPayoutServices,
              (const corefy::payout::v1::ListPayoutServicesRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(absl::StatusOr<corefy::payout::v1::PayoutService>,
              GetPayoutService,
              (const corefy::payout::v1::GetPayoutServiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(absl::StatusOr<corefy::payout::v1::PayoutInvoice>,
              CreatePayoutInvoice,
              (const corefy::payout::v1::CreatePayoutInvoiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(absl::StatusOr<corefy::payout::v1::PayoutInvoice>,
              ProcessPayoutInvoice,
              (const corefy::payout::v1::ProcessPayoutInvoiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(absl::StatusOr<corefy::payout::v1::PayoutInvoice>,
              GetPayoutInvoice,
              (const corefy::payout::v1::GetPayoutInvoiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(absl::StatusOr<corefy::payout::v1::ListPayoutInvoicesResponse>,
              ListPayoutInvoices,
              (const corefy::payout::v1::ListPayoutInvoicesRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(std::unique_ptr<EventStream>, WatchPayoutInvoice,
              (const corefy::payout::v1::WatchPayoutInvoiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(std::unique_ptr<EventStream>, StreamPayoutEvents,
              (const corefy::payout::v1::StreamPayoutEventsRequest&,
               const CallOptions&),
              (override));

  // The asynchronous calls: return a ready future, e.g. with
  // ReadyFuture(invoice).
  MOCK_METHOD(Future<corefy::payout::v1::PayoutPrerequestResponse>,
              AsyncPayoutPrerequest,
              (const corefy::payout::v1::PayoutPrerequestRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(Future<corefy::payout::v1::ListPayoutServicesResponse>,
              AsyncListPayoutServices,
              (const corefy::payout::v1::ListPayoutServicesRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(Future<corefy::payout::v1::PayoutService>, AsyncGetPayoutService,
              (const corefy::payout::v1::GetPayoutServiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(Future<corefy::payout::v1::PayoutInvoice>,
              AsyncCreatePayoutInvoice,
              (const corefy::payout::v1::CreatePayoutInvoiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(Future<corefy::payout::v1::PayoutInvoice>,
              AsyncProcessPayoutInvoice,
              (const corefy::payout::v1::ProcessPayoutInvoiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(Future<corefy::payout::v1::PayoutInvoice>, AsyncGetPayoutInvoice,
              (const corefy::payout::v1::GetPayoutInvoiceRequest&,
               const CallOptions&),
              (override));
  MOCK_METHOD(Future<corefy::payout::v1::ListPayoutInvoicesResponse>,
              AsyncListPayoutInvoices,
              (const corefy::payout::v1::ListPayoutInvoicesRequest&,
               const CallOptions&),
              (override));
};

// A future that is ready with `value`, for mocked asynchronous calls.
template <typename T>
Future<T> ReadyFuture(absl::StatusOr<T> value) {
  std::promise<absl::StatusOr<T>> promise;
  promise.set_value(std::move(value));
  return promise.get_future();
}

}  // namespace payout_client

#endif  // PAYOUT_CLIENT_MOCK_PAYOUT_CLIENT_H_
