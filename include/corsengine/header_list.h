// File: include/corsengine/header_list.h
//
// Header lists as the Fetch Standard reads them
// (https://fetch.spec.whatwg.org/#concept-header-list). A response's headers
// reach the engine as a span of `HeaderView`s pointing into the host's own
// buffers, in the order received, repeated names as separate entries; the
// engine never copies them to decide. Names match byte-case-insensitively.
//
// Values are taken as they came off the wire: every function here first
// strips leading and trailing spaces and tabs from each value, as HTTP
// parsers do (RFC 9110 field-value), so "true " reads as `true`.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_HEADER_LIST_H_
#define CORSENGINE_INCLUDE_CORSENGINE_HEADER_LIST_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"

namespace corsengine {

// One header, viewing memory the caller owns.
struct HeaderView {
  std::string_view name;
  std::string_view value;
};
using HeaderSpan = absl::Span<const HeaderView>;

// One header that owns its bytes (requests the engine builds or keeps).
struct Header {
  std::string name;
  std::string value;

  HeaderView view() const { return HeaderView{name, value}; }
  friend bool operator==(const Header& a, const Header& b) {
    return a.name == b.name && a.value == b.value;
  }
};

// Views over owning headers, for passing a request's headers where a
// HeaderSpan is expected. The result views `headers`.
std::vector<HeaderView> ViewsOf(absl::Span<const Header> headers);

// CountHeaders()
//
// How many entries are named `name` (case-insensitively).
size_t CountHeaders(HeaderSpan headers, std::string_view name);

// FindHeader()
//
// The first value named `name`, trimmed, or nullopt. Views `headers`.
std::optional<std::string_view> FindHeader(HeaderSpan headers,
                                           std::string_view name);

// GetHeader()
//
// Fetch "get" (#concept-header-list-get): the values named `name`, trimmed,
// combined with ", " in order; nullopt when there is none.
std::optional<std::string> GetHeader(HeaderSpan headers, std::string_view name);

// GetDecodeAndSplit()
//
// Fetch "get, decode, and split" (#concept-header-list-get-decode-split):
// "get", then split on commas outside quoted strings, each part stripped of
// spaces and tabs; quoted strings are kept with their quotes. nullopt when
// the header is absent. Example: `a, "b,c" , ,d` gives a | "b,c" | (empty) | d.
std::optional<std::vector<std::string>> GetDecodeAndSplit(
    HeaderSpan headers, std::string_view name);
std::vector<std::string> DecodeAndSplit(std::string_view value);

// ExtractHeaderListValues()
//
// Fetch "extract header list values" (#extract-header-list-values) for the
// headers whose ABNF is a `#` list of tokens: Access-Control-Allow-Methods
// (`#method`), -Allow-Headers and -Expose-Headers (`#field-name`). Every
// entry named `name` is parsed; empty list elements are allowed; a single
// element that is not a token fails the whole header.
struct HeaderListValues {
  enum class State : uint8_t { kAbsent, kParsed, kFailure };
  State state = State::kAbsent;
  // The elements in order, viewing the parsed header values.
  absl::InlinedVector<std::string_view, 8> items;
  // On kFailure, the first element that is not a token.
  std::string_view invalid_item;

  bool absent() const { return state == State::kAbsent; }
  bool failed() const { return state == State::kFailure; }
  // Exact (case-sensitive) membership: methods.
  bool Contains(std::string_view item) const;
  // Byte-case-insensitive membership: header names.
  bool ContainsIgnoreCase(std::string_view item) const;
};
void ExtractHeaderListValues(HeaderSpan headers, std::string_view name,
                             HeaderListValues* out);

// IsValidHeaderName() / IsValidHeaderValue()
//
// #header-name: a token. #header-value: no leading or trailing HTTP
// whitespace and no 0x00, 0x0A or 0x0D.
bool IsValidHeaderName(std::string_view name);
bool IsValidHeaderValue(std::string_view value);

// NormalizeHeaderValue()
//
// #concept-header-value-normalize: strips leading and trailing HTTP
// whitespace bytes (0x09, 0x0A, 0x0D, 0x20). Views `value`.
std::string_view NormalizeHeaderValue(std::string_view value);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_HEADER_LIST_H_
