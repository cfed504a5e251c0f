#ifndef PAYOUT_GATEWAY_REST_TRANSPORT_LOOP_H_
#define PAYOUT_GATEWAY_REST_TRANSPORT_LOOP_H_

#include <curl/curl.h>

#include <atomic>
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
#include "rest/curl_transfer.h"
#include "rest/curl_transport_options.h"
#include "rest/easy_handle_pool.h"

namespace payout_gateway {

// One event-loop thread that owns a libcurl multi handle, its connection
// pool and its easy handles. Start() and Cancel() only queue work and wake
// the loop, so callers never block on the network; from the loop's own
// thread (a completion that sends the call's next request) they queue
// without a lock or a wakeup.
//
// The loop is driven by epoll and curl_multi_socket_action, so its cost per
// event does not grow with the number of open connections (10,000 calls in
// flight stay cheap). Connections are kept alive and reused; HTTP/2
// multiplexes requests on one connection.
//
// libcurl only gets as many transfers as the pool can carry at once: one per
// connection, or kHttp2StreamsPerConnection per connection once the upstream
// has answered over HTTP/2. The rest wait in a queue holding no curl handle
// (each costs a 16 KB buffer), and leave it as soon as a slot frees up or as
// their deadline passes.
class TransportLoop {
 public:
  using RequestId = HttpTransport::RequestId;

  // libcurl's default limit of concurrent streams on one HTTP/2 connection.
  static constexpr long kHttp2StreamsPerConnection = 100;

  // `options` must outlive the loop; `max_connections` is this loop's share.
  // `index` is the loop's place among its transport's loops.
  static absl::StatusOr<std::unique_ptr<TransportLoop>> Create(
      const CurlTransportOptions& options, long max_connections,
      std::size_t index);

  // Stops the loop; transfers still in flight complete with kCancelled.
  ~TransportLoop();
  TransportLoop(const TransportLoop&) = delete;
  TransportLoop& operator=(const TransportLoop&) = delete;

  void Start(std::unique_ptr<CurlTransfer> transfer);
  void Cancel(RequestId id);

  // The loop whose thread is calling, or nullptr.
  static const TransportLoop* Current();
  bool OnLoopThread() const { return Current() == this; }
  std::size_t index() const { return index_; }

 private:
  TransportLoop(const CurlTransportOptions& options, long max_connections,
                std::size_t index, CURLM* multi, CURLSH* share, int epoll_fd,
                int wake_fd);

  // libcurl's callbacks: which sockets to watch, and when to call back.
  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self,
                      void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);

  void Run();
  void Wake();
  // Takes what Start() and Cancel() queued; false once stopping.
  bool TakeRequests();
  void WaitForEvents();
  void Enqueue(std::unique_ptr<CurlTransfer> transfer);
  void StartQueued();
  void ExpireQueued();
  void StartTransfer(CurlTransfer& transfer);
  void EndCancelled(RequestId id, absl::string_view why);
  void ReapCompleted();
  void Finish(RequestId id);

  const CurlTransportOptions& options_;
  const long max_connections_;
  const std::size_t index_;
  CURLM* const multi_;
  // TLS sessions shared by this loop's transfers, so a fresh connection
  // resumes a session instead of a full handshake.
  CURLSH* const share_;
  const int epoll_fd_;
  const int wake_fd_;  // an eventfd: Start() and Cancel() wake the loop
  std::atomic<bool> wake_pending_{false};

  absl::Mutex mu_;
  std::vector<std::unique_ptr<CurlTransfer>> incoming_ ABSL_GUARDED_BY(mu_);
  std::vector<RequestId> cancels_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  // Owned by the loop thread.
  EasyHandlePool easy_pool_;
  // Queued from the loop's own thread, and what TakeRequests() took.
  std::vector<std::unique_ptr<CurlTransfer>> taken_;
  std::vector<RequestId> taken_cancels_;
  // Every transfer not yet finished, queued or running.
  absl::flat_hash_map<RequestId, std::unique_ptr<CurlTransfer>> transfers_;
  // Waiting for a slot, oldest first; ids of finished transfers are skipped.
  std::deque<RequestId> queue_;
  long running_ = 0;
  long capacity_;
  // When libcurl wants its timeout handled; InfiniteFuture: no timer.
  absl::Time curl_timer_ = absl::InfiniteFuture();
  absl::Time next_queue_sweep_ = absl::InfinitePast();

  std::thread thread_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_TRANSPORT_LOOP_H_
