#include "common/usable_cpus.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace payout_gateway {
namespace {

namespace fs = std::filesystem;

TEST(CpusFromCpuMax, ReadsQuotaOverPeriod) {
  EXPECT_EQ(CpusFromCpuMax("150000 100000\n"), 1.5);
  EXPECT_EQ(CpusFromCpuMax("400000 100000"), 4.0);
}

TEST(CpusFromCpuMax, MaxOrGarbageIsNoLimit) {
  EXPECT_EQ(CpusFromCpuMax("max 100000\n"), std::nullopt);
  EXPECT_EQ(CpusFromCpuMax(""), std::nullopt);
  EXPECT_EQ(CpusFromCpuMax("100000"), std::nullopt);
  EXPECT_EQ(CpusFromCpuMax("0 100000"), std::nullopt);
  EXPECT_EQ(CpusFromCpuMax("nan 100000"), std::nullopt);
  EXPECT_EQ(CpusFromCpuMax("100000 0"), std::nullopt);
}

TEST(CpusFromCfsQuota, MinusOneIsNoLimit) {
  EXPECT_EQ(CpusFromCfsQuota("-1\n", "100000\n"), std::nullopt);
  EXPECT_EQ(CpusFromCfsQuota("250000\n", "100000\n"), 2.5);
}

// A fake root with the files the kernel would show.
class UsableCpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("usable-cpus-" +
         std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& path, const std::string& contents) {
    fs::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path) << contents;
  }

  fs::path root_;
};

TEST_F(UsableCpusTest, WithoutCgroupFilesTheAffinityCounts) {
  EXPECT_EQ(UsableCpus(root_.string(), 16), 16);
}

TEST_F(UsableCpusTest, AQuotaBelowTheAffinityWinsRoundedUp) {
  Write("proc/self/cgroup", "0::/\n");
  Write("sys/fs/cgroup/cpu.max", "150000 100000\n");
  EXPECT_EQ(UsableCpus(root_.string(), 16), 2);
  EXPECT_EQ(UsableCpus(root_.string(), 1), 1);
}

TEST_F(UsableCpusTest, NoQuotaLeavesTheAffinity) {
  Write("proc/self/cgroup", "0::/\n");
  Write("sys/fs/cgroup/cpu.max", "max 100000\n");
  EXPECT_EQ(UsableCpus(root_.string(), 8), 8);
}

// Without a cgroup namespace the process sits deep in the hierarchy, and a
// parent's limit (the pod's) binds the container too.
TEST_F(UsableCpusTest, TheTightestLimitUpTheHierarchyWins) {
  Write("proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
  Write("sys/fs/cgroup/kubepods/pod1/ctr/cpu.max", "max 100000\n");
  Write("sys/fs/cgroup/kubepods/pod1/cpu.max", "300000 100000\n");
  Write("sys/fs/cgroup/kubepods/cpu.max", "max 100000\n");
  EXPECT_EQ(UsableCpus(root_.string(), 16), 3);
}

TEST_F(UsableCpusTest, ReadsCgroupV1Quotas) {
  Write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "50000\n");
  Write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");
  EXPECT_EQ(UsableCpus(root_.string(), 4), 1);
}

// This process: at least one, and no more than the machine has.
TEST(UsableCpus, ThisProcessGetsBetweenOneAndTheMachinesCpus) {
  EXPECT_GE(UsableCpus(), 1);
  EXPECT_LE(UsableCpus(),
            static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace payout_gateway
