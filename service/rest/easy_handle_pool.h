#ifndef PAYOUT_GATEWAY_REST_EASY_HANDLE_POOL_H_
#define PAYOUT_GATEWAY_REST_EASY_HANDLE_POOL_H_

#include <curl/curl.h>

#include <cstddef>
#include <vector>

#include "rest/curl_transport_options.h"

namespace payout_gateway {

// libcurl easy handles for one event loop, recycled so steady traffic
// allocates none. A handle leaves the pool with every option that all
// requests share already set (TLS verification, proxy, protocols, timeouts,
// callbacks), so a request only sets what is its own (CurlTransfer).
// Not thread-safe: one loop owns it.
class EasyHandlePool {
 public:
  // `share` (TLS sessions) is set on every handle; `max_idle` bounds the
  // handles kept, so a burst does not pin its handles.
  EasyHandlePool(const CurlTransportOptions& options, CURLSH* share,
                 std::size_t max_idle);
  ~EasyHandlePool();
  EasyHandlePool(const EasyHandlePool&) = delete;
  EasyHandlePool& operator=(const EasyHandlePool&) = delete;

  // nullptr when libcurl cannot allocate one.
  CURL* Acquire();
  void Release(CURL* easy);
  void set_max_idle(std::size_t max_idle) { max_idle_ = max_idle; }

 private:
  CURL* NewHandle() const;

  const CurlTransportOptions& options_;
  CURLSH* const share_;
  std::size_t max_idle_;
  std::vector<CURL*> idle_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_REST_EASY_HANDLE_POOL_H_
