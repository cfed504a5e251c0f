#ifndef PAYOUT_GATEWAY_SERVER_HTTP_ENDPOINT_H_
#define PAYOUT_GATEWAY_SERVER_HTTP_ENDPOINT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

struct mg_context;

namespace payout_gateway {

// An HTTP/1.1 server for the gateway's plain-HTTP surfaces (/metrics, and
// Corefy's callbacks), on civetweb: the maintained embedded server
// prometheus-cpp's own exposer uses. Handlers run on civetweb's worker
// threads ("civetweb-worker"), at most `threads` at a time; a request body
// is read whole, up to `max_body_bytes`, before its handler runs. Paths are
// matched exactly; anything else is civetweb's 404.
class HttpEndpoint {
 public:
  struct Request {
    std::string method;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // The body was over max_body_bytes: `body` holds only its start.
    bool too_large = false;

    // The first header of that name (case-insensitive), or "".
    absl::string_view Header(absl::string_view name) const;
  };
  struct Response {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
  };
  using Handler = std::function<Response(const Request&)>;

  struct Options {
    // "host:port"; port 0 picks a free one.
    std::string listen;
    int threads = 2;
    std::size_t max_body_bytes = std::size_t{1} << 20;
    // A client that has not sent its request within this is dropped.
    absl::Duration request_timeout = absl::Seconds(10);
  };

  static absl::StatusOr<std::unique_ptr<HttpEndpoint>> Start(
      const Options& options,
      const std::vector<std::pair<std::string, Handler>>& routes);

  // Stops accepting, finishes the requests in progress, joins the threads.
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const { return port_; }

 private:
  struct Route {
    Handler handler;
    std::size_t max_body_bytes;
  };

  HttpEndpoint() = default;

  mg_context* context_ = nullptr;
  int port_ = 0;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_HTTP_ENDPOINT_H_
