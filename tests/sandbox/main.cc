// corefy-sandbox: a stand-in for Corefy's payout API for tests and demos.
//
//   corefy-sandbox [--port=0] [--host=127.0.0.1] [--process_delay_ms=0]
//                  [--account_id=...] [--api_key=...] [--public_key=...]
//                  [--callback_secret=...] [--callback_url=URL]
//
// Prints "corefy-sandbox listening on HOST:PORT" when ready and stops
// cleanly on SIGTERM or SIGINT.

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "corefy_sandbox.h"
#include "http_server.h"

namespace {

bool Flag(const std::string& arg, const std::string& name, std::string& value) {
  std::string prefix = "--" + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  sandbox::SandboxOptions options;
  std::string host = "127.0.0.1";
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], v;
    if (Flag(arg, "port", v)) {
      port = std::atoi(v.c_str());
    } else if (Flag(arg, "host", v)) {
      host = v;
    } else if (Flag(arg, "process_delay_ms", v)) {
      options.process_delay = std::chrono::milliseconds(std::atol(v.c_str()));
    } else if (Flag(arg, "account_id", v)) {
      options.account_id = v;
    } else if (Flag(arg, "api_key", v)) {
      options.api_key = v;
    } else if (Flag(arg, "public_key", v)) {
      options.public_key = v;
    } else if (Flag(arg, "callback_secret", v)) {
      options.callback_secret = v;
    } else if (Flag(arg, "callback_url", v)) {
      options.callback_url = v;
    } else {
      std::fprintf(stderr, "corefy-sandbox: unknown argument %s\n",
                   arg.c_str());
      return 2;
    }
  }

  sandbox::CorefySandbox corefy(options);
  sandbox::HttpServer server(
      [&corefy](const sandbox::Request& r) { return corefy.Handle(r); });
  corefy.SetServerStats([&server] {
    return nlohmann::json{
        {"open_connections", server.open_connections()},
        {"hanging_connections", server.hanging_connections()}};
  });
  std::string error;
  if (!server.Listen(host, port, error)) {
    std::fprintf(stderr, "corefy-sandbox: cannot listen: %s\n", error.c_str());
    return 1;
  }
  std::thread serve([&server] { server.Serve(); });
  std::printf("corefy-sandbox listening on %s:%d\n", host.c_str(),
              server.port());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.Stop();
  serve.join();
  return 0;
}
