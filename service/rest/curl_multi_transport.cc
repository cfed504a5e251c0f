#include "rest/curl_multi_transport.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <mutex>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

// The loop wakes at least this often even when idle, to notice shutdown in
// the (theoretical) case a wakeup is lost.
constexpr absl::Duration kMaxWait = absl::Seconds(1);
// How often queued transfers are checked for a passed deadline.
constexpr absl::Duration kQueueSweepInterval = absl::Milliseconds(20);
constexpr int kMaxEventsPerWait = 256;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Errors libcurl reports only before any request byte is written.
bool FailsBeforeSending(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_LOGIN_DENIED:
      return true;
    default:
      return false;
  }
}

// Rounded up, so that a transfer bounded by the caller's deadline times out
// at or after it, never a fraction of a millisecond before.
long RemainingMillis(absl::Time deadline, absl::Duration cap) {
  absl::Duration left = std::min(deadline - absl::Now(), cap);
  return std::max<long>(
      1, static_cast<long>(absl::ToDoubleMilliseconds(left)) + 1);
}

}  // namespace

struct CurlMultiTransport::Transfer {
  RequestId id = 0;
  HttpRequest request;
  Done done;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  HttpResult result;
  std::size_t max_body = 0;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() { curl_slist_free_all(headers); }

  static std::size_t OnBody(char* data, std::size_t size, std::size_t n,
                            void* self) {
    auto* t = static_cast<Transfer*>(self);
    std::string& body = t->result.response.body;
    if (body.size() + size * n > t->max_body) return 0;  // aborts the transfer
    body.append(data, size * n);
    return size * n;
  }

  static std::size_t OnHeader(char* data, std::size_t size, std::size_t n,
                              void* self) {
    auto* t = static_cast<Transfer*>(self);
    absl::string_view line(data, size * n);
    if (absl::StartsWith(line, "HTTP/")) {
      t->result.response.headers.clear();  // a new response (e.g. after 100)
      return size * n;
    }
    auto colon = line.find(':');
    if (colon != absl::string_view::npos) {
      t->result.response.headers.emplace_back(
          absl::AsciiStrToLower(line.substr(0, colon)),
          std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
    }
    return size * n;
  }
};

absl::StatusOr<std::unique_ptr<CurlMultiTransport>> CurlMultiTransport::Create(
    CurlTransportOptions options) {
  InitCurlOnce();
  if (options.max_connections < 1) {
    return absl::InvalidArgumentError("max_connections must be at least 1");
  }
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
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    options.max_connections);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                    options.max_connections);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.max_connections);
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  CURLSH* share = curl_share_init();
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  return std::unique_ptr<CurlMultiTransport>(new CurlMultiTransport(
      std::move(options), multi, share, epoll_fd, wake_fd));
}

CurlMultiTransport::CurlMultiTransport(CurlTransportOptions options,
                                       CURLM* multi, CURLSH* share,
                                       int epoll_fd, int wake_fd)
    : options_(std::move(options)),
      multi_(multi),
      share_(share),
      epoll_fd_(epoll_fd),
      wake_fd_(wake_fd),
      capacity_(options_.max_connections) {
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  loop_ = std::thread([this] { Run(); });
}

CurlMultiTransport::~CurlMultiTransport() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  loop_.join();
  // The loop has stopped: fail whatever it did not finish.
  {
    absl::MutexLock lock(&mu_);
    for (auto& t : incoming_) transfers_.emplace(t->id, std::move(t));
    incoming_.clear();
  }
  std::vector<RequestId> unfinished;
  for (const auto& [id, transfer] : transfers_) unfinished.push_back(id);
  for (RequestId id : unfinished) EndCancelled(id, "transport shut down");
  for (CURL* easy : idle_easy_) curl_easy_cleanup(easy);
  curl_multi_cleanup(multi_);
  curl_share_cleanup(share_);
  close(wake_fd_);
  close(epoll_fd_);
}

