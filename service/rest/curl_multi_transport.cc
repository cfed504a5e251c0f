#include "rest/curl_multi_transport.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/usable_cpus.h"

namespace payout_gateway {
namespace {

constexpr int kLoopBits = 8;
constexpr HttpTransport::RequestId kLoopMask = (1u << kLoopBits) - 1;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

absl::StatusOr<std::unique_ptr<CurlMultiTransport>> CurlMultiTransport::Create(
    CurlTransportOptions options) {
  InitCurlOnce();
  if (options.max_connections < 1) {
    return absl::InvalidArgumentError("max_connections must be at least 1");
  }
  if (options.event_loops < 0 || options.event_loops > kMaxEventLoops) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event_loops must be between 0 (one per CPU) and ", kMaxEventLoops));
  }
  int loops = options.event_loops;
  if (loops == 0) loops = std::min(UsableCpus(), kMaxEventLoops);
  // A loop without a connection of its own could never send anything.
  loops = static_cast<int>(std::min<long>(loops, options.max_connections));
  options.event_loops = loops;
  auto transport =
      std::unique_ptr<CurlMultiTransport>(new CurlMultiTransport(options));
  // The connections are shared out evenly, the remainder to the first loops,
  // so the loops together never open more than max_connections.
  for (int i = 0; i < loops; ++i) {
    const long share = options.max_connections / loops +
                       (i < options.max_connections % loops ? 1 : 0);
    auto loop = TransportLoop::Create(transport->options_, share,
                                      static_cast<std::size_t>(i));
    if (!loop.ok()) return loop.status();
    transport->loops_.push_back(*std::move(loop));
  }
  return transport;
}

CurlMultiTransport::CurlMultiTransport(CurlTransportOptions options)
    : options_(std::move(options)) {}

CurlMultiTransport::~CurlMultiTransport() = default;

std::size_t CurlMultiTransport::ChooseLoop() {
  const TransportLoop* current = TransportLoop::Current();
  if (current != nullptr && current->index() < loops_.size() &&
      loops_[current->index()].get() == current) {
    return current->index();
  }
  return next_loop_.fetch_add(1, std::memory_order_relaxed) % loops_.size();
}

HttpTransport::RequestId CurlMultiTransport::Send(HttpRequest request,
                                                  Done done) {
  const std::size_t loop = ChooseLoop();
  auto transfer = std::make_unique<CurlTransfer>();
  transfer->id =
      (next_sequence_.fetch_add(1, std::memory_order_relaxed) << kLoopBits) |
      loop;
  transfer->request = std::move(request);
  transfer->done = std::move(done);
  transfer->max_body = options_.max_response_bytes;
  const RequestId id = transfer->id;
  loops_[loop]->Start(std::move(transfer));
  return id;
}

void CurlMultiTransport::Cancel(RequestId id) {
  const std::size_t loop = id & kLoopMask;
  if (loop < loops_.size()) loops_[loop]->Cancel(id);
}

}  // namespace payout_gateway
