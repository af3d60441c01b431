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
// Invariants, against reference implementations written from the Fetch
// Standard's text:
//   * CountHeaders = number of case-insensitive name matches; FindHeader is
//     the first match, trimmed of tabs and spaces; GetHeader is nullopt iff
//     there is none, else the trimmed values joined with ", ".
//   * GetDecodeAndSplit is nullopt iff the header is absent; the number of
//     parts is the number of commas outside quoted strings + 1; no part has
//     leading or trailing tab/space; the parts equal the reference split.
//   * ExtractHeaderListValues: kAbsent iff no header; on kParsed every item
//     is a non-empty token (so no surrounding whitespace), items equal the
//     reference and view the header values; on kFailure items are empty and
//     invalid_item is a non-empty, trimmed non-token.
//   * IsValidHeaderName = token; IsValidHeaderValue and NormalizeHeaderValue
//     follow #header-value and #concept-header-value-normalize.

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

namespace {

using corsengine::Header;
using corsengine::HeaderListValues;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine_fuzz::CountRef;
using corsengine_fuzz::EqualsIgnoreCaseRef;
using corsengine_fuzz::IsTabOrSpace;
using corsengine_fuzz::IsTokenRef;
using corsengine_fuzz::Quote;
using corsengine_fuzz::TrimTabOrSpaceRef;

bool IsHttpWhitespace(char c) {
  return c == '\t' || c == '\n' || c == '\r' || c == ' ';
}

// Fetch "collect an HTTP quoted string" with extract-value false: returns
// the raw bytes from the opening quote to the closing one (or the end).
std::string_view CollectQuotedStringRef(std::string_view input, size_t* pos) {
  const size_t start = *pos;
  ++*pos;  // the opening quote
  while (true) {
    while (*pos < input.size() && input[*pos] != '"' && input[*pos] != '\\') {
      ++*pos;
    }
    if (*pos >= input.size()) break;
    const char quote_or_backslash = input[*pos];
    ++*pos;
    if (quote_or_backslash == '\\') {
      if (*pos >= input.size()) break;
      ++*pos;
    } else {
      break;  // the closing quote
    }
  }
  return input.substr(start, *pos - start);
}

// Fetch "decode and split" (#header-value-get-decode-and-split), step by
// step.
std::vector<std::string> DecodeAndSplitRef(std::string_view input) {
  std::vector<std::string> values;
  std::string temporary;
  size_t pos = 0;
  while (true) {
    while (pos < input.size() && input[pos] != '"' && input[pos] != ',') {
      temporary.push_back(input[pos++]);
    }
    if (pos < input.size() && input[pos] == '"') {
      temporary += CollectQuotedStringRef(input, &pos);
      if (pos < input.size()) continue;
    }
    values.emplace_back(TrimTabOrSpaceRef(temporary));
    temporary.clear();
    if (pos >= input.size()) return values;
    // Here input[pos] is a comma.
    ++pos;
  }
}

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
  const std::vector<std::string> expected = DecodeAndSplitRef(value);
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

void CheckExtract(HeaderSpan headers, std::string_view name) {
  HeaderListValues out;
  // Fill it first from another header (the last one's name): the function
  // must reset state, items and invalid_item.
  if (!headers.empty()) {
    corsengine::ExtractHeaderListValues(headers, headers.back().name, &out);
  }
  corsengine::ExtractHeaderListValues(headers, name, &out);

  // Reference: each value split on commas, elements trimmed of tab/space,
  // empty elements skipped, the first non-token fails the whole header.
  std::vector<std::string_view> items;
  std::string_view invalid;
  bool present = false;
  bool failed = false;
  for (const HeaderView& h : headers) {
    if (failed || !EqualsIgnoreCaseRef(h.name, name)) continue;
    present = true;
    std::string_view rest = h.value;
    while (!failed) {
      const size_t comma = rest.find(',');
      const std::string_view element = TrimTabOrSpaceRef(rest.substr(0, comma));
      if (!element.empty()) {
        if (IsTokenRef(element)) {
          items.push_back(element);
        } else {
          failed = true;
          invalid = element;
        }
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }

  switch (out.state) {
    case HeaderListValues::State::kAbsent:
      FUZZ_CHECK(!present, "kAbsent but " << Quote(name) << " is present");
      FUZZ_CHECK(out.items.empty() && out.invalid_item.empty(),
                 "kAbsent with items or invalid_item");
      break;
    case HeaderListValues::State::kParsed:
      FUZZ_CHECK(present && !failed,
                 "kParsed but reference says present=" << present
                                                       << " failed=" << failed
                                                       << " invalid="
                                                       << Quote(invalid));
      FUZZ_CHECK(out.invalid_item.empty(), "kParsed with an invalid_item");
      FUZZ_CHECK(out.items.size() == items.size(),
                 out.items.size() << " items, reference " << items.size());
      for (size_t i = 0; i < out.items.size(); ++i) {
        const std::string_view item = out.items[i];
        FUZZ_CHECK(!item.empty(), "empty item " << i);
        FUZZ_CHECK(IsTokenRef(item), "item " << Quote(item)
                                             << " is not a token");
        FUZZ_CHECK(!IsTabOrSpace(item.front()) && !IsTabOrSpace(item.back()),
                   "item " << Quote(item) << " has surrounding whitespace");
        FUZZ_CHECK(item == items[i], "item " << i << " " << Quote(item)
                                             << ", reference "
                                             << Quote(items[i]));
        FUZZ_CHECK(ViewsInto(item, headers),
                   "item " << Quote(item) << " does not view a header value");
        FUZZ_CHECK(out.Contains(item), "Contains(" << Quote(item) << ")");
        FUZZ_CHECK(out.ContainsIgnoreCase(corsengine_fuzz::LowerRef(item)),
                   "ContainsIgnoreCase(lower(" << Quote(item) << "))");
      }
      break;
    case HeaderListValues::State::kFailure:
      FUZZ_CHECK(failed, "kFailure ("
                             << Quote(out.invalid_item)
                             << ") but the reference parses every element");
      FUZZ_CHECK(out.items.empty(), "kFailure with " << out.items.size()
                                                     << " items");
      FUZZ_CHECK(!out.invalid_item.empty(), "kFailure with empty invalid_item");
      FUZZ_CHECK(!IsTokenRef(out.invalid_item),
                 "invalid_item " << Quote(out.invalid_item) << " is a token");
      FUZZ_CHECK(out.invalid_item == TrimTabOrSpaceRef(out.invalid_item),
                 "invalid_item " << Quote(out.invalid_item)
                                 << " is not trimmed");
      FUZZ_CHECK(out.invalid_item == invalid,
                 "invalid_item " << Quote(out.invalid_item) << ", reference "
                                 << Quote(invalid));
      FUZZ_CHECK(!out.absent() && out.failed(), "absent()/failed()");
      break;
  }
}

void CheckName(HeaderSpan headers, std::string_view name) {
  const size_t count = corsengine::CountHeaders(headers, name);
  FUZZ_CHECK(count == CountRef(headers, name),
             "CountHeaders(" << Quote(name) << ") = " << count
                             << ", reference " << CountRef(headers, name));

  const std::optional<std::string_view> first =
      corsengine::FindHeader(headers, name);
  FUZZ_CHECK(first.has_value() == (count > 0), "FindHeader presence");
  if (first) {
    for (const HeaderView& h : headers) {
      if (!EqualsIgnoreCaseRef(h.name, name)) continue;
      FUZZ_CHECK(*first == TrimTabOrSpaceRef(h.value),
                 "FindHeader = " << Quote(*first) << ", first value "
                                 << Quote(h.value));
      break;
    }
  }

  bool found = false;
  const std::string combined = corsengine_fuzz::GetRef(headers, name, &found);
  const std::optional<std::string> got = corsengine::GetHeader(headers, name);
  FUZZ_CHECK(got.has_value() == found, "GetHeader presence");
  if (got) {
    FUZZ_CHECK(*got == combined, "GetHeader = " << Quote(*got)
                                                << ", reference "
                                                << Quote(combined));
  }

  const std::optional<std::vector<std::string>> parts =
      corsengine::GetDecodeAndSplit(headers, name);
  FUZZ_CHECK(parts.has_value() == found, "GetDecodeAndSplit presence");
  if (parts) CheckSplit(combined, *parts);

  CheckExtract(headers, name);
}

void CheckValidity(const Header& h) {
  FUZZ_CHECK(corsengine::IsValidHeaderName(h.name) == IsTokenRef(h.name),
             "IsValidHeaderName(" << Quote(h.name) << ")");
  const std::string_view v = h.value;
  bool valid = true;
  if (!v.empty() && (IsHttpWhitespace(v.front()) || IsHttpWhitespace(v.back()))) {
    valid = false;
  }
  for (char c : v) {
    if (c == '\0' || c == '\n' || c == '\r') valid = false;
  }
  FUZZ_CHECK(corsengine::IsValidHeaderValue(v) == valid,
             "IsValidHeaderValue(" << Quote(v) << ")");
  std::string_view normalized = v;
  while (!normalized.empty() && IsHttpWhitespace(normalized.front())) {
    normalized.remove_prefix(1);
  }
  while (!normalized.empty() && IsHttpWhitespace(normalized.back())) {
    normalized.remove_suffix(1);
  }
  FUZZ_CHECK(corsengine::NormalizeHeaderValue(v) == normalized,
             "NormalizeHeaderValue(" << Quote(v) << ")");
  CheckSplit(TrimTabOrSpaceRef(v),
             corsengine::DecodeAndSplit(TrimTabOrSpaceRef(v)));
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
  CheckName(span, query);
  std::set<std::string> seen;
  for (const Header& h : headers) {
    CheckValidity(h);
    if (seen.insert(corsengine_fuzz::LowerRef(h.name)).second) {
      CheckName(span, h.name);
    }
  }
  corsengine_fuzz::EndInput();
  return 0;
}
