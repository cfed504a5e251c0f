#include "callback_sender.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <iterator>
#include <utility>

namespace sandbox {
namespace {

constexpr auto kTick = std::chrono::milliseconds(20);

size_t Discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

std::string CallbackSignature(const std::string& secret,
                              const std::string& body) {
  const std::string text = secret + body + secret;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  std::string out(4 * ((length + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&out[0]),
                                      digest, static_cast<int>(length));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

CallbackSender::CallbackSender(Options options, std::function<void()> tick)
    : options_(std::move(options)), tick_(std::move(tick)) {
  thread_ = std::thread([this] { Run(); });
}

CallbackSender::~CallbackSender() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void CallbackSender::Send(std::string url, std::string body) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    // A change held back goes right after this one.
    for (Delivery& d : pending_) {
      if (d.held) {
        d.held = false;
        d.due = now + std::chrono::milliseconds(1);
      }
    }
    Delivery delivery{std::move(url), std::move(body), 0, now};
    if (faults_.bad_signature_times > 0) {
      --faults_.bad_signature_times;
      delivery.bad_signature = true;
    }
    if (faults_.delay_times > 0) {
      --faults_.delay_times;
      delivery.due = now + std::chrono::milliseconds(faults_.delay_ms);
    }
    if (faults_.reorder_times > 0) {
      --faults_.reorder_times;
      delivery.held = true;
      delivery.due = std::chrono::steady_clock::time_point::max();
    }
    int copies = 1;
    if (faults_.duplicate_times > 0) {
      --faults_.duplicate_times;
      copies += faults_.copies;
    }
    for (int i = 0; i < copies; ++i) pending_.push_back(delivery);
  }
  wake_.notify_all();
}

bool CallbackSender::AddFault(const nlohmann::json& spec, std::string& error) {
  if (!spec.is_object()) {
    error = "a fault is a JSON object";
    return false;
  }
  const std::string action = spec.value("action", "");
  const int times = spec.value("times", 1);
  if (times < 1) {
    error = "times must be at least 1";
    return false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (action == "duplicate") {
    faults_.duplicate_times = times;
    faults_.copies = spec.value("copies", 1);
  } else if (action == "reorder") {
    faults_.reorder_times = times;
  } else if (action == "bad_signature") {
    faults_.bad_signature_times = times;
  } else if (action == "delay") {
    const int ms = spec.value("ms", 0);
    if (ms < 1 || ms > 600000) {
      error = "ms must be 1..600000";
      return false;
    }
    faults_.delay_times = times;
    faults_.delay_ms = ms;
  } else {
    error = "action must be duplicate, reorder, bad_signature or delay";
    return false;
  }
  return true;
}

void CallbackSender::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_ = Faults{};
}

nlohmann::json CallbackSender::Stats() {
  std::lock_guard<std::mutex> lock(mu_);
  return {{"delivered", delivered_},
          {"failed_attempts", failed_attempts_},
          {"given_up", given_up_},
          {"pending", pending_.size()}};
}

long CallbackSender::Post(const Delivery& delivery) const {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return 0;
  curl_slist* headers =
      curl_slist_append(nullptr, "Content-Type: application/vnd.api+json");
  const std::string signature =
      "X-Signature: " +
      CallbackSignature(delivery.bad_signature && delivery.attempts == 1
                            ? options_.secret + "-wrong"
                            : options_.secret,
                        delivery.body);
  headers = curl_slist_append(headers, signature.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, delivery.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, delivery.body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
                   static_cast<long>(delivery.body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Discard);
  // Short: the sandbox stops (and joins this thread) within a test.
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return status;
}

void CallbackSender::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kTick);
    if (stopping_) break;
    lock.unlock();
    tick_();  // may queue deliveries
    lock.lock();
    const auto now = std::chrono::steady_clock::now();
    std::vector<Delivery> due;
    auto split =
        std::stable_partition(pending_.begin(), pending_.end(),
                              [&](const Delivery& d) { return d.due > now; });
    std::move(split, pending_.end(), std::back_inserter(due));
    pending_.erase(split, pending_.end());
    // Earliest due first: a change held back goes after the one that
    // released it.
    std::stable_sort(
        due.begin(), due.end(),
        [](const Delivery& a, const Delivery& b) { return a.due < b.due; });
    lock.unlock();
    for (Delivery& delivery : due) {
      ++delivery.attempts;
      const long status = Post(delivery);
      std::lock_guard<std::mutex> relock(mu_);
      if (status == 200) {
        ++delivered_;
      } else if (delivery.attempts >= options_.max_attempts) {
        ++failed_attempts_;
        ++given_up_;
      } else {
        ++failed_attempts_;
        delivery.due = std::chrono::steady_clock::now() +
                       options_.retry_step * delivery.attempts;
        pending_.push_back(std::move(delivery));
      }
    }
    lock.lock();
  }
}

}  // namespace sandbox
