#include "faults.h"

namespace sandbox {
namespace {

const std::map<std::string, Fault::Action>& Actions() {
  static const std::map<std::string, Fault::Action> actions = {
      {"status", Fault::Action::kStatus},
      {"reset_before", Fault::Action::kResetBefore},
      {"hang_before", Fault::Action::kHangBefore},
      {"delay", Fault::Action::kDelay},
      {"reset_after", Fault::Action::kResetAfter},
      {"hang_after", Fault::Action::kHangAfter},
      {"truncate_after", Fault::Action::kTruncateAfter},
      {"malformed_after", Fault::Action::kMalformedAfter},
  };
  return actions;
}

}  // namespace

bool PathMatches(const std::string& pattern, const std::string& path) {
  std::size_t p = 0, s = 0;
  while (p < pattern.size()) {
    if (pattern[p] == '*') {
      ++p;
      // Greedy within the segment, backtracking for what follows.
      std::size_t end = path.find('/', s);
      if (end == std::string::npos) end = path.size();
      for (std::size_t k = end + 1; k-- > s;) {
        if (PathMatches(pattern.substr(p), path.substr(k))) return true;
      }
      return false;
    }
    if (s >= path.size() || pattern[p] != path[s]) return false;
    ++p;
    ++s;
  }
  return s == path.size();
}

std::optional<Fault> ParseFault(const nlohmann::json& spec,
                                std::string& error) {
  if (!spec.is_object() || !spec.contains("path") ||
      !spec["path"].is_string()) {
    error = "a fault needs a string \"path\"";
    return std::nullopt;
  }
  Fault f;
  f.path = spec["path"].get<std::string>();
  f.method = spec.value("method", "");
  std::string action = spec.value("action", "status");
  auto it = Actions().find(action);
  if (it == Actions().end()) {
    error = "unknown action " + action;
    return std::nullopt;
  }
  f.action = it->second;
  f.status = spec.value("status", 500);
  f.body = spec.value("body", "");
  if (spec.contains("headers") && spec["headers"].is_object()) {
    for (const auto& [k, v] : spec["headers"].items()) {
      if (v.is_string()) f.headers[k] = v.get<std::string>();
    }
  }
  f.delay = std::chrono::milliseconds(spec.value("delay_ms", 0));
  f.nth = spec.value("nth", 1);
  f.times = spec.value("times", 1);
  f.probability = spec.value("probability", 1.0);
  if (f.nth < 1 || f.times < 0 || f.probability < 0 || f.probability > 1) {
    error = "nth must be >= 1, times >= 0 and probability in [0, 1]";
    return std::nullopt;
  }
  return f;
}

void FaultTable::Add(Fault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back(std::move(fault));
}

void FaultTable::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.clear();
}

std::optional<Fault> FaultTable::Match(const std::string& method,
                                       const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  for (Fault& f : faults_) {
    if (!f.method.empty() && f.method != method) continue;
    if (!PathMatches(f.path, path)) continue;
    ++f.seen;
    if (f.seen < f.nth) continue;
    if (f.times != 0 && f.fired >= f.times) continue;
    if (f.probability < 1.0 &&
        std::uniform_real_distribution<double>(0, 1)(rng_) >= f.probability) {
      continue;
    }
    ++f.fired;
    return f;
  }
  return std::nullopt;
}

nlohmann::json FaultTable::Describe() {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const Fault& f : faults_) {
    out.push_back({{"method", f.method},
                   {"path", f.path},
                   {"seen", f.seen},
                   {"fired", f.fired}});
  }
  return out;
}

void FaultTable::Seed(unsigned seed) {
  std::lock_guard<std::mutex> lock(mu_);
  rng_.seed(seed);
}

}  // namespace sandbox
