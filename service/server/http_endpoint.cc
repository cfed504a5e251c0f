#include "server/http_endpoint.h"

#include <civetweb.h>

#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace payout_gateway {
namespace {

void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mg_init_library(0); });
}

// civetweb's own diagnostics (a malformed request line, a client that
// timed out) into the gateway's log, escaped: they may quote the client.
int LogCivetwebMessage(const mg_connection*, const char* message) {
  LogEvent(Severity::kWarning, "http_server",
           {{"message", EscapeUntrusted(message, 200)}});
  return 1;  // handled: civetweb writes nothing itself
}

HttpEndpoint::Request ReadRequest(mg_connection* conn,
                                  std::size_t max_body_bytes) {
  const mg_request_info* info = mg_get_request_info(conn);
  HttpEndpoint::Request request;
  request.method = info->request_method;
  for (int i = 0; i < info->num_headers; ++i) {
    request.headers.emplace_back(info->http_headers[i].name,
                                 info->http_headers[i].value);
  }
  if (info->content_length > static_cast<long long>(max_body_bytes)) {
    request.too_large = true;  // not read: the connection is closed after
    return request;
  }
  char buffer[16384];
  while (request.body.size() <= max_body_bytes) {
    const int n = mg_read(conn, buffer, sizeof buffer);
    if (n <= 0) break;
    request.body.append(buffer, static_cast<std::size_t>(n));
  }
  if (request.body.size() > max_body_bytes) {
    request.too_large = true;
    request.body.resize(max_body_bytes);
  }
  return request;
}

}  // namespace

absl::string_view HttpEndpoint::Request::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

absl::StatusOr<std::unique_ptr<HttpEndpoint>> HttpEndpoint::Start(
    const Options& options,
    const std::vector<std::pair<std::string, Handler>>& routes) {
  InitLibraryOnce();
  const std::string threads = std::to_string(options.threads);
  const std::string timeout =
      std::to_string(absl::ToInt64Milliseconds(options.request_timeout));
  // No document_root: civetweb serves no files, only the routes below.
  const char* civetweb_options[] = {"listening_ports",
                                    options.listen.c_str(),
                                    "num_threads",
                                    threads.c_str(),
                                    "request_timeout_ms",
                                    timeout.c_str(),
                                    "enable_keep_alive",
                                    "yes",
                                    nullptr};
  mg_callbacks callbacks{};
  callbacks.log_message = &LogCivetwebMessage;
  std::unique_ptr<HttpEndpoint> endpoint(new HttpEndpoint);
  endpoint->context_ = mg_start(&callbacks, nullptr, civetweb_options);
  if (endpoint->context_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  mg_server_port ports[4] = {};
  if (mg_get_server_ports(endpoint->context_, 4, ports) < 1) {
    return absl::UnavailableError(
        absl::StrCat("no port bound for ", options.listen));
  }
  endpoint->port_ = ports[0].port;
  for (const auto& [path, handler] : routes) {
    endpoint->routes_.push_back(
        std::make_unique<Route>(Route{handler, options.max_body_bytes}));
    mg_set_request_handler(
        endpoint->context_, absl::StrCat(path, "$").c_str(),
        [](mg_connection* conn, void* data) -> int {
          const Route& route = *static_cast<const Route*>(data);
          const Request request = ReadRequest(conn, route.max_body_bytes);
          const Response response = route.handler(request);
          mg_printf(conn,
                    "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n"
                    "Content-Length: %zu\r\nCache-Control: no-store\r\n%s\r\n",
                    response.status,
                    mg_get_response_code_text(conn, response.status),
                    response.content_type.c_str(), response.body.size(),
                    request.too_large ? "Connection: close\r\n" : "");
          mg_write(conn, response.body.data(), response.body.size());
          return response.status;
        },
        endpoint->routes_.back().get());
  }
  return endpoint;
}

HttpEndpoint::~HttpEndpoint() {
  if (context_ != nullptr) mg_stop(context_);
}

}  // namespace payout_gateway
