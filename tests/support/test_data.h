#ifndef PAYOUT_GATEWAY_TESTS_SUPPORT_TEST_DATA_H_
#define PAYOUT_GATEWAY_TESTS_SUPPORT_TEST_DATA_H_

#include <string>

namespace payout_gateway_testing {

// The content of tests/data/<name> (the contract's sample documents).
std::string ReadTestData(const std::string& name);

// The content of a file in the source tree, relative to its root.
std::string ReadSourceFile(const std::string& relative_path);

}  // namespace payout_gateway_testing

#endif  // PAYOUT_GATEWAY_TESTS_SUPPORT_TEST_DATA_H_
