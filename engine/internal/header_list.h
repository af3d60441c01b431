// File: engine/internal/header_list.h
//
// ExtractHeaderListValues() for the engine's own lookups, whose names are
// lowercase literals: each header's name is compared against the literal's
// words inline (EqualsLowercaseLiteral), not through a name lowercased at
// run time, per call, and compared a word at a time out of line.

#ifndef CORSENGINE_ENGINE_INTERNAL_HEADER_LIST_H_
#define CORSENGINE_ENGINE_INTERNAL_HEADER_LIST_H_

#include <cstddef>
#include <string_view>

#include "corsengine/header_list.h"
#include "engine/internal/ascii.h"

namespace corsengine {
namespace internal {

// Appends the elements of one header value to `out`; false (and `out`
// failed) at the first that is not a token.
bool AppendListElements(std::string_view value, HeaderListValues* out);

// One more value of a list's header, in header order: the list is parsed
// unless it failed already, and a failed list takes no more values ("extract
// header list values" fails at the first bad element).
inline void AddListValue(std::string_view value, HeaderListValues* list) {
  if (list->failed()) return;
  list->state = HeaderListValues::State::kParsed;
  AppendListElements(value, list);
}

// ExtractHeaderListValues() over the headers whose name `matches`.
template <typename Matches>
void ExtractHeaderListValuesIf(HeaderSpan headers, Matches matches,
                               HeaderListValues* out) {
  out->state = HeaderListValues::State::kAbsent;
  out->items.clear();
  out->invalid_item = {};
  for (const HeaderView& h : headers) {
    if (matches(h.name)) AddListValue(h.value, out);
  }
}

// ExtractHeaderListValues(headers, lower, out), `lower` a lowercase literal.
template <size_t N>
void ExtractHeaderListValuesOf(HeaderSpan headers, const char (&lower)[N],
                               HeaderListValues* out) {
  ExtractHeaderListValuesIf(
      headers,
      [&lower](std::string_view name) {
        return EqualsLowercaseLiteral(name, lower);
      },
      out);
}

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_HEADER_LIST_H_
