#include "server/metrics_endpoint.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

// A connected loopback socket to `port` (blocking, 5 s receive timeout).
int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
            0);
  return fd;
}

void SendAll(int fd, const std::string& data) {
  ASSERT_EQ(send(fd, data.data(), data.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(data.size()));
}

// Everything the server sends until it closes the connection.
std::string ReadToClose(int fd) {
  std::string all;
  char buffer[4096];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) all.append(buffer, n);
  close(fd);
  return all;
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  void Start(absl::Duration client_timeout = absl::Seconds(10)) {
    auto endpoint = MetricsEndpoint::Listen(
        "127.0.0.1:0",
        [this] {
          ++renders_;
          return std::string("payout_gateway_test_total 7\n");
        },
        client_timeout);
    ASSERT_TRUE(endpoint.ok()) << endpoint.status();
    endpoint_ = *std::move(endpoint);
    ASSERT_GT(endpoint_->port(), 0);
    serving_ = std::thread([this] { endpoint_->ServeUntilReadable(stop_); });
  }
  void TearDown() override {
    uint64_t one = 1;
    ASSERT_EQ(write(stop_, &one, sizeof(one)), 8);
    if (serving_.joinable()) serving_.join();
    close(stop_);
  }
  std::string Exchange(const std::string& request) {
    int fd = Connect(endpoint_->port());
    SendAll(fd, request);
    return ReadToClose(fd);
  }

  int stop_ = eventfd(0, EFD_CLOEXEC);
  std::atomic<int> renders_{0};
  std::unique_ptr<MetricsEndpoint> endpoint_;
  std::thread serving_;
};

TEST_F(MetricsEndpointTest, ServesTheRenderedTextOnGetMetrics) {
  Start();
  std::string response =
      Exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(response, "HTTP/1.1 200 OK\r\n")) << response;
  EXPECT_TRUE(absl::StrContains(
      response, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
  EXPECT_TRUE(absl::StrContains(response, "Content-Length: 28\r\n"));
  EXPECT_TRUE(
      absl::EndsWith(response, "\r\n\r\npayout_gateway_test_total 7\n"));
  EXPECT_EQ(renders_, 1);
}

TEST_F(MetricsEndpointTest, HeadSendsHeadersOnly) {
  Start();
  std::string response = Exchange("HEAD /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(response, "HTTP/1.1 200 OK\r\n"));
  EXPECT_TRUE(absl::EndsWith(response, "Connection: close\r\n\r\n"));
}

TEST_F(MetricsEndpointTest, OtherPathsAndMethodsAreRefused) {
  Start();
  EXPECT_TRUE(absl::StartsWith(Exchange("GET / HTTP/1.1\r\n\r\n"),
                               "HTTP/1.1 404 Not Found\r\n"));
  EXPECT_TRUE(absl::StartsWith(Exchange("GET /metricsx HTTP/1.1\r\n\r\n"),
                               "HTTP/1.1 404 Not Found\r\n"));
  std::string post = Exchange("POST /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(post, "HTTP/1.1 405 Method Not Allowed\r\n"));
  EXPECT_TRUE(absl::StrContains(post, "Allow: GET, HEAD\r\n"));
  EXPECT_TRUE(absl::StartsWith(Exchange("garbage\r\n\r\n"),
                               "HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_EQ(renders_, 0);
}

TEST_F(MetricsEndpointTest, AcceptsARequestSplitAcrossPackets) {
  Start();
  int fd = Connect(endpoint_->port());
  SendAll(fd, "GET /met");
  absl::SleepFor(absl::Milliseconds(50));
  SendAll(fd, "rics HTTP/1.1\r\n");
  absl::SleepFor(absl::Milliseconds(50));
  SendAll(fd, "\r\n");
  EXPECT_TRUE(absl::StartsWith(ReadToClose(fd), "HTTP/1.1 200 OK\r\n"));
}

TEST_F(MetricsEndpointTest, AnOversizedRequestHeadIsRefused) {
  Start();
  std::string huge = "GET /metrics HTTP/1.1\r\nX: " + std::string(10000, 'a');
  EXPECT_TRUE(absl::StartsWith(Exchange(huge),
                               "HTTP/1.1 431 Request Header Fields Too Large"));
}

TEST_F(MetricsEndpointTest, ASilentClientNeitherBlocksOthersNorStaysForever) {
  Start(absl::Milliseconds(300));
  int silent = Connect(endpoint_->port());
  EXPECT_TRUE(absl::StartsWith(Exchange("GET /metrics HTTP/1.1\r\n\r\n"),
                               "HTTP/1.1 200 OK\r\n"));
  absl::Time start = absl::Now();
  EXPECT_EQ(ReadToClose(silent), "");  // closed by the endpoint
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
}

TEST_F(MetricsEndpointTest, ReturnsWhenTheStopDescriptorIsReadable) {
  Start();
  int open_client = Connect(endpoint_->port());
  uint64_t one = 1;
  ASSERT_EQ(write(stop_, &one, sizeof(one)), 8);
  serving_.join();
  EXPECT_EQ(ReadToClose(open_client), "");
}

TEST(MetricsEndpoint, NamesTheAddressItCannotBind) {
  auto first = MetricsEndpoint::Listen("127.0.0.1:0", [] { return ""; });
  ASSERT_TRUE(first.ok());
  std::string taken = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = MetricsEndpoint::Listen(taken, [] { return ""; });
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(second.status().message(), taken));
  auto malformed = MetricsEndpoint::Listen("no-port", [] { return ""; });
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      absl::StrContains(malformed.status().message(), "metrics_listen"));
}

}  // namespace
}  // namespace payout_gateway
