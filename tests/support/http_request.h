#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_HTTP_REQUEST_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_HTTP_REQUEST_H_

#include <string>
#include <vector>

namespace payout_gateway_testing {

struct HttpAnswer {
  // 0 when no answer came (refused connection, timeout).
  long status = 0;
  std::string body;
};

// One blocking HTTP request with libcurl, for tests that talk to the
// sandbox, the gateway's callback port or a metrics endpoint. `headers` are
// whole header lines ("Content-Type: application/json"); a POST sends
// `body` as is. Times out after 10 seconds.
HttpAnswer HttpRequest(const std::string& method, const std::string& url,
                       const std::string& body = "",
                       const std::vector<std::string>& headers = {});

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_HTTP_REQUEST_H_
