#include "support/test_data.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace payout_gateway_testing {

std::string ReadSourceFile(const std::string& relative_path) {
  std::string path = std::string(PAYOUT_SOURCE_DIR) + "/" + relative_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReadTestData(const std::string& name) {
  return ReadSourceFile("tests/data/" + name);
}

}  // namespace payout_gateway_testing
