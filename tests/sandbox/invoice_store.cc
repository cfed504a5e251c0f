#include "invoice_store.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <functional>
#include <random>

namespace sandbox {
namespace {

const char* const kFinalStatuses[] = {
    "processed",          "partially_processed",
    "process_failed",     "expired",
    "terminated",         "canceled",
    "partially_canceled", "cancel_failed",
    "process_pending",    "process_error"};

// Corefy's test connector: these cards fail, any other card is paid.
const char* const kFailingTestCards[] = {"4412397212080000",
                                         "4302912837020000"};

int64_t NowSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

std::string RandomId(std::size_t n) {
  static const char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(kChars) - 2);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kChars[pick(rng)]);
  return out;
}

// "Process Failed" / "process-failed" -> "process_failed".
std::string NormalizeWord(const std::string& s) {
  std::string out;
  for (char c : s) {
    out.push_back(c == ' ' || c == '-' ? '_'
                                       : static_cast<char>(std::tolower(
                                             static_cast<unsigned char>(c))));
  }
  return out;
}

std::string Field(const Invoice& invoice, const std::string& key) {
  auto it = invoice.fields.find(key);
  return it == invoice.fields.end() ? "" : it->second;
}

// The status a processed test invoice ends in, as its fields ask.
std::string FinalStatusOf(const Invoice& invoice) {
  std::string wanted =
      NormalizeWord(Field(invoice, "test_details_payout_status"));
  for (const char* s : kFinalStatuses) {
    if (wanted == s) return wanted;
  }
  if (std::string rate = Field(invoice, "test_details_success_rate");
      !rate.empty()) {
    // Deterministic per invoice: the same id always has the same fate.
    int percent = std::atoi(rate.c_str());
    return static_cast<int>(std::hash<std::string>{}(invoice.id) % 100) <
                   percent
               ? "processed"
               : "process_failed";
  }
  std::string card = Field(invoice, "card_number");
  for (const char* failing : kFailingTestCards) {
    if (card == failing) return "process_failed";
  }
  return "processed";
}

}  // namespace

std::pair<bool, Invoice> InvoiceStore::Insert(Invoice candidate) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = by_ref_.find(candidate.reference_id); it != by_ref_.end()) {
    Invoice& existing = invoices_[it->second];
    Advance(existing);
    return {false, existing};
  }
  candidate.serial_number = RandomId(16);
  candidate.id = "cpoi_" + candidate.serial_number;
  candidate.created = candidate.updated = NowSeconds();
  by_id_[candidate.id] = invoices_.size();
  by_ref_[candidate.reference_id] = invoices_.size();
  invoices_.push_back(std::move(candidate));
  return {true, invoices_.back()};
}

std::optional<Invoice> InvoiceStore::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  Advance(invoices_[it->second]);
  return invoices_[it->second];
}

std::optional<Invoice> InvoiceStore::FindByReference(
    const std::string& reference_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_ref_.find(reference_id);
  if (it == by_ref_.end()) return std::nullopt;
  Advance(invoices_[it->second]);
  return invoices_[it->second];
}

std::pair<InvoiceStore::ProcessOutcome, Invoice> InvoiceStore::Process(
    const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return {ProcessOutcome::kNotFound, Invoice{}};
  Invoice& invoice = invoices_[it->second];
  Advance(invoice);
  if (invoice.status != "created") {
    return {ProcessOutcome::kNotCreated, invoice};
  }
  invoice.status = "processing";
  invoice.updated = NowSeconds();
  invoice.processing_since = std::chrono::steady_clock::now();
  if (on_change_) on_change_(invoice);
  return {ProcessOutcome::kStarted, invoice};
}

InvoiceStore::Page InvoiceStore::List(const std::string& older_than,
                                      const std::string& newer_than,
                                      std::size_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  // Newest first: walk creation order backwards.
  long first = static_cast<long>(invoices_.size()) - 1;  // index of newest
  long last = 0;                                         // index of oldest
  if (!older_than.empty()) {
    auto it = by_id_.find(older_than);
    first = it == by_id_.end() ? -1 : static_cast<long>(it->second) - 1;
  }
  Page page;
  if (!newer_than.empty()) {
    auto it = by_id_.find(newer_than);
    if (it == by_id_.end()) return page;
    // The `size` invoices just newer than `newer_than`.
    long lo = static_cast<long>(it->second) + 1;
    long hi = std::min<long>(static_cast<long>(invoices_.size()) - 1,
                             lo + static_cast<long>(size) - 1);
    for (long i = hi; i >= lo; --i) {
      Advance(invoices_[i]);
      page.items.push_back(invoices_[i]);
    }
    page.has_newer = hi < static_cast<long>(invoices_.size()) - 1;
    page.has_older = lo > 0;
    return page;
  }
  for (long i = first; i >= last && page.items.size() < size; --i) {
    Advance(invoices_[i]);
    page.items.push_back(invoices_[i]);
  }
  long oldest_shown = first - static_cast<long>(page.items.size()) + 1;
  page.has_older = oldest_shown > 0;
  page.has_newer = first < static_cast<long>(invoices_.size()) - 1;
  return page;
}

std::map<std::string, int> InvoiceStore::CountByReference() {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, int> counts;
  for (const auto& invoice : invoices_) ++counts[invoice.reference_id];
  return counts;
}

std::vector<Invoice> InvoiceStore::All() {
  std::lock_guard<std::mutex> lock(mu_);
  return invoices_;
}

void InvoiceStore::Advance(Invoice& invoice) {
  if (invoice.status != "processing") return;
  if (std::chrono::steady_clock::now() - invoice.processing_since <
      process_delay_) {
    return;
  }
  invoice.status = FinalStatusOf(invoice);
  std::string resolution =
      NormalizeWord(Field(invoice, "test_details_payout_resolution"));
  if (resolution.empty()) {
    resolution = invoice.status == "processed" ? "ok" : "declined";
  }
  invoice.resolution = resolution;
  invoice.updated = NowSeconds();
  if (invoice.status == "processed" ||
      invoice.status == "partially_processed") {
    invoice.processed = invoice.updated;
  }
  if (on_change_) on_change_(invoice);
}

void InvoiceStore::AdvanceAll() {
  std::lock_guard<std::mutex> lock(mu_);
  for (Invoice& invoice : invoices_) Advance(invoice);
}

}  // namespace sandbox
