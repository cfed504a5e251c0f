#ifndef PAYOUT_CLIENT_PAYOUTCTL_SESSION_H_
#define PAYOUT_CLIENT_PAYOUTCTL_SESSION_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "payout_client/payout_client.h"
#include "payoutctl/output.h"

namespace payoutctl {

// Where the gateway is and how to talk to it: the global flags.
struct ConnectionFlags {
  std::string gateway = "localhost:50051";
  std::string timeout;  // empty: 30s for a call, no limit for a stream
  std::string request_id;
  bool no_retry = false;
  // TLS: a CA verifies the gateway; a certificate and key present the
  // caller (mTLS). None of them: plaintext.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_server_name;
};

// What every command runs with: the channel, the client over it, the call
// options and the output format.
struct Session {
  std::shared_ptr<grpc::Channel> channel;
  std::shared_ptr<payout_client::PayoutClient> client;
  payout_client::CallOptions call;    // unary calls
  payout_client::CallOptions stream;  // streams: no deadline unless asked
  OutputFormat format = OutputFormat::kTable;
};

// Opens the channel the flags describe. Errors name the flag.
absl::StatusOr<Session> OpenSession(const ConnectionFlags& flags,
                                    OutputFormat format);

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_SESSION_H_
