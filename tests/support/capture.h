#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_CAPTURE_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_CAPTURE_H_

#include <gtest/gtest.h>

#include <optional>

#include "absl/status/statusor.h"
#include "connection/payout_connection.h"

namespace payout_gateway_testing {

// What a PayoutConnection reports for one call. It promises exactly one
// result per call: a second one fails the test, and so does reading a result
// that never came (which then reads as an error, not as garbage).
template <typename T>
class Capture {
 public:
  Capture() = default;
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  payout_gateway::ResultCallback<T> Callback() {
    return [this](absl::StatusOr<T> r) {
      ++results_;
      EXPECT_EQ(results_, 1) << "the connection reported a call twice";
      if (results_ == 1) result_ = std::move(r);
    };
  }

  const absl::StatusOr<T>& result() const {
    if (!result_.has_value()) {
      ADD_FAILURE() << "the connection never reported the call";
      return missing_;
    }
    return *result_;
  }
  const absl::Status& status() const { return result().status(); }
  bool reported() const { return result_.has_value(); }

 private:
  int results_ = 0;
  std::optional<absl::StatusOr<T>> result_;
  const absl::StatusOr<T> missing_ =
      absl::InternalError("the connection never reported the call");
};

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_CAPTURE_H_
