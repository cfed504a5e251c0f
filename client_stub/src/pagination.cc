#include "payout_client/pagination.h"

namespace payout_client {
namespace {

namespace v1 = ::corefy::payout::v1;

// A range over one list RPC: `list` calls it for a page, `items` names the
// response's repeated field.
template <typename Item, typename Request, typename Response>
PagedRange<Item> ListAll(
    std::shared_ptr<PayoutClient> client, Request request, CallOptions options,
    absl::StatusOr<Response> (PayoutClient::*list)(const Request&,
                                                   const CallOptions&),
    google::protobuf::RepeatedPtrField<Item>* (Response::*items)()) {
  using Page = typename PagedRange<Item>::Page;
  return PagedRange<Item>(
      [client = std::move(client), request = std::move(request),
       options = std::move(options), list,
       items](const std::string& token) mutable -> absl::StatusOr<Page> {
        request.set_page_token(token);
        auto response = ((*client).*list)(request, options);
        if (!response.ok()) return response.status();
        auto* field = ((*response).*items)();
        Page page;
        page.items.assign(std::make_move_iterator(field->begin()),
                          std::make_move_iterator(field->end()));
        page.next_page_token = response->next_page_token();
        return page;
      });
}

}  // namespace

PagedRange<v1::PayoutInvoice> ListAllPayoutInvoices(
    std::shared_ptr<PayoutClient> client, v1::ListPayoutInvoicesRequest request,
    CallOptions options) {
  return ListAll<v1::PayoutInvoice>(
      std::move(client), std::move(request), std::move(options),
      &PayoutClient::ListPayoutInvoices,
      &v1::ListPayoutInvoicesResponse::mutable_payout_invoices);
}

PagedRange<v1::PayoutService> ListAllPayoutServices(
    std::shared_ptr<PayoutClient> client, v1::ListPayoutServicesRequest request,
    CallOptions options) {
  return ListAll<v1::PayoutService>(
      std::move(client), std::move(request), std::move(options),
      &PayoutClient::ListPayoutServices,
      &v1::ListPayoutServicesResponse::mutable_payout_services);
}

}  // namespace payout_client
