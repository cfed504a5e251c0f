#ifndef PAYOUT_GATEWAY_TESTS_SANDBOX_INVOICE_STORE_H_
#define PAYOUT_GATEWAY_TESTS_SANDBOX_INVOICE_STORE_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace sandbox {

struct Invoice {
  std::string id;
  std::string serial_number;
  std::string reference_id;
  std::string service_code;
  std::string method_code;
  std::string currency;
  std::string service_currency;
  double amount = 0;
  double exchange_rate = 1;
  std::string status = "created";
  std::string resolution = "ok";
  std::map<std::string, std::string> fields;         // as sent
  std::map<std::string, std::string> masked_fields;  // as answered
  std::string callback_url;
  std::optional<std::string> description;
  nlohmann::json metadata = nlohmann::json::object();
  std::string customer_id;  // empty: no customer
  // The X-Request-Id of the create that made it: which call's request
  // landed (tests use it to tell a true "nothing happened" from a false
  // one).
  std::string created_by_request;
  bool test_mode = true;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t processed = 0;  // 0: not processed
  std::chrono::steady_clock::time_point processing_since;
};

// The sandbox's invoices, in memory, thread-safe. Enforces what Corefy
// enforces: one invoice per reference_id, and processing only from
// `created`. An invoice being processed reaches its final status
// `process_delay` after the process call, when it is next read.
class InvoiceStore {
 public:
  explicit InvoiceStore(std::chrono::milliseconds process_delay)
      : process_delay_(process_delay) {}

  // Stores `candidate` (its id, times and serial are assigned here) unless
  // its reference_id is taken. Returns whether it was stored and the stored
  // invoice (or the existing one with that reference_id).
  std::pair<bool, Invoice> Insert(Invoice candidate);

  std::optional<Invoice> Get(const std::string& id);
  std::optional<Invoice> FindByReference(const std::string& reference_id);

  enum class ProcessOutcome { kStarted, kNotFound, kNotCreated };
  std::pair<ProcessOutcome, Invoice> Process(const std::string& id);

  struct Page {
    std::vector<Invoice> items;  // newest first
    bool has_older = false;
    bool has_newer = false;
  };
  // Newest first: the `size` newest invoices older than `older_than`, or
  // (given `newer_than` instead) the `size` oldest newer than it; both are
  // invoice ids, exclusive.
  Page List(const std::string& older_than, const std::string& newer_than,
            std::size_t size);

  // Called, under the store's lock, with each invoice whose status just
  // changed (processing, then its final status). It must only queue work.
  void SetOnChange(std::function<void(const Invoice&)> on_change) {
    std::lock_guard<std::mutex> lock(mu_);
    on_change_ = std::move(on_change);
  }
  // Moves every invoice whose processing time is up to its final status,
  // as reading it would.
  void AdvanceAll();

  // How many invoices each reference_id has (always 1 if Corefy is right).
  std::map<std::string, int> CountByReference();
  // Every invoice, in creation order.
  std::vector<Invoice> All();

 private:
  void Advance(Invoice& invoice);  // requires mu_

  const std::chrono::milliseconds process_delay_;
  std::mutex mu_;
  std::vector<Invoice> invoices_;              // creation order
  std::map<std::string, std::size_t> by_id_;   // id -> index
  std::map<std::string, std::size_t> by_ref_;  // reference_id -> index
  std::function<void(const Invoice&)> on_change_;
};

}  // namespace sandbox

#endif  // PAYOUT_GATEWAY_TESTS_SANDBOX_INVOICE_STORE_H_
