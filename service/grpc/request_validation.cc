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

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;

constexpr std::size_t kMaxIdLength = 128;
constexpr std::size_t kMaxReferenceIdLength = 255;
constexpr std::size_t kMaxUrlLength = 2048;
constexpr std::size_t kMaxTextLength = 4096;

// Collects violations; Status() turns them into one INVALID_ARGUMENT.
class Violations {
 public:
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

void CheckText(Violations& v, const std::string& field, const std::string& s,
               std::size_t max = kMaxTextLength) {
  if (s.size() > max) {
    v.Add(field, absl::StrCat("must be at most ", max, " bytes"));
  }
}

void CheckMap(Violations& v, const std::string& field,
              const google::protobuf::Map<std::string, std::string>& m) {
  for (const auto& [key, value] : m) {
    if (key.empty()) {
      v.Add(field, "keys must not be empty");
      continue;
    }
    CheckText(v, absl::StrCat(field, ".", key), value);
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
    if (c <= 0x20 || c == 0x7F) return v.Add(field, "must not contain spaces");
  }
}

void CheckCustomer(Violations& v, const v1::Customer& c) {
  CheckReferenceId(v, "customer.reference_id", c.reference_id());
  if (!c.email().empty()) {
    auto at = c.email().find('@');
    if (at == 0 || at == std::string::npos || at + 1 == c.email().size() ||
        absl::StrContains(c.email(), ' ')) {
      v.Add("customer.email", "must be an e-mail address");
    }
  }
  if (!c.date_of_birth().empty()) {
    absl::CivilDay day;
    if (c.date_of_birth().size() != 10 ||
        !absl::ParseCivilTime(c.date_of_birth(), &day)) {
      v.Add("customer.date_of_birth", "must be a date as YYYY-MM-DD");
    }
  }
  const std::string& country = c.address().country();
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
  CheckMap(v, "customer.metadata", c.metadata());
  CheckText(v, "customer.name", c.name(), kMaxUrlLength);
  CheckText(v, "customer.address.full_address", c.address().full_address(),
            kMaxUrlLength);
}

void CheckPageSize(Violations& v, int32_t page_size) {
  if (page_size < 0) v.Add("page_size", "must not be negative");
}

}  // namespace

absl::Status ValidatePayoutPrerequest(const v1::PayoutPrerequestRequest& r) {
  Violations v;
  CheckCurrency(v, r.currency());
  CheckAmount(v, r.amount());
  return std::move(v).Status();
}

absl::Status ValidateListPayoutServices(
    const v1::ListPayoutServicesRequest& r) {
  Violations v;
  CheckPageSize(v, r.page_size());
  return std::move(v).Status();
}

absl::Status ValidateGetPayoutService(const v1::GetPayoutServiceRequest& r) {
  Violations v;
  CheckId(v, "id", r.id());
  return std::move(v).Status();
}

absl::Status ValidateCreatePayoutInvoice(
    const v1::CreatePayoutInvoiceRequest& r) {
  Violations v;
  CheckReferenceId(v, "reference_id", r.reference_id());
  if (r.service().empty()) {
    v.Add("service", "is required");
  } else {
    for (char c : r.service()) {
      if (!IsIdChar(c) && c != '.') {
        v.Add("service", "may contain only letters, digits, '_', '-' and '.'");
        break;
      }
    }
  }
  CheckCurrency(v, r.currency());
  CheckAmount(v, r.amount());
  CheckMap(v, "fields", r.fields());
  CheckUrl(v, "callback_url", r.callback_url());
  if (r.has_customer()) CheckCustomer(v, r.customer());
  CheckMap(v, "context", r.context());
  CheckText(v, "description", r.description());
  CheckMap(v, "metadata", r.metadata());
  return std::move(v).Status();
}

absl::Status ValidateProcessPayoutInvoice(
    const v1::ProcessPayoutInvoiceRequest& r) {
  Violations v;
  CheckId(v, "id", r.id());
  return std::move(v).Status();
}

absl::Status ValidateGetPayoutInvoice(const v1::GetPayoutInvoiceRequest& r) {
  Violations v;
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

absl::Status ValidateListPayoutInvoices(
    const v1::ListPayoutInvoicesRequest& r) {
  Violations v;
  CheckPageSize(v, r.page_size());
  return std::move(v).Status();
}

}  // namespace payout_gateway
