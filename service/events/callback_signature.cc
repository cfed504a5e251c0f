#include "events/callback_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "absl/strings/escaping.h"

namespace payout_gateway {

std::string CallbackSignature(absl::string_view secret,
                              absl::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  EVP_DigestUpdate(ctx, secret.data(), secret.size());
  EVP_DigestUpdate(ctx, body.data(), body.size());
  EVP_DigestUpdate(ctx, secret.data(), secret.size());
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  return absl::Base64Escape(absl::string_view(
      reinterpret_cast<const char*>(digest), static_cast<std::size_t>(length)));
}

bool VerifyCallbackSignature(absl::string_view secret, absl::string_view body,
                             absl::string_view offered) {
  const std::string expected = CallbackSignature(secret, body);
  // The length of a SHA-1 signature is public; only the bytes are secret.
  if (offered.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), offered.data(), expected.size()) == 0;
}

}  // namespace payout_gateway
