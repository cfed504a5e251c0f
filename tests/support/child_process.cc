#include "support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace payout_gateway_testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string TempPath(const std::string& stem) {
  const char* dir = std::getenv("TMPDIR");
  std::string base = dir != nullptr ? dir : "/tmp";
  std::string pattern = absl::StrCat(base, "/", stem, "-XXXXXX");
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd >= 0) close(fd);
  return std::string(buf.data());
}

int ExitCodeOf(int wstatus) {
  if (WIFEXITED(wstatus)) return WEXITSTATUS(wstatus);
  if (WIFSIGNALED(wstatus)) return 128 + WTERMSIG(wstatus);
  return -1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(
    Options options) {
  std::unique_ptr<ChildProcess> child(new ChildProcess);
  std::string stem = options.path.substr(options.path.rfind('/') + 1);
  child->stdout_path_ = TempPath(stem + "-stdout");
  child->stderr_path_ = TempPath(stem + "-stderr");

  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : options.env) env[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(absl::StrCat(k, "=", v));
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> argv_strings = {options.path};
  argv_strings.insert(argv_strings.end(), options.args.begin(),
                      options.args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, child->stdout_path_.c_str(),
                                   O_WRONLY | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, child->stderr_path_.c_str(),
                                   O_WRONLY | O_TRUNC, 0600);
  int rc = posix_spawn(&child->pid_, options.path.c_str(), &actions, nullptr,
                       argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", options.path));
  }
  if (options.ready_prefix.empty()) return child;

  absl::Time give_up = absl::Now() + options.ready_timeout;
  while (absl::Now() < give_up) {
    std::string out = ReadFile(child->stdout_path_);
    auto at = out.find(options.ready_prefix);
    auto eol = at == std::string::npos ? at : out.find('\n', at);
    if (eol != std::string::npos) {
      child->address_ = out.substr(at + options.ready_prefix.size(),
                                   eol - at - options.ready_prefix.size());
      auto colon = child->address_.rfind(':');
      if (!absl::SimpleAtoi(child->address_.substr(colon + 1), &child->port_)) {
        return absl::InternalError("bad ready line: " + out);
      }
      return child;
    }
    int wstatus = 0;
    if (waitpid(child->pid_, &wstatus, WNOHANG) == child->pid_) {
      child->exit_code_ = ExitCodeOf(wstatus);
      return absl::InternalError(absl::StrCat(
          options.path, " exited with ", child->exit_code_,
          " before it was ready; stderr: ", ReadFile(child->stderr_path_)));
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return absl::DeadlineExceededError(absl::StrCat(
      options.path,
      " did not get ready; stderr: ", ReadFile(child->stderr_path_)));
}

ChildProcess::~ChildProcess() {
  if (exit_code_ < 0 && pid_ > 0) Stop(SIGKILL, absl::Seconds(5));
  unlink(stdout_path_.c_str());
  unlink(stderr_path_.c_str());
}

int ChildProcess::Wait(absl::Duration timeout) {
  if (exit_code_ >= 0) return exit_code_;
  absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    int wstatus = 0;
    if (waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      exit_code_ = ExitCodeOf(wstatus);
      return exit_code_;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  return -1;
}

int ChildProcess::Stop(int signal, absl::Duration timeout) {
  if (exit_code_ >= 0) return exit_code_;
  kill(pid_, signal);
  if (int code = Wait(timeout); code >= 0) return code;
  kill(pid_, SIGKILL);
  return Wait(absl::Seconds(5));
}

std::string ChildProcess::Stdout() const { return ReadFile(stdout_path_); }
std::string ChildProcess::Stderr() const { return ReadFile(stderr_path_); }

std::string ChildProcess::StderrOnceItHas(absl::string_view needle, int count,
                                          absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    std::string text = Stderr();
    const absl::string_view view(text);
    int found = 0;
    for (std::size_t at = view.find(needle); at != absl::string_view::npos;
         at = view.find(needle, at + needle.size())) {
      ++found;
    }
    if (found >= count || absl::Now() >= deadline) return text;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

}  // namespace payout_gateway_testing
