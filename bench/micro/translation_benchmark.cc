// Microbenchmarks of the pure translations on every call's path: upstream
// JSON -> proto (invoices, service lists) and proto -> JSON (the create
// request body, invoices, services).
//
//   build/bench/translation_benchmark --data=tests/data

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "json/create_payout_invoice_json.h"
#include "json/exact_json.h"
#include "json/payout_invoice_json.h"
#include "json/payout_service_json.h"

namespace {

namespace v1 = ::corefy::payout::v1;

std::string Data(const std::string& name) {
  std::ifstream in(std::string(PAYOUT_BENCH_DATA_DIR) + "/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void BM_ParseInvoiceDocument(benchmark::State& state) {
  const std::string body = Data("invoice_private.json");
  for (auto _ : state) {
    v1::PayoutInvoice invoice;
    benchmark::DoNotOptimize(
        payout_gateway::ParsePayoutInvoiceDocument(body, &invoice));
  }
  state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_ParseInvoiceDocument);

void BM_ParseInvoiceList(benchmark::State& state) {
  const std::string body = Data("invoice_list.json");
  for (auto _ : state) {
    google::protobuf::RepeatedPtrField<v1::PayoutInvoice> invoices;
    benchmark::DoNotOptimize(
        payout_gateway::ParsePayoutInvoiceListDocument(body, &invoices));
  }
  state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_ParseInvoiceList);

void BM_ParseServiceList(benchmark::State& state) {
  const std::string body = Data("payout_services_list.json");
  for (auto _ : state) {
    google::protobuf::RepeatedPtrField<v1::PayoutService> services;
    benchmark::DoNotOptimize(
        payout_gateway::ParsePayoutServiceListDocument(body, &services));
  }
  state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_ParseServiceList);

void BM_ParseJsonExactOnly(benchmark::State& state) {
  const std::string body = Data("invoice_private.json");
  for (auto _ : state)
    benchmark::DoNotOptimize(payout_gateway::ParseJsonExact(body));
  state.SetBytesProcessed(state.iterations() * body.size());
}
BENCHMARK(BM_ParseJsonExactOnly);

void BM_CreateInvoiceBody(benchmark::State& state) {
  v1::CreatePayoutInvoiceRequest request;
  request.set_reference_id("a5c22bfb-04c1-4dbf-8b46-9753bf1f6570");
  request.set_service("payment_card_usd");
  request.set_currency("USD");
  request.set_amount("10.50");
  (*request.mutable_fields())["card_number"] = "5123817234060000";
  request.set_callback_url("https://merchant.example/callbacks");
  (*request.mutable_metadata())["order"] = "1001";
  for (auto _ : state) {
    benchmark::DoNotOptimize(payout_gateway::CreatePayoutInvoiceBody(request));
  }
}
BENCHMARK(BM_CreateInvoiceBody);

void BM_InvoiceToJson(benchmark::State& state) {
  v1::PayoutInvoice invoice;
  (void)payout_gateway::ParsePayoutInvoiceDocument(Data("invoice_private.json"),
                                                   &invoice);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        payout_gateway::PayoutInvoiceToJson(invoice).dump());
  }
}
BENCHMARK(BM_InvoiceToJson);

void BM_ServiceListToJson(benchmark::State& state) {
  google::protobuf::RepeatedPtrField<v1::PayoutService> services;
  (void)payout_gateway::ParsePayoutServiceListDocument(
      Data("payout_services_list.json"), &services);
  for (auto _ : state) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : services)
      list.push_back(payout_gateway::PayoutServiceToJson(s));
    benchmark::DoNotOptimize(list.dump());
  }
}
BENCHMARK(BM_ServiceListToJson);

}  // namespace

BENCHMARK_MAIN();
