// Pays out through the gateway given as the first argument, the way a
// service using the installed client would: two payouts created at once
// with the asynchronous calls, one processed and watched to its final
// status on the event stream, then found again by walking every page of
// the invoice list. Prints "paid <invoice id>" on success.

#include <cstdio>
#include <string>
#include <vector>

#include "payout_client/pagination.h"
#include "payout_client/payout_client.h"
#include "payout_client/payout_error.h"
#include "payout_client/version.h"

namespace v1 = ::corefy::payout::v1;

namespace {

int Fail(const char* step, const absl::Status& status) {
  std::fprintf(
      stderr, "%s: %s\n", step,
      payout_client::PayoutError::FromStatus(status).ToString().c_str());
  return 1;
}

v1::CreatePayoutInvoiceRequest Create(const std::string& reference_id,
                                      const char* amount) {
  v1::CreatePayoutInvoiceRequest create;
  create.set_reference_id(reference_id);
  create.set_service("test_usd");
  create.set_currency("USD");
  create.set_amount(amount);
  (*create.mutable_fields())["account"] = "4000123456";
  return create;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pay_one GATEWAY REFERENCE_ID\n");
    return 2;
  }
  std::printf("client %s %s\n", payout_client::kVersion,
              payout_client::kProtoApiVersion);
  auto client = payout_client::MakePayoutClient(argv[1]);
  const std::string reference = argv[2];

  // Three creates in flight together; none blocks a thread.
  std::vector<payout_client::Future<v1::PayoutInvoice>> creates;
  creates.push_back(
      client->AsyncCreatePayoutInvoice(Create(reference, "12.34")));
  creates.push_back(
      client->AsyncCreatePayoutInvoice(Create(reference + "-b", "1")));
  creates.push_back(
      client->AsyncCreatePayoutInvoice(Create(reference + "-c", "2")));
  std::vector<v1::PayoutInvoice> created;
  for (auto& create : creates) {
    auto result = create.get();
    if (!result.ok()) return Fail("create", result.status());
    created.push_back(*std::move(result));
  }
  const v1::PayoutInvoice* invoice = &created.front();

  v1::ProcessPayoutInvoiceRequest process;
  process.set_id(invoice->id());
  auto processed = client->AsyncProcessPayoutInvoice(process).get();
  if (!processed.ok()) return Fail("process", processed.status());

  // The watch ends after the final status.
  v1::WatchPayoutInvoiceRequest watch;
  watch.set_id(invoice->id());
  auto stream = client->WatchPayoutInvoice(watch);
  v1::PayoutInvoiceEvent event;
  v1::PayoutInvoiceStatus last = v1::PAYOUT_INVOICE_STATUS_UNSPECIFIED;
  while (stream->Next(event)) {
    last = event.invoice().status();
    std::printf("change %s\n", v1::PayoutInvoiceStatus_Name(last).c_str());
  }
  if (auto status = stream->Finish(); !status.ok()) {
    return Fail("watch", status);
  }
  if (last != v1::PAYOUT_INVOICE_STATUS_PROCESSED) {
    std::fprintf(stderr, "the payout did not end processed\n");
    return 1;
  }

  // Every page of the list, one at a time (two invoices a page: the three
  // created here take two pages at least).
  v1::ListPayoutInvoicesRequest list;
  list.set_page_size(2);
  int seen = 0;
  bool found = false;
  for (const auto& listed :
       payout_client::ListAllPayoutInvoices(client, list)) {
    if (!listed.ok()) return Fail("list", listed.status());
    ++seen;
    found = found || listed->id() == invoice->id();
  }
  std::printf("listed %d invoices\n", seen);
  if (!found) {
    std::fprintf(stderr, "%s is not in the list\n", invoice->id().c_str());
    return 1;
  }
  std::printf("paid %s\n", invoice->id().c_str());
  return 0;
}
