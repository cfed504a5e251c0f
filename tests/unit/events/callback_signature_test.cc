#include "events/callback_signature.h"

#include <string>

#include "gtest/gtest.h"

namespace payout_gateway {
namespace {

// base64(SHA-1("secret" + "{}" + "secret")), from `printf 'secret{}secret' |
// openssl sha1 -binary | base64`.
TEST(CallbackSignature, IsBase64OfSha1OverSecretBodySecret) {
  EXPECT_EQ(CallbackSignature("secret", "{}"), "2JnEdrDo5Gb2mPUpzkHZejWbYFw=");
}

TEST(CallbackSignature, VerifiesOnlyTheExactBodyAndSecret) {
  const std::string body = R"({"data":{"id":"cpoi_1"}})";
  const std::string signature = CallbackSignature("s3cret", body);
  EXPECT_TRUE(VerifyCallbackSignature("s3cret", body, signature));
  EXPECT_FALSE(VerifyCallbackSignature("s3cret", body + " ", signature));
  EXPECT_FALSE(VerifyCallbackSignature("other", body, signature));
  EXPECT_FALSE(VerifyCallbackSignature("s3cret", body, ""));
  EXPECT_FALSE(VerifyCallbackSignature("s3cret", body, signature + "="));
  std::string flipped = signature;
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyCallbackSignature("s3cret", body, flipped));
}

}  // namespace
}  // namespace payout_gateway
