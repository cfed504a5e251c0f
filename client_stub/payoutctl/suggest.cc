#include "payoutctl/suggest.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace payoutctl {
namespace {

// Lower case, `_` read as `-`: the spellings people mix up.
std::string Normalized(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    c = c == '_'
            ? '-'
            : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of neighbours ("invocies") each cost 1.
std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(
      a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  std::iota(d[0].begin(), d[0].end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> Suggest(std::string_view given,
                                   const std::vector<std::string>& candidates) {
  // Words longer than any command or flag are not worth an O(n*m) table.
  constexpr std::size_t kLongestWorthComparing = 64;
  const std::string word = Normalized(given);
  if (word.empty() || word.size() > kLongestWorthComparing) return std::nullopt;
  std::vector<const std::string*> prefixed;
  const std::string* closest = nullptr;
  std::size_t best = word.size() < 5 ? 2 : 3;  // allowed distance + 1
  for (const std::string& candidate : candidates) {
    const std::string normalized = Normalized(candidate);
    if (normalized == word) return candidate;
    if (normalized.rfind(word, 0) == 0 &&
        word.find_first_not_of('-') != std::string::npos) {
      prefixed.push_back(&candidate);
    }
    const std::size_t distance = EditDistance(word, normalized);
    if (distance < best) {
      best = distance;
      closest = &candidate;
    }
  }
  if (closest != nullptr) return *closest;
  if (prefixed.size() == 1) return *prefixed.front();
  return std::nullopt;
}

}  // namespace payoutctl
