#include "grpc/event_stream_call.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "events/event_cursor.h"
#include "grpc/proto_time.h"

namespace payout_gateway {

namespace v1 = ::corefy::payout::v1;

namespace {

constexpr absl::string_view kMethod = "StreamPayoutEvents";
// Events queued per read: the memory a stream holds at most.
constexpr std::size_t kPageSize = 64;

absl::Status BusUnavailable(const absl::Status& why) {
  return ErrorBuilder(
             absl::StatusCode::kUnavailable,
             absl::StrCat("the event bus cannot be read now (", why.message(),
                          "): open the stream again with the last "
                          "cursor received"))
      .Reason(reason::kEventBusUnavailable)
      .RetryDelay(absl::Seconds(1))
      .Hint(v1::RetryHint::ACTION_RETRY)
      .Build();
}

// The bus's errors as the caller should see them.
absl::Status StreamError(const absl::Status& status) {
  if (absl::IsOutOfRange(status)) return EventsExpiredError(status.message());
  if (absl::IsInvalidArgument(status)) {
    return ErrorBuilder(absl::StatusCode::kInvalidArgument,
                        absl::StrCat("cursor: ", status.message()))
        .Reason(reason::kInvalidCursor)
        .Violations({{"cursor", std::string(status.message())}})
        .Hint(v1::RetryHint::ACTION_FIX_REQUEST)
        .Build();
  }
  return BusUnavailable(status);
}

v1::PayoutInvoiceEvent ToEvent(const PayoutEvent& event,
                               absl::string_view history) {
  v1::PayoutInvoiceEvent out;
  *out.mutable_invoice() = event.invoice;
  out.set_source(v1::PAYOUT_EVENT_SOURCE_CALLBACK);
  *out.mutable_receive_time() = ToTimestamp(event.received);
  out.set_superseded(event.stale);
  out.set_cursor(EncodeEventCursor(history, event.position));
  return out;
}

}  // namespace

grpc::ServerWriteReactor<v1::PayoutInvoiceEvent>* EventStreamCall::Start(
    grpc::CallbackServerContext* context,
    const v1::StreamPayoutEventsRequest& request, const StreamDeps& deps,
    EventBus* bus) {
  auto* call = new EventStreamCall(context, deps, bus);
  call->Begin(request);
  return call;
}

EventStreamCall::EventStreamCall(grpc::CallbackServerContext* context,
                                 const StreamDeps& deps, EventBus* bus)
    : StreamCall(context, kMethod, "", deps),
      bus_(bus),
      history_(bus->History()) {}

EventStreamCall::~EventStreamCall() { subscription_.reset(); }

void EventStreamCall::Begin(const v1::StreamPayoutEventsRequest& request) {
  if (!Admit()) return;
  absl::StatusOr<std::string> start;
  if (!request.cursor().empty()) {
    start = DecodeEventCursor(request.cursor(), history_);
  } else if (request.from_oldest()) {
    start = std::string();
  } else {
    start = bus_->LastPosition();
    if (!start.ok()) start = BusUnavailable(start.status());
  }
  if (!start.ok()) {
    EndWith(start.status());
    return;
  }
  // Subscribed before the first read: an event kept in between sets more_.
  subscription_ = bus_->Subscribe([this](const PayoutEvent&) {
    absl::MutexLock lock(&mu_);
    more_ = true;
    if (!reading_ && queue_empty()) ScheduleRead();
  });
  absl::MutexLock lock(&mu_);
  position_ = *std::move(start);
  ScheduleRead();
}

void EventStreamCall::ScheduleRead() {
  if (ended() || reading_) return;
  reading_ = true;
  more_ = false;
  BeginOp();
  deps_.timer->RunAfter(absl::ZeroDuration(), [this] { ReadPage(); });
}

void EventStreamCall::ReadPage() {
  std::string after;
  bool stop = false;
  {
    absl::MutexLock lock(&mu_);
    after = position_;
    stop = ended();
  }
  absl::StatusOr<std::vector<PayoutEvent>> page =
      stop ? std::vector<PayoutEvent>() : bus_->ReadAfter(after, kPageSize);
  {
    absl::MutexLock lock(&mu_);
    reading_ = false;
    if (!page.ok()) {
      EndNow(StreamError(page.status()));
    } else {
      for (const PayoutEvent& event : *page) Send(ToEvent(event, history_));
      if (!page->empty()) position_ = page->back().position;
      // A full page means there may be more kept already.
      if (page->size() == kPageSize) more_ = true;
      if (queue_empty() && more_) ScheduleRead();
    }
  }
  StopIfEnded();
  EndOp();
}

void EventStreamCall::OnQueueDrained() {
  if (more_ && !reading_) ScheduleRead();
}

}  // namespace payout_gateway
