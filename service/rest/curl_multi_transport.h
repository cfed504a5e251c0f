#ifndef PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_
#define PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_

#include <atomic>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "rest/curl_transport_options.h"
#include "rest/http_transport.h"
#include "rest/transport_loop.h"

namespace payout_gateway {

// An HttpTransport over libcurl's multi interface, spread over N event loops
// (TransportLoop), each a thread with its own multi handle and connection
// pool, so the work of sending, receiving and completing calls uses as many
// cores as the process is given.
//
// A request sent from a loop's own thread (a call's next step, run by the
// completion of its previous request) stays on that loop: no lock, no
// wakeup. Other requests go to the loops in turn. The request id names the
// loop, so Cancel() goes straight to it.
class CurlMultiTransport final : public HttpTransport {
 public:
  // At most this many loops (the id keeps 8 bits for the loop).
  static constexpr int kMaxEventLoops = 256;

  static absl::StatusOr<std::unique_ptr<CurlMultiTransport>> Create(
      CurlTransportOptions options);

  // Stops the loops; transfers still in flight complete with kCancelled.
  ~CurlMultiTransport() override;

  RequestId Send(HttpRequest request, Done done) override;
  void Cancel(RequestId id) override;

  int event_loops() const { return static_cast<int>(loops_.size()); }

 private:
  explicit CurlMultiTransport(CurlTransportOptions options);
  std::size_t ChooseLoop();

  const CurlTransportOptions options_;
  std::vector<std::unique_ptr<TransportLoop>> loops_;
  std::atomic<uint64_t> next_sequence_{1};
  std::atomic<std::size_t> next_loop_{0};
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_
