#include "grpc/request_validation.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "common/decimal.h"
#include "common/error_details.h"
#include "common/log.h"
#include "common/reserved_metadata.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

constexpr std::size_t kMaxIdLength = 128;
constexpr std::size_t kMaxReferenceIdLength = 255;
constexpr std::size_t kMaxUrlLength = 2048;
// Our tokens are under 200 characters; anything longer is not one of ours.
constexpr std::size_t kMaxPageTokenLength = 512;
// How much of an offending map key a field path shows.
constexpr std::size_t kMaxKeyInPath = 64;

// Collects violations; Status() turns them into one INVALID_ARGUMENT.
class Violations {
 public:
  explicit Violations(const RequestLimits& limits) : limits_(limits) {}

  const RequestLimits& limits() const { return limits_; }

  void Add(std::string field, std::string description) {
    list_.push_back({std::move(field), std::move(description)});
  }

  absl::Status Status() && {
    if (list_.empty()) return absl::OkStatus();
    std::vector<std::string> parts;
    for (const auto& v : list_) {
      parts.push_back(absl::StrCat(v.field, ": ", v.description));
    }
    return ErrorBuilder(
               absl::StatusCode::kInvalidArgument,
               absl::StrCat("invalid request: ", absl::StrJoin(parts, "; ")))
        .Reason(reason::kInvalidRequest)
        .Violations(std::move(list_))
        .Hint(corefy::payout::v1::RetryHint::ACTION_FIX_REQUEST)
        .Build();
  }

 private:
  const RequestLimits& limits_;
  std::vector<FieldViolation> list_;
};

bool IsIdChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         c == '-';
}

bool HasControlChar(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

void CheckId(Violations& v, const char* field, const std::string& id) {
  if (id.empty()) return v.Add(field, "is required");
  if (id.size() > kMaxIdLength) {
    return v.Add(field,
                 absl::StrCat("must be at most ", kMaxIdLength, " characters"));
  }
  for (char c : id) {
    if (!IsIdChar(c)) {
      return v.Add(field, "may contain only letters, digits, '_' and '-'");
    }
  }
}

void CheckReferenceId(Violations& v, const std::string& field,
                      const std::string& id) {
  if (id.empty()) return v.Add(field, "is required");
  if (id.size() > kMaxReferenceIdLength) {
    return v.Add(field, absl::StrCat("must be at most ", kMaxReferenceIdLength,
                                     " characters"));
  }
  if (HasControlChar(id)) v.Add(field, "must not contain control characters");
}

void CheckService(Violations& v, const std::string& service) {
  if (service.empty()) return v.Add("service", "is required");
  if (service.size() > kMaxIdLength) {
    return v.Add("service",
                 absl::StrCat("must be at most ", kMaxIdLength, " characters"));
  }
  for (char c : service) {
    if (!IsIdChar(c) && c != '.') {
      return v.Add("service",
                   "may contain only letters, digits, '_', '-' and '.'");
    }
  }
}

void CheckCurrency(Violations& v, const std::string& currency) {
  if (currency.empty()) return v.Add("currency", "is required");
  bool ok = currency.size() == 3;
  for (char c : currency)
    ok &= absl::ascii_isupper(static_cast<unsigned char>(c));
  if (!ok) {
    v.Add("currency",
          "must be a three-letter ISO 4217 code in upper case, such as USD");
  }
}

void CheckAmount(Violations& v, const std::string& amount) {
  if (amount.empty()) return v.Add("amount", "is required");
  if (!IsPositiveDecimal(amount)) {
    v.Add("amount",
          "must be a positive decimal such as \"100.55\": digits with an "
          "optional fraction, no sign, exponent or leading zeros");
  }
}

void CheckText(Violations& v, const std::string& field, const std::string& s) {
  if (s.size() > v.limits().max_field_bytes) {
    v.Add(field, absl::StrCat("must be at most ", v.limits().max_field_bytes,
                              " bytes"));
  }
}

void CheckMap(Violations& v, const std::string& field,
              const google::protobuf::Map<std::string, std::string>& m) {
  if (static_cast<int>(m.size()) > v.limits().max_map_entries) {
    return v.Add(field, absl::StrCat("must have at most ",
                                     v.limits().max_map_entries, " entries"));
  }
  for (const auto& [key, value] : m) {
    if (key.empty()) {
      v.Add(field, "keys must not be empty");
      continue;
    }
    const std::string path =
        absl::StrCat(field, ".", EscapeUntrusted(key, kMaxKeyInPath));
    if (key.size() > v.limits().max_field_bytes) {
      v.Add(path, absl::StrCat("key must be at most ",
                               v.limits().max_field_bytes, " bytes"));
      continue;
    }
    CheckText(v, path, value);
  }
}

// Keys with the reserved prefix are the gateway's own (e.g. who started the
// payout): a caller setting one could pass for another.
void CheckNoReservedKeys(
    Violations& v, const google::protobuf::Map<std::string, std::string>& m) {
  for (const auto& [key, value] : m) {
    if (absl::StartsWith(key, kReservedMetadataPrefix)) {
      v.Add(absl::StrCat("metadata.", EscapeUntrusted(key, kMaxKeyInPath)),
            absl::StrCat("keys starting with ", kReservedMetadataPrefix,
                         " are reserved for the gateway"));
    }
  }
}

void CheckUrl(Violations& v, const char* field, const std::string& url) {
  if (url.empty()) return;
  if (!absl::StartsWith(url, "https://") && !absl::StartsWith(url, "http://")) {
    return v.Add(field, "must be an http:// or https:// URL");
  }
  if (url.size() > kMaxUrlLength) {
    return v.Add(
        field, absl::StrCat("must be at most ", kMaxUrlLength, " characters"));
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7F) {
      return v.Add(field, "must not contain spaces or non-ASCII characters");
    }
  }
}

