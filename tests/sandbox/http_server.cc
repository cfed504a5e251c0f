#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace sandbox {
namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kMaxBodyBytes = 4 * 1024 * 1024;
constexpr int kPollMillis = 200;
constexpr int kIdleMillis = 60 * 1000;

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool WriteAll(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

void ResetConnection(int fd) {
  linger l{1, 0};  // close() then sends RST instead of FIN
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}

void ParseQuery(const std::string& raw,
                std::multimap<std::string, std::string>& out) {
  std::size_t pos = 0;
  while (pos <= raw.size() && !raw.empty()) {
    auto amp = raw.find('&', pos);
    std::string pair = raw.substr(
        pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      out.emplace(
          UrlDecode(pair.substr(0, eq), true),
          eq == std::string::npos ? "" : UrlDecode(pair.substr(eq + 1), true));
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
}

std::string SerializeHead(const Response& r) {
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " +
                     ReasonPhrase(r.status) + "\r\n";
  bool has_type = false;
  for (const auto& [k, v] : r.headers) {
    has_type |= Lower(k) == "content-type";
    head += k + ": " + v + "\r\n";
  }
  if (!has_type && !r.body.empty())
    head += "Content-Type: application/json\r\n";
  head += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
  return head;
}

}  // namespace

std::string Request::Query(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

std::string Request::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string UrlDecode(const std::string& text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(
          static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else if (plus_is_space && text[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

HttpServer::HttpServer(Handler handler) : handler_(std::move(handler)) {}

HttpServer::~HttpServer() { Stop(); }

bool HttpServer::Listen(const std::string& host, int port, std::string& error) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    error = "bad host " + host;
    return false;
  }
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) !=
          0 ||
      ::listen(listen_fd_, 1024) != 0) {
    error = std::strerror(errno);
    return false;
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  return true;
}

void HttpServer::Serve() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    int n = ::poll(&p, 1, kPollMillis);
    ReapFinished();
    if (n <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      ::close(fd);
      break;
    }
    uint64_t id = next_id_++;
    ++accepted_;
    Connection& c = connections_[id];
    c.fd = fd;
    c.thread = std::thread([this, id, fd] { HandleConnection(id, fd); });
    int open = 0;
    for (const auto& [other_id, other] : connections_) open += other.fd >= 0;
    if (open > max_open_) max_open_ = open;
  }
}

int HttpServer::open_connections() {
  std::lock_guard<std::mutex> lock(mu_);
  int open = 0;
  for (const auto& [id, c] : connections_) open += c.fd >= 0;
  return open;
}

void HttpServer::ReapFinished() {
  std::vector<std::thread> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (uint64_t id : finished_) {
      auto it = connections_.find(id);
      if (it == connections_.end()) continue;
      done.push_back(std::move(it->second.thread));
      connections_.erase(it);
    }
    finished_.clear();
  }
  for (auto& t : done) t.join();
}

void HttpServer::Stop() {
  if (stopping_.exchange(true)) return;
  if (listen_fd_ >= 0) {
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
  }
  std::map<uint64_t, Connection> connections;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, c] : connections_) {
      if (c.fd >= 0) ::shutdown(c.fd, SHUT_RDWR);
    }
    connections.swap(connections_);
  }
  for (auto& [id, c] : connections) c.thread.join();
}

void HttpServer::HandleConnection(uint64_t id, int fd) {
  std::string buffer;
  bool keep_open = true;
  while (keep_open && !stopping_) {
    // Read one request head.
    std::size_t head_end;
    int idle = 0;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > kMaxHeaderBytes || stopping_ || idle > kIdleMillis) {
        keep_open = false;
        break;
      }
      pollfd p{fd, POLLIN, 0};
      int n = ::poll(&p, 1, kPollMillis);
      if (n == 0) {
        idle += kPollMillis;
        continue;
      }
      char chunk[16384];
      ssize_t r = ::recv(fd, chunk, sizeof(chunk), 0);
      if (r <= 0) {
        keep_open = false;
        break;
      }
      buffer.append(chunk, static_cast<std::size_t>(r));
    }
    if (!keep_open) break;

    Request request;
    std::string head = buffer.substr(0, head_end);
    buffer.erase(0, head_end + 4);
    std::size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    auto sp1 = request_line.find(' ');
    auto sp2 = request_line.rfind(' ');
    if (sp1 == std::string::npos || sp2 == sp1) break;
    request.method = request_line.substr(0, sp1);
    request.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    bool http10 = request_line.substr(sp2 + 1) == "HTTP/1.0";
    std::size_t pos =
        line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      auto eol = head.find("\r\n", pos);
      std::string line = head.substr(
          pos, eol == std::string::npos ? std::string::npos : eol - pos);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        request.headers[Lower(line.substr(0, colon))] =
            Trim(line.substr(colon + 1));
      }
      if (eol == std::string::npos) break;
      pos = eol + 2;
    }
    auto q = request.target.find('?');
    request.path = UrlDecode(request.target.substr(0, q), false);
    if (q != std::string::npos)
      ParseQuery(request.target.substr(q + 1), request.query);

    std::size_t length = 0;
    if (auto cl = request.Header("content-length"); !cl.empty()) {
      length = std::strtoul(cl.c_str(), nullptr, 10);
    }
    if (length > kMaxBodyBytes) break;
    while (buffer.size() < length) {
      char chunk[16384];
      ssize_t r = ::recv(fd, chunk, sizeof(chunk), 0);
      if (r <= 0) {
        keep_open = false;
        break;
      }
      buffer.append(chunk, static_cast<std::size_t>(r));
    }
    if (!keep_open) break;
    request.body = buffer.substr(0, length);
    buffer.erase(0, length);
    keep_open = !http10 && Lower(request.Header("connection")) != "close";

    Response response = handler_(request);
    std::string head_out = SerializeHead(response);
    switch (response.disposition) {
      case Disposition::kRespond:
        if (!WriteAll(fd, head_out.data(), head_out.size()) ||
            !WriteAll(fd, response.body.data(), response.body.size())) {
          keep_open = false;
        }
        break;
      case Disposition::kReset:
        ResetConnection(fd);
        keep_open = false;
        break;
      case Disposition::kTruncate:
        WriteAll(fd, head_out.data(), head_out.size());
        WriteAll(fd, response.body.data(), response.body.size() / 2);
        keep_open = false;
        break;
      case Disposition::kHang:
        ++hanging_;
        while (!stopping_) {
          pollfd p{fd, POLLIN, 0};
          if (::poll(&p, 1, kPollMillis) <= 0) continue;
          char sink[4096];
          if (::recv(fd, sink, sizeof(sink), 0) <= 0) break;  // client gave up
        }
        --hanging_;
        keep_open = false;
        break;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  ::close(fd);
  if (auto it = connections_.find(id); it != connections_.end())
    it->second.fd = -1;
  finished_.push_back(id);
}

}  // namespace sandbox
