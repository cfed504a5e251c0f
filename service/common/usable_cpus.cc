#include "common/usable_cpus.h"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace payout_gateway {
namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::optional<double> QuotaOver(double quota, double period) {
  // Written so that NaN fails too.
  if (!(quota > 0 && period > 0) || !std::isfinite(quota) ||
      !std::isfinite(period)) {
    return std::nullopt;
  }
  return quota / period;
}

// The process's cgroup v2 path ("0::/kubepods/pod.../container"), from
// /proc/self/cgroup; "/" when there is none.
std::string CgroupV2Path(const std::string& root) {
  auto contents = ReadFile(root + "/proc/self/cgroup");
  if (!contents) return "/";
  for (absl::string_view line : absl::StrSplit(*contents, '\n')) {
    if (absl::ConsumePrefix(&line, "0::")) return std::string(line);
  }
  return "/";
}

// The tightest cpu.max from the process's cgroup up to the root: a parent's
// limit binds its children. Inside a container's cgroup namespace the path
// is "/" and /sys/fs/cgroup/cpu.max is the container's own.
std::optional<double> CgroupV2Cpus(const std::string& root) {
  std::optional<double> tightest;
  std::string path = CgroupV2Path(root);
  while (true) {
    const std::string dir = root + "/sys/fs/cgroup" + (path == "/" ? "" : path);
    if (auto line = ReadFile(dir + "/cpu.max")) {
      if (auto cpus = CpusFromCpuMax(*line)) {
        tightest = tightest ? std::min(*tightest, *cpus) : *cpus;
      }
    }
    if (path == "/" || path.empty()) break;
    path = path.substr(0, path.rfind('/'));
    if (path.empty()) path = "/";
  }
  return tightest;
}

std::optional<double> CgroupV1Cpus(const std::string& root) {
  for (const char* dir : {"/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"}) {
    auto quota = ReadFile(root + dir + "/cpu.cfs_quota_us");
    auto period = ReadFile(root + dir + "/cpu.cfs_period_us");
    if (quota && period) return CpusFromCfsQuota(*quota, *period);
  }
  return std::nullopt;
}

int AffinityCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

}  // namespace

std::optional<double> CpusFromCpuMax(absl::string_view cpu_max) {
  std::vector<absl::string_view> fields = absl::StrSplit(
      absl::StripAsciiWhitespace(cpu_max), ' ', absl::SkipEmpty());
  double quota = 0;
  double period = 0;
  if (fields.size() != 2 || !absl::SimpleAtod(fields[0], &quota) ||
      !absl::SimpleAtod(fields[1], &period)) {
    return std::nullopt;  // "max 100000" lands here too: no limit
  }
  return QuotaOver(quota, period);
}

std::optional<double> CpusFromCfsQuota(absl::string_view quota_us,
                                       absl::string_view period_us) {
  double quota = 0;
  double period = 0;
  if (!absl::SimpleAtod(absl::StripAsciiWhitespace(quota_us), &quota) ||
      !absl::SimpleAtod(absl::StripAsciiWhitespace(period_us), &period)) {
    return std::nullopt;
  }
  return QuotaOver(quota, period);
}

int UsableCpus(const std::string& root, int affinity_cpus) {
  std::optional<double> quota = CgroupV2Cpus(root);
  if (!quota) quota = CgroupV1Cpus(root);
  int cpus = std::max(1, affinity_cpus);
  if (quota) cpus = std::min(cpus, static_cast<int>(std::ceil(*quota)));
  return std::max(1, cpus);
}

int UsableCpus() { return UsableCpus("", AffinityCpus()); }

}  // namespace payout_gateway
