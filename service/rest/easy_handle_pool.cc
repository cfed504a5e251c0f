#include "rest/easy_handle_pool.h"

#include "absl/time/time.h"

namespace payout_gateway {

EasyHandlePool::EasyHandlePool(const CurlTransportOptions& options,
                               CURLSH* share, std::size_t max_idle)
    : options_(options), share_(share), max_idle_(max_idle) {}

EasyHandlePool::~EasyHandlePool() {
  for (CURL* easy : idle_) curl_easy_cleanup(easy);
}

CURL* EasyHandlePool::Acquire() {
  if (idle_.empty()) return NewHandle();
  CURL* easy = idle_.back();
  idle_.pop_back();
  return easy;
}

// Not reset: a handle keeps its shared options, and CurlTransfer::Configure
// sets every option that differs between requests. What pointed into the
// finished transfer is cleared, so no idle handle points at freed memory.
void EasyHandlePool::Release(CURL* easy) {
  if (idle_.size() >= max_idle_) {
    curl_easy_cleanup(easy);
    return;
  }
  curl_easy_setopt(easy, CURLOPT_PRIVATE, nullptr);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, nullptr);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, nullptr);
  idle_.push_back(easy);
}

CURL* EasyHandlePool::NewHandle() const {
  CURL* easy = curl_easy_init();
  if (easy == nullptr) return nullptr;
  const CurlTransportOptions& o = options_;
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  // HTTP/2 where TLS negotiates it (ALPN), HTTP/1.1 otherwise. Not h2c
  // (prior knowledge): Debian 12's libcurl 7.88.1 breaks it on connection
  // reuse ("Error in the HTTP2 framing layer", curl issue 10634).
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  // While a connection's TLS handshake may still bring HTTP/2, wait for it
  // rather than open another: over HTTP/2 a loop then multiplexes its
  // requests over one connection instead of one handshake per request in
  // flight.
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!o.ca_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, o.ca_file.c_str());
  }
  // Set even when empty: "" keeps libcurl from reading the environment.
  curl_easy_setopt(easy, CURLOPT_PROXY, o.proxy.c_str());
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_SHARE, share_);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(
      easy, CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(absl::ToInt64Milliseconds(o.connect_timeout)));
  return easy;
}

}  // namespace payout_gateway
