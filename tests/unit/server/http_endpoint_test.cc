#include "server/http_endpoint.h"

#include <curl/curl.h>

#include <string>

#include "gtest/gtest.h"

namespace payout_gateway {
namespace {

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One request with libcurl; returns the status, fills `body`.
long Fetch(int port, const std::string& method, const std::string& path,
           const std::string& data, std::string* body) {
  CURL* curl = curl_easy_init();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_slist* headers = curl_slist_append(nullptr, "X-Test: yes");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, data.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
                     static_cast<long>(data.size()));
  }
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return status;
}

TEST(HttpEndpoint, RoutesExactPathsAndReadsTheWholeBody) {
  HttpEndpoint::Options options;
  options.listen = "127.0.0.1:0";
  options.max_body_bytes = 64;
  std::string seen_header;
  auto endpoint = HttpEndpoint::Start(
      options, {{"/echo", [&](const HttpEndpoint::Request& r) {
                   seen_header = std::string(r.Header("x-test"));
                   HttpEndpoint::Response response;
                   response.status = r.too_large ? 413 : 200;
                   response.body = r.method + ":" + r.body;
                   return response;
                 }}});
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  const int port = (*endpoint)->port();
  ASSERT_GT(port, 0);

  std::string body;
  EXPECT_EQ(Fetch(port, "POST", "/echo", "hello", &body), 200);
  EXPECT_EQ(body, "POST:hello");
  EXPECT_EQ(seen_header, "yes");

  body.clear();
  EXPECT_EQ(Fetch(port, "POST", "/echo", std::string(65, 'x'), &body), 413);

  body.clear();
  EXPECT_EQ(Fetch(port, "GET", "/echo/more", "", &body), 404);
  body.clear();
  EXPECT_EQ(Fetch(port, "GET", "/", "", &body), 404);
}

TEST(HttpEndpoint, AnAddressInUseIsAnError) {
  HttpEndpoint::Options options;
  options.listen = "127.0.0.1:0";
  auto first = HttpEndpoint::Start(options, {});
  ASSERT_TRUE(first.ok());
  options.listen = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = HttpEndpoint::Start(options, {});
  EXPECT_FALSE(second.ok());
}

}  // namespace
}  // namespace payout_gateway
