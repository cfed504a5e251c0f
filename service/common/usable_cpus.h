#ifndef PAYOUT_GATEWAY_COMMON_USABLE_CPUS_H_
#define PAYOUT_GATEWAY_COMMON_USABLE_CPUS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace payout_gateway {

// How many CPUs the process may use: the CPUs it may run on
// (sched_getaffinity), further bounded by its cgroup's CPU quota, rounded
// up -- a pod limited to 1.5 CPUs on a 16-core node gets 2, not 16. At
// least 1.
int UsableCpus();

// The same, reading the cgroup files under `root` instead of "/" (tests).
int UsableCpus(const std::string& root, int affinity_cpus);

// The CPUs a cgroup v2 `cpu.max` line allows ("150000 100000" -> 1.5), or
// nullopt for no limit ("max 100000") or a line that does not parse.
std::optional<double> CpusFromCpuMax(absl::string_view cpu_max);

// The same for cgroup v1's cpu.cfs_quota_us and cpu.cfs_period_us
// (a quota of -1 is no limit).
std::optional<double> CpusFromCfsQuota(absl::string_view quota_us,
                                       absl::string_view period_us);

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_COMMON_USABLE_CPUS_H_
