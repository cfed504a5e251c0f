#ifndef PAYOUT_GATEWAY_GRPC_OPEN_STREAMS_H_
#define PAYOUT_GATEWAY_GRPC_OPEN_STREAMS_H_

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace payout_gateway {

// The server-streaming calls in progress, so that a drain ends them at once:
// a watch or an event stream could last for hours, and its caller loses
// nothing by reconnecting (to another replica) -- an event stream resumes
// from its last cursor. Thread-safe.
class OpenStreams {
 public:
  // At most `max_streams` open at once: each holds about 24 kB of the
  // gateway's memory (bench/README.md), and none is ever admitted by the
  // unary calls' limits.
  explicit OpenStreams(int max_streams = 10000) : max_streams_(max_streams) {}

  class Stream {
   public:
    virtual ~Stream() = default;
    // Ends the stream with `status` unless it has ended already. Called
    // under OpenStreams' lock: it must not call back into OpenStreams.
    virtual void EndWith(absl::Status status) = 0;
  };

  // Registers a stream, or refuses it: UNAVAILABLE (GATEWAY_DRAINING,
  // ACTION_RETRY) once a drain has begun, RESOURCE_EXHAUSTED
  // (GATEWAY_OVERLOADED, ACTION_RETRY) with `max_streams` open.
  absl::Status Add(Stream* stream);
  // A stream unregisters before it is deleted.
  void Remove(Stream* stream);

  // Refuses new streams and ends every open one with GATEWAY_DRAINING.
  // Returns how many there were.
  int Drain();

  // Waits until every stream has unregistered (been deleted), or until
  // `deadline`; true if none is left.
  bool AwaitEmpty(absl::Time deadline);

 private:
  const int max_streams_;
  absl::Mutex mu_;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<Stream*> streams_ ABSL_GUARDED_BY(mu_);
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_GRPC_OPEN_STREAMS_H_
