#ifndef PAYOUT_CLIENT_PAYOUTCTL_EXIT_CODES_H_
#define PAYOUT_CLIENT_PAYOUTCTL_EXIT_CODES_H_

#include "absl/status/status.h"

namespace payoutctl {

// payoutctl's exit statuses. Usage errors exit 2, as getopt tools do; a
// failed call exits 64 + its gRPC code, as grpcurl does, so that a script
// can tell UNAVAILABLE (78) from NOT_FOUND (69) without parsing text.
inline constexpr int kExitUsage = 2;
// `invoices watch`: the payout reached a final status without being paid.
inline constexpr int kExitNotPaid = 3;
inline constexpr int kExitFailedCallBase = 64;

inline int ExitCodeOf(const absl::Status& status) {
  return status.ok() ? 0
                     : kExitFailedCallBase + static_cast<int>(status.code());
}

}  // namespace payoutctl

#endif  // PAYOUT_CLIENT_PAYOUTCTL_EXIT_CODES_H_
