#include "support/test_pki.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"

namespace payout_gateway_testing {
namespace {

// Runs a shell command in `dir`; fails with its output when it fails.
absl::Status Run(const std::string& dir, const std::string& command) {
  const std::string log = dir + "/openssl.log";
  const std::string line =
      absl::StrCat("cd '", dir, "' && (", command, ") >'", log, "' 2>&1");
  if (std::system(line.c_str()) == 0) return absl::OkStatus();
  std::ifstream in(log);
  std::ostringstream out;
  out << in.rdbuf();
  return absl::InternalError(absl::StrCat(command, ": ", out.str()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<TempDir>> TempDir::Make() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(base != nullptr ? base : "/tmp", "/payout-test-XXXXXX");
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    return absl::InternalError("mkdtemp failed");
  }
  return std::unique_ptr<TempDir>(new TempDir(buf.data()));
}

TempDir::~TempDir() {
  const std::string command = absl::StrCat("rm -rf '", path_, "'");
  (void)!std::system(command.c_str());
}

void TempDir::Write(const std::string& name, const std::string& content,
                    unsigned mode) const {
  const std::string tmp = File("." + name + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
  }
  chmod(tmp.c_str(), mode);
  std::rename(tmp.c_str(), File(name).c_str());
}

absl::StatusOr<std::unique_ptr<TestPki>> TestPki::Make() {
  auto dir = TempDir::Make();
  if (!dir.ok()) return dir.status();
  std::unique_ptr<TestPki> pki(new TestPki(*std::move(dir)));
  const std::string& d = pki->dir().path();
  for (const char* ca : {"ca", "other-ca"}) {
    auto s =
        Run(d, absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                            "ec_paramgen_curve:P-256 -nodes -days 2 -subj "
                            "'/CN=payout test ",
                            ca, "' -keyout ", ca, ".key -out ", ca, ".pem"));
    if (!s.ok()) return s;
  }
  if (auto s = pki->RotateServer(); !s.ok()) return s;
  return pki;
}

absl::Status TestPki::Sign(const std::string& name, const std::string& subject,
                           const std::string& san, const std::string& ca) {
  return Run(
      dir_->path(),
      absl::StrCat("printf 'subjectAltName=%s\\n' '", san, "' >", name,
                   ".ext && openssl req -new -newkey ec -pkeyopt "
                   "ec_paramgen_curve:P-256 -nodes -subj '/CN=",
                   subject, "' -keyout ", name, ".key.new -out ", name,
                   ".csr && openssl x509 -req -in ", name, ".csr -CA ", ca,
                   ".pem -CAkey ", ca, ".key -CAcreateserial -days 1 -extfile ",
                   name, ".ext -out ", name, ".pem.new && chmod 600 ", name,
                   ".key.new && mv ", name, ".key.new ", name, ".key && mv ",
                   name, ".pem.new ", name, ".pem"));
}

absl::Status TestPki::MakeClient(const std::string& name,
                                 const std::string& san, bool other_ca) {
  return Sign(name, name, san, other_ca ? "other-ca" : "ca");
}

absl::Status TestPki::RotateServer() {
  return Sign("server", "payout-gateway", "DNS:localhost,IP:127.0.0.1", "ca");
}

std::string TestPki::Read(const std::string& file) const {
  std::ifstream in(Path(file), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace payout_gateway_testing
