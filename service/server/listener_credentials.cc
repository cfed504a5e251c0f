#include "server/listener_credentials.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace payout_gateway {
namespace {

struct BioCloser {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Closer {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyCloser {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioCloser>;
using X509Ptr = std::unique_ptr<X509, X509Closer>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyCloser>;

absl::Status Bad(absl::string_view flag, absl::string_view problem) {
  ERR_clear_error();
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", problem));
}

absl::StatusOr<X509Ptr> ReadCertificate(const std::string& path,
                                        absl::string_view flag) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (bio == nullptr) return Bad(flag, "cannot read the file");
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (cert == nullptr) return Bad(flag, "holds no PEM certificate");
  return cert;
}

absl::Status CheckFiles(const ListenerSecurity& tls) {
  auto cert = ReadCertificate(tls.cert_file, "tls_cert_file");
  if (!cert.ok()) return cert.status();
  BioPtr bio(BIO_new_file(tls.key_file.c_str(), "r"));
  if (bio == nullptr) return Bad("tls_key_file", "cannot read the file");
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return Bad("tls_key_file", "holds no unencrypted PEM private key");
  }
  if (X509_check_private_key(cert->get(), key.get()) != 1) {
    return Bad("tls_key_file", "is not the key of --tls_cert_file");
  }
  if (!tls.client_ca_file.empty()) {
    auto ca = ReadCertificate(tls.client_ca_file, "tls_client_ca_file");
    if (!ca.ok()) return ca.status();
  }
  ERR_clear_error();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListenerCredentials(
    const ListenerSecurity& tls, absl::Duration reload_interval) {
  if (tls.plaintext) return grpc::InsecureServerCredentials();
  if (absl::Status s = CheckFiles(tls); !s.ok()) return s;
  const auto refresh_seconds = static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(reload_interval)));
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          tls.key_file, tls.cert_file, tls.client_ca_file, refresh_seconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (tls.client_ca_file.empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace payout_gateway
