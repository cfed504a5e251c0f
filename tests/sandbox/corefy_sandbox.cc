#include "corefy_sandbox.h"

#include <cmath>
#include <cstdio>
#include <regex>
#include <thread>

#include "catalog.h"

namespace sandbox {
namespace {

using json = nlohmann::json;

std::string Base64(const std::string& in) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63],
            kAlphabet[(n >> 6) & 63], kAlphabet[n & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned n = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kAlphabet[n >> 18], kAlphabet[(n >> 12) & 63],
            kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

// Whole amounts as JSON integers (`10`, as Corefy writes them), others as
// decimals (`10.5`).
json Num(double v) {
  if (std::fabs(v) < 9e15 && v == std::floor(v))
    return json(static_cast<int64_t>(v));
  return json(v);
}

Response Json(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

// The error bodies exactly as the contract shows them.
Response ErrorList(int status, const std::string& text) {
  return Json(
      status,
      {{"errors", {{{"status", text}, {"code", std::to_string(status)}}}}});
}
Response Unauthorized() { return ErrorList(401, "Unauthorized"); }
Response NotFound() { return ErrorList(404, "Not Found"); }
Response MethodNotAllowed() { return ErrorList(405, "Method Not Allowed"); }
Response Unprocessable(const json& field_errors) {
  return Json(422, {{"errors", field_errors}});
}
Response BadJson() {
  return Json(400, {{"errors",
                     {{{"status", "Bad Request"},
                       {"code", "400"},
                       {"title", "invalid_json"},
                       {"detail", "The request body is not valid JSON."}}}}});
}

// Reads a JSON number or numeric string as a double (the sandbox, like
// Corefy's back end, keeps amounts as numbers).
bool ReadAmount(const json& v, double& out) {
  if (v.is_number()) {
    out = v.get<double>();
    return true;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end == s.c_str() + s.size();
  }
  return false;
}

std::string Money2(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

std::string Mask(const std::string& value) {
  if (value.size() < 12) return std::string(value.size(), '*');
  return value.substr(0, 6) + std::string(value.size() - 10, '*') +
         value.substr(value.size() - 4);
}

std::string StringOf(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

json InvoiceResource(const Invoice& inv, const std::string& prefix) {
  double service_amount = inv.amount * inv.exchange_rate;
  bool done = inv.processed != 0;
  json attributes = {
      {"serial_number", inv.serial_number},
      {"status", inv.status},
      {"resolution", inv.resolution},
      {"amount", Num(inv.amount)},
      {"payout_amount", Num(inv.amount)},
      {"currency", inv.currency},
      {"service_currency", inv.service_currency},
      {"service_amount", Num(service_amount)},
      {"service_payout_amount", Num(service_amount)},
      {"reference_id", inv.reference_id},
      {"test_mode", inv.test_mode},
      {"description", inv.description ? json(*inv.description) : json(nullptr)},
      {"fee", 0},
      {"writeoff", Num(inv.amount)},
      {"exchange_rate", Num(inv.exchange_rate)},
      {"processed", done ? json(inv.processed) : json(nullptr)},
      {"processed_amount", done ? Num(inv.amount) : json(nullptr)},
      {"processed_fee", 0},
      {"processed_writeoff", done ? Num(inv.amount) : json(nullptr)},
      {"metadata", inv.metadata},
      {"created", inv.created},
      {"updated", inv.updated},
      {"fields", inv.masked_fields},
      {"callback_url", inv.callback_url},
      {"source", "merchant_api"},
      {"callback_logs", json::array()},
  };
  json relationships = {
      {"payout-service",
       {{"data", {{"type", "payout-services"}, {"id", inv.service_code}}}}},
      {"payout-method",
       {{"data", {{"type", "payout-methods"}, {"id", inv.method_code}}}}},
  };
  if (!inv.customer_id.empty()) {
    relationships["customer"] = {
        {"data", {{"type", "customers"}, {"id", inv.customer_id}}}};
  }
  return {{"type", "payout-invoices"},
          {"id", inv.id},
          {"attributes", attributes},
          {"relationships", relationships},
          {"links", {{"self", prefix + "/payout-invoices/" + inv.id}}}};
}

json ServiceResource(const ServiceSpec& s, const std::string& prefix) {
  return {{"type", "payout-services"},
          {"id", s.account_service_id},
          {"attributes",
           {{"service", s.code},
            {"service_method", s.method},
            {"service_currency", s.service_currency},
            {"available", s.available},
            {"active", s.active},
            {"enabled", s.enabled},
            {"amount_min", Num(s.amount_min)},
            {"amount_max", Num(s.amount_max)},
            {"fee_min", 0},
            {"fee_max", 0},
            {"fee_rate", 0},
            {"fee_fix", 0},
            {"currency", s.currency},
            {"test_mode", true}}},
          {"relationships",
           {{"payout-method",
             {{"data", {{"type", "payout-methods"}, {"id", s.method}}}}},
            {"payout-service",
             {{"data", {{"type", "payout-services"}, {"id", s.code}}}}}}},
          {"links",
           {{"self", prefix + "/payout-services/" + s.account_service_id}}}};
}

// The contract writes regexps double-escaped in its JSON samples.
std::string DoubleEscaped(const std::string& regexp) {
  std::string out;
  for (char c : regexp) {
    out.push_back(c);
    if (c == '\\') out.push_back('\\');
  }
  return out;
}

json PrerequestService(const ServiceSpec& s, double amount) {
  json fields = json::array();
  for (const auto& f : s.fields) {
    json label = {{"ru", f.label_ru}, {"en", f.label_en}, {"uk", f.label_uk}};
    fields.push_back({{"key", f.key},
                      {"type", "string"},
                      {"label", label},
                      {"example", nullptr},
                      {"hint", label},
                      {"regexp", DoubleEscaped(f.regexp)},
                      {"required", f.required},
                      {"position", 0}});
  }
  return {{"code", s.code},
          {"method", s.method},
          {"currency", s.service_currency},
          {"fields", fields},
          {"amount_min", Num(s.amount_min)},
          {"amount_max", Num(s.amount_max)},
          {"exchange_rate", Num(s.exchange_rate)},
          {"amount", Money2(amount * s.exchange_rate)}};
}

json PrerequestMethod(const ServiceSpec& s) {
  json name = {
      {"en", s.method_name}, {"ru", s.method_name}, {"uk", s.method_name}};
  std::string base = "https://static.openfintech.io/payout_methods/" + s.method;
  return {{"code", s.method},
          {"category", s.method_category},
          {"description", ""},
          {"name", name},
          {"logo", base + "/logo.png"},
          {"icon", base + "/icon.svg"},
          {"metadata", nullptr},
          {"position", nullptr},
          {"hide", nullptr}};
}

// Validates the `fields` of a create request against the service.
void CheckFields(const ServiceSpec& service, const json& fields, json& errors) {
  for (const auto& spec : service.fields) {
    std::string value;
    if (fields.is_object() && fields.contains(spec.key)) {
      value = StringOf(fields[spec.key]);
    }
    std::string key = "fields." + spec.key;
    if (value.empty()) {
      if (spec.required) errors[key] = "This value should not be blank.";
      continue;
    }
    if (!std::regex_search(value, std::regex(spec.regexp))) {
      errors[key] = "This value is not valid.";
    }
  }
}

}  // namespace

CorefySandbox::CorefySandbox(SandboxOptions options)
    : options_(std::move(options)),
      basic_auth_("Basic " +
                  Base64(options_.account_id + ":" + options_.api_key)),
      store_(options_.process_delay) {
  CallbackSender::Options callback_options;
  callback_options.secret = options_.callback_secret;
  callbacks_ = std::make_unique<CallbackSender>(
      callback_options, [this] { store_.AdvanceAll(); });
  store_.SetOnChange([this](const Invoice& invoice) {
    const std::string& url = options_.callback_url.empty()
                                 ? invoice.callback_url
                                 : options_.callback_url;
    if (url.empty()) return;
    callbacks_->Send(
        url, json{{"data", InvoiceResource(invoice, options_.private_prefix)}}
                 .dump());
  });
}

Response CorefySandbox::Handle(const Request& request) {
  if (request.path.rfind("/_sandbox/", 0) == 0) {
    try {
      return HandleControl(request);
    } catch (const std::exception& e) {
      return Json(400, {{"error", e.what()}});
    }
  }
  Record(request);
  // Counts requests being handled at once: proof that a client overlaps
  // its calls.
  int now = ++in_flight_;
  for (int seen = max_in_flight_;
       now > seen && !max_in_flight_.compare_exchange_weak(seen, now);) {
  }
  struct Leave {
    std::atomic<int>& n;
    ~Leave() { --n; }
  } leave{in_flight_};
  std::optional<Fault> fault = faults_.Match(request.method, request.path);
  if (!fault) return HandleApi(request);
  if (fault->delay.count() > 0) std::this_thread::sleep_for(fault->delay);
  Response r;
  switch (fault->action) {
    case Fault::Action::kStatus:
      r.status = fault->status;
      r.body = fault->body;
      for (const auto& h : fault->headers) r.headers.push_back(h);
      return r;
    case Fault::Action::kResetBefore:
      r.disposition = Disposition::kReset;
      return r;
    case Fault::Action::kHangBefore:
      r.disposition = Disposition::kHang;
      return r;
    case Fault::Action::kDelay:
      return HandleApi(request);
    case Fault::Action::kResetAfter:
      r = HandleApi(request);
      r.disposition = Disposition::kReset;
      return r;
    case Fault::Action::kHangAfter:
      r = HandleApi(request);
      r.disposition = Disposition::kHang;
      return r;
    case Fault::Action::kTruncateAfter:
      r = HandleApi(request);
      r.disposition = Disposition::kTruncate;
      return r;
    case Fault::Action::kMalformedAfter:
      r = HandleApi(request);
      r.body = R"({"data": {"type": "payout-invoices", "id": )";
      return r;
  }
  return HandleApi(request);
}

Response CorefySandbox::HandleApi(const Request& request) {
  const std::string& p = request.path;
  if (p.rfind(options_.private_prefix + "/", 0) == 0) {
    return HandlePrivate(request, p.substr(options_.private_prefix.size()));
  }
  if (p.rfind(options_.public_prefix + "/", 0) == 0) {
    return HandlePublic(request, p.substr(options_.public_prefix.size()));
  }
  return NotFound();
}

Response CorefySandbox::HandlePublic(const Request& request,
                                     const std::string& path) {
  if (path != "/payout-prerequest") return NotFound();
  if (request.method != "POST") return MethodNotAllowed();
  return Prerequest(request);
}

Response CorefySandbox::HandlePrivate(const Request& request,
                                      const std::string& path) {
  if (request.Header("authorization") != basic_auth_) return Unauthorized();
  static const std::regex kService(R"(^/payout-services/([^/]+)$)");
  static const std::regex kInvoice(R"(^/payout-invoices/([^/]+)$)");
  static const std::regex kProcess(R"(^/payout-invoices/([^/]+)/process$)");
  const std::string& m = request.method;
  std::smatch match;
  if (path == "/payout-services") {
    return m == "GET" ? ListServices(request) : MethodNotAllowed();
  }
  if (std::regex_match(path, match, kService)) {
    return m == "GET" ? GetService(match[1]) : MethodNotAllowed();
  }
  if (path == "/payout-invoices") {
    if (m == "GET") return ListInvoices(request);
    if (m == "POST") return CreateInvoice(request);
    return MethodNotAllowed();
  }
  if (std::regex_match(path, match, kProcess)) {
    return m == "POST" ? ProcessInvoice(match[1]) : MethodNotAllowed();
  }
  if (std::regex_match(path, match, kInvoice)) {
    return m == "GET" ? GetInvoice(match[1]) : MethodNotAllowed();
  }
  return NotFound();
}

Response CorefySandbox::Prerequest(const Request& request) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return BadJson();
  if (StringOf(body.value("public_key", json())) != options_.public_key) {
    return Unauthorized();
  }
  json errors = json::object();
  std::string currency = StringOf(body.value("currency", json()));
  double amount = 0;
  if (currency.empty()) errors["currency"] = "This value should not be blank.";
  if (!body.contains("amount") || !ReadAmount(body["amount"], amount)) {
    errors["amount"] = "This value should be a number.";
  } else if (amount <= 0) {
    errors["amount"] = "This value should be greater than 0.";
  }
  if (!errors.empty()) return Unprocessable(errors);

  json services = json::object();
  json methods = json::object();
  for (const auto& s : Catalog()) {
    if (s.currency != currency || !s.available || !s.enabled) continue;
    if (amount < s.amount_min || amount > s.amount_max) continue;
    services[s.code] = PrerequestService(s, amount);
    methods[s.method] = PrerequestMethod(s);
  }
  // As in the contract's sample, `methods` and `account` sit inside
  // `services`.
  services["methods"] = methods;
  services["account"] = {
      {"name", "Sandbox"},
      {"description", "Corefy sandbox for tests and demos"},
      {"icon", "https://static.openfintech.io/icons/sandbox.svg"},
      {"website", "https://sandbox.invalid"}};
  return Json(200,
              {{"data",
                {{"currency", currency},
                 {"amount", body["amount"]},
                 {"test_mode", options_.public_key.rfind("pk_test_", 0) == 0},
                 {"services", services}}}});
}

Response CorefySandbox::ListServices(const Request& request) {
  long page = std::max(1L, std::atol(request.Query("page[number]").c_str()));
  long size = std::atol(request.Query("page[size]").c_str());
  if (size <= 0) size = 20;
  size = std::min(size, 100L);
  const auto& all = Catalog();
  long total = static_cast<long>(all.size());
  long pages = std::max(1L, (total + size - 1) / size);
  json data = json::array();
  for (long i = (page - 1) * size; i < std::min(total, page * size); ++i) {
    data.push_back(ServiceResource(all[static_cast<std::size_t>(i)],
                                   options_.private_prefix));
  }
  auto link = [&](long n) {
    return options_.private_prefix +
           "/payout-services?page[number]=" + std::to_string(n) +
           "&page[size]=" + std::to_string(size);
  };
  json links = {{"first", link(1)}, {"last", link(pages)}};
  if (page < pages) links["next"] = link(page + 1);
  return Json(200,
              {{"meta", {{"total", total}, {"pages", pages}, {"page", page}}},
               {"links", links},
               {"data", data}});
}

Response CorefySandbox::GetService(const std::string& id) {
  const ServiceSpec* s = FindServiceById(id);
  if (s == nullptr) return NotFound();
  return Json(200, {{"data", ServiceResource(*s, options_.private_prefix)}});
}

Response CorefySandbox::CreateInvoice(const Request& request) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return BadJson();
  json data = body.value("data", json::object());
  json errors = json::object();
  std::string type = StringOf(data.value("type", json()));
  if (type != "payout-invoice" && type != "payout-invoices") {
    errors["type"] = "This value should be \"payout-invoice\".";
  }
  json a = data.value("attributes", json::object());
  if (!a.is_object()) a = json::object();

  Invoice inv;
  inv.reference_id = StringOf(a.value("reference_id", json()));
  if (inv.reference_id.empty()) {
    errors["reference_id"] = "This value should not be blank.";
  }
  std::string code = StringOf(a.value("service", json()));
  const ServiceSpec* service = FindServiceByCode(code);
  if (code.empty()) {
    errors["service"] = "This value should not be blank.";
  } else if (service == nullptr) {
    errors["service"] = "Service not found.";
  } else if (!service->available || !service->enabled) {
    errors["service"] = "Service is not available.";
  }
  inv.currency = StringOf(a.value("currency", json()));
  if (inv.currency.empty()) {
    errors["currency"] = "This value should not be blank.";
  } else if (service != nullptr && inv.currency != service->currency) {
    errors["currency"] =
        "Currency " + inv.currency + " is not supported by the service.";
  }
  if (!a.contains("amount") || !ReadAmount(a["amount"], inv.amount)) {
    errors["amount"] = "This value should be a number.";
  } else if (inv.amount <= 0) {
    errors["amount"] = "This value should be greater than 0.";
  } else if (service != nullptr && (inv.amount < service->amount_min ||
                                    inv.amount > service->amount_max)) {
    errors["amount"] = "This value should be between " +
                       Money2(service->amount_min) + " and " +
                       Money2(service->amount_max) + ".";
  }
  json fields = a.value("fields", json::object());
  if (service != nullptr) CheckFields(*service, fields, errors);
  json customer = a.value("customer", json());
  if (customer.is_object() &&
      StringOf(customer.value("reference_id", json())).empty()) {
    errors["customer.reference_id"] = "This value should not be blank.";
  }
  if (!errors.empty()) return Unprocessable(errors);

  inv.service_code = service->code;
  inv.method_code = service->method;
  inv.service_currency = service->service_currency;
  inv.exchange_rate = service->exchange_rate;
  inv.test_mode = true;
  if (fields.is_object()) {
    for (const auto& [k, v] : fields.items()) {
      inv.fields[k] = StringOf(v);
      bool sensitive = false;
      for (const auto& spec : service->fields)
        sensitive |= spec.key == k && spec.sensitive;
      inv.masked_fields[k] = sensitive ? Mask(StringOf(v)) : StringOf(v);
    }
  }
  inv.callback_url = StringOf(a.value("callback_url", json()));
  if (a.contains("description") && a["description"].is_string()) {
    inv.description = a["description"].get<std::string>();
  }
  if (a.contains("metadata") && a["metadata"].is_object())
    inv.metadata = a["metadata"];
  if (customer.is_object()) {
    inv.customer_id = "cus_" + StringOf(customer.value("reference_id", json()));
  }
  inv.created_by_request = request.Header("x-request-id");
  auto [created, stored] = store_.Insert(inv);
  if (!created) {
    return Json(
        409, {{"errors",
               {{{"status", "Conflict"},
                 {"code", "409"},
                 {"title", "duplicate_reference_id"},
                 {"detail",
                  "A payout invoice with this reference_id already exists."}}}},
              {"data", InvoiceResource(stored, options_.private_prefix)}});
  }
  json options = a.value("options", json::object());
  if (options.is_object() && options.value("auto_process", false) == true) {
    stored = store_.Process(stored.id).second;
  }
  return Json(201,
              {{"data", InvoiceResource(stored, options_.private_prefix)}});
}

Response CorefySandbox::ProcessInvoice(const std::string& id) {
  auto [outcome, inv] = store_.Process(id);
  switch (outcome) {
    case InvoiceStore::ProcessOutcome::kNotFound:
      return NotFound();
    case InvoiceStore::ProcessOutcome::kNotCreated:
      return Json(
          409,
          {{"errors",
            {{{"status", "Conflict"},
              {"code", "409"},
              {"title", "invalid_status"},
              {"detail", "The invoice is " + inv.status +
                             "; only created invoices can be processed."}}}}});
    case InvoiceStore::ProcessOutcome::kStarted:
      break;
  }
  return Json(200, {{"data", InvoiceResource(inv, options_.private_prefix)}});
}

Response CorefySandbox::GetInvoice(const std::string& id) {
  auto inv = store_.Get(id);
  if (!inv) return NotFound();
  return Json(200, {{"data", InvoiceResource(*inv, options_.private_prefix)}});
}

Response CorefySandbox::ListInvoices(const Request& request) {
  long size = std::atol(request.Query("page[size]").c_str());
  if (size <= 0) size = 20;
  size = std::min(size, 100L);
  InvoiceStore::Page page;
  if (std::string ref = request.Query("filter[reference_id]"); !ref.empty()) {
    if (auto inv = store_.FindByReference(ref)) page.items.push_back(*inv);
  } else {
    // As the contract's sample reads: cursors are invoice ids in time,
    // `page[before]=x` the invoices created before x (older, the next page
    // of a newest-first list), `page[after]=x` those created after it.
    page = store_.List(/*older_than=*/request.Query("page[before]"),
                       /*newer_than=*/request.Query("page[after]"),
                       static_cast<std::size_t>(size));
  }
  json data = json::array();
  for (const auto& inv : page.items) {
    data.push_back(InvoiceResource(inv, options_.private_prefix));
  }
  // The sample's meta: `after` is the first (newest) invoice of the page,
  // `before` the last (oldest); the links say where the pages are.
  std::string newest = page.items.empty() ? "" : page.items.front().id;
  std::string oldest = page.items.empty() ? "" : page.items.back().id;
  std::string base = options_.private_prefix +
                     "/payout-invoices?page[size]=" + std::to_string(size);
  return Json(
      200,
      {{"meta",
        {{"count", page.items.size()},
         {"size", size},
         {"before", oldest},
         {"after", newest}}},
       {"links",
        {{"prev", page.has_newer ? base + "&page[after]=" + newest : ""},
         {"next", page.has_older ? base + "&page[before]=" + oldest : ""}}},
       {"data", data}});
}

void CorefySandbox::Record(const Request& request) {
  json entry = {{"method", request.method},   {"path", request.path},
                {"target", request.target},   {"query", json::object()},
                {"headers", request.headers}, {"body", request.body}};
  for (const auto& [k, v] : request.query) entry["query"][k] = v;
  std::lock_guard<std::mutex> lock(log_mu_);
  requests_.push_back(std::move(entry));
}

Response CorefySandbox::HandleControl(const Request& request) {
  const std::string& p = request.path;
  const std::string& m = request.method;
  if (p == "/_sandbox/requests" && m == "GET") {
    std::lock_guard<std::mutex> lock(log_mu_);
    return Json(200, json(requests_));
  }
  if (p == "/_sandbox/requests" && m == "DELETE") {
    std::lock_guard<std::mutex> lock(log_mu_);
    requests_.clear();
    return Json(200, json::object());
  }
  if (p == "/_sandbox/faults" && m == "POST") {
    json spec = json::parse(request.body, nullptr, false);
    std::string error;
    auto fault = ParseFault(spec, error);
    if (!fault) return Json(400, {{"error", error}});
    if (spec.contains("seed")) faults_.Seed(spec["seed"].get<unsigned>());
    faults_.Add(*std::move(fault));
    return Json(200, json::object());
  }
  if (p == "/_sandbox/faults" && m == "GET")
    return Json(200, faults_.Describe());
  if (p == "/_sandbox/faults" && m == "DELETE") {
    faults_.Clear();
    return Json(200, json::object());
  }
  if (p == "/_sandbox/callbacks" && m == "GET") {
    return Json(200, callbacks_->Stats());
  }
  if (p == "/_sandbox/callback_faults" && m == "POST") {
    std::string error;
    if (!callbacks_->AddFault(json::parse(request.body, nullptr, false),
                              error)) {
      return Json(400, {{"error", error}});
    }
    return Json(200, json::object());
  }
  if (p == "/_sandbox/callback_faults" && m == "DELETE") {
    callbacks_->ClearFaults();
    return Json(200, json::object());
  }
  if (p == "/_sandbox/stats" && m == "GET") {
    std::lock_guard<std::mutex> lock(log_mu_);
    int created = 0;
    for (const auto& r : requests_) {
      created += r["method"] == "POST" &&
                 r["path"] == options_.private_prefix + "/payout-invoices";
    }
    json stats = {{"requests", requests_.size()},
                  {"create_requests", created},
                  {"max_in_flight", max_in_flight_.load()}};
    if (server_stats_) stats.update(server_stats_());
    return Json(200, stats);
  }
  if (p == "/_sandbox/invoices" && m == "GET") {
    auto counts = store_.CountByReference();
    json invoices = json::array();
    for (const Invoice& inv : store_.All()) {
      invoices.push_back({{"id", inv.id},
                          {"reference_id", inv.reference_id},
                          {"amount", Num(inv.amount)},
                          {"status", inv.status},
                          {"created_by_request", inv.created_by_request}});
    }
    return Json(200, {{"count", invoices.size()},
                      {"by_reference_id", counts},
                      {"invoices", invoices}});
  }
  return NotFound();
}

}  // namespace sandbox
