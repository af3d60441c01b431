// File: fuzz/header_list_fuzzer.cc
//
// Header-list primitives over a hostile server's headers: CountHeaders,
// FindHeader, GetHeader ("get"), GetDecodeAndSplit / DecodeAndSplit ("get,
// decode, and split"), ExtractHeaderListValues ("extract header list
// values") and the header name/value validity checks.
//
// Input layout (FuzzedDataProvider, see fuzz_util.h):
//   ConsumeHeaders()                      the response's header list
//   PickOrConsume(kHeaderNames, 64)       the name to query
// Every function runs for the queried name and for each name in the list.
//
// Invariants, against the shared reference model (//tests/reference, the
// Fetch Standard's steps written out):
//   * CountHeaders = number of case-insensitive name matches; FindHeader is
//     the first match, trimmed of tabs and spaces; GetHeader is nullopt iff
//     there is none, else the trimmed values joined with ", ".
//   * GetDecodeAndSplit is nullopt iff the header is absent; the number of
//     parts is the number of commas outside quoted strings + 1; no part has
//     leading or trailing tab/space; the parts equal the reference's "get,
//     decode, and split" (corsref::GetDecodeAndSplit), list and value alike.
//   * ExtractHeaderListValues equals corsref::ExtractTokenListValues (null,
//     list or failure; the items; the first invalid element); on kParsed
//     every item is a non-empty token viewing a header value; on kFailure
//     items are empty and invalid_item is a non-empty non-token.
//   * IsValidHeaderName, IsValidHeaderValue and NormalizeHeaderValue equal
//     corsref's #header-name, #header-value and
//     #concept-header-value-normalize.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/header_list.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::Header;
using corsengine::HeaderListValues;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine_fuzz::Quote;

bool IsTabOrSpace(char c) { return corsref::IsHttpTabOrSpace(c); }

// Commas outside quoted strings, counted with a two-state scanner.
size_t CommasOutsideQuotes(std::string_view input) {
  size_t commas = 0;
  bool in_quotes = false;
  for (size_t i = 0; i < input.size(); ++i) {
    const char c = input[i];
    if (in_quotes) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      ++commas;
    }
  }
  return commas;
}

void CheckSplit(std::string_view value,
                const std::vector<std::string>& parts) {
  FUZZ_CHECK(parts.size() == CommasOutsideQuotes(value) + 1,
             "value " << Quote(value) << " split into " << parts.size()
                      << " parts, but has " << CommasOutsideQuotes(value)
                      << " comma(s) outside quotes");
  const std::vector<std::string> expected =
      corsref::GetDecodeAndSplitValue(value);
  FUZZ_CHECK(parts.size() == expected.size(),
             "value " << Quote(value) << ": " << parts.size()
                      << " parts, reference " << expected.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    FUZZ_CHECK(part.empty() || (!IsTabOrSpace(part.front()) &&
                                !IsTabOrSpace(part.back())),
               "part " << i << " " << Quote(part) << " is not trimmed");
    FUZZ_CHECK(part == expected[i], "value " << Quote(value) << ": part " << i
                                             << " is " << Quote(part)
                                             << ", reference "
                                             << Quote(expected[i]));
  }
}

bool ViewsInto(std::string_view item, HeaderSpan headers) {
  const auto p = reinterpret_cast<std::uintptr_t>(item.data());
  for (const HeaderView& h : headers) {
    const auto begin = reinterpret_cast<std::uintptr_t>(h.value.data());
    if (p >= begin && p + item.size() <= begin + h.value.size()) return true;
  }
  return false;
}

void CheckExtract(const std::vector<Header>& list, HeaderSpan headers,
                  std::string_view name) {
  HeaderListValues out;
  // Fill it first from another header (the last one's name): the function
  // must reset state, items and invalid_item.
  if (!headers.empty()) {
    corsengine::ExtractHeaderListValues(headers, headers.back().name, &out);
  }
  corsengine::ExtractHeaderListValues(headers, name, &out);
  const corsref::ListValues expected =
      corsref::ExtractTokenListValues(list, name);
  using RefState = corsref::ListValues::State;

  switch (out.state) {
    case HeaderListValues::State::kAbsent:
      FUZZ_CHECK(expected.state == RefState::kNull,
                 "kAbsent but " << Quote(name) << " is present");
      FUZZ_CHECK(out.items.empty() && out.invalid_item.empty(),
                 "kAbsent with items or invalid_item");
      break;
    case HeaderListValues::State::kParsed:
      FUZZ_CHECK(expected.state == RefState::kList,
                 "kParsed but the reference "
                     << (expected.state == RefState::kNull
                             ? std::string("finds no header")
                             : "fails on " + Quote(expected.invalid)));
      FUZZ_CHECK(out.invalid_item.empty(), "kParsed with an invalid_item");
      FUZZ_CHECK(out.items.size() == expected.values.size(),
                 out.items.size() << " items, reference "
                                  << expected.values.size());
      for (size_t i = 0; i < out.items.size(); ++i) {
        const std::string_view item = out.items[i];
        FUZZ_CHECK(!item.empty(), "empty item " << i);
        FUZZ_CHECK(corsref::IsToken(item), "item " << Quote(item)
                                                  << " is not a token");
        FUZZ_CHECK(item == expected.values[i],
                   "item " << i << " " << Quote(item) << ", reference "
                           << Quote(expected.values[i]));
        FUZZ_CHECK(ViewsInto(item, headers),
                   "item " << Quote(item) << " does not view a header value");
        FUZZ_CHECK(out.Contains(item), "Contains(" << Quote(item) << ")");
        FUZZ_CHECK(out.ContainsIgnoreCase(corsref::ByteLowercase(item)),
                   "ContainsIgnoreCase(lower(" << Quote(item) << "))");
      }
      break;
    case HeaderListValues::State::kFailure:
      FUZZ_CHECK(expected.state == RefState::kFailure,
                 "kFailure (" << Quote(out.invalid_item)
                              << ") but the reference parses every element");
      FUZZ_CHECK(out.items.empty(), "kFailure with " << out.items.size()
                                                     << " items");
      FUZZ_CHECK(!out.invalid_item.empty(), "kFailure with empty invalid_item");
      FUZZ_CHECK(!corsref::IsToken(out.invalid_item),
                 "invalid_item " << Quote(out.invalid_item) << " is a token");
      FUZZ_CHECK(out.invalid_item == expected.invalid,
                 "invalid_item " << Quote(out.invalid_item) << ", reference "
                                 << Quote(expected.invalid));
      FUZZ_CHECK(!out.absent() && out.failed(), "absent()/failed()");
      break;
  }
}

