#include "json/payout_prerequest_json.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "json/exact_json.h"
#include "json/json_reader.h"
#include "json/jsonapi.h"

namespace payout_gateway {
namespace {

namespace v1 = ::corefy::payout::v1;
using json = nlohmann::json;

void ReadField(const JsonReader& f, v1::ServiceField* out) {
  out->set_key(f.String("key"));
  out->set_type(f.String("type"));
  f.StringMap("label", out->mutable_label());
  if (auto example = f.OptionalString("example")) out->set_example(*example);
  f.StringMap("hint", out->mutable_hint());
  out->set_regexp(f.String("regexp"));
  out->set_pattern(NormalizeFieldPattern(out->regexp()));
  out->set_required(f.Bool("required"));
  out->set_position(
      static_cast<int32_t>(f.OptionalInt("position").value_or(0)));
}

void ReadService(const JsonReader& s, absl::string_view code,
                 v1::AvailablePayoutService* out) {
  out->set_code(s.Has("code") ? s.String("code") : std::string(code));
  out->set_method(s.String("method"));
  out->set_currency(s.String("currency"));
  if (const json* fields = s.Array("fields")) {
    for (std::size_t i = 0; i < fields->size(); ++i) {
      ReadField(s.Element((*fields)[i], i, "fields"), out->add_fields());
    }
  }
  out->set_amount_min(s.Decimal("amount_min"));
  out->set_amount_max(s.Decimal("amount_max"));
  out->set_exchange_rate(s.Decimal("exchange_rate"));
  out->set_amount(s.Decimal("amount"));
}

void ReadMethod(const JsonReader& m, absl::string_view code,
                v1::PayoutMethod* out) {
  out->set_code(m.Has("code") ? m.String("code") : std::string(code));
  out->set_category(m.String("category"));
  out->set_description(m.String("description"));
  m.StringMap("name", out->mutable_name());
  out->set_logo(m.String("logo"));
  out->set_icon(m.String("icon"));
  m.StringMap("metadata", out->mutable_metadata());
  if (auto position = m.OptionalInt("position")) {
    out->set_position(static_cast<int32_t>(*position));
  }
  if (auto hide = m.OptionalBool("hide")) out->set_hide(*hide);
}

const json* Member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// A payout service entry has fields or a method; `methods` and `account`
// objects do not.
bool LooksLikeService(const json& value) {
  return value.is_object() &&
         (value.contains("fields") || value.contains("method"));
}

json StringMapToJson(const google::protobuf::Map<std::string, std::string>& m) {
  json out = json::object();
  for (const auto& [k, v] : m) out[k] = v;
  return out;
}

bool EveryBackslashDoubled(absl::string_view s) {
  bool any = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') continue;
    if (i + 1 >= s.size() || s[i + 1] != '\\') return false;
    any = true;
    ++i;
  }
  return any;
}

}  // namespace

std::string PayoutPrerequestBody(const v1::PayoutPrerequestRequest& request,
                                 absl::string_view public_key) {
  json body = {{"currency", request.currency()},
               {"public_key", std::string(public_key)}};
  return DumpWithRawNumber(body, "amount", request.amount());
}

