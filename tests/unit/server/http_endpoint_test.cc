#include "server/http_endpoint.h"

#include <string>

#include "gtest/gtest.h"
#include "support/http_request.h"

namespace payout_gateway {
namespace {

// One request to the endpoint on `port`; returns the status, fills `body`.
long Fetch(int port, const std::string& method, const std::string& path,
           const std::string& data, std::string* body) {
  payout_gateway_testing::HttpAnswer answer =
      payout_gateway_testing::HttpRequest(
          method, "http://127.0.0.1:" + std::to_string(port) + path, data,
          {"X-Test: yes"});
  *body = std::move(answer.body);
  return answer.status;
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
