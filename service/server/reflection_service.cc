#include "server/reflection_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>

#include <unordered_set>
#include <utility>

#include "absl/strings/str_cat.h"

namespace payout_gateway {
namespace {

namespace reflection = grpc::reflection::v1alpha;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

// One reflection stream: answers each request in turn. Like gRPC's, each
// file answer carries the file and all it imports, every time.
class ReflectionStream final
    : public grpc::ServerBidiReactor<reflection::ServerReflectionRequest,
                                     reflection::ServerReflectionResponse> {
 public:
  explicit ReflectionStream(const std::vector<std::string>* services)
      : services_(services) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client closed its side: the stream is over
      Finish(grpc::Status::OK);
      return;
    }
    response_.Clear();
    Answer();
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "write failed"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  void Answer() {
    response_.set_valid_host(request_.host());
    *response_.mutable_original_request() = request_;
    const DescriptorPool* pool = DescriptorPool::generated_pool();
    switch (request_.message_request_case()) {
      case reflection::ServerReflectionRequest::kFileByFilename:
        return SendFile(pool->FindFileByName(request_.file_by_filename()),
                        "file", request_.file_by_filename());
      case reflection::ServerReflectionRequest::kFileContainingSymbol:
        return SendFile(
            pool->FindFileContainingSymbol(request_.file_containing_symbol()),
            "symbol", request_.file_containing_symbol());
      case reflection::ServerReflectionRequest::kFileContainingExtension: {
        const auto& wanted = request_.file_containing_extension();
        const auto* type =
            pool->FindMessageTypeByName(wanted.containing_type());
        const auto* extension =
            type == nullptr
                ? nullptr
                : pool->FindExtensionByNumber(type, wanted.extension_number());
        return SendFile(extension == nullptr ? nullptr : extension->file(),
                        "extension",
                        absl::StrCat(wanted.containing_type(), "(",
                                     wanted.extension_number(), ")"));
      }
      case reflection::ServerReflectionRequest::kAllExtensionNumbersOfType: {
        const auto& name = request_.all_extension_numbers_of_type();
        const auto* type = pool->FindMessageTypeByName(name);
        if (type == nullptr) return NotFound("type", name);
        std::vector<const google::protobuf::FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        auto* numbers = response_.mutable_all_extension_numbers_response();
        numbers->set_base_type_name(type->full_name());
        for (const auto* e : extensions)
          numbers->add_extension_number(e->number());
        return;
      }
      case reflection::ServerReflectionRequest::kListServices:
        for (const auto& name : *services_) {
          response_.mutable_list_services_response()->add_service()->set_name(
              name);
        }
        return;
      default: {
        auto* error = response_.mutable_error_response();
        error->set_error_code(
            static_cast<int>(grpc::StatusCode::UNIMPLEMENTED));
        error->set_error_message("unknown reflection request");
        return;
      }
    }
  }

  // The file, then every file it imports, directly or not.
  void SendFile(const FileDescriptor* file, absl::string_view what,
                absl::string_view name) {
    if (file == nullptr) return NotFound(what, name);
    auto* files = response_.mutable_file_descriptor_response();
    std::unordered_set<std::string> sent;
    std::vector<const FileDescriptor*> pending{file};
    while (!pending.empty()) {
      const FileDescriptor* next = pending.back();
      pending.pop_back();
      if (!sent.insert(next->name()).second) continue;
      google::protobuf::FileDescriptorProto proto;
      next->CopyTo(&proto);
      proto.SerializeToString(files->add_file_descriptor_proto());
      for (int i = 0; i < next->dependency_count(); ++i)
        pending.push_back(next->dependency(i));
    }
  }

  void NotFound(absl::string_view what, absl::string_view name) {
    auto* error = response_.mutable_error_response();
    error->set_error_code(static_cast<int>(grpc::StatusCode::NOT_FOUND));
    error->set_error_message(absl::StrCat(what, " not found: ", name));
  }

  const std::vector<std::string>* services_;
  reflection::ServerReflectionRequest request_;
  reflection::ServerReflectionResponse response_;
};

}  // namespace

ReflectionService::ReflectionService(std::vector<std::string> services)
    : services_(std::move(services)) {}

grpc::ServerBidiReactor<reflection::ServerReflectionRequest,
                        reflection::ServerReflectionResponse>*
ReflectionService::ServerReflectionInfo(grpc::CallbackServerContext*) {
  return new ReflectionStream(&services_);
}

}  // namespace payout_gateway
