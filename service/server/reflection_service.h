#ifndef PAYOUT_GATEWAY_SERVER_REFLECTION_SERVICE_H_
#define PAYOUT_GATEWAY_SERVER_REFLECTION_SERVICE_H_

#include <string>
#include <vector>

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace payout_gateway {

// gRPC server reflection (grpc.reflection.v1alpha, what grpcurl and similar
// tools ask) over the callback API. gRPC's own ProtoServerReflection is a
// sync service, and one sync service makes the server keep a thread pool
// for it; this one runs on the callback threads the server has anyway.
//
// Answers from the process's generated descriptor pool, like gRPC's does.
class ReflectionService final
    : public grpc::reflection::v1alpha::ServerReflection::CallbackService {
 public:
  // `services`: the fully qualified names list_services reports.
  explicit ReflectionService(std::vector<std::string> services);

  grpc::ServerBidiReactor<grpc::reflection::v1alpha::ServerReflectionRequest,
                          grpc::reflection::v1alpha::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

 private:
  const std::vector<std::string> services_;
};

}  // namespace payout_gateway

#endif  // PAYOUT_GATEWAY_SERVER_REFLECTION_SERVICE_H_
