#include "server/metrics_endpoint.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

// A request head larger than this is not a scrape.
constexpr size_t kMaxRequestHead = 8192;

std::string Response(absl::string_view status, absl::string_view extra_headers,
                     absl::string_view body, bool head_only) {
  return absl::StrCat("HTTP/1.1 ", status, "\r\n", extra_headers,
                      "Content-Length: ", body.size(),
                      "\r\nConnection: close\r\n\r\n",
                      head_only ? absl::string_view() : body);
}

// Splits "host:port" (host may be "[v6]" or empty) for getaddrinfo.
bool SplitHostPort(const std::string& address, std::string* host,
                   std::string* port) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos) return false;
  *host = address.substr(0, colon);
  *port = address.substr(colon + 1);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']')
    *host = host->substr(1, host->size() - 2);
  return !port->empty();
}

}  // namespace

struct MetricsEndpoint::Client {
  int fd;
  absl::Time deadline;
  std::string in;
  std::string out;  // empty until the request head is complete
  size_t written = 0;
};

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Listen(
    const std::string& listen_address, Render render,
    absl::Duration client_timeout) {
  auto fail = [&](absl::string_view why) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen_address, ": ", why));
  };
  std::string host, port;
  if (!SplitHostPort(listen_address, &host, &port))
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics_listen: expected host:port, got \"", listen_address, "\""));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(),
                       &hints, &found);
  if (rc != 0) return fail(gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found,
                                                               freeaddrinfo);
  int fd =
      socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 ||
      listen(fd, kMaxClients) != 0) {
    std::string why = std::strerror(errno);
    close(fd);
    return fail(why);
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  char service[NI_MAXSERV] = "0";
  getnameinfo(reinterpret_cast<sockaddr*>(&bound), length, nullptr, 0, service,
              sizeof(service), NI_NUMERICSERV);
  return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(
      fd, std::atoi(service), std::move(render), client_timeout));
}

MetricsEndpoint::MetricsEndpoint(int listen_fd, int port, Render render,
                                 absl::Duration client_timeout)
    : listen_fd_(listen_fd),
      port_(port),
      render_(std::move(render)),
      client_timeout_(client_timeout) {}

MetricsEndpoint::~MetricsEndpoint() { close(listen_fd_); }

std::string MetricsEndpoint::Respond(const std::string& head) const {
  // The request line: METHOD SP TARGET SP VERSION.
  absl::string_view line(head.data(), head.find_first_of("\r\n"));
  auto first_space = line.find(' ');
  auto second_space = line.find(' ', first_space + 1);
  if (first_space == absl::string_view::npos ||
      second_space == absl::string_view::npos) {
    return Response("400 Bad Request", "", "", false);
  }
  absl::string_view method = line.substr(0, first_space);
  absl::string_view target =
      line.substr(first_space + 1, second_space - first_space - 1);
  const bool head_only = method == "HEAD";
  if (method != "GET" && !head_only) {
    return Response("405 Method Not Allowed", "Allow: GET, HEAD\r\n", "",
                    false);
  }
  if (target != "/metrics" && !absl::StartsWith(target, "/metrics?")) {
    return Response("404 Not Found", "", "", head_only);
  }
  return Response("200 OK",
                  "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n",
                  render_(), head_only);
}

void MetricsEndpoint::ServeUntilReadable(int stop_fd) {
  std::vector<Client> clients;
  std::vector<pollfd> polled;
  while (true) {
    // [0] stop, [1] listener (while there is room), then the clients.
    polled.assign({{stop_fd, POLLIN, 0}, {listen_fd_, POLLIN, 0}});
    if (clients.size() >= kMaxClients) polled[1].fd = -1;
    absl::Time next_deadline = absl::InfiniteFuture();
    for (const Client& c : clients) {
      polled.push_back(
          {c.fd, static_cast<short>(c.out.empty() ? POLLIN : POLLOUT), 0});
      next_deadline = std::min(next_deadline, c.deadline);
    }
    int timeout_ms = -1;
    if (next_deadline != absl::InfiniteFuture()) {
      timeout_ms = static_cast<int>(std::max<int64_t>(
          0, absl::ToInt64Milliseconds(absl::Ceil(next_deadline - absl::Now(),
                                                  absl::Milliseconds(1)))));
    }
    if (poll(polled.data(), polled.size(), timeout_ms) < 0 && errno != EINTR)
      break;
    if (polled[0].revents != 0) break;

    const absl::Time now = absl::Now();
    for (size_t i = 0; i < clients.size(); ++i) {
      Client& c = clients[i];
      const short ready = polled[i + 2].revents;
      bool done = now >= c.deadline || (ready & (POLLERR | POLLNVAL)) != 0;
      if (!done && c.out.empty() && (ready & (POLLIN | POLLHUP)) != 0) {
        char buffer[4096];
        ssize_t n = recv(c.fd, buffer, sizeof(buffer), 0);
        if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) {
          done = true;
        } else if (n > 0) {
          c.in.append(buffer, static_cast<size_t>(n));
          if (c.in.find("\r\n\r\n") != std::string::npos ||
              c.in.find("\n\n") != std::string::npos) {
            c.out = Respond(c.in);
          } else if (c.in.size() > kMaxRequestHead) {
            c.out =
                Response("431 Request Header Fields Too Large", "", "", false);
          }
        }
      } else if (!done && !c.out.empty() && (ready & POLLOUT) != 0) {
        ssize_t n = send(c.fd, c.out.data() + c.written,
                         c.out.size() - c.written, MSG_NOSIGNAL);
        if (n > 0) c.written += static_cast<size_t>(n);
        done = (n < 0 && errno != EAGAIN && errno != EINTR) ||
               c.written == c.out.size();
      }
      if (done) {
        close(c.fd);
        c.fd = -1;
      }
    }
    clients.erase(std::remove_if(clients.begin(), clients.end(),
                                 [](const Client& c) { return c.fd < 0; }),
                  clients.end());

    while ((polled[1].revents & POLLIN) != 0 && clients.size() < kMaxClients) {
      int fd =
          accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) break;
      clients.push_back(Client{fd, absl::Now() + client_timeout_, "", "", 0});
    }
  }
  for (const Client& c : clients) close(c.fd);
}

}  // namespace payout_gateway
