#include "server/file_watcher.h"

#include <pthread.h>

#include <utility>

namespace payout_gateway {
namespace {

bool SameState(const absl::StatusOr<std::string>& a,
               const absl::StatusOr<std::string>& b) {
  if (a.ok() != b.ok()) return false;
  return !a.ok() || *a == *b;
}

}  // namespace

FileWatcher::FileWatcher(absl::Duration interval, ReadFile read_file)
    : interval_(interval), read_file_(std::move(read_file)) {}

FileWatcher::~FileWatcher() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void FileWatcher::Watch(std::string path, std::string current,
                        OnChange on_change) {
  watched_.push_back(
      Watched{std::move(path), std::move(current), std::move(on_change)});
}

void FileWatcher::Start() {
  if (watched_.empty()) return;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "file-watcher");
    Run();
  });
}

void FileWatcher::Run() {
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_)) {
    mu_.Unlock();
    CheckAll();
    mu_.Lock();
  }
}

void FileWatcher::CheckAll() {
  for (Watched& w : watched_) {
    absl::StatusOr<std::string> now = read_file_(w.path);
    if (SameState(now, w.last)) continue;
    w.last = now;
    w.on_change(now);
  }
}

}  // namespace payout_gateway
