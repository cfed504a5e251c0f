#include "server/upstream_url.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace payout_gateway {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

// One part of a parsed URL; "" when absent.
std::string Part(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(url, part, &value, 0) != CURLUE_OK || value == nullptr) {
    return "";
  }
  std::string out(value);
  curl_free(value);
  return out;
}

}  // namespace

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  if (host == "[::1]") return true;
  in_addr v4{};
  const std::string text(host);
  return inet_pton(AF_INET, text.c_str(), &v4) == 1 &&
         (ntohl(v4.s_addr) >> 24) == 127;
}

absl::StatusOr<std::string> CheckUpstreamUrl(const std::string& url,
                                             bool allow_insecure) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (parsed == nullptr ||
      curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return absl::InvalidArgumentError(
        "is not a URL such as https://api.corefy.com");
  }
  const std::string scheme =
      absl::AsciiStrToLower(Part(parsed.get(), CURLUPART_SCHEME));
  if (scheme != "https" && scheme != "http") {
    return absl::InvalidArgumentError("must start with https://");
  }
  if (!Part(parsed.get(), CURLUPART_USER).empty() ||
      !Part(parsed.get(), CURLUPART_PASSWORD).empty()) {
    return absl::InvalidArgumentError(
        "must not carry a user name or password; the credentials are "
        "--account_id and the API key");
  }
  if (!Part(parsed.get(), CURLUPART_QUERY).empty() ||
      !Part(parsed.get(), CURLUPART_FRAGMENT).empty()) {
    return absl::InvalidArgumentError("must not have a query or fragment");
  }
  const std::string host = Part(parsed.get(), CURLUPART_HOST);
  if (host.empty()) return absl::InvalidArgumentError("has no host");
  if (scheme == "http" && !allow_insecure && !IsLoopbackHost(host)) {
    return absl::InvalidArgumentError(
        "is http:// to a host other than loopback: the API key would cross "
        "the network in cleartext. Use https://, or set "
        "--allow_insecure_upstream for a sandbox inside a trusted network");
  }
  return std::string(absl::StripSuffix(url, "/"));
}

}  // namespace payout_gateway
