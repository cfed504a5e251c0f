#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_SANDBOX_CONTROL_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_SANDBOX_CONTROL_H_

#include <string>

#include "nlohmann/json.hpp"

namespace payout_gateway_testing {

// A blocking HTTP client for the sandbox's /_sandbox/ control endpoints.
class SandboxControl {
 public:
  explicit SandboxControl(std::string base_url)
      : base_url_(std::move(base_url)) {}

  // The API requests the sandbox received, oldest first: objects with
  // method, path, target, query, headers, body.
  nlohmann::json Requests() const;
  void ClearRequests() const;
  // Adds a fault (see tests/sandbox/faults.h).
  void AddFault(const nlohmann::json& fault) const;
  void ClearFaults() const;
  // Each fault with "seen" and "fired" counts.
  nlohmann::json Faults() const;
  // {"count": n, "by_reference_id": {...}}
  nlohmann::json Invoices() const;
  // {"requests": n, "max_in_flight": n}
  nlohmann::json Stats() const;
  // {"delivered": n, "failed_attempts": n, "given_up": n, "pending": n}
  nlohmann::json Callbacks() const;

  // A raw JSON request to any sandbox path; returns the status code and
  // fills `body`. Throws when the sandbox does not answer.
  int Send(const std::string& method, const std::string& path,
           const std::string& request_body, std::string& body) const;

 private:
  std::string base_url_;
};

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_SANDBOX_CONTROL_H_
