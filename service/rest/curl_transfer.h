#ifndef PAYOUT_GATEWAY_REST_CURL_TRANSFER_H_
#define PAYOUT_GATEWAY_REST_CURL_TRANSFER_H_

#include <curl/curl.h>

#include <cstddef>

#include "absl/strings/string_view.h"
#include "rest/curl_transport_options.h"
#include "rest/http_transport.h"

namespace payout_gateway {

// One HTTP exchange on a libcurl easy handle: the request, who to tell, and
// the answer as it arrives. Owned by the event loop that runs it.
struct CurlTransfer {
  HttpTransport::RequestId id = 0;
  HttpRequest request;
  HttpTransport::Done done;
  CURL* easy = nullptr;  // while running; from the loop's EasyHandlePool
  curl_slist* headers = nullptr;
  HttpResult result;
  std::size_t max_body = 0;
  char error[CURL_ERROR_SIZE] = {};

  CurlTransfer() = default;
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;
  ~CurlTransfer() { curl_slist_free_all(headers); }

  // Sets what differs from one request to the next on `easy`, a handle from
  // an EasyHandlePool, which set what every request shares.
  void Configure(CURL* handle, const CurlTransportOptions& options);

  // Fills `result` from libcurl's verdict on the finished transfer.
  void ReadResult(CURLcode code);

  // Ends a transfer that has not finished as kCancelled, saying whether any
  // of it may have left: a transfer still queued, or one that has written
  // no byte yet, cannot have reached the upstream.
  void ReadCancelled(absl::string_view why);

  // Whether this transfer was answered over HTTP/2 (so its connection can
  // carry more than one request at once).
  bool AnsweredOverHttp2() const;

 private:
  static std::size_t OnBody(char* data, std::size_t size, std::size_t n,
                            void* self);
  static std::size_t OnHeader(char* data, std::size_t size, std::size_t n,
                              void* self);
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_CURL_TRANSFER_H_
