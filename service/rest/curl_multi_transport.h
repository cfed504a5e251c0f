#ifndef PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_
#define PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_

#include <curl/curl.h>

#include <atomic>
#include <cstddef>
#include <deque>
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
  // Requests beyond what they can carry wait in the transport's queue; their
  // deadline keeps running while they wait.
  long max_connections = 32;
  absl::Duration connect_timeout = absl::Seconds(5);
  // Cap on one request when the caller's deadline is later (or absent).
  absl::Duration request_timeout = absl::Seconds(30);
  // CA bundle for TLS verification; empty: the system's. Verification of the
  // peer and host name is always on.
  std::string ca_file;
  // HTTP proxy for every request; "" means none. Proxy variables in the
  // environment (http_proxy, https_proxy, ALL_PROXY) are always ignored: a
  // proxy must be chosen, not inherited, since it sees the Authorization
  // header of plain-HTTP requests.
  std::string proxy;
  // Responses larger than this are cut off (outcome unknown).
  std::size_t max_response_bytes = std::size_t{8} << 20;
  std::string user_agent = "corefy-payout-gateway";
};

// An HttpTransport over libcurl's multi interface. One event-loop thread owns
// every libcurl handle: Send() and Cancel() only queue work for it and wake
// it, so callers never block on the network.
//
// The loop is driven by epoll and curl_multi_socket_action, so its cost per
// event does not grow with the number of open connections (10,000 calls in
// flight stay cheap). Connections are kept alive and reused from one shared
// pool; HTTP/2 is negotiated over TLS (ALPN) and then multiplexes requests on
// one connection.
//
// libcurl only gets as many transfers as the pool can carry at once: one per
// connection, or kHttp2StreamsPerConnection per connection once the upstream
// has answered over HTTP/2. The rest wait in a queue holding no curl handle
// (each costs a 16 KB buffer), and leave it as soon as a slot frees up or as
// their deadline passes. Easy handles are recycled so steady traffic
// allocates none.
class CurlMultiTransport final : public HttpTransport {
 public:
  // libcurl's default limit of concurrent streams on one HTTP/2 connection.
  static constexpr long kHttp2StreamsPerConnection = 100;

  static absl::StatusOr<std::unique_ptr<CurlMultiTransport>> Create(
      CurlTransportOptions options);

  // Stops the loop; transfers still in flight complete with kCancelled.
  ~CurlMultiTransport() override;

  RequestId Send(HttpRequest request, Done done) override;
  void Cancel(RequestId id) override;

 private:
  struct Transfer;

  CurlMultiTransport(CurlTransportOptions options, CURLM* multi, CURLSH* share,
                     int epoll_fd, int wake_fd);

  // libcurl's callbacks: which sockets to watch, and when to call back.
  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self,
                      void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);

  void Run();
  void Wake();
  // Takes what Send() and Cancel() queued; false once stopping.
  bool TakeRequests();
  void WaitForEvents();
  void Enqueue(std::unique_ptr<Transfer> transfer);
  void StartQueued();
  void ExpireQueued();
  void StartTransfer(Transfer& transfer);
  void AbortTransfer(RequestId id);
  void EndCancelled(RequestId id, absl::string_view why);
  void ReapCompleted();
  void Finish(RequestId id);
  void ConfigureEasy(Transfer& transfer);
  CURL* AcquireEasy();
  void ReleaseEasy(CURL* easy);

  const CurlTransportOptions options_;
  CURLM* const multi_;
  // TLS sessions shared by every transfer, so a fresh connection resumes a
  // session instead of a full handshake. Used by the loop thread only.
  CURLSH* const share_;
  const int epoll_fd_;
  const int wake_fd_;  // an eventfd: Send() and Cancel() wake the loop
  std::atomic<RequestId> next_id_{1};
  std::atomic<bool> wake_pending_{false};

  absl::Mutex mu_;
  std::vector<std::unique_ptr<Transfer>> incoming_ ABSL_GUARDED_BY(mu_);
  std::vector<RequestId> cancels_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  // Owned by the loop thread.
  std::vector<std::unique_ptr<Transfer>> taken_;
  std::vector<RequestId> taken_cancels_;
  // Every transfer not yet finished, queued or running.
  absl::flat_hash_map<RequestId, std::unique_ptr<Transfer>> transfers_;
  // Waiting for a slot, oldest first; ids of finished transfers are skipped.
  std::deque<RequestId> queue_;
  long running_ = 0;
  long capacity_;
  // When libcurl wants its timeout handled; InfiniteFuture: no timer.
  absl::Time curl_timer_ = absl::InfiniteFuture();
  absl::Time next_queue_sweep_ = absl::InfinitePast();
  std::vector<CURL*> idle_easy_;

  std::thread loop_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_CURL_MULTI_TRANSPORT_H_
