#include "catalog.h"

namespace sandbox {
namespace {

ServiceFieldSpec Field(std::string key, std::string en, std::string ru,
                       std::string uk, std::string regexp, bool required,
                       bool sensitive = false) {
  return {std::move(key),    std::move(en), std::move(ru), std::move(uk),
          std::move(regexp), required,      sensitive};
}

std::vector<ServiceFieldSpec> TestUsdFields() {
  // As in the contract's pre-request sample.
  return {
      Field("account", "Account", "Аккаунт", "Акаунт", R"(^\d{1,15}$)", true),
      Field("test_details_success_rate", "Success rate (%)",
            "Вероятность успеха (%)", "Імовірність успіху (%)", R"(^\d{1,15}$)",
            false),
      Field("test_details_payout_status", "Expected status", "Ожидаемый статус",
            "Очікуваний статус", R"(^[A-Z\-\sa-z]{2,64}$)", false),
      Field("test_details_payout_resolution", "Expected resolution",
            "Ожидаемый resolution", "Очікуваний resolution",
            R"(^[A-Z\-\sa-z]{2,64}$)", false),
  };
}

std::vector<ServiceFieldSpec> CardFields() {
  return {Field("card_number", "Card number", "Номер карты", "Номер картки",
                R"(^\d{12,19}$)", true, /*sensitive=*/true)};
}

std::vector<ServiceFieldSpec> BankFields() {
  return {Field("account_number", "Account number", "Номер счёта",
                "Номер рахунку", R"(^[A-Z0-9]{6,34}$)", true),
          Field("bank_code", "Bank code", "Код банка", "Код банку",
                R"(^[A-Z0-9]{4,11}$)", true)};
}

}  // namespace

const std::vector<ServiceSpec>& Catalog() {
  static const std::vector<ServiceSpec> catalog = [] {
    std::vector<ServiceSpec> c;
    c.push_back({"comcpos_TestUsd0000000001", "test_usd", "test", "alternative",
                 "Test", "USD", "USD", 1, 0.01, 9999999, true, true, true,
                 TestUsdFields()});
    c.push_back({"comcpos_CardUsd000000002", "payment_card_usd", "payment_card",
                 "bank_card", "Bank card", "USD", "USD", 1, 1, 50000, true,
                 true, true, CardFields()});
    c.push_back({"comcpos_CardEur000000003", "payment_card_eur", "payment_card",
                 "bank_card", "Bank card", "EUR", "EUR", 1, 1, 50000, true,
                 true, true, CardFields()});
    c.push_back({"comcpos_RHUGUgEnmmedR7h3", "swift_jpy", "swift",
                 "bank_transfer", "SWIFT", "JPY", "GBP", 188.5, 1, 999999, true,
                 false, true, BankFields()});
    c.push_back({"comcpos_giKmqeYwcuWV4QSt", "bank_transfer_zar",
                 "bank_transfer", "bank_transfer", "Bank transfer", "ZAR",
                 "USD", 18.25, 0.01, 1000000, true, true, true, BankFields()});
    c.push_back({"comcpos_SepaEur00000006", "sepa_eur", "sepa", "bank_transfer",
                 "SEPA", "EUR", "EUR", 1, 0.01, 100000, true, true, true,
                 BankFields()});
    c.push_back({"comcpos_AchUsd000000007", "ach_usd", "ach", "bank_transfer",
                 "ACH", "USD", "USD", 1, 1, 250000, false, true, false,
                 BankFields()});
    return c;
  }();
  return catalog;
}

const ServiceSpec* FindServiceByCode(const std::string& code) {
  for (const auto& s : Catalog()) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

const ServiceSpec* FindServiceById(const std::string& account_service_id) {
  for (const auto& s : Catalog()) {
    if (s.account_service_id == account_service_id) return &s;
  }
  return nullptr;
}

}  // namespace sandbox
