#include "support/http_request.h"

#include <curl/curl.h>

namespace payout_gateway_testing {
namespace {

std::size_t Append(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

HttpAnswer HttpRequest(const std::string& method, const std::string& url,
                       const std::string& body,
                       const std::vector<std::string>& headers) {
  HttpAnswer answer;
  CURL* curl = curl_easy_init();
  curl_slist* header_list = nullptr;
  for (const std::string& line : headers) {
    header_list = curl_slist_append(header_list, line.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
                     static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  }
  curl_slist_free_all(header_list);
  curl_easy_cleanup(curl);
  return answer;
}

}  // namespace payout_gateway_testing
