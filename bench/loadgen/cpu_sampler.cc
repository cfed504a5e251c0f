#include "cpu_sampler.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace payout_bench {
namespace {

// Reads "tid (comm) state ppid ... utime stime ..." (proc(5)); the name may
// hold spaces and parentheses, so the fields start after the last ')'.
bool ReadThreadStat(const std::string& path, std::string* name,
                    int64_t* ticks) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return false;
  const auto open = line.find('(');
  const auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return false;
  *name = line.substr(open + 1, close - open - 1);
  std::vector<std::string> fields =
      absl::StrSplit(line.substr(close + 2), ' ', absl::SkipEmpty());
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  int64_t utime = 0;
  int64_t stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return false;
  }
  *ticks = utime + stime;
  return true;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

CpuSampler::CpuSampler(std::vector<std::pair<std::string, pid_t>> processes)
    : processes_(std::move(processes)) {}

CpuSampler::Snapshot CpuSampler::Sample() const {
  Snapshot snapshot;
  for (const auto& [label, pid] : processes_) {
    auto& threads = snapshot[label];
    const std::string dir = absl::StrCat("/proc/", pid, "/task");
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) continue;
    while (dirent* entry = readdir(d)) {
      pid_t tid = 0;
      if (!absl::SimpleAtoi(entry->d_name, &tid)) continue;
      Thread t;
      if (ReadThreadStat(absl::StrCat(dir, "/", tid, "/stat"), &t.name,
                         &t.ticks)) {
        threads[tid] = t;
      }
    }
    closedir(d);
  }
  return snapshot;
}

std::string CpuSampler::Json() const {
  const double us_per_tick = 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
  std::string out = "{";
  for (const auto& [label, pid] : processes_) {
    const auto end_it = end_.find(label);
    if (end_it == end_.end()) continue;
    const auto start_it = start_.find(label);
    std::vector<std::pair<std::string, int64_t>> used;  // name, ticks
    int64_t total = 0;
    for (const auto& [tid, thread] : end_it->second) {
      int64_t before = 0;
      if (start_it != start_.end()) {
        auto t = start_it->second.find(tid);
        if (t != start_it->second.end()) before = t->second.ticks;
      }
      used.emplace_back(absl::StrCat(thread.name, "#", tid),
                        thread.ticks - before);
      total += thread.ticks - before;
    }
    std::string threads;
    int64_t others = 0;
    for (const auto& [name, ticks] : used) {
      if (ticks * 200 < total) {
        others += ticks;
        continue;
      }
      absl::StrAppend(&threads, threads.empty() ? "" : ",",
                      "{\"name\":", JsonString(name),
                      ",\"cpu_us\":", ticks * us_per_tick, "}");
    }
    if (others > 0) {
      absl::StrAppend(
          &threads, threads.empty() ? "" : ",",
          "{\"name\":\"(others)\",\"cpu_us\":", others * us_per_tick, "}");
    }
    absl::StrAppend(&out, out.size() > 1 ? "," : "", JsonString(label),
                    ":{\"cpu_us\":", total * us_per_tick, ",\"threads\":[",
                    threads, "]}");
  }
  return out + "}";
}

bool ParseCpuPids(const std::string& text,
                  std::vector<std::pair<std::string, pid_t>>* out) {
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(item, absl::MaxSplits(':', 1));
    pid_t pid = 0;
    if (parts.second == "self") {
      pid = getpid();
    } else if (!absl::SimpleAtoi(parts.second, &pid) || pid <= 0) {
      return false;
    }
    if (parts.first.empty()) return false;
    out->emplace_back(std::string(parts.first), pid);
  }
  return !out->empty();
}

}  // namespace payout_bench
