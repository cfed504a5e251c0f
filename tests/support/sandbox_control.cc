#include "support/sandbox_control.h"

#include <curl/curl.h>

#include <stdexcept>

namespace payout_gateway_testing {
namespace {

std::size_t Append(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

nlohmann::json MustJson(int status, const std::string& body) {
  if (status != 200) {
    throw std::runtime_error("sandbox control answered " +
                             std::to_string(status) + ": " + body);
  }
  return nlohmann::json::parse(body);
}

}  // namespace

int SandboxControl::Send(const std::string& method, const std::string& path,
                         const std::string& request_body, std::string& body,
                         const std::string& authorization) const {
  CURL* curl = curl_easy_init();
  std::string url = base_url_ + path;
  curl_slist* headers =
      curl_slist_append(nullptr, "Content-Type: application/json");
  if (!authorization.empty()) {
    headers =
        curl_slist_append(headers, ("Authorization: " + authorization).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request_body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
                     static_cast<long>(request_body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    throw std::runtime_error(std::string("sandbox unreachable: ") +
                             curl_easy_strerror(code));
  }
  return static_cast<int>(status);
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
