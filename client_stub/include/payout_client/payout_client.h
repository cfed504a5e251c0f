#ifndef PAYOUT_CLIENT_PAYOUT_CLIENT_H_
#define PAYOUT_CLIENT_PAYOUT_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "corefy/payout/v1/payout_gateway_service.pb.h"

namespace payout_client {

// Per-call settings.
struct CallOptions {
  // How long the whole call may take, retries included. The gateway bounds
  // its upstream work by it.
  absl::Duration timeout = absl::Seconds(30);
  // Sent as `x-request-id`; the gateway passes it to Corefy and logs it.
  std::string request_id;
  // Further request metadata.
  std::vector<std::pair<std::string, std::string>> metadata;
};

// How the client follows the gateway's retry hints.
struct RetryOptions {
  // Calls to the gateway per RPC, the first included. 1 turns retries off.
  int max_attempts = 3;
  // Never wait longer than this between attempts, whatever RetryInfo says.
  absl::Duration max_delay = absl::Seconds(5);
  // The wait when the gateway gives none (e.g. it could not be reached).
  absl::Duration default_delay = absl::Milliseconds(200);
};

struct ClientOptions {
  RetryOptions retry;
  // Channel credentials; insecure (plaintext) when unset.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
};

// The events of one server stream, read one at a time (blocking).
class EventStream {
 public:
  virtual ~EventStream() = default;
  // The next event; false once the stream has ended (Finish says how).
  virtual bool Next(corefy::payout::v1::PayoutInvoiceEvent& event) = 0;
  // How the stream ended: OK after a watch's final status, else the
  // gateway's error with its details (PayoutError decodes them). Call once
  // Next returned false.
  virtual absl::Status Finish() = 0;
  // Ends the stream early; safe from any thread.
  virtual void Cancel() = 0;
};

// The result of an asynchronous call: ready once the call, retries
// included, is done.
template <typename T>
using Future = std::future<absl::StatusOr<T>>;

// A client of the payout gateway: one typed method per RPC, blocking, and
// the same call asynchronous (Async...: a Future, no thread blocked while
// the call and its retries run; start many and wait for them together).
//
// A failed call returns an absl::Status whose payloads carry the gateway's
// error details; PayoutError (payout_error.h) decodes them. Calls follow the
// gateway's RetryHint: they are retried only where the hint allows, after
// the RetryInfo delay (capped); a create or process whose outcome is unknown
// is re-sent only after the client looked the invoice up and found that it
// did not happen. Thread-safe.
//
// An interface, so that code using it can be tested with MockPayoutClient
// (mock_payout_client.h).
class PayoutClient {
 public:
  virtual ~PayoutClient() = default;

  virtual absl::StatusOr<corefy::payout::v1::PayoutPrerequestResponse>
  PayoutPrerequest(const corefy::payout::v1::PayoutPrerequestRequest& request,
                   const CallOptions& options = {}) = 0;
  virtual absl::StatusOr<corefy::payout::v1::ListPayoutServicesResponse>
  ListPayoutServices(
      const corefy::payout::v1::ListPayoutServicesRequest& request,
      const CallOptions& options = {}) = 0;
  virtual absl::StatusOr<corefy::payout::v1::PayoutService> GetPayoutService(
      const corefy::payout::v1::GetPayoutServiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual absl::StatusOr<corefy::payout::v1::PayoutInvoice> CreatePayoutInvoice(
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual absl::StatusOr<corefy::payout::v1::PayoutInvoice>
  ProcessPayoutInvoice(
      const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual absl::StatusOr<corefy::payout::v1::PayoutInvoice> GetPayoutInvoice(
      const corefy::payout::v1::GetPayoutInvoiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual absl::StatusOr<corefy::payout::v1::ListPayoutInvoicesResponse>
  ListPayoutInvoices(
      const corefy::payout::v1::ListPayoutInvoicesRequest& request,
      const CallOptions& options = {}) = 0;

  // Server streams. `options.timeout` bounds the whole stream
  // (absl::InfiniteDuration() for none). They are not retried: a watch is
  // simply opened again, an event stream with the last cursor processed.
  virtual std::unique_ptr<EventStream> WatchPayoutInvoice(
      const corefy::payout::v1::WatchPayoutInvoiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual std::unique_ptr<EventStream> StreamPayoutEvents(
      const corefy::payout::v1::StreamPayoutEventsRequest& request,
      const CallOptions& options = {}) = 0;

  // The unary calls, asynchronous: the same retries and results.
  virtual Future<corefy::payout::v1::PayoutPrerequestResponse>
  AsyncPayoutPrerequest(
      const corefy::payout::v1::PayoutPrerequestRequest& request,
      const CallOptions& options = {}) = 0;
  virtual Future<corefy::payout::v1::ListPayoutServicesResponse>
  AsyncListPayoutServices(
      const corefy::payout::v1::ListPayoutServicesRequest& request,
      const CallOptions& options = {}) = 0;
  virtual Future<corefy::payout::v1::PayoutService> AsyncGetPayoutService(
      const corefy::payout::v1::GetPayoutServiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual Future<corefy::payout::v1::PayoutInvoice> AsyncCreatePayoutInvoice(
      const corefy::payout::v1::CreatePayoutInvoiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual Future<corefy::payout::v1::PayoutInvoice> AsyncProcessPayoutInvoice(
      const corefy::payout::v1::ProcessPayoutInvoiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual Future<corefy::payout::v1::PayoutInvoice> AsyncGetPayoutInvoice(
      const corefy::payout::v1::GetPayoutInvoiceRequest& request,
      const CallOptions& options = {}) = 0;
  virtual Future<corefy::payout::v1::ListPayoutInvoicesResponse>
  AsyncListPayoutInvoices(
      const corefy::payout::v1::ListPayoutInvoicesRequest& request,
      const CallOptions& options = {}) = 0;
};

// A client of the gateway at `target` (e.g. "payout-gateway:50051").
std::shared_ptr<PayoutClient> MakePayoutClient(const std::string& target,
                                               ClientOptions options = {});

// A client over an existing channel.
std::shared_ptr<PayoutClient> MakePayoutClient(
    std::shared_ptr<grpc::Channel> channel, ClientOptions options = {});

}  // namespace payout_client

#endif  // PAYOUT_CLIENT_PAYOUT_CLIENT_H_
