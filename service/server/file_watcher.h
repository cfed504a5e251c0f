#ifndef PAYOUT_GATEWAY_SERVER_FILE_WATCHER_H_
#define PAYOUT_GATEWAY_SERVER_FILE_WATCHER_H_

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace payout_gateway {

// Reads files again every `interval` on a thread of its own
// ("file-watcher") and reports each change: new content, or that the file
// can no longer be read (once, until it can again). Content is compared,
// not times: Kubernetes updates a mounted ConfigMap by swapping a symlink,
// which leaves the files' own mtimes behind.
class FileWatcher {
 public:
  using OnChange = std::function<void(const absl::StatusOr<std::string>&)>;
  using ReadFile =
      std::function<absl::StatusOr<std::string>(const std::string&)>;

  FileWatcher(absl::Duration interval, ReadFile read_file);
  // Stops the thread; no callback runs after it returns.
  ~FileWatcher();

  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // Watches `path`, whose content at start was `current`. Before Start().
  void Watch(std::string path, std::string current, OnChange on_change);
  // Starts the thread (nothing to do without watched files).
  void Start();

 private:
  struct Watched {
    std::string path;
    absl::StatusOr<std::string> last;
    OnChange on_change;
  };

  void Run();
  void CheckAll();

  const absl::Duration interval_;
  const ReadFile read_file_;
  std::vector<Watched> watched_;  // fixed once started
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_FILE_WATCHER_H_
