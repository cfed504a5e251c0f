#include "grpc/request_id.h"

#include <gtest/gtest.h>

#include <string>

#include "common/redaction.h"

namespace payout_gateway {
namespace {

TEST(IsSafeRequestId, AcceptsTheUsualIdShapes) {
  for (const std::string& id :
       {std::string("caller-id-1"),
        std::string("3f2b9c1e-1a2b-4c3d-9e8f-0a1b2c3d4e5f"),
        std::string("trace:01.a_b"), std::string(128, 'a')}) {
    EXPECT_TRUE(IsSafeRequestId(id)) << id;
  }
}

// Each of these broke something when it was passed on: a trailer (gRPC
// aborts the process), an upstream header (header and request injection),
// a log line.
TEST(IsSafeRequestId, RefusesWhatCouldBreakAHeaderOrALine) {
  for (const std::string& id :
       {std::string(""), std::string("заказ-17"), std::string("a\tb"),
        std::string("a\rb"), std::string("a\nb"), std::string("a\0b", 3),
        std::string("a\r\n\r\nPOST /x HTTP/1.1"), std::string("a b"),
        std::string("a/b"), std::string(129, 'a'), std::string(10240, 'x')}) {
    EXPECT_FALSE(IsSafeRequestId(id)) << id.substr(0, 20);
  }
}

TEST(NewRequestId, IsSafeAndNew) {
  const std::string a = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_TRUE(IsSafeRequestId(a));
  EXPECT_NE(a, NewRequestId());
}

// Log lines mask long digit runs as card numbers; the gateway's own ids
// must come through them unchanged, or a call could not be traced.
TEST(NewRequestId, SurvivesCardMasking) {
  for (int i = 0; i < 10000; ++i) {
    const std::string id = NewRequestId();
    ASSERT_EQ(RedactCardNumbers(id), id);
  }
}

}  // namespace
}  // namespace payout_gateway
