#ifndef PAYOUT_GATEWAY_BENCH_LOADGEN_CPU_SAMPLER_H_
#define PAYOUT_GATEWAY_BENCH_LOADGEN_CPU_SAMPLER_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace payout_bench {

// CPU time of whole processes, and of each of their threads, read from
// /proc/<pid>/task/<tid>/stat (utime + stime) at the start and at the end of
// the measured window, so a run can say what each process spent per call
// and how that spread over its threads.
class CpuSampler {
 public:
  // `processes`: a label for each pid ("gateway", "nginx", "loadgen").
  explicit CpuSampler(std::vector<std::pair<std::string, pid_t>> processes);

  void SampleStart() { start_ = Sample(); }
  void SampleEnd() { end_ = Sample(); }

  // {"gateway":{"cpu_us":..,"threads":[{"name":"transport-0","tid":..,
  // "cpu_us":..},...]},...}: CPU microseconds spent between the samples,
  // per process and per thread (threads that ran less than 0.5% of their
  // process's time are folded into one "(others)" entry).
  std::string Json() const;

 private:
  struct Thread {
    std::string name;
    int64_t ticks = 0;
  };
  // Per label, per tid.
  using Snapshot = std::map<std::string, std::map<pid_t, Thread>>;

  Snapshot Sample() const;

  std::vector<std::pair<std::string, pid_t>> processes_;
  Snapshot start_;
  Snapshot end_;
};

// "gateway:1234,nginx:5678,loadgen:self" -> labels and pids; false on a
// malformed list.
bool ParseCpuPids(const std::string& text,
                  std::vector<std::pair<std::string, pid_t>>* out);

}  // namespace payout_bench

#endif  // PAYOUT_GATEWAY_BENCH_LOADGEN_CPU_SAMPLER_H_
