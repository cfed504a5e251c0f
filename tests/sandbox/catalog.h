#ifndef PAYOUT_GATEWAY_TESTS_SANDBOX_CATALOG_H_
#define PAYOUT_GATEWAY_TESTS_SANDBOX_CATALOG_H_

#include <string>
#include <vector>

namespace sandbox {

// One input field of a payout service.
struct ServiceFieldSpec {
  std::string key;
  std::string label_en;
  std::string label_ru;
  std::string label_uk;
  std::string regexp;  // ECMAScript, single-escaped
  bool required = false;
  bool sensitive = false;  // masked in responses (card numbers)
};

// One payout service the sandbox account has.
struct ServiceSpec {
  std::string account_service_id;  // comcpos_...
  std::string code;                // test_usd
  std::string method;              // test
  std::string method_category;     // alternative
  std::string method_name;         // Test
  std::string service_currency;    // the currency paid out
  std::string currency;            // the invoice currency
  double exchange_rate = 1;        // service_currency per currency
  double amount_min = 0.01;
  double amount_max = 9999999;
  bool available = true;
  bool active = true;
  bool enabled = true;
  std::vector<ServiceFieldSpec> fields;
};

// The sandbox's services: `test_usd` exactly as the contract describes it,
// card services driven by Corefy's test card numbers, and bank services in
// other currencies, so lists have several pages.
const std::vector<ServiceSpec>& Catalog();

const ServiceSpec* FindServiceByCode(const std::string& code);
const ServiceSpec* FindServiceById(const std::string& account_service_id);

}  // namespace sandbox

#endif  // PAYOUT_GATEWAY_TESTS_SANDBOX_CATALOG_H_
