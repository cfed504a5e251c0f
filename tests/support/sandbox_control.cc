#include "support/sandbox_control.h"

#include <stdexcept>

#include "support/http_request.h"

namespace payout_gateway_testing {
namespace {

nlohmann::json MustJson(int status, const std::string& body) {
  if (status != 200) {
    throw std::runtime_error("sandbox control answered " +
                             std::to_string(status) + ": " + body);
  }
  return nlohmann::json::parse(body);
}

}  // namespace

int SandboxControl::Send(const std::string& method, const std::string& path,
                         const std::string& request_body,
                         std::string& body) const {
  HttpAnswer answer = HttpRequest(method, base_url_ + path, request_body,
                                  {"Content-Type: application/json"});
  if (answer.status == 0) {
    throw std::runtime_error("sandbox unreachable at " + base_url_ + path);
  }
  body = std::move(answer.body);
  return static_cast<int>(answer.status);
}

nlohmann::json SandboxControl::Requests() const {
  std::string body;
  return MustJson(Send("GET", "/_sandbox/requests", "", body), body);
}

void SandboxControl::ClearRequests() const {
  std::string body;
  MustJson(Send("DELETE", "/_sandbox/requests", "", body), body);
}

void SandboxControl::AddFault(const nlohmann::json& fault) const {
  std::string body;
  MustJson(Send("POST", "/_sandbox/faults", fault.dump(), body), body);
}

void SandboxControl::ClearFaults() const {
  std::string body;
  MustJson(Send("DELETE", "/_sandbox/faults", "", body), body);
}

nlohmann::json SandboxControl::Faults() const {
  std::string body;
  return MustJson(Send("GET", "/_sandbox/faults", "", body), body);
}

nlohmann::json SandboxControl::Invoices() const {
  std::string body;
  return MustJson(Send("GET", "/_sandbox/invoices", "", body), body);
}

nlohmann::json SandboxControl::Stats() const {
  std::string body;
  return MustJson(Send("GET", "/_sandbox/stats", "", body), body);
}

nlohmann::json SandboxControl::Callbacks() const {
  std::string body;
  return MustJson(Send("GET", "/_sandbox/callbacks", "", body), body);
}

}  // namespace payout_gateway_testing