void CheckName(const std::vector<Header>& list, HeaderSpan headers,
               std::string_view name) {
  const size_t count = corsengine::CountHeaders(headers, name);
  FUZZ_CHECK(count == corsref::CountHeaders(list, name),
             "CountHeaders(" << Quote(name) << ") = " << count
                             << ", reference "
                             << corsref::CountHeaders(list, name));

  const std::optional<std::string_view> first =
      corsengine::FindHeader(headers, name);
  const std::optional<std::string> first_ref = corsref::FirstValue(list, name);
  FUZZ_CHECK(first.has_value() == first_ref.has_value(), "FindHeader presence");
  if (first) {
    FUZZ_CHECK(*first == *first_ref, "FindHeader = " << Quote(*first)
                                                     << ", reference "
                                                     << Quote(*first_ref));
  }

  const std::optional<std::string> combined = corsref::Get(list, name);
  const std::optional<std::string> got = corsengine::GetHeader(headers, name);
  FUZZ_CHECK(got.has_value() == combined.has_value(), "GetHeader presence");
  if (got) {
    FUZZ_CHECK(*got == *combined, "GetHeader = " << Quote(*got)
                                                 << ", reference "
                                                 << Quote(*combined));
  }

  const std::optional<std::vector<std::string>> parts =
      corsengine::GetDecodeAndSplit(headers, name);
  const std::optional<std::vector<std::string>> parts_ref =
      corsref::GetDecodeAndSplit(list, name);
  FUZZ_CHECK(parts.has_value() == parts_ref.has_value(),
             "GetDecodeAndSplit presence");
  if (parts) {
    CheckSplit(*combined, *parts);
    FUZZ_CHECK(*parts == *parts_ref, "GetDecodeAndSplit differs from the "
                                     "reference "
                                         << corsengine_fuzz::Join(*parts_ref));
  }

  CheckExtract(list, headers, name);
}

void CheckValidity(const Header& h) {
  FUZZ_CHECK(corsengine::IsValidHeaderName(h.name) == corsref::IsHeaderName(h.name),
             "IsValidHeaderName(" << Quote(h.name) << ")");
  const std::string_view v = h.value;
  FUZZ_CHECK(corsengine::IsValidHeaderValue(v) == corsref::IsHeaderValue(v),
             "IsValidHeaderValue(" << Quote(v) << ")");
  FUZZ_CHECK(corsengine::NormalizeHeaderValue(v) ==
                 corsref::NormalizeHeaderValue(v),
             "NormalizeHeaderValue(" << Quote(v) << ") = "
                                     << Quote(corsengine::NormalizeHeaderValue(v))
                                     << ", reference "
                                     << Quote(corsref::NormalizeHeaderValue(v)));
  const std::string trimmed = corsref::StripTabOrSpace(v);
  CheckSplit(trimmed, corsengine::DecodeAndSplit(trimmed));
  CheckSplit(v, corsengine::DecodeAndSplit(v));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput();
  FuzzedDataProvider fdp(data, size);
  const std::vector<Header> headers = corsengine_fuzz::ConsumeHeaders(fdp);
  const std::string query = corsengine_fuzz::PickOrConsume(
      fdp, corsengine_fuzz::kHeaderNames, corsengine_fuzz::kMaxNameLength);
  corsengine_fuzz::TraceHeaders("headers", headers);
  corsengine_fuzz::Trace("query = " + Quote(query));

  const std::vector<HeaderView> views = corsengine::ViewsOf(headers);
  const HeaderSpan span(views);
  CheckName(headers, span, query);
  std::set<std::string> seen;
  for (const Header& h : headers) {
    CheckValidity(h);
    if (seen.insert(corsref::ByteLowercase(h.name)).second) {
      CheckName(headers, span, h.name);
    }
  }
  corsengine_fuzz::EndInput();
  return 0;
}
