#include "json/exact_json.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace payout_gateway {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxDepth = 64;

// A SAX handler that builds a DOM like nlohmann's own, except that floats are
// stored as their source text. It never throws: parse_error() records the
// message and stops the parse.
class ExactDomBuilder {
 public:
  explicit ExactDomBuilder(json& root) : root_(root) {}

  bool null() { return Put(json(nullptr)); }
  bool boolean(bool v) { return Put(json(v)); }
  bool number_integer(json::number_integer_t v) { return Put(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return Put(json(v)); }
  bool number_float(json::number_float_t, const std::string& text) {
    return Put(json(text));
  }
  bool string(std::string& v) { return Put(json(std::move(v))); }
  bool binary(json::binary_t&) { return Fail("binary values are not JSON"); }

  bool start_object(std::size_t) { return Open(json::object()); }
  bool key(std::string& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return Close(); }
  bool start_array(std::size_t) { return Open(json::array()); }
  bool end_array() { return Close(); }

  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& ex) {
    return Fail(ex.what());
  }

  const std::string& error() const { return error_; }

 private:
  // Places `value` in the current container (or as the root) and returns a
  // pointer to where it now lives.
  json* Place(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool Put(json value) {
    Place(std::move(value));
    return true;
  }

  bool Open(json container) {
    if (stack_.size() >= kMaxDepth) return Fail("nesting too deep");
    stack_.push_back(Place(std::move(container)));
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  json& root_;
  std::vector<json*> stack_;
  std::string key_;
  std::string error_;
};

}  // namespace

absl::StatusOr<json> ParseJsonExact(absl::string_view text) {
  json root;
  ExactDomBuilder builder(root);
  bool ok = json::sax_parse(text.begin(), text.end(), &builder,
                            json::input_format_t::json, /*strict=*/true);
  if (!ok) {
    return absl::DataLossError(absl::StrCat(
        "malformed JSON: ",
        builder.error().empty() ? "parse failed" : builder.error()));
  }
  return root;
}

std::string DumpWithRawNumber(const json& object, absl::string_view key,
                              absl::string_view number) {
  std::string text =
      object.dump(-1, ' ', false, json::error_handler_t::replace);
  // `text` is "{...}"; insert the member before the closing brace.
  text.pop_back();
  if (text.size() > 1) text.push_back(',');
  absl::StrAppend(&text, json(std::string(key)).dump(), ":", number, "}");
  return text;
}

}  // namespace payout_gateway
