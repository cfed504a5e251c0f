#ifndef PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_
#define PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_

#include <curl/curl.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "rest/http_transport.h"

namespace payout_gateway {

struct CurlTransportOptions {
  // Upper bound on open upstream connections (HTTP/1.1 keep-alive or HTTP/2).
  // Requests beyond what they can carry wait in libcurl's queue; their
  // deadline keeps running while they wait.
  long max_connections = 32;
  absl::Duration connect_timeout = absl::Seconds(5);
  // Cap on one request when the caller's deadline is later (or absent).
  absl::Duration request_timeout = absl::Seconds(30);
  // CA bundle for TLS verification; empty: the system's. Verification of the
  // peer and host name is always on.
  std::string ca_file;
  // Responses larger than this are cut off (outcome unknown).
  std::size_t max_response_bytes = std::size_t{8} << 20;
  std::string user_agent = "corefy-payout-gateway";
};

// An HttpTransport over libcurl's multi interface. One event-loop thread owns
// every libcurl handle: Send() and Cancel() only queue work for it and wake
// it, so callers never block on the network.
//
// Connections are kept alive and reused from one shared pool; HTTP/2 is
// negotiated over TLS (ALPN) and then multiplexes requests on one
// connection. Easy handles are recycled so steady traffic allocates none.
class CurlMultiTransport final : public HttpTransport {
 public:
  static absl::StatusOr<std::unique_ptr<CurlMultiTransport>> Create(
      CurlTransportOptions options);

  // Stops the loop; transfers still in flight complete with kCancelled.
  ~CurlMultiTransport() override;

  RequestId Send(HttpRequest request, Done done) override;
  void Cancel(RequestId id) override;

 private:
  struct Transfer;

  CurlMultiTransport(CurlTransportOptions options, CURLM* multi);

  void Run();
  void StartTransfer(std::unique_ptr<Transfer> transfer);
  void AbortTransfer(RequestId id);
  void ReapCompleted();
  void Complete(std::unique_ptr<Transfer> transfer);
  void ConfigureEasy(Transfer& transfer);
  CURL* AcquireEasy();
  void ReleaseEasy(CURL* easy);

  const CurlTransportOptions options_;
  CURLM* const multi_;
  std::atomic<RequestId> next_id_{1};

  absl::Mutex mu_;
  std::vector<std::unique_ptr<Transfer>> incoming_ ABSL_GUARDED_BY(mu_);
  std::vector<RequestId> cancels_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  // Owned by the loop thread.
  absl::flat_hash_map<RequestId, std::unique_ptr<Transfer>> active_;
  std::vector<CURL*> idle_easy_;

  std::thread loop_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_
