#ifndef PAYOUT_GATEWAY_TESTS_SANDBOX_FAULTS_H_
#define PAYOUT_GATEWAY_TESTS_SANDBOX_FAULTS_H_

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace sandbox {

// A failure the sandbox injects into matching requests, set by tests through
// `POST /_sandbox/faults`:
//   {"method": "POST", "path": "/api/payout-invoices/*/process",
//    "action": "status", "status": 503, "body": "...",
//    "headers": {"Retry-After": "2"}, "delay_ms": 0,
//    "nth": 1, "times": 1}
// `path` is a glob where `*` matches within one path segment. The fault
// fires on the nth matching request (1-based) and the `times - 1` matching
// requests after it (`times` 0: forever); with `"probability": p` each of
// those only with probability p, drawn from a generator seeded by `"seed"`
// so that a run repeats.
struct Fault {
  enum class Action {
    kStatus,          // answer `status`/`body`/`headers` without handling
    kResetBefore,     // reset the connection without handling
    kHangBefore,      // never answer, without handling
    kDelay,           // wait `delay_ms`, then handle normally
    kResetAfter,      // handle (commit), then reset instead of answering
    kHangAfter,       // handle, then never answer
    kTruncateAfter,   // handle, then send half the response
    kMalformedAfter,  // handle, then send a body that is not JSON
  };

  std::string method;  // empty: any
  std::string path;
  Action action = Action::kStatus;
  int status = 500;
  std::string body;
  std::map<std::string, std::string> headers;
  std::chrono::milliseconds delay{0};
  int nth = 1;
  int times = 1;
  double probability = 1.0;

  int seen = 0;   // matching requests so far
  int fired = 0;  // times fired so far
};

// Parses a fault from its JSON description; nullopt with `error` set when
// the description is wrong.
std::optional<Fault> ParseFault(const nlohmann::json& spec, std::string& error);

class FaultTable {
 public:
  void Add(Fault fault);
  void Clear();
  // The fault that fires for this request, if any (counts the request).
  std::optional<Fault> Match(const std::string& method,
                             const std::string& path);

  // Every fault with how often it was seen and fired.
  nlohmann::json Describe();
  void Seed(unsigned seed);

 private:
  std::mutex mu_;
  std::vector<Fault> faults_;
  std::mt19937 rng_{42};
};

// Glob match where `*` matches any run of characters other than '/'.
bool PathMatches(const std::string& pattern, const std::string& path);

}  // namespace sandbox

#endif  // PAYOUT_GATEWAY_TESTS_SANDBOX_FAULTS_H_
