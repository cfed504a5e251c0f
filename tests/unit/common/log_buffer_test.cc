#include "common/log_buffer.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace payout_gateway {
namespace {

// A LogBuffer writing into a pipe the test reads.
class LogBufferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe2(fds_, O_NONBLOCK | O_CLOEXEC), 0);
    // Room for every test's lines, so writes never block.
    fcntl(fds_[1], F_SETPIPE_SZ, 1 << 20);
  }
  void TearDown() override {
    close(fds_[0]);
    close(fds_[1]);
  }

  LogBuffer::Options Options(absl::Duration interval) const {
    LogBuffer::Options o;
    o.fd = fds_[1];
    o.interval = interval;
    o.dropped_line = [](uint64_t n) {
      return absl::StrCat("dropped ", n, "\n");
    };
    return o;
  }

  // What has reached the pipe so far.
  std::string Written() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds_[0], buf, sizeof buf)) > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

  int fds_[2] = {-1, -1};
};

TEST_F(LogBufferTest, WritesLinesInOrderOnFlush) {
  LogBuffer buffer(Options(absl::Hours(1)));
  buffer.Append("one\n");
  buffer.Append("two\n");
  // An hour's interval: nothing is written until asked.
  EXPECT_EQ(Written(), "");
  buffer.Flush();
  EXPECT_EQ(Written(), "one\ntwo\n");
  buffer.Append("three\n");
  buffer.Flush();
  EXPECT_EQ(Written(), "three\n");
}

TEST_F(LogBufferTest, AnUrgentLineIsWrittenWithoutWaitingTheInterval) {
  LogBuffer buffer(Options(absl::Hours(1)));
  buffer.Append("before\n");
  buffer.Append("error\n", /*urgent=*/true);
  std::string written;
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (written != "before\nerror\n" && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
    written += Written();
  }
  EXPECT_EQ(written, "before\nerror\n");
}

TEST_F(LogBufferTest, LinesArriveWithinTheIntervalUnasked) {
  LogBuffer buffer(Options(absl::Milliseconds(10)));
  buffer.Append("soon\n");
  std::string written;
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (written.empty() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
    written = Written();
  }
  EXPECT_EQ(written, "soon\n");
}

TEST_F(LogBufferTest, AFullBufferDropsLinesAndSaysHowMany) {
  auto options = Options(absl::Hours(1));
  options.max_bytes = 10;
  LogBuffer buffer(std::move(options));
  buffer.Append("12345\n");  // 6 bytes
  buffer.Append("abcde\n");  // would make 12: dropped
  buffer.Append("xyz\n");    // 10: fits
  buffer.Append("q\n");      // dropped
  EXPECT_EQ(buffer.dropped(), 2u);
  buffer.Flush();
  EXPECT_EQ(Written(), "12345\nxyz\ndropped 2\n");
  buffer.Append("next\n");
  buffer.Flush();
  EXPECT_EQ(Written(), "next\n");  // the count is reported once
}

TEST_F(LogBufferTest, DestructionWritesWhatIsLeft) {
  {
    LogBuffer buffer(Options(absl::Hours(1)));
    for (int i = 0; i < 1000; ++i) buffer.Append(absl::StrCat(i, "\n"));
  }
  std::string expected;
  for (int i = 0; i < 1000; ++i) absl::StrAppend(&expected, i, "\n");
  EXPECT_EQ(Written(), expected);
}

TEST_F(LogBufferTest, TheSignalHandlerPathWritesWhatIsBuffered) {
  LogBuffer buffer(Options(absl::Hours(1)));
  buffer.Append("last words\n");
  buffer.WriteFromSignalHandler();
  EXPECT_EQ(Written(), "last words\n");
}

}  // namespace
}  // namespace payout_gateway
