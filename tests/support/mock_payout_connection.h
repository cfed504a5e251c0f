#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_MOCK_PAYOUT_CONNECTION_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_MOCK_PAYOUT_CONNECTION_H_

#include <gmock/gmock.h>

#include "connection/payout_connection.h"

namespace payout_gateway_testing {

namespace v1 = ::corefy::payout::v1;
using payout_gateway::CallContextPtr;
using payout_gateway::ResultCallback;

// A PayoutConnection for the units above it: the gRPC handlers and the
// connection decorators.
class MockPayoutConnection : public payout_gateway::PayoutConnection {
 public:
  MOCK_METHOD(void, PayoutPrerequest,
              (CallContextPtr, const v1::PayoutPrerequestRequest&,
               ResultCallback<v1::PayoutPrerequestResponse>),
              (override));
  MOCK_METHOD(void, ListPayoutServices,
              (CallContextPtr, const v1::ListPayoutServicesRequest&,
               ResultCallback<v1::ListPayoutServicesResponse>),
              (override));
  MOCK_METHOD(void, GetPayoutService,
              (CallContextPtr, const v1::GetPayoutServiceRequest&,
               ResultCallback<v1::PayoutService>),
              (override));
  MOCK_METHOD(void, CreatePayoutInvoice,
              (CallContextPtr, const v1::CreatePayoutInvoiceRequest&,
               ResultCallback<v1::PayoutInvoice>),
              (override));
  MOCK_METHOD(void, ProcessPayoutInvoice,
              (CallContextPtr, const v1::ProcessPayoutInvoiceRequest&,
               ResultCallback<v1::PayoutInvoice>),
              (override));
  MOCK_METHOD(void, GetPayoutInvoice,
              (CallContextPtr, const v1::GetPayoutInvoiceRequest&,
               ResultCallback<v1::PayoutInvoice>),
              (override));
  MOCK_METHOD(void, ListPayoutInvoices,
              (CallContextPtr, const v1::ListPayoutInvoicesRequest&,
               ResultCallback<v1::ListPayoutInvoicesResponse>),
              (override));
};

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_MOCK_PAYOUT_CONNECTION_H_