HttpTransport::RequestId CurlMultiTransport::Send(HttpRequest request,
                                                  Done done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->id = next_id_.fetch_add(1);
  transfer->request = std::move(request);
  transfer->done = std::move(done);
  transfer->max_body = options_.max_response_bytes;
  RequestId id = transfer->id;
  {
    absl::MutexLock lock(&mu_);
    incoming_.push_back(std::move(transfer));
  }
  Wake();
  return id;
}

void CurlMultiTransport::Cancel(RequestId id) {
  {
    absl::MutexLock lock(&mu_);
    cancels_.push_back(id);
  }
  Wake();
}

// One eventfd write per loop iteration however many calls arrive: the flag
// is cleared by the loop just before it takes the queued work.
void CurlMultiTransport::Wake() {
  if (wake_pending_.exchange(true)) return;
  uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

int CurlMultiTransport::OnSocket(CURL* /*easy*/, curl_socket_t fd, int what,
                                 void* self, void* socket_data) {
  auto* transport = static_cast<CurlMultiTransport*>(self);
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(transport->epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    return 0;
  }
  epoll_event event{};
  event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) |
                 ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
  event.data.fd = fd;
  // socket_data marks a socket libcurl has shown us before; a new socket
  // may reuse the number of one closed without a REMOVE, hence the retries.
  int op = socket_data == nullptr ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(transport->epoll_fd_, op, fd, &event) != 0) {
    op = errno == EEXIST ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    epoll_ctl(transport->epoll_fd_, op, fd, &event);
  }
  if (socket_data == nullptr) {
    curl_multi_assign(transport->multi_, fd, transport);
  }
  return 0;
}

int CurlMultiTransport::OnTimer(CURLM* /*multi*/, long timeout_ms, void* self) {
  auto* transport = static_cast<CurlMultiTransport*>(self);
  transport->curl_timer_ = timeout_ms < 0
                               ? absl::InfiniteFuture()
                               : absl::Now() + absl::Milliseconds(timeout_ms);
  return 0;
}

void CurlMultiTransport::Run() {
  while (TakeRequests()) {
    // Enqueue before cancelling: a Cancel() always follows its Send().
    for (auto& t : taken_) Enqueue(std::move(t));
    taken_.clear();
    for (RequestId id : taken_cancels_) AbortTransfer(id);
    taken_cancels_.clear();
    StartQueued();
    WaitForEvents();
    ReapCompleted();
    ExpireQueued();
  }
}

bool CurlMultiTransport::TakeRequests() {
  wake_pending_.store(false);
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  taken_.swap(incoming_);
  taken_cancels_.swap(cancels_);
  return true;
}

void CurlMultiTransport::WaitForEvents() {
  const absl::Time now = absl::Now();
  absl::Duration wait = kMaxWait;
  if (curl_timer_ != absl::InfiniteFuture()) {
    wait = std::min(wait, std::max(absl::ZeroDuration(), curl_timer_ - now));
  }
  if (!queue_.empty()) wait = std::min(wait, kQueueSweepInterval);
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

void CurlMultiTransport::Enqueue(std::unique_ptr<Transfer> transfer) {
  const RequestId id = transfer->id;
  transfers_.emplace(id, std::move(transfer));
  queue_.push_back(id);
}

void CurlMultiTransport::StartQueued() {
  while (running_ < capacity_ && !queue_.empty()) {
    RequestId id = queue_.front();
    queue_.pop_front();
    auto it = transfers_.find(id);
    if (it != transfers_.end()) StartTransfer(*it->second);
  }
}

// A queued transfer whose deadline passes leaves the queue without waiting
// for a slot; it was never sent.
void CurlMultiTransport::ExpireQueued() {
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

void CurlMultiTransport::StartTransfer(Transfer& transfer) {
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
  CURL* easy = AcquireEasy();
  if (easy == nullptr) {
    result.error = "could not allocate a curl handle";
    Finish(transfer.id);
    return;
  }
  transfer.easy = easy;
  ConfigureEasy(transfer);
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
    transfer.easy = nullptr;
    ReleaseEasy(easy);
    result.error = "could not start the transfer";
    Finish(transfer.id);
    return;
  }
  ++running_;
}

void CurlMultiTransport::ConfigureEasy(Transfer& t) {
  CURL* easy = t.easy;
  const HttpRequest& r = t.request;
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t.error);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  }
  // Set even when empty: "" keeps libcurl from reading the environment.
  curl_easy_setopt(easy, CURLOPT_PROXY, options_.proxy.c_str());
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_SHARE, share_);
  if (r.fresh_connection) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(
      easy, CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                   RemainingMillis(r.deadline, options_.request_timeout));

  for (const auto& [name, value] : r.headers) {
    t.headers =
        curl_slist_append(t.headers, absl::StrCat(name, ": ", value).c_str());
  }
  // No "Expect: 100-continue" round trip for small JSON bodies.
  t.headers = curl_slist_append(t.headers, "Expect:");
  // A POST without a body is not a form: drop libcurl's default
  // "Content-Type: application/x-www-form-urlencoded".
  if (r.method == HttpMethod::kPost && r.body.empty()) {
    t.headers = curl_slist_append(t.headers, "Content-Type:");
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t.headers);

  if (r.method == HttpMethod::kPost) {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(r.body.size()));
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t);
}

