#include "grpc/watch_invoice_call.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"
#include "common/log.h"
#include "grpc/proto_time.h"

namespace payout_gateway {

namespace v1 = ::corefy::payout::v1;

namespace {

constexpr absl::string_view kMethod = "WatchPayoutInvoice";

v1::GetPayoutInvoiceRequest LookupOf(
    const v1::WatchPayoutInvoiceRequest& request) {
  v1::GetPayoutInvoiceRequest lookup;
  if (request.has_id()) lookup.set_id(request.id());
  if (request.has_reference_id())
    lookup.set_reference_id(request.reference_id());
  return lookup;
}

}  // namespace

grpc::ServerWriteReactor<v1::PayoutInvoiceEvent>* WatchInvoiceCall::Start(
    grpc::CallbackServerContext* context,
    const v1::WatchPayoutInvoiceRequest& request, const StreamDeps& deps,
    const WatchDeps& watch) {
  auto* call = new WatchInvoiceCall(context, request, deps, watch);
  call->Begin();
  return call;
}

WatchInvoiceCall::WatchInvoiceCall(grpc::CallbackServerContext* context,
                                   const v1::WatchPayoutInvoiceRequest& request,
                                   const StreamDeps& deps,
                                   const WatchDeps& watch)
    : StreamCall(context, kMethod, request.reference_id(), deps),
      watch_(watch),
      lookup_(LookupOf(request)),
      poll_interval_(watch.options.poll_after) {}

WatchInvoiceCall::~WatchInvoiceCall() {
  // First: once this returns the hub never calls OnBusEvent again.
  registration_.reset();
}

void WatchInvoiceCall::Begin() {
  if (!Admit()) return;
  if (absl::Status invalid = ValidateGetPayoutInvoice(lookup_, watch_.limits);
      !invalid.ok()) {
    EndWith(std::move(invalid));
    return;
  }
  WatchHub::Key key;
  key.kind = lookup_.has_id() ? WatchHub::Key::Kind::kId
                              : WatchHub::Key::Kind::kReferenceId;
  key.value = lookup_.has_id() ? lookup_.id() : lookup_.reference_id();
  registration_ = watch_.hub->Watch(
      key, [this](const PayoutEvent& event) { OnBusEvent(event); });
  absl::MutexLock lock(&mu_);
  Read(v1::PAYOUT_EVENT_SOURCE_INITIAL_READ);
}

void WatchInvoiceCall::OnBusEvent(const PayoutEvent& event) {
  absl::MutexLock lock(&mu_);
  if (ended()) return;
  heard_since_poll_ = true;
  if (!have_first_state_) {
    early_.push_back(event);
    return;
  }
  Offer(event.invoice, v1::PAYOUT_EVENT_SOURCE_CALLBACK, event.received);
  // A final status ends the stream; the poll timer is stopped once its
  // last event is written (OnWriteDone), not here on the bus's thread.
}

void WatchInvoiceCall::Read(v1::PayoutEventSource source) {
  if (ended()) return;
  BeginOp();
  read_ctx_ = std::make_shared<CallContext>(
      std::min(ctx_->deadline(), absl::Now() + watch_.options.read_timeout),
      ctx_->request_id(), ctx_->reference_id(), ctx_->caller());
  // The connection may answer on this thread: the read starts once mu_ is
  // released, from a copy of what it needs.
  CallContextPtr read_ctx = read_ctx_;
  deps_.timer->RunAfter(absl::ZeroDuration(), [this, source, read_ctx] {
    watch_.connection->GetPayoutInvoice(
        read_ctx, lookup_,
        [this, source](absl::StatusOr<v1::PayoutInvoice> invoice) {
          OnRead(source, std::move(invoice));
        });
  });
}

void WatchInvoiceCall::OnRead(v1::PayoutEventSource source,
                              absl::StatusOr<v1::PayoutInvoice> invoice) {
  {
    absl::MutexLock lock(&mu_);
    read_ctx_.reset();
    if (ended()) {
      // Nothing more to do.
    } else if (source == v1::PAYOUT_EVENT_SOURCE_INITIAL_READ) {
      if (!invoice.ok()) {
        EndNow(invoice.status());
      } else {
        have_first_state_ = true;
        heard_since_poll_ = false;
        Offer(*invoice, source, absl::Now());
        for (const PayoutEvent& event : early_) {
          Offer(event.invoice, v1::PAYOUT_EVENT_SOURCE_CALLBACK,
                event.received);
        }
        early_.clear();
        ArmPollTimer();
      }
    } else {
      if (invoice.ok()) {
        Offer(*invoice, source, absl::Now());
      } else {
        LogEvent(Severity::kWarning, "watch_poll_failed",
                 {{"request_id", ctx_->request_id()},
                  {"code", absl::StatusCodeToString(invoice.status().code())},
                  {"message", std::string(invoice.status().message())}});
      }
      poll_interval_ =
          std::min(poll_interval_ * 2, watch_.options.max_poll_interval);
      ArmPollTimer();
    }
  }
  StopIfEnded();
  EndOp();
}

void WatchInvoiceCall::ArmPollTimer() {
  if (ended()) return;
  BeginOp();
  poll_timer_ =
      deps_.timer->RunAfter(poll_interval_, [this] { OnPollTimer(); });
}

void WatchInvoiceCall::OnPollTimer() {
  {
    absl::MutexLock lock(&mu_);
    poll_timer_.reset();
    if (!ended()) {
      if (heard_since_poll_) {
        // Callbacks are arriving: no need to ask Corefy yet.
        heard_since_poll_ = false;
        poll_interval_ = watch_.options.poll_after;
        ArmPollTimer();
      } else {
        Read(v1::PAYOUT_EVENT_SOURCE_POLL);
      }
    }
  }
  StopIfEnded();
  EndOp();
}

void WatchInvoiceCall::Offer(const v1::PayoutInvoice& invoice,
                             v1::PayoutEventSource source,
                             absl::Time received) {
  if (ended()) return;
  const InvoicePosition position = PositionOf(invoice);
  if (last_sent_.has_value() && position <= *last_sent_) return;
  last_sent_ = position;
  v1::PayoutInvoiceEvent event;
  *event.mutable_invoice() = invoice;
  event.set_source(source);
  *event.mutable_receive_time() = ToTimestamp(received);
  Send(std::move(event));
  if (EndsWatch(invoice.status())) EndAfterQueued(absl::OkStatus());
}

void WatchInvoiceCall::StopWork() {
  std::optional<Timer::TimerId> timer;
  CallContextPtr read;
  {
    absl::MutexLock lock(&mu_);
    timer = poll_timer_;
    read = read_ctx_;
  }
  if (timer.has_value()) deps_.timer->FireNow(*timer);
  if (read != nullptr) read->Cancel();
}

}  // namespace payout_gateway
