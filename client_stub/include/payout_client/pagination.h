#ifndef PAYOUT_CLIENT_PAGINATION_H_
#define PAYOUT_CLIENT_PAGINATION_H_

#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "payout_client/payout_client.h"

namespace payout_client {

// Every item of a paged list, the pages fetched one at a time as the loop
// reaches them:
//
//   for (const auto& invoice : ListAllPayoutInvoices(client, {})) {
//     if (!invoice.ok()) return invoice.status();  // a page failed
//     Reconcile(*invoice);
//   }
//
// A failed page (after the client's retries) is the last element, as an
// error. A single pass: begin() once, like a stream.
template <typename Item>
class PagedRange {
  struct State;  // what the range and its iterators share

 public:
  struct Page {
    std::vector<Item> items;
    std::string next_page_token;  // empty on the last page
  };
  // Fetches the page at `page_token` ("" for the first).
  using FetchPage =
      std::function<absl::StatusOr<Page>(const std::string& page_token)>;

  explicit PagedRange(FetchPage fetch)
      : state_(std::make_shared<State>(std::move(fetch))) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = absl::StatusOr<Item>;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type*;
    using reference = const value_type&;

    iterator() = default;
    reference operator*() const { return state_->current; }
    pointer operator->() const { return &state_->current; }
    iterator& operator++() {
      if (!state_->Advance()) state_ = nullptr;
      return *this;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.state_ == b.state_;
    }
    friend bool operator!=(const iterator& a, const iterator& b) {
      return !(a == b);
    }

   private:
    friend class PagedRange;
    explicit iterator(std::shared_ptr<typename PagedRange::State> state)
        : state_(std::move(state)) {}
    std::shared_ptr<typename PagedRange::State> state_;
  };

  iterator begin() { return state_->Advance() ? iterator(state_) : iterator(); }
  iterator end() { return iterator(); }

 private:
  struct State {
    explicit State(FetchPage f) : fetch(std::move(f)) {}

    // Moves to the next item, fetching pages as needed; false at the end.
    bool Advance() {
      while (next_index >= page.items.size()) {
        if (done) return false;
        if (fetched_any && page.next_page_token.empty()) return false;
        std::string token = page.next_page_token;
        auto next = fetch(token);
        fetched_any = true;
        if (!next.ok()) return Fail(next.status());
        // A gateway that hands back the token it was given would loop
        // forever: end with an error instead.
        if (!next->next_page_token.empty() && next->next_page_token == token) {
          return Fail(absl::InternalError(
              "the gateway returned the same page token twice"));
        }
        page = *std::move(next);
        next_index = 0;
      }
      current = std::move(page.items[next_index++]);
      return true;
    }

    bool Fail(const absl::Status& status) {
      current = status;
      done = true;
      page = Page{};
      return true;
    }

    FetchPage fetch;
    Page page;
    std::size_t next_index = 0;
    bool fetched_any = false;
    bool done = false;
    absl::StatusOr<Item> current = absl::UnknownError("before the first item");
  };

  std::shared_ptr<State> state_;
};

// Every invoice of the account (`request`'s filters and page size), page
// after page. The client must outlive the loop.
PagedRange<corefy::payout::v1::PayoutInvoice> ListAllPayoutInvoices(
    std::shared_ptr<PayoutClient> client,
    corefy::payout::v1::ListPayoutInvoicesRequest request,
    CallOptions options = {});

// Every payout service of the account, page after page.
PagedRange<corefy::payout::v1::PayoutService> ListAllPayoutServices(
    std::shared_ptr<PayoutClient> client,
    corefy::payout::v1::ListPayoutServicesRequest request,
    CallOptions options = {});

}  // namespace payout_client

#endif  // PAYOUT_CLIENT_PAGINATION_H_