absl::Status ParsePayoutPrerequestDocument(absl::string_view body,
                                           v1::PayoutPrerequestResponse* out) {
  auto doc = ParseDocument(body);
  if (!doc.ok()) return doc.status();
  JsonReader root(&*doc, "");
  JsonReader data = root.Object("data");
  if (!data.IsObject()) root.Fail("data", "missing pre-request data");
  out->set_currency(data.String("currency"));
  out->set_amount(data.Decimal("amount"));
  out->set_test_mode(data.Bool("test_mode"));

  // Corefy's documentation puts `methods` and `account` beside `services`;
  // the contract's sample nests them inside it. Accept both.
  const json* d = Member(*doc, "data");
  const json* services = d ? Member(*d, "services") : nullptr;
  const json* methods = d ? Member(*d, "methods") : nullptr;
  const json* account = d ? Member(*d, "account") : nullptr;
  JsonReader services_reader = data.Object("services");
  JsonReader methods_reader = data.Object("methods");
  JsonReader account_reader = data.Object("account");
  if (services != nullptr && services->is_object()) {
    for (const auto& [code, value] : services->items()) {
      if (code == "methods" && !LooksLikeService(value) && methods == nullptr) {
        methods = &value;
        methods_reader = services_reader.Object(code);
        continue;
      }
      if (code == "account" && !LooksLikeService(value) && account == nullptr) {
        account = &value;
        account_reader = services_reader.Object(code);
        continue;
      }
      ReadService(services_reader.Object(code), code, out->add_services());
    }
  }
  if (methods != nullptr && methods->is_object()) {
    for (const auto& [code, value] : methods->items()) {
      ReadMethod(methods_reader.Object(code), code, out->add_methods());
    }
  }
  out->mutable_account()->set_name(account_reader.String("name"));
  out->mutable_account()->set_description(account_reader.String("description"));
  out->mutable_account()->set_icon(account_reader.String("icon"));
  out->mutable_account()->set_website(account_reader.String("website"));
  return root.status();
}

json PayoutPrerequestToJson(const v1::PayoutPrerequestResponse& in) {
  json services = json::object();
  for (const auto& s : in.services()) {
    json fields = json::array();
    for (const auto& f : s.fields()) {
      fields.push_back(
          {{"key", f.key()},
           {"type", f.type()},
           {"label", StringMapToJson(f.label())},
           {"example", f.has_example() ? json(f.example()) : json(nullptr)},
           {"hint", StringMapToJson(f.hint())},
           {"regexp", f.regexp()},
           {"required", f.required()},
           {"position", f.position()}});
    }
    services[s.code()] = {{"code", s.code()},
                          {"method", s.method()},
                          {"currency", s.currency()},
                          {"fields", std::move(fields)},
                          {"amount_min", DecimalOrNull(s.amount_min())},
                          {"amount_max", DecimalOrNull(s.amount_max())},
                          {"exchange_rate", DecimalOrNull(s.exchange_rate())},
                          {"amount", DecimalOrNull(s.amount())}};
  }
  json methods = json::object();
  for (const auto& m : in.methods()) {
    methods[m.code()] = {
        {"code", m.code()},
        {"category", m.category()},
        {"description", m.description()},
        {"name", StringMapToJson(m.name())},
        {"logo", m.logo()},
        {"icon", m.icon()},
        {"metadata",
         m.metadata().empty() ? json(nullptr) : StringMapToJson(m.metadata())},
        {"position", m.has_position() ? json(m.position()) : json(nullptr)},
        {"hide", m.has_hide() ? json(m.hide()) : json(nullptr)}};
  }
  return {{"currency", in.currency()},
          {"amount", DecimalOrNull(in.amount())},
          {"test_mode", in.test_mode()},
          {"services", std::move(services)},
          {"methods", std::move(methods)},
          {"account",
           {{"name", in.account().name()},
            {"description", in.account().description()},
            {"icon", in.account().icon()},
            {"website", in.account().website()}}}};
}

std::string NormalizeFieldPattern(absl::string_view regexp) {
  absl::string_view p = regexp;
  // `/pattern/flags` as JavaScript and PHP write regexps.
  if (p.size() >= 2 && p.front() == '/') {
    auto close = p.rfind('/');
    if (close > 0) {
      bool flags_only = true;
      for (char c : p.substr(close + 1)) {
        flags_only &= absl::ascii_isalpha(static_cast<unsigned char>(c));
      }
      if (flags_only) p = p.substr(1, close - 1);
    }
  }
  if (!EveryBackslashDoubled(p)) return std::string(p);
  std::string out;
  out.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    out.push_back(p[i]);
    if (p[i] == '\\') ++i;  // keep one of the pair
  }
  return out;
}

}  // namespace payout_gateway
