#include "rest/curl_multi_transport.h"

#include <algorithm>
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
constexpr long kMaxPollMillis = 1000;

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
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return absl::InternalError("curl_multi_init failed");
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    options.max_connections);
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                    options.max_connections);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.max_connections);
  curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  return std::unique_ptr<CurlMultiTransport>(
      new CurlMultiTransport(std::move(options), multi));
}

CurlMultiTransport::CurlMultiTransport(CurlTransportOptions options,
                                       CURLM* multi)
    : options_(std::move(options)), multi_(multi) {
  loop_ = std::thread([this] { Run(); });
}

CurlMultiTransport::~CurlMultiTransport() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  curl_multi_wakeup(multi_);
  loop_.join();
  // The loop has stopped: fail whatever it did not finish.
  std::vector<std::unique_ptr<Transfer>> pending;
  {
    absl::MutexLock lock(&mu_);
    pending.swap(incoming_);
  }
  for (auto& [id, transfer] : active_) {
    curl_multi_remove_handle(multi_, transfer->easy);
    pending.push_back(std::move(transfer));
  }
  active_.clear();
  for (auto& transfer : pending) {
    transfer->result = HttpResult{};
    transfer->result.outcome = TransferOutcome::kCancelled;
    transfer->result.error = "transport shut down";
    Complete(std::move(transfer));
  }
  for (CURL* easy : idle_easy_) curl_easy_cleanup(easy);
  curl_multi_cleanup(multi_);
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
  curl_multi_wakeup(multi_);
  return id;
}

void CurlMultiTransport::Cancel(RequestId id) {
  {
    absl::MutexLock lock(&mu_);
    cancels_.push_back(id);
  }
  curl_multi_wakeup(multi_);
}

void CurlMultiTransport::Run() {
  std::vector<std::unique_ptr<Transfer>> incoming;
  std::vector<RequestId> cancels;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      incoming.swap(incoming_);
      cancels.swap(cancels_);
    }
    // Start before cancelling: a Cancel() always follows its Send().
    for (auto& t : incoming) StartTransfer(std::move(t));
    incoming.clear();
    for (RequestId id : cancels) AbortTransfer(id);
    cancels.clear();

    int running = 0;
    curl_multi_perform(multi_, &running);
    ReapCompleted();

    long timeout = -1;
    curl_multi_timeout(multi_, &timeout);
    if (timeout < 0 || timeout > kMaxPollMillis) timeout = kMaxPollMillis;
    curl_multi_poll(multi_, nullptr, 0, static_cast<int>(timeout), nullptr);
  }
}

void CurlMultiTransport::StartTransfer(std::unique_ptr<Transfer> transfer) {
  if (absl::Now() >= transfer->request.deadline) {
    transfer->result.outcome = TransferOutcome::kNotSent;
    transfer->result.timed_out = true;
    transfer->result.error = "deadline passed before the request was sent";
    Complete(std::move(transfer));
    return;
  }
  transfer->easy = AcquireEasy();
  if (transfer->easy == nullptr) {
    transfer->result.error = "could not allocate a curl handle";
    Complete(std::move(transfer));
    return;
  }
  ConfigureEasy(*transfer);
  if (curl_multi_add_handle(multi_, transfer->easy) != CURLM_OK) {
    transfer->result.error = "could not start the transfer";
    Complete(std::move(transfer));
    return;
  }
  RequestId id = transfer->id;
  active_.emplace(id, std::move(transfer));
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
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
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
  auto it = active_.find(id);
  if (it == active_.end()) return;  // already completed
  std::unique_ptr<Transfer> transfer = std::move(it->second);
  active_.erase(it);
  curl_multi_remove_handle(multi_, transfer->easy);
  transfer->result = HttpResult{};
  transfer->result.outcome = TransferOutcome::kCancelled;
  transfer->result.error = "cancelled by the caller";
  Complete(std::move(transfer));
}

void CurlMultiTransport::ReapCompleted() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result;
    Transfer* raw = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
    curl_multi_remove_handle(multi_, easy);
    auto it = active_.find(raw->id);
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    active_.erase(it);

    HttpResult& result = transfer->result;
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      result.outcome = TransferOutcome::kResponse;
      result.response.status_code = static_cast<int>(status);
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
    Complete(std::move(transfer));
  }
}

void CurlMultiTransport::Complete(std::unique_ptr<Transfer> transfer) {
  if (transfer->easy != nullptr) ReleaseEasy(transfer->easy);
  transfer->easy = nullptr;
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
  // Bounded so a burst does not pin its peak of handles forever.
  if (idle_easy_.size() >=
      static_cast<std::size_t>(options_.max_connections) * 4) {
    curl_easy_cleanup(easy);
    return;
  }
  curl_easy_reset(easy);
  idle_easy_.push_back(easy);
}

}  // namespace payout_gateway
