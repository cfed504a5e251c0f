#include "grpc/open_streams.h"

#include "common/error_details.h"

namespace payout_gateway {
namespace {

absl::Status Draining() {
  return ErrorBuilder(absl::StatusCode::kUnavailable,
                      "the gateway is stopping (for a restart): open the "
                      "stream again (an event stream with its last cursor)")
      .Reason(reason::kGatewayDraining)
      .RetryDelay(absl::Milliseconds(100))
      .Hint(corefy::payout::v1::RetryHint::ACTION_RETRY)
      .Build();
}

}  // namespace

absl::Status OpenStreams::Add(Stream* stream) {
  absl::MutexLock lock(&mu_);
  if (draining_) return Draining();
  if (static_cast<int>(streams_.size()) >= max_streams_) {
    return ErrorBuilder(absl::StatusCode::kResourceExhausted,
                        "the gateway holds as many open streams as it may "
                        "(--max_open_streams): try again later or elsewhere")
        .Reason(reason::kGatewayOverloaded)
        .Metadata("limit", "open_streams")
        .RetryDelay(absl::Seconds(1))
        .Hint(corefy::payout::v1::RetryHint::ACTION_RETRY)
        .Build();
  }
  streams_.insert(stream);
  return absl::OkStatus();
}

void OpenStreams::Remove(Stream* stream) {
  absl::MutexLock lock(&mu_);
  streams_.erase(stream);
}

int OpenStreams::Drain() {
  // Under the lock: a stream cannot be deleted while it is being ended,
  // since its deletion waits in Remove().
  absl::MutexLock lock(&mu_);
  draining_ = true;
  for (Stream* stream : streams_) stream->EndWith(Draining());
  return static_cast<int>(streams_.size());
}

bool OpenStreams::AwaitEmpty(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto empty = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return streams_.empty();
  };
  return mu_.AwaitWithDeadline(absl::Condition(&empty), deadline);
}

}  // namespace payout_gateway
