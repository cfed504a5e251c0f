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

// A secret put where its file's name belongs must not be printed back.
TEST(ParseGatewayConfig, NeverEchoesASecretOrTheNameOfItsFile) {
  FakeSources s = Minimal();
  s.env.erase("PAYOUT_GATEWAY_API_KEY");
  s.env["PAYOUT_GATEWAY_API_KEY_FILE"] = "sk_live_4f9a8b7c6d5e";
  auto c = ParseGatewayConfig({}, s.Get());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("--api_key_file"));
  EXPECT_THAT(c.status().message(), Not(HasSubstr("sk_live_4f9a8b7c6d5e")));
}

TEST(ParseGatewayConfig, RefusesSecretFilesOthersMayRead) {
  FakeSources s = Minimal();
  s.env.erase("PAYOUT_GATEWAY_API_KEY");
  s.files["/k"] = "key-from-file";
  s.modes["/k"] = 0644;
  auto c = ParseGatewayConfig({"--api_key_file=/k"}, s.Get());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("mode 0644"));
  EXPECT_THAT(c.status().message(), Not(HasSubstr("/k")));
  EXPECT_THAT(c.status().message(), Not(HasSubstr("key-from-file")));

  // Group-readable is what Kubernetes makes of a Secret with an fsGroup:
  // allowed, with a warning.
  s.modes["/k"] = 0440;
  c = ParseGatewayConfig({"--api_key_file=/k"}, s.Get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_THAT(c->warnings,
              ::testing::Contains(HasSubstr("readable by its group")));
  for (const std::string& warning : c->warnings) {
    EXPECT_THAT(warning, Not(HasSubstr("key-from-file")));
  }
}

TEST(ParseGatewayConfig, TheTlsKeyFileMustBePrivateToo) {
  FakeSources s = Minimal();
  s.env.erase("PAYOUT_GATEWAY_PLAINTEXT");
  s.files["/tls/key"] = "-----BEGIN PRIVATE KEY-----";
  s.modes["/tls/key"] = 0604;
  auto c = ParseGatewayConfig(
      {"--tls_cert_file=/tls/cert", "--tls_key_file=/tls/key"}, s.Get());
  EXPECT_THAT(c.status().message(), HasSubstr("--tls_key_file"));
  EXPECT_THAT(c.status().message(), HasSubstr("open to other users"));
}

TEST(ParseGatewayConfig, PlaintextOnlyWhenAskedFor) {
  FakeSources s = Minimal();
  s.env.erase("PAYOUT_GATEWAY_PLAINTEXT");
  auto none = ParseGatewayConfig({}, s.Get());
  EXPECT_THAT(none.status().message(), HasSubstr("needs TLS"));
  auto plain =
      ParseGatewayConfig({"--plaintext", "--listen=127.0.0.1:0"}, s.Get());
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(plain->tls.plaintext);
  EXPECT_TRUE(plain->warnings.empty());
  auto exposed = ParseGatewayConfig({"--plaintext"}, s.Get());
  ASSERT_TRUE(exposed.ok());
  ASSERT_EQ(exposed->warnings.size(), 1u);
  EXPECT_THAT(exposed->warnings[0], HasSubstr("other than loopback"));

  s.files["/tls/key"] = "k";
  auto both = ParseGatewayConfig(
      {"--plaintext", "--tls_cert_file=/tls/cert", "--tls_key_file=/tls/key"},
      s.Get());
  EXPECT_THAT(both.status().message(), HasSubstr("exclude each other"));
  auto half = ParseGatewayConfig({"--tls_cert_file=/tls/cert"}, s.Get());
  EXPECT_THAT(half.status().message(), HasSubstr("go together"));
  auto tls = ParseGatewayConfig(
      {"--tls_cert_file=/tls/cert", "--tls_key_file=/tls/key",
       "--tls_client_ca_file=/tls/ca", "--reload_interval=2s"},
      s.Get());
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ(tls->tls.client_ca_file, "/tls/ca");
  EXPECT_EQ(tls->reload_interval, absl::Seconds(2));
}

