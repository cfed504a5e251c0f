#include "server/file_watcher.h"

#include <gtest/gtest.h>

#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "server/gateway_config.h"
#include "support/test_pki.h"

namespace payout_gateway {
namespace {

using ::payout_gateway_testing::TempDir;

// What the watcher reported, in order: content, or "!" for unreadable.
class Reports {
 public:
  void Add(const absl::StatusOr<std::string>& content) {
    absl::MutexLock lock(&mu_);
    seen_.push_back(content.ok() ? *content : "!");
  }
  // Waits until `n` reports arrived (or 10 s passed); all of them.
  std::vector<std::string> WaitFor(std::size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [this, n] {
      mu_.AssertHeld();
      return seen_.size() >= n;
    };
    mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
    return seen_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> seen_;
};

TEST(FileWatcher, ReportsEachChangeOnceIncludingAnUnreadableFile) {
  auto dir = TempDir::Make();
  ASSERT_TRUE(dir.ok());
  (*dir)->Write("policy.json", "one");
  Reports reports;
  FileWatcher watcher(absl::Milliseconds(20), SystemConfigSources().read_file);
  watcher.Watch((*dir)->File("policy.json"), "one",
                [&](const absl::StatusOr<std::string>& c) { reports.Add(c); });
  watcher.Start();
  absl::SleepFor(absl::Milliseconds(100));  // unchanged: nothing to say
  (*dir)->Write("policy.json", "two");
  EXPECT_EQ(reports.WaitFor(1), std::vector<std::string>{"two"});
  std::remove((*dir)->File("policy.json").c_str());
  EXPECT_EQ(reports.WaitFor(2), (std::vector<std::string>{"two", "!"}));
  absl::SleepFor(absl::Milliseconds(100));  // still gone: said once
  (*dir)->Write("policy.json", "two");
  EXPECT_EQ(reports.WaitFor(3), (std::vector<std::string>{"two", "!", "two"}));
}

}  // namespace
}  // namespace payout_gateway
