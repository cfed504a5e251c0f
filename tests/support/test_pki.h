#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_TEST_PKI_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_TEST_PKI_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace payout_gateway_testing {

// A directory of its own for a test, removed with everything in it.
class TempDir {
 public:
  static absl::StatusOr<std::unique_ptr<TempDir>> Make();
  ~TempDir();

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  // Writes `content` to File(name) (replacing it atomically, the way a
  // Kubernetes volume update does), with `mode`.
  void Write(const std::string& name, const std::string& content,
             unsigned mode = 0600) const;

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Certificates made with Debian's openssl for one test run, in a TempDir:
//   ca.pem                      the CA the gateway trusts for clients
//   server.pem / server.key     the gateway (DNS:localhost, IP:127.0.0.1)
//   <name>.pem / <name>.key     client certificates made by MakeClient
//   other-ca.pem                a second CA, for certificates not trusted
class TestPki {
 public:
  static absl::StatusOr<std::unique_ptr<TestPki>> Make();

  const TempDir& dir() const { return *dir_; }
  std::string Path(const std::string& file) const { return dir_->File(file); }
  std::string Read(const std::string& file) const;

  // A client certificate `name`.pem/.key with the SAN `san` (e.g.
  // "URI:spiffe://cluster.local/ns/a/sa/b"), signed by the CA, or by the
  // other CA with `other_ca`.
  absl::Status MakeClient(const std::string& name, const std::string& san,
                          bool other_ca = false);
  // A new server certificate and key in place of the old ones, signed by
  // the same CA (what a cert-manager renewal does).
  absl::Status RotateServer();

 private:
  explicit TestPki(std::unique_ptr<TempDir> dir) : dir_(std::move(dir)) {}
  absl::Status Sign(const std::string& name, const std::string& subject,
                    const std::string& san, const std::string& ca);

  std::unique_ptr<TempDir> dir_;
};

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_TEST_PKI_H_
