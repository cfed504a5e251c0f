// payout-slow-upstream: a Corefy stand-in that answers every request after
// a fixed delay, on one thread with epoll -- no thread is held per waiting
// request, so ten thousand of them cost ten thousand sockets and buffers,
// nothing more. bench/run points the gateway at it to hold 10,000 calls in
// flight.
//
//   payout-slow-upstream --port=0 --delay_ms=200 --data=tests/data
// Prints "payout-slow-upstream listening on 127.0.0.1:PORT".

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Http(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) +
         (status == 201 ? " Created" : " OK") +
         "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

struct Responses {
  std::string invoice, service, list, created, not_found;
};

// The canned answer for a request line, as the contract's samples.
const std::string& Answer(const Responses& r, const std::string& method,
                          const std::string& target) {
  std::string path = target.substr(0, target.find('?'));
  if (method == "POST" && path.size() > 8 &&
      path.compare(path.size() - 8, 8, "/process") == 0) {
    return r.invoice;
  }
  if (path.rfind("/api/payout-invoices/", 0) == 0) return r.invoice;
  if (path == "/api/payout-invoices")
    return method == "POST" ? r.created : r.list;
  if (path.rfind("/api/payout-services/", 0) == 0) return r.service;
  return r.not_found;
}

struct Connection {
  uint64_t generation = 0;  // tells a reused fd from the one it replaced
  std::string in;
  std::string out;
};

struct Pending {
  Clock::time_point due;
  int fd;
  uint64_t generation;
  const std::string* response;
};

void NonBlocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0, delay_ms = 200;
  std::string data = "tests/data";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--port=", 0) == 0) port = std::atoi(arg.c_str() + 7);
    if (arg.rfind("--delay_ms=", 0) == 0)
      delay_ms = std::atoi(arg.c_str() + 11);
    if (arg.rfind("--data=", 0) == 0) data = arg.substr(7);
  }
  Responses r{Http(200, Read(data + "/invoice_private.json")),
              Http(200, Read(data + "/payout_service.json")),
              Http(200, Read(data + "/invoice_list.json")),
              Http(201, Read(data + "/create_invoice_response.json")),
              "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"};

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listener, 4096) != 0) {
    std::perror("payout-slow-upstream");
    return 1;
  }
  socklen_t len = sizeof(addr);
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  NonBlocking(listener);
  std::printf("payout-slow-upstream listening on 127.0.0.1:%d\n",
              ntohs(addr.sin_port));
  std::fflush(stdout);

  int ep = epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = listener;
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
  std::unordered_map<int, Connection> connections;
  std::deque<Pending> pending;  // constant delay: due times are in order
  uint64_t generations = 0;
  const auto delay = std::chrono::milliseconds(delay_ms);

  auto flush = [&](int fd) {
    Connection& c = connections[fd];
    while (!c.out.empty()) {
      ssize_t n = send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      c.out.erase(0, static_cast<std::size_t>(n));
    }
    epoll_event w{};
    w.events = c.out.empty() ? EPOLLIN : (EPOLLIN | EPOLLOUT);
    w.data.fd = fd;
    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &w);
  };

  std::vector<epoll_event> events(1024);
  while (true) {
    int timeout = -1;
    if (!pending.empty()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          pending.front().due - Clock::now());
      timeout = std::max<int>(0, static_cast<int>(left.count()));
    }
    int n =
        epoll_wait(ep, events.data(), static_cast<int>(events.size()), timeout);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == listener) {
        int c;
        while ((c = accept(listener, nullptr, nullptr)) >= 0) {
          NonBlocking(c);
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
          epoll_event e{};
          e.events = EPOLLIN;
          e.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &e);
          connections[c].generation = ++generations;
        }
        continue;
      }
      if (events[i].events & EPOLLOUT) flush(fd);
      if (!(events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      Connection& c = connections[fd];
      char buffer[16384];
      ssize_t got;
      bool closed = false;
      while ((got = recv(fd, buffer, sizeof(buffer), 0)) > 0)
        c.in.append(buffer, got);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
        closed = true;
      // Every complete request gets its answer `delay` from now.
      std::size_t head_end;
      while ((head_end = c.in.find("\r\n\r\n")) != std::string::npos) {
        std::size_t length = 0;
        const char* cl = strcasestr(c.in.c_str(), "content-length:");
        if (cl != nullptr && cl < c.in.c_str() + head_end)
          length = std::strtoul(cl + 15, nullptr, 10);
        if (c.in.size() < head_end + 4 + length) break;
        std::string line = c.in.substr(0, c.in.find("\r\n"));
        std::string method = line.substr(0, line.find(' '));
        std::string target =
            line.substr(method.size() + 1, line.rfind(' ') - method.size() - 1);
        pending.push_back({Clock::now() + delay, fd, c.generation,
                           &Answer(r, method, target)});
        c.in.erase(0, head_end + 4 + length);
      }
      if (closed) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        connections.erase(fd);
      }
    }
    const auto now = Clock::now();
    while (!pending.empty() && pending.front().due <= now) {
      Pending p = pending.front();
      pending.pop_front();
      auto it = connections.find(p.fd);
      if (it == connections.end() || it->second.generation != p.generation) {
        continue;  // the client hung up
      }
      it->second.out += *p.response;
      flush(p.fd);
    }
  }
}
