// payout-gateway: serves Corefy's payout API over gRPC.
//
// Prints "payout-gateway listening on HOST:PORT" once it accepts calls (and
// "payout-gateway metrics on HOST:PORT"), and drains on SIGTERM or SIGINT:
// health NOT_SERVING, --drain_delay later new calls are refused, in-flight
// calls get --shutdown_grace to finish, then the process exits 0.

#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "server/gateway_config.h"
#include "server/gateway_server.h"

namespace {

using payout_gateway::Severity;

Severity SeverityOf(const std::string& level) {
  if (level == "debug") return Severity::kDebug;
  if (level == "warning") return Severity::kWarning;
  if (level == "error") return Severity::kError;
  return Severity::kInfo;
}

const char* TransportSecurityOf(const payout_gateway::ListenerSecurity& tls) {
  if (tls.plaintext) return "plaintext";
  return tls.client_ca_file.empty() ? "tls" : "mtls";
}

std::string HostOf(const std::string& listen_address) {
  return listen_address.substr(0, listen_address.rfind(':'));
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, which leaves Mutex deadlock
  // detection on: every lock and unlock then updates one process-wide lock
  // graph under a global lock (about 2% of the gateway's CPU at peak, and
  // a point where all threads meet). The unit tests, which do not run
  // main(), keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Block the stop signals in every thread (threads inherit the mask) and
  // take them synchronously below through a signalfd, outside any signal
  // handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::vector<std::string> args(argv + 1, argv + argc);
  auto config = payout_gateway::ParseGatewayConfig(
      args, payout_gateway::SystemConfigSources());
  if (!config.ok()) {
    std::fprintf(stderr, "payout-gateway: %s\n",
                 std::string(config.status().message()).c_str());
    return 2;
  }
  if (config->help) {
    std::fputs(payout_gateway::GatewayConfigUsage().c_str(), stdout);
    return 0;
  }
  payout_gateway::SetMinLogSeverity(SeverityOf(config->log_level));
  payout_gateway::InstallFatalSignalFlush();
  for (const std::string& warning : config->warnings) {
    payout_gateway::LogEvent(Severity::kWarning, "config_warning",
                             {{"message", warning}});
  }

  auto server = payout_gateway::GatewayServer::Start(*config);
  if (!server.ok()) {
    std::fprintf(stderr, "payout-gateway: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  const std::string address =
      absl::StrCat(HostOf(config->listen_address), ":", (*server)->port());
  std::printf("payout-gateway listening on %s\n", address.c_str());
  if ((*server)->health_port() != 0) {
    std::printf("payout-gateway health on %s:%d\n",
                HostOf(config->health_listen).c_str(),
                (*server)->health_port());
  }
  if ((*server)->metrics_port() != 0) {
    std::printf("payout-gateway metrics on %s:%d\n",
                HostOf(config->metrics_listen).c_str(),
                (*server)->metrics_port());
  }
  if ((*server)->callback_port() != 0) {
    std::printf("payout-gateway callbacks on %s:%d\n",
                HostOf(config->callback_listen).c_str(),
                (*server)->callback_port());
  }
  std::fflush(stdout);
  payout_gateway::LogEvent(
      Severity::kInfo, "started",
      {{"address", address},
       {"transport_security", TransportSecurityOf(config->tls)},
       {"payout_policy",
        config->access.payout_policy_file.empty() ? "off" : "on"},
       // Checked at start to carry no user name or password.
       {"upstream", config->upstream.base_url},
       {"event_loops", std::to_string((*server)->event_loops())}});

  // The main thread waits for a stop signal.
  int stop_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
  signalfd_siginfo signal_info{};
  if (read(stop_fd, &signal_info, sizeof(signal_info)) < 0) {
    signal_info.ssi_signo = SIGTERM;
  }
  close(stop_fd);
  payout_gateway::LogEvent(
      Severity::kInfo, "draining",
      {{"signal", strsignal(static_cast<int>(signal_info.ssi_signo))}});
  (*server)->Drain(config->drain_delay, config->shutdown_grace);
  payout_gateway::LogEvent(Severity::kInfo, "stopped");
  return 0;
}