void CheckAddress(Violations& v, const v1::Address& a) {
  const std::string& country = a.country();
  if (!country.empty()) {
    bool ok = country.size() == 2;
    for (char ch : country) {
      ok &= absl::ascii_isupper(static_cast<unsigned char>(ch));
    }
    if (!ok) {
      v.Add("customer.address.country",
            "must be a two-letter ISO 3166-1 code in upper case, such as US");
    }
  }
  CheckText(v, "customer.address.region", a.region());
  CheckText(v, "customer.address.city", a.city());
  CheckText(v, "customer.address.street", a.street());
  CheckText(v, "customer.address.full_address", a.full_address());
  CheckText(v, "customer.address.post_code", a.post_code());
}

void CheckCustomer(Violations& v, const v1::Customer& c) {
  CheckReferenceId(v, "customer.reference_id", c.reference_id());
  if (!c.email().empty()) {
    auto at = c.email().find('@');
    if (at == 0 || at == std::string::npos || at + 1 == c.email().size() ||
        absl::StrContains(c.email(), ' ')) {
      v.Add("customer.email", "must be an e-mail address");
    }
    CheckText(v, "customer.email", c.email());
  }
  if (!c.date_of_birth().empty()) {
    absl::CivilDay day;
    if (c.date_of_birth().size() != 10 ||
        !absl::ParseCivilTime(c.date_of_birth(), &day)) {
      v.Add("customer.date_of_birth", "must be a date as YYYY-MM-DD");
    }
  }
  CheckMap(v, "customer.metadata", c.metadata());
  CheckText(v, "customer.name", c.name());
  CheckText(v, "customer.phone", c.phone());
  CheckText(v, "customer.individual_tax_id", c.individual_tax_id());
  CheckAddress(v, c.address());
}

void CheckPage(Violations& v, int32_t page_size, const std::string& token) {
  if (page_size < 0) v.Add("page_size", "must not be negative");
  if (token.size() > kMaxPageTokenLength) {
    v.Add("page_token",
          "is not a token from a previous response of this RPC (too long)");
  }
}

}  // namespace

absl::Status ValidatePayoutPrerequest(const v1::PayoutPrerequestRequest& r,
                                      const RequestLimits& limits) {
  Violations v(limits);
  CheckCurrency(v, r.currency());
  CheckAmount(v, r.amount());
  return std::move(v).Status();
}

absl::Status ValidateListPayoutServices(const v1::ListPayoutServicesRequest& r,
                                        const RequestLimits& limits) {
  Violations v(limits);
  CheckPage(v, r.page_size(), r.page_token());
  return std::move(v).Status();
}

absl::Status ValidateGetPayoutService(const v1::GetPayoutServiceRequest& r,
                                      const RequestLimits& limits) {
  Violations v(limits);
  CheckId(v, "id", r.id());
  return std::move(v).Status();
}

absl::Status ValidateCreatePayoutInvoice(
    const v1::CreatePayoutInvoiceRequest& r, const RequestLimits& limits) {
  Violations v(limits);
  CheckReferenceId(v, "reference_id", r.reference_id());
  CheckService(v, r.service());
  CheckCurrency(v, r.currency());
  CheckAmount(v, r.amount());
  CheckMap(v, "fields", r.fields());
  CheckUrl(v, "callback_url", r.callback_url());
  if (r.has_customer()) CheckCustomer(v, r.customer());
  CheckMap(v, "context", r.context());
  CheckText(v, "description", r.description());
  CheckMap(v, "metadata", r.metadata());
  CheckNoReservedKeys(v, r.metadata());
  return std::move(v).Status();
}

absl::Status ValidateProcessPayoutInvoice(
    const v1::ProcessPayoutInvoiceRequest& r, const RequestLimits& limits) {
  Violations v(limits);
  CheckId(v, "id", r.id());
  return std::move(v).Status();
}

absl::Status ValidateGetPayoutInvoice(const v1::GetPayoutInvoiceRequest& r,
                                      const RequestLimits& limits) {
  Violations v(limits);
  switch (r.lookup_case()) {
    case v1::GetPayoutInvoiceRequest::kId:
      CheckId(v, "id", r.id());
      break;
    case v1::GetPayoutInvoiceRequest::kReferenceId:
      CheckReferenceId(v, "reference_id", r.reference_id());
      break;
    case v1::GetPayoutInvoiceRequest::LOOKUP_NOT_SET:
      v.Add("lookup", "set either id or reference_id");
      break;
  }
  return std::move(v).Status();
}

absl::Status ValidateListPayoutInvoices(const v1::ListPayoutInvoicesRequest& r,
                                        const RequestLimits& limits) {
  Violations v(limits);
  CheckPage(v, r.page_size(), r.page_token());
  return std::move(v).Status();
}

}  // namespace payout_gateway
