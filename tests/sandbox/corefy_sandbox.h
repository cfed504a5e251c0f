#ifndef PAYOUT_GATEWAY_TESTS_SANDBOX_COREFY_SANDBOX_H_
#define PAYOUT_GATEWAY_TESTS_SANDBOX_COREFY_SANDBOX_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "callback_sender.h"
#include "faults.h"
#include "http_server.h"
#include "invoice_store.h"
#include "nlohmann/json.hpp"

namespace sandbox {

struct SandboxOptions {
  std::string account_id = "coma_sandbox";
  std::string api_key = "sandbox-api-key";
  std::string public_key = "pk_test_sandbox";
  std::string private_prefix = "/api";
  std::string public_prefix = "/public-api";
  // How long an invoice stays `processing` after the process call.
  std::chrono::milliseconds process_delay{0};
  // Status-change callbacks: signed with this secret, sent to the invoice's
  // callback_url, or to `callback_url` when set (for every invoice).
  std::string callback_secret = "sandbox-callback-secret";
  std::string callback_url;
};

// A stand-in for Corefy's payout API, faithful to the contract: HTTP Basic
// on the private API and the public key in the body of the public one,
// JSON:API documents, reference_id uniqueness (409), validation errors (422
// `{"errors": {field: message}}`), masked card numbers, page-number and
// cursor pagination, 401/404/405 bodies as the contract shows them.
//
// Besides the API it serves control endpoints for tests under /_sandbox/:
//   GET    /_sandbox/requests   the API requests received, oldest first
//   DELETE /_sandbox/requests   forget them
//   POST   /_sandbox/faults     add a fault (see faults.h)
//   DELETE /_sandbox/faults     remove all faults
//   GET    /_sandbox/invoices   {"count": n, "by_reference_id": {ref: n},
//                                "invoices": [{id, reference_id, amount,
//                                status}]}
//   GET    /_sandbox/faults     the faults and how often each fired
//   GET    /_sandbox/callbacks  {"delivered": n, "failed_attempts": n,
//                                "given_up": n, "pending": n}
//   POST   /_sandbox/callback_faults  a fault for the next callbacks
//                                (CallbackSender::AddFault)
//   DELETE /_sandbox/callback_faults  remove them
//   GET    /_sandbox/stats      {"requests": n, "create_requests": n,
//                                "max_in_flight": n, "open_connections": n,
//                                "hanging_connections": n}
class CorefySandbox {
 public:
  explicit CorefySandbox(SandboxOptions options);

  Response Handle(const Request& request);

  // Adds the HTTP server's own figures to /_sandbox/stats.
  void SetServerStats(std::function<nlohmann::json()> stats) {
    server_stats_ = std::move(stats);
  }

 private:
  Response HandleApi(const Request& request);
  Response HandleControl(const Request& request);
  Response HandlePrivate(const Request& request, const std::string& path);
  Response HandlePublic(const Request& request, const std::string& path);

  Response Prerequest(const Request& request);
  Response ListServices(const Request& request);
  Response GetService(const std::string& id);
  Response CreateInvoice(const Request& request);
  Response ProcessInvoice(const std::string& id);
  Response GetInvoice(const std::string& id);
  Response ListInvoices(const Request& request);

  void Record(const Request& request);

  const SandboxOptions options_;
  const std::string basic_auth_;
  InvoiceStore store_;
  // After store_: stopped (its thread joined) before the store goes.
  std::unique_ptr<CallbackSender> callbacks_;
  FaultTable faults_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::function<nlohmann::json()> server_stats_;
  std::mutex log_mu_;
  std::vector<nlohmann::json> requests_;
};

}  // namespace sandbox

#endif  // PAYOUT_GATEWAY_TESTS_SANDBOX_COREFY_SANDBOX_H_
