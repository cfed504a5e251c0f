#include "grpc/grpc_status.h"

#include <memory>
#include <string>

#include "absl/strings/strip.h"
#include "common/redaction.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/rpc/status.pb.h"

namespace payout_gateway {
namespace {

// A detail payload with every string in it masked (RedactCardNumbers):
// upstream titles, details, codes and request ids, the 422 field messages
// and the caller's own reference ids may all echo a card number. Payloads
// of a type this binary does not know are dropped rather than sent blind.
bool RedactedDetail(absl::string_view type_url, const absl::Cord& payload,
                    std::string* out) {
  absl::string_view name = type_url;
  if (!absl::ConsumePrefix(&name, "type.googleapis.com/")) return false;
  const google::protobuf::Descriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          std::string(name));
  if (descriptor == nullptr) return false;
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          descriptor);
  if (prototype == nullptr) return false;
  std::unique_ptr<google::protobuf::Message> detail(prototype->New());
  if (!detail->ParseFromString(std::string(payload))) return false;
  RedactCardNumbers(*detail);
  return detail->SerializeToString(out);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string message = RedactCardNumbers(status.message());
  google::rpc::Status proto;
  proto.set_code(static_cast<int>(status.code()));
  proto.set_message(message);
  status.ForEachPayload(
      [&proto](absl::string_view type_url, const absl::Cord& payload) {
        std::string value;
        if (!RedactedDetail(type_url, payload, &value)) return;
        auto* any = proto.add_details();
        any->set_type_url(std::string(type_url));
        any->set_value(std::move(value));
      });
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      proto.SerializeAsString());
}

}  // namespace payout_gateway
