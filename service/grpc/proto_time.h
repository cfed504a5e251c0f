#ifndef PAYOUT_GATEWAY_GRPC_PROTO_TIME_H_
#define PAYOUT_GATEWAY_GRPC_PROTO_TIME_H_

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace payout_gateway {

// An absl::Time as the google.protobuf.Timestamp of an event's
// receive_time, to the nanosecond.
inline google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      absl::ToUnixNanos(t));
}

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_PROTO_TIME_H_