void CurlMultiTransport::AbortTransfer(RequestId id) {
  EndCancelled(id, "cancelled by the caller");
}

// Ends a transfer that has not finished as kCancelled, saying whether any
// of it may have left: a transfer still queued, or one that has written no
// byte yet, cannot have reached the upstream.
void CurlMultiTransport::EndCancelled(RequestId id, absl::string_view why) {
  auto it = transfers_.find(id);
  if (it == transfers_.end()) return;  // already finished
  Transfer& t = *it->second;
  long request_bytes = 0;
  if (t.easy != nullptr) {
    curl_easy_getinfo(t.easy, CURLINFO_REQUEST_SIZE, &request_bytes);
  }
  t.result = HttpResult{};
  t.result.outcome = TransferOutcome::kCancelled;
  t.result.sent_before_cancel = request_bytes > 0;
  t.result.error = std::string(why);
  Finish(id);
}

void CurlMultiTransport::ReapCompleted() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result;
    Transfer* transfer = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer);
    HttpResult& result = transfer->result;
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      result.outcome = TransferOutcome::kResponse;
      result.response.status_code = static_cast<int>(status);
      long version = 0;
      curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
      if (version >= CURL_HTTP_VERSION_2_0) {
        capacity_ = options_.max_connections * kHttp2StreamsPerConnection;
      }
    } else {
      long request_bytes = 0;
      curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
      bool sent = request_bytes > 0 && !FailsBeforeSending(code);
      result.outcome =
          sent ? TransferOutcome::kOutcomeUnknown : TransferOutcome::kNotSent;
      result.timed_out = code == CURLE_OPERATION_TIMEDOUT;
      result.error = transfer->error[0] != '\0'
                         ? std::string(transfer->error)
                         : std::string(curl_easy_strerror(code));
      result.response = HttpResponse{};
    }
    Finish(transfer->id);
  }
}

// Hands the transfer's result to its caller and forgets the transfer.
void CurlMultiTransport::Finish(RequestId id) {
  auto it = transfers_.find(id);
  if (it == transfers_.end()) return;
  std::unique_ptr<Transfer> transfer = std::move(it->second);
  transfers_.erase(it);
  if (transfer->easy != nullptr) {
    curl_multi_remove_handle(multi_, transfer->easy);
    ReleaseEasy(transfer->easy);
    --running_;
  }
  Done done = std::move(transfer->done);
  HttpResult result = std::move(transfer->result);
  transfer.reset();
  done(std::move(result));
}

CURL* CurlMultiTransport::AcquireEasy() {
  if (idle_easy_.empty()) return curl_easy_init();
  CURL* easy = idle_easy_.back();
  idle_easy_.pop_back();
  return easy;
}

void CurlMultiTransport::ReleaseEasy(CURL* easy) {
  // No more than can run at once, so a burst does not pin its handles.
  if (idle_easy_.size() >= static_cast<std::size_t>(capacity_)) {
    curl_easy_cleanup(easy);
    return;
  }
  curl_easy_reset(easy);
  idle_easy_.push_back(easy);
}

}  // namespace payout_gateway
