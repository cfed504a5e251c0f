#include "payoutctl/session.h"

#include <fstream>
#include <sstream>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace payoutctl {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& flag,
                                    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": cannot read ", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// TLS (and mTLS) when a CA or client certificate is given, else plaintext.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(
    const ConnectionFlags& flags) {
  if (flags.tls_ca.empty() && flags.tls_cert.empty() && flags.tls_key.empty()) {
    return grpc::CreateChannel(flags.gateway,
                               grpc::InsecureChannelCredentials());
  }
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  grpc::SslCredentialsOptions ssl;
  for (auto [flag, path, pem] :
       {std::tuple{"tls-ca", flags.tls_ca, &ssl.pem_root_certs},
        std::tuple{"tls-cert", flags.tls_cert, &ssl.pem_cert_chain},
        std::tuple{"tls-key", flags.tls_key, &ssl.pem_private_key}}) {
    if (path.empty()) continue;
    auto text = ReadPem(flag, path);
    if (!text.ok()) return text.status();
    *pem = *std::move(text);
  }
  grpc::ChannelArguments channel_args;
  if (!flags.tls_server_name.empty()) {
    channel_args.SetSslTargetNameOverride(flags.tls_server_name);
  }
  return grpc::CreateCustomChannel(flags.gateway, grpc::SslCredentials(ssl),
                                   channel_args);
}

}  // namespace

absl::StatusOr<Session> OpenSession(const ConnectionFlags& flags,
                                    OutputFormat format) {
  auto channel = OpenChannel(flags);
  if (!channel.ok()) return channel.status();
  Session session;
  session.channel = *std::move(channel);
  payout_client::ClientOptions client_options;
  if (flags.no_retry) client_options.retry.max_attempts = 1;
  session.client =
      payout_client::MakePayoutClient(session.channel, client_options);
  session.format = format;
  session.call.request_id = flags.request_id;
  session.call.timeout = absl::Seconds(30);
  session.stream.request_id = flags.request_id;
  session.stream.timeout = absl::InfiniteDuration();
  if (!flags.timeout.empty()) {
    // Checked while parsing (DurationValidator); cannot fail here.
    (void)absl::ParseDuration(flags.timeout, &session.call.timeout);
    session.stream.timeout = session.call.timeout;
  }
  return session;
}

}  // namespace payoutctl
