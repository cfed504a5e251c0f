#ifndef PAYOUT_GATEWAY_TESTS_SANDBOX_CALLBACK_SENDER_H_
#define PAYOUT_GATEWAY_TESTS_SANDBOX_CALLBACK_SENDER_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "nlohmann/json.hpp"

namespace sandbox {

// Delivers status-change callbacks the way Corefy does: a POST of the
// invoice's JSON:API document to its callback_url, signed with
// X-Signature = base64(SHA-1(secret + body + secret)); anything but a 200
// is delivered again after a linearly growing delay (retry_step x attempt),
// up to max_attempts. One thread; `tick` runs on it every 20 ms, so time
// can move invoices on (InvoiceStore::AdvanceAll) even when nobody reads
// them.
class CallbackSender {
 public:
  struct Options {
    std::string secret = "sandbox-callback-secret";
    std::chrono::milliseconds retry_step{200};
    int max_attempts = 100;
  };

  CallbackSender(Options options, std::function<void()> tick);
  ~CallbackSender();
  CallbackSender(const CallbackSender&) = delete;
  CallbackSender& operator=(const CallbackSender&) = delete;

  // Queues a delivery of `body` to `url`.
  void Send(std::string url, std::string body);

  // Faults for the next deliveries queued, as Corefy's real behaviour
  // allows: {"action": "duplicate", "copies": k} sends the next change k
  // extra times; {"action": "reorder"} holds the next change back until
  // the one after it has been sent; {"action": "bad_signature"} signs the
  // first attempt of the next change with a wrong secret (the receiver
  // refuses it, the retry is signed right); {"action": "delay", "ms": n}
  // sends the next change n ms late (later changes are not held back for
  // it, so it may arrive after them). "times" (default 1): how many
  // changes each applies to. False (and `error`) for a bad spec.
  bool AddFault(const nlohmann::json& spec, std::string& error);
  void ClearFaults();

  // {"delivered": n, "failed_attempts": n, "pending": n, "given_up": n}
  nlohmann::json Stats();

 private:
  struct Delivery {
    std::string url;
    std::string body;
    int attempts = 0;
    std::chrono::steady_clock::time_point due;
    bool bad_signature = false;  // for the first attempt
    bool held = false;           // until the next change is queued
  };
  struct Faults {
    int duplicate_times = 0;
    int copies = 0;
    int reorder_times = 0;
    int bad_signature_times = 0;
    int delay_times = 0;
    int delay_ms = 0;
  };

  void Run();
  // One POST; the HTTP status, or 0 when there was no answer.
  long Post(const Delivery& delivery) const;

  const Options options_;
  const std::function<void()> tick_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Delivery> pending_;
  Faults faults_;
  bool stopping_ = false;
  long delivered_ = 0;
  long failed_attempts_ = 0;
  long given_up_ = 0;
  std::thread thread_;
};

// base64(SHA-1(secret + body + secret)).
std::string CallbackSignature(const std::string& secret,
                              const std::string& body);

}  // namespace sandbox

#endif  // PAYOUT_GATEWAY_TESTS_SANDBOX_CALLBACK_SENDER_H_
