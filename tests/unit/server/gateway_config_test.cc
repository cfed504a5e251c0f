#include "server/gateway_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "support/test_data.h"

namespace payout_gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Configuration sources backed by maps instead of the process.
struct FakeSources {
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> files;
  std::map<std::string, uint32_t> modes;  // default 0600

  ConfigSources Get() const {
    ConfigSources s;
    s.getenv = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
    s.read_file =
        [this](const std::string& path) -> absl::StatusOr<std::string> {
      auto it = files.find(path);
      if (it == files.end()) return absl::NotFoundError("no file");
      return it->second;
    };
    s.file_mode = [this](const std::string& path) -> absl::StatusOr<uint32_t> {
      if (files.count(path) == 0) return absl::NotFoundError("no such file");
      auto it = modes.find(path);
      return it == modes.end() ? 0600u : it->second;
    };
    return s;
  }
};

FakeSources Minimal() {
  FakeSources s;
  s.env = {{"PAYOUT_GATEWAY_UPSTREAM_URL", "https://api.corefy.test/"},
           {"PAYOUT_GATEWAY_ACCOUNT_ID", "coma_1"},
           {"PAYOUT_GATEWAY_API_KEY", "super-secret-key"},
           {"PAYOUT_GATEWAY_PLAINTEXT", "true"}};
  return s;
}

TEST(ParseGatewayConfig, ReadsTheEnvironment) {
  FakeSources s = Minimal();
  auto c = ParseGatewayConfig({}, s.Get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->upstream.base_url, "https://api.corefy.test");
  EXPECT_EQ(c->upstream.account_id, "coma_1");
  EXPECT_EQ(c->upstream.api_key, "super-secret-key");
  EXPECT_EQ(c->upstream.public_key, "");
  EXPECT_EQ(c->upstream.private_api_prefix, "/api");
  EXPECT_EQ(c->upstream.public_api_prefix, "/public-api");
  EXPECT_EQ(c->listen_address, "0.0.0.0:50051");
  EXPECT_EQ(c->transport.request_timeout, absl::Seconds(30));
  EXPECT_EQ(c->transport.max_connections, 32);
}

TEST(ParseGatewayConfig, FlagsWinOverTheEnvironment) {
  FakeSources s = Minimal();
  s.env["PAYOUT_GATEWAY_LISTEN"] = "0.0.0.0:1";
  auto c = ParseGatewayConfig(
      {"--listen=127.0.0.1:0", "--upstream_timeout", "750ms",
       "--upstream_max_connections=8", "--private_api_prefix=/v2/api/"},
      s.Get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->listen_address, "127.0.0.1:0");
  EXPECT_EQ(c->transport.request_timeout, absl::Milliseconds(750));
  EXPECT_EQ(c->transport.max_connections, 8);
  EXPECT_EQ(c->upstream.private_api_prefix, "/v2/api");
}

TEST(ParseGatewayConfig, ReadsSecretsFromFiles) {
  FakeSources s = Minimal();
  s.env.erase("PAYOUT_GATEWAY_API_KEY");
  s.files["/secrets/api_key"] = "key-from-file\n";
  s.files["/secrets/public_key"] = "pk_test_file";
  s.env["PAYOUT_GATEWAY_PUBLIC_KEY_FILE"] = "/secrets/public_key";
  auto c = ParseGatewayConfig({"--api_key_file=/secrets/api_key"}, s.Get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->upstream.api_key, "key-from-file");
  EXPECT_EQ(c->upstream.public_key, "pk_test_file");
}

TEST(ParseGatewayConfig, SecretsAreNeverFlags) {
  FakeSources s = Minimal();
  auto c = ParseGatewayConfig({"--api_key=oops"}, s.Get());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("unknown flag --api_key"));
  EXPECT_THAT(c.status().message(), Not(HasSubstr("oops")));
}

TEST(ParseGatewayConfig, ASecretSetTwiceIsAnError) {
  FakeSources s = Minimal();
  s.files["/k"] = "other";
  auto c = ParseGatewayConfig({"--api_key_file=/k"}, s.Get());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("set twice"));
  EXPECT_THAT(c.status().message(), Not(HasSubstr("super-secret-key")));
  EXPECT_THAT(c.status().message(), Not(HasSubstr("other")));
}

TEST(ParseGatewayConfig, NamesWhatIsMissingOrWrong) {
  FakeSources none;
  EXPECT_THAT(ParseGatewayConfig({}, none.Get()).status().message(),
              HasSubstr("--upstream_url"));
  FakeSources s = Minimal();
  s.env.erase("PAYOUT_GATEWAY_API_KEY");
  EXPECT_THAT(ParseGatewayConfig({}, s.Get()).status().message(),
              HasSubstr("PAYOUT_GATEWAY_API_KEY"));
  s = Minimal();
  EXPECT_THAT(ParseGatewayConfig({"--upstream_timeout=soon"}, s.Get())
                  .status()
                  .message(),
              HasSubstr("--upstream_timeout"));
  EXPECT_THAT(ParseGatewayConfig({"--upstream_url=ftp://x"}, s.Get())
                  .status()
                  .message(),
              HasSubstr("--upstream_url"));
  EXPECT_THAT(ParseGatewayConfig({"--api_key_file=/missing"}, s.Get())
                  .status()
                  .message(),
              HasSubstr("--api_key_file"));
  EXPECT_THAT(ParseGatewayConfig({"stray"}, s.Get()).status().message(),
              HasSubstr("unexpected argument"));
  EXPECT_THAT(
      ParseGatewayConfig({"--log_level=loud"}, s.Get()).status().message(),
      HasSubstr("--log_level"));
}

TEST(ParseGatewayConfig, HelpNeedsNothingElse) {
  FakeSources none;
  auto c = ParseGatewayConfig({"--help"}, none.Get());
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->help);
  EXPECT_THAT(GatewayConfigUsage(), HasSubstr("PAYOUT_GATEWAY_UPSTREAM_URL"));
}

}  // namespace
}  // namespace payout_gateway

namespace payout_gateway {
namespace {

// The README's configuration table documents every setting the binary has.
TEST(GatewayConfigUsage, ReadmeDocumentsEverySetting) {
  std::string readme = payout_gateway_testing::ReadSourceFile("README.md");
  std::string usage = GatewayConfigUsage();
  std::regex name(R"((--[a-z_]+|PAYOUT_GATEWAY_[A-Z_]+))");
  int names = 0;
  std::vector<std::string> missing;
  for (std::sregex_iterator it(usage.begin(), usage.end(), name), end;
       it != end; ++it) {
    ++names;
    if (readme.find("`" + it->str() + "`") == std::string::npos) {
      missing.push_back(it->str());
    }
  }
  EXPECT_GE(names, 25);
  EXPECT_THAT(missing, ::testing::IsEmpty());
}

}  // namespace
}  // namespace payout_gateway
