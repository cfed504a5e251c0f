#ifndef PAYOUT_GATEWAY_TESTS_SANDBOX_HTTP_SERVER_H_
#define PAYOUT_GATEWAY_TESTS_SANDBOX_HTTP_SERVER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sandbox {

struct Request {
  std::string method;
  std::string target;                             // path and query as sent
  std::string path;                               // decoded path
  std::multimap<std::string, std::string> query;  // decoded
  std::map<std::string, std::string> headers;     // names in lower case
  std::string body;

  // The first value of query parameter `name`, or "".
  std::string Query(const std::string& name) const;
  std::string Header(const std::string& name) const;
};

// What to do with the connection instead of (or besides) answering: the
// failures a real network and a real upstream produce, on demand.
enum class Disposition {
  kRespond,   // write the response
  kReset,     // close with a TCP reset, writing nothing
  kTruncate,  // write the headers and half the body, then close
  kHang,      // write nothing and keep the connection open until the
              // client gives up (or the server stops)
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Disposition disposition = Disposition::kRespond;
};

// A small HTTP/1.1 server: one thread per connection, keep-alive,
// Content-Length bodies. Written for the sandbox rather than taken from a
// library because the sandbox must be able to reset, truncate or stall a
// connection at an exact point, which off-the-shelf servers hide.
class HttpServer {
 public:
  using Handler = std::function<Response(const Request&)>;

  explicit HttpServer(Handler handler);
  ~HttpServer();

  // Binds `host:port` (port 0: a free one). Returns false with `error` set.
  bool Listen(const std::string& host, int port, std::string& error);
  int port() const { return port_; }
  // Connections accepted so far, and the most open at one time.
  int connections_accepted() const { return accepted_; }
  int max_open_connections() const { return max_open_; }
  // Connections open now, and those held without an answer (kHang).
  int open_connections();
  int hanging_connections() const { return hanging_; }

  // Accepts connections until Stop().
  void Serve();
  // Stops accepting, closes every connection and waits for their threads.
  void Stop();

 private:
  struct Connection {
    int fd = -1;  // -1 once the connection thread closed it
    std::thread thread;
  };

  void HandleConnection(uint64_t id, int fd);
  void ReapFinished();

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> max_open_{0};
  std::atomic<int> hanging_{0};
  std::mutex mu_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Connection> connections_;
  std::vector<uint64_t> finished_;
};

// Percent-decoding of a URL component ('+' is a space in queries).
std::string UrlDecode(const std::string& text, bool plus_is_space);

}  // namespace sandbox

#endif  // PAYOUT_GATEWAY_TESTS_SANDBOX_HTTP_SERVER_H_
