#include "payout_client/pagination.h"

namespace payout_client {

namespace v1 = ::corefy::payout::v1;

PagedRange<v1::PayoutInvoice> ListAllPayoutInvoices(
    std::shared_ptr<PayoutClient> client, v1::ListPayoutInvoicesRequest request,
    CallOptions options) {
  using Page = PagedRange<v1::PayoutInvoice>::Page;
  return PagedRange<v1::PayoutInvoice>(
      [client = std::move(client), request = std::move(request),
       options = std::move(options)](
          const std::string& token) mutable -> absl::StatusOr<Page> {
        request.set_page_token(token);
        auto response = client->ListPayoutInvoices(request, options);
        if (!response.ok()) return response.status();
        Page page;
        page.items.assign(std::make_move_iterator(
                              response->mutable_payout_invoices()->begin()),
                          std::make_move_iterator(
                              response->mutable_payout_invoices()->end()));
        page.next_page_token = response->next_page_token();
        return page;
      });
}

PagedRange<v1::PayoutService> ListAllPayoutServices(
    std::shared_ptr<PayoutClient> client, v1::ListPayoutServicesRequest request,
    CallOptions options) {
  using Page = PagedRange<v1::PayoutService>::Page;
  return PagedRange<v1::PayoutService>(
      [client = std::move(client), request = std::move(request),
       options = std::move(options)](
          const std::string& token) mutable -> absl::StatusOr<Page> {
        request.set_page_token(token);
        auto response = client->ListPayoutServices(request, options);
        if (!response.ok()) return response.status();
        Page page;
        page.items.assign(std::make_move_iterator(
                              response->mutable_payout_services()->begin()),
                          std::make_move_iterator(
                              response->mutable_payout_services()->end()));
        page.next_page_token = response->next_page_token();
        return page;
      });
}

}  // namespace payout_client
