#include "rest/transport_loop.h"

#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

// The loop wakes at least this often even when idle, to notice shutdown in
// the (theoretical) case a wakeup is lost.
constexpr absl::Duration kMaxWait = absl::Seconds(1);
// How often queued transfers are checked for a passed deadline.
constexpr absl::Duration kQueueSweepInterval = absl::Milliseconds(20);
constexpr int kMaxEventsPerWait = 256;

// The loop the calling thread runs, if any.
thread_local const TransportLoop* current_loop = nullptr;

}  // namespace

absl::StatusOr<std::unique_ptr<TransportLoop>> TransportLoop::Create(
    const CurlTransportOptions& options, long max_connections,
    std::size_t index) {
  int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  int wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd;
  if (epoll_fd < 0 || wake_fd < 0 ||
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &wake) != 0) {
    if (epoll_fd >= 0) close(epoll_fd);
    if (wake_fd >= 0) close(wake_fd);
    return absl::InternalError("could not set up the transport's event loop");
  }
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) {
    close(epoll_fd);
    close(wake_fd);
    return absl::InternalError("curl_multi_init failed");
  }
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max_connections);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max_connections);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, max_connections);
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  CURLSH* share = curl_share_init();
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  auto loop = std::unique_ptr<TransportLoop>(new TransportLoop(
      options, max_connections, index, multi, share, epoll_fd, wake_fd));
  loop->thread_ = std::thread([self = loop.get()] { self->Run(); });
  return loop;
}

TransportLoop::TransportLoop(const CurlTransportOptions& options,
                             long max_connections, std::size_t index,
                             CURLM* multi, CURLSH* share, int epoll_fd,
                             int wake_fd)
    : options_(options),
      max_connections_(max_connections),
      index_(index),
      multi_(multi),
      share_(share),
      epoll_fd_(epoll_fd),
      wake_fd_(wake_fd),
      easy_pool_(options, share, static_cast<std::size_t>(max_connections)),
      capacity_(max_connections) {
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

TransportLoop::~TransportLoop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  thread_.join();
  // The loop has stopped: fail whatever it did not finish.
  {
    absl::MutexLock lock(&mu_);
    for (auto& t : incoming_) taken_.push_back(std::move(t));
    incoming_.clear();
  }
  for (auto& t : taken_) transfers_.emplace(t->id, std::move(t));
  taken_.clear();
  std::vector<RequestId> unfinished;
  unfinished.reserve(transfers_.size());
  for (const auto& [id, transfer] : transfers_) unfinished.push_back(id);
  for (RequestId id : unfinished) EndCancelled(id, "transport shut down");
  curl_multi_cleanup(multi_);
  curl_share_cleanup(share_);
  close(wake_fd_);
  close(epoll_fd_);
}

const TransportLoop* TransportLoop::Current() { return current_loop; }

void TransportLoop::Start(std::unique_ptr<CurlTransfer> transfer) {
  if (OnLoopThread()) {
    taken_.push_back(std::move(transfer));  // taken on the next iteration
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    incoming_.push_back(std::move(transfer));
  }
  Wake();
}

void TransportLoop::Cancel(RequestId id) {
  if (OnLoopThread()) {
    taken_cancels_.push_back(id);
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    cancels_.push_back(id);
  }
  Wake();
}

// One eventfd write per loop iteration however many calls arrive: the flag
// is cleared by the loop just before it takes the queued work.
void TransportLoop::Wake() {
  if (wake_pending_.exchange(true)) return;
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

int TransportLoop::OnSocket(CURL* /*easy*/, curl_socket_t fd, int what,
                            void* self, void* socket_data) {
  auto* loop = static_cast<TransportLoop*>(self);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(loop->epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    return 0;
  }
  epoll_event event{};
  event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) |
                 ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  event.data.fd = fd;
  // socket_data marks a socket libcurl has shown us before; a new socket
  // may reuse the number of one closed without a REMOVE, hence the retries.
  int op = socket_data == nullptr ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(loop->epoll_fd_, op, fd, &event) != 0) {
    op = errno == EEXIST ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    epoll_ctl(loop->epoll_fd_, op, fd, &event);
  }
  if (socket_data == nullptr) curl_multi_assign(loop->multi_, fd, loop);
  return 0;
}

int TransportLoop::OnTimer(CURLM* /*multi*/, long timeout_ms, void* self) {
  auto* loop = static_cast<TransportLoop*>(self);
  loop->curl_timer_ = timeout_ms < 0
                          ? absl::InfiniteFuture()
                          : absl::Now() + absl::Milliseconds(timeout_ms);
  return 0;
}

void TransportLoop::Run() {
  // Named for profiles and per-thread CPU figures (Linux allows 15 bytes).
  const std::string name = absl::StrCat("transport-", index_);
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
  current_loop = this;
  while (TakeRequests()) {
    // Enqueue before cancelling: a Cancel() always follows its Start().
    std::vector<std::unique_ptr<CurlTransfer>> started;
    started.swap(taken_);
    for (auto& t : started) Enqueue(std::move(t));
    std::vector<RequestId> cancels;
    cancels.swap(taken_cancels_);
    for (RequestId id : cancels) EndCancelled(id, "cancelled by the caller");
    StartQueued();
    WaitForEvents();
    ReapCompleted();
    ExpireQueued();
  }
  current_loop = nullptr;
}

bool TransportLoop::TakeRequests() {
  wake_pending_.store(false);
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  for (auto& t : incoming_) taken_.push_back(std::move(t));
  incoming_.clear();
  taken_cancels_.insert(taken_cancels_.end(), cancels_.begin(), cancels_.end());
  cancels_.clear();
  return true;
}

