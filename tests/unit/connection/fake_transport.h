#ifndef PAYOUT_GATEWAY_TESTS_UNIT_CONNECTION_FAKE_TRANSPORT_H_
#define PAYOUT_GATEWAY_TESTS_UNIT_CONNECTION_FAKE_TRANSPORT_H_

#include <functional>
#include <map>
#include <vector>

#include "rest/http_transport.h"

namespace payout_gateway {

// An HttpTransport that records requests and answers them as the test says:
// at once through `respond`, or later through Complete() when `respond` is
// unset. Single-threaded.
class FakeTransport : public HttpTransport {
 public:
  std::function<HttpResult(const HttpRequest&)> respond;
  std::vector<HttpRequest> requests;
  std::vector<RequestId> cancelled;

  RequestId Send(HttpRequest request, Done done) override {
    RequestId id = ++next_id_;
    requests.push_back(request);
    if (respond) {
      done(respond(request));
    } else {
      pending_[id] = std::move(done);
    }
    return id;
  }

  void Cancel(RequestId id) override {
    cancelled.push_back(id);
    HttpResult r;
    r.outcome = TransferOutcome::kCancelled;
    Complete(id, r);
  }

  // Completes a pending request; false if there is none with this id.
  bool Complete(RequestId id, HttpResult result) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return false;
    Done done = std::move(it->second);
    pending_.erase(it);
    done(std::move(result));
    return true;
  }

  std::size_t pending() const { return pending_.size(); }

  static HttpResult Json(int status, std::string body) {
    HttpResult r;
    r.outcome = TransferOutcome::kResponse;
    r.response.status_code = status;
    r.response.body = std::move(body);
    return r;
  }

 private:
  RequestId next_id_ = 0;
  std::map<RequestId, Done> pending_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_TESTS_UNIT_CONNECTION_FAKE_TRANSPORT_H_
