#include "rest/curl_transfer.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

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

long BytesSent(CURL* easy) {
  long request_bytes = 0;
  if (easy != nullptr) {
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
  }
  return request_bytes;
}

}  // namespace

void CurlTransfer::Configure(CURL* handle,
                             const CurlTransportOptions& options) {
  easy = handle;
  const HttpRequest& r = request;
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, r.fresh_connection ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                   RemainingMillis(r.deadline, options.request_timeout));

  for (const auto& [name, value] : r.headers) {
    headers =
        curl_slist_append(headers, absl::StrCat(name, ": ", value).c_str());
  }
  // No "Expect: 100-continue" round trip for small JSON bodies.
  headers = curl_slist_append(headers, "Expect:");
  // A POST without a body is not a form: drop libcurl's default
  // "Content-Type: application/x-www-form-urlencoded".
  if (r.method == HttpMethod::kPost && r.body.empty()) {
    headers = curl_slist_append(headers, "Content-Type:");
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);

  if (r.method == HttpMethod::kPost) {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(r.body.size()));
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlTransfer::OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &CurlTransfer::OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
}

void CurlTransfer::ReadResult(CURLcode code) {
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    result.outcome = TransferOutcome::kResponse;
    result.response.status_code = static_cast<int>(status);
    return;
  }
  const bool sent = BytesSent(easy) > 0 && !FailsBeforeSending(code);
  result.outcome =
      sent ? TransferOutcome::kOutcomeUnknown : TransferOutcome::kNotSent;
  result.timed_out = code == CURLE_OPERATION_TIMEDOUT;
  result.error = error[0] != '\0' ? std::string(error)
                                  : std::string(curl_easy_strerror(code));
  result.response = HttpResponse{};
}

void CurlTransfer::ReadCancelled(absl::string_view why) {
  const long sent = BytesSent(easy);
  result = HttpResult{};
  result.outcome = TransferOutcome::kCancelled;
  result.sent_before_cancel = sent > 0;
  result.error = std::string(why);
}

bool CurlTransfer::AnsweredOverHttp2() const {
  long version = 0;
  curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
  return version >= CURL_HTTP_VERSION_2_0;
}

std::size_t CurlTransfer::OnBody(char* data, std::size_t size, std::size_t n,
                                 void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
  std::string& body = t->result.response.body;
  if (body.size() + size * n > t->max_body) return 0;  // aborts the transfer
  body.append(data, size * n);
  return size * n;
}

std::size_t CurlTransfer::OnHeader(char* data, std::size_t size, std::size_t n,
                                   void* self) {
  auto* t = static_cast<CurlTransfer*>(self);
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

}  // namespace payout_gateway