void TransportLoop::WaitForEvents() {
  const absl::Time now = absl::Now();
  absl::Duration wait = kMaxWait;
  if (curl_timer_ != absl::InfiniteFuture()) {
    wait = std::min(wait, std::max(absl::ZeroDuration(), curl_timer_ - now));
  }
  if (!queue_.empty()) wait = std::min(wait, kQueueSweepInterval);
  // Work queued from this thread (by a completion) must not wait.
  if (!taken_.empty() || !taken_cancels_.empty()) wait = absl::ZeroDuration();
  // Rounded up: waking a fraction of a millisecond early would spin.
  int timeout_ms = static_cast<int>(
      absl::ToInt64Milliseconds(absl::Ceil(wait, absl::Milliseconds(1))));

  epoll_event events[kMaxEventsPerWait];
  int n = epoll_wait(epoll_fd_, events, kMaxEventsPerWait, timeout_ms);
  int running = 0;
  for (int i = 0; i < n; ++i) {
    const int fd = events[i].data.fd;
    if (fd == wake_fd_) {
      uint64_t count;
      (void)!read(wake_fd_, &count, sizeof count);
      continue;
    }
    const uint32_t e = events[i].events;
    int flags = ((e & EPOLLIN) ? CURL_CSELECT_IN : 0) |
                ((e & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                ((e & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
    curl_multi_socket_action(multi_, fd, flags, &running);
  }
  if (curl_timer_ <= absl::Now()) {
    curl_timer_ = absl::InfiniteFuture();  // OnTimer may set it again
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }
}

void TransportLoop::Enqueue(std::unique_ptr<CurlTransfer> transfer) {
  const RequestId id = transfer->id;
  transfers_.emplace(id, std::move(transfer));
  queue_.push_back(id);
}

void TransportLoop::StartQueued() {
  while (running_ < capacity_ && !queue_.empty()) {
    RequestId id = queue_.front();
    queue_.pop_front();
    auto it = transfers_.find(id);
    if (it != transfers_.end()) StartTransfer(*it->second);
  }
}

// A queued transfer whose deadline passes leaves the queue without waiting
// for a slot; it was never sent.
void TransportLoop::ExpireQueued() {
  const absl::Time now = absl::Now();
  if (queue_.empty() || now < next_queue_sweep_) return;
  next_queue_sweep_ = now + kQueueSweepInterval;
  std::vector<RequestId> expired;
  std::deque<RequestId> waiting;
  for (RequestId id : queue_) {
    auto it = transfers_.find(id);
    if (it == transfers_.end()) continue;
    if (it->second->request.deadline <= now) {
      expired.push_back(id);
    } else {
      waiting.push_back(id);
    }
  }
  queue_.swap(waiting);
  for (RequestId id : expired) {
    HttpResult& result = transfers_[id]->result;
    result.outcome = TransferOutcome::kNotSent;
    result.timed_out = true;
    result.error = "deadline passed while waiting for an upstream connection";
    Finish(id);
  }
}

void TransportLoop::StartTransfer(CurlTransfer& transfer) {
  HttpResult& result = transfer.result;
  if (absl::Now() >= transfer.request.deadline) {
    result.outcome = TransferOutcome::kNotSent;
    result.timed_out = true;
    result.error = "deadline passed before the request was sent";
    Finish(transfer.id);
    return;
  }
  for (const auto& [name, value] : transfer.request.headers) {
    if (!IsSafeHeader(name, value)) {
      // The layers above check what they put in headers; this is the last
      // gate before the wire.
      result.error = "refused to send a header with a forbidden character";
      Finish(transfer.id);
      return;
    }
  }
  CURL* easy = easy_pool_.Acquire();
  if (easy == nullptr) {
    result.error = "could not allocate a curl handle";
    Finish(transfer.id);
    return;
  }
  transfer.Configure(easy, options_);
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
    transfer.easy = nullptr;
    easy_pool_.Release(easy);
    result.error = "could not start the transfer";
    Finish(transfer.id);
    return;
  }
  ++running_;
}

void TransportLoop::EndCancelled(RequestId id, absl::string_view why) {
  auto it = transfers_.find(id);
  if (it == transfers_.end()) return;  // already finished
  it->second->ReadCancelled(why);
  Finish(id);
}

void TransportLoop::ReapCompleted() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CurlTransfer* transfer = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
    transfer->ReadResult(msg->data.result);
    if (transfer->result.outcome == TransferOutcome::kResponse &&
        transfer->AnsweredOverHttp2()) {
      capacity_ = max_connections_ * kHttp2StreamsPerConnection;
      easy_pool_.set_max_idle(static_cast<std::size_t>(capacity_));
    }
    Finish(transfer->id);
  }
}

// Hands the transfer's result to its caller and forgets the transfer.
void TransportLoop::Finish(RequestId id) {
  auto it = transfers_.find(id);
  if (it == transfers_.end()) return;
  std::unique_ptr<CurlTransfer> transfer = std::move(it->second);
  transfers_.erase(it);
  if (transfer->easy != nullptr) {
    curl_multi_remove_handle(multi_, transfer->easy);
    easy_pool_.Release(transfer->easy);
    transfer->easy = nullptr;
    --running_;
  }
  HttpTransport::Done done = std::move(transfer->done);
  HttpResult result = std::move(transfer->result);
  transfer.reset();
  done(std::move(result));
}

}  // namespace payout_gateway