TEST(ParseGatewayConfig, RefusesACleartextUpstreamOffLoopback) {
  FakeSources s = Minimal();
  auto c =
      ParseGatewayConfig({"--upstream_url=http://api.corefy.test"}, s.Get());
  EXPECT_THAT(c.status().message(), HasSubstr("cleartext"));
  for (const char* loopback : {"http://127.0.0.1:8080", "http://localhost:1",
                               "http://[::1]:8080", "http://127.3.2.1"}) {
    EXPECT_TRUE(
        ParseGatewayConfig({std::string("--upstream_url=") + loopback}, s.Get())
            .ok())
        << loopback;
  }
  auto allowed =
      ParseGatewayConfig({"--upstream_url=http://corefy-sandbox:8080",
                          "--allow_insecure_upstream"},
                         s.Get());
  ASSERT_TRUE(allowed.ok()) << allowed.status();
  EXPECT_EQ(allowed->upstream.base_url, "http://corefy-sandbox:8080");
}

TEST(ParseGatewayConfig, NeverShowsAPasswordInTheUpstreamUrl) {
  FakeSources s = Minimal();
  for (const char* url : {"https://coma_1:hunter2pass@api.corefy.test",
                          "https://:hunter2pass@api.corefy.test"}) {
    auto c =
        ParseGatewayConfig({std::string("--upstream_url=") + url}, s.Get());
    EXPECT_THAT(c.status().message(), HasSubstr("user name or password"));
    EXPECT_THAT(c.status().message(), Not(HasSubstr("hunter2pass")));
  }
  auto proxy = ParseGatewayConfig(
      {"--upstream_proxy=http://user:hunter2pass@proxy:3128"}, s.Get());
  EXPECT_THAT(proxy.status().message(), HasSubstr("--upstream_proxy"));
  EXPECT_THAT(proxy.status().message(), Not(HasSubstr("hunter2pass")));
  auto ok = ParseGatewayConfig({"--upstream_proxy=http://proxy:3128"}, s.Get());
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->transport.proxy, "http://proxy:3128");
}

TEST(ParseGatewayConfig, ReadsTheLimits) {
  FakeSources s = Minimal();
  auto c = ParseGatewayConfig(
      {"--max_calls_in_flight=50", "--max_request_bytes_in_flight=4096",
       "--max_request_bytes=2048", "--max_field_bytes=100",
       "--max_map_entries=3", "--max_retry_after=2s"},
      s.Get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->admission.max_calls_in_flight, 50);
  EXPECT_EQ(c->admission.max_request_bytes_in_flight, 4096);
  EXPECT_EQ(c->max_request_bytes, 2048);
  EXPECT_EQ(c->request_limits.max_field_bytes, 100u);
  EXPECT_EQ(c->request_limits.max_map_entries, 3);
  EXPECT_EQ(c->retry.max_retry_after, absl::Seconds(2));
  auto defaults = ParseGatewayConfig({}, s.Get());
  EXPECT_EQ(defaults->admission.max_calls_in_flight, 10000);
  EXPECT_EQ(defaults->max_request_bytes, 65536);
  EXPECT_EQ(defaults->retry.max_retry_after, absl::Seconds(10));
  EXPECT_FALSE(defaults->reflection);
  EXPECT_EQ(defaults->health_listen, "0.0.0.0:8081");
}

TEST(ParseGatewayConfig, APageTokenKeyComesFromAPrivateFile) {
  FakeSources s = Minimal();
  s.files["/k"] = "0123456789abcdef0123";
  auto c = ParseGatewayConfig({"--signing_key_file=/k"}, s.Get());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->signing_key, "0123456789abcdef0123");
  s.files["/short"] = "short";
  EXPECT_THAT(ParseGatewayConfig({"--signing_key_file=/short"}, s.Get())
                  .status()
                  .message(),
              HasSubstr("at least 16 bytes"));
}

TEST(ParseGatewayConfig, ASecretWithControlCharactersIsRefusedUnseen) {
  FakeSources s = Minimal();
  s.env["PAYOUT_GATEWAY_API_KEY"] = "key\r\nX-Injected: 1";
  auto c = ParseGatewayConfig({}, s.Get());
  EXPECT_THAT(c.status().message(), HasSubstr("control characters"));
  EXPECT_THAT(c.status().message(), Not(HasSubstr("Injected")));
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
  std::regex name(R"((--[a-z0-9_]+|PAYOUT_GATEWAY_[A-Z0-9_]+))");
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
