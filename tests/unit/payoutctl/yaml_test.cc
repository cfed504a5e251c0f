#include "payoutctl/yaml.h"

#include <gtest/gtest.h>

namespace payoutctl {
namespace {

using Json = nlohmann::ordered_json;

TEST(ToYaml, QuotesEveryStringSoDigitsStayExact) {
  Json doc = {{"amount", "10.50"}, {"id", "0012"}, {"flag", "yes"},
              {"count", 3},        {"ok", true},   {"none", nullptr}};
  EXPECT_EQ(ToYaml(doc),
            "amount: \"10.50\"\n"
            "id: \"0012\"\n"
            "flag: \"yes\"\n"
            "count: 3\n"
            "ok: true\n"
            "none: null\n");
}

TEST(ToYaml, NestsMapsAndLists) {
  Json doc = Json::parse(
      R"({"error": {"code": "INVALID_ARGUMENT",
                    "violations": [{"field": "amount", "description": "bad"},
                                   {"field": "currency", "description": "bad"}],
                    "tags": ["a", "b"], "empty": {}, "none": []}})");
  EXPECT_EQ(ToYaml(doc),
            "error:\n"
            "  code: \"INVALID_ARGUMENT\"\n"
            "  violations:\n"
            "    - field: \"amount\"\n"
            "      description: \"bad\"\n"
            "    - field: \"currency\"\n"
            "      description: \"bad\"\n"
            "  tags:\n"
            "    - \"a\"\n"
            "    - \"b\"\n"
            "  empty: {}\n"
            "  none: []\n");
}

TEST(ToYaml, EscapesHostileText) {
  // Map keys are anyone's text (invoice metadata): quoted unless plain.
  Json doc = {{"key: with colon", "line\nbreak \"quoted\" \x1b[31m"},
              {"- dash", "#comment"}};
  EXPECT_EQ(ToYaml(doc),
            "\"key: with colon\": \"line\\nbreak \\\"quoted\\\" \\u001b[31m\"\n"
            "\"- dash\": \"#comment\"\n");
}

TEST(ToYaml, PrintsEmptyDocuments) {
  EXPECT_EQ(ToYaml(Json::object()), "{}\n");
  EXPECT_EQ(ToYaml(Json::array()), "[]\n");
}

}  // namespace
}  // namespace payoutctl
