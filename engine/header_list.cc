// File: engine/header_list.cc

#include "corsengine/header_list.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/internal/ascii.h"
#include "engine/internal/header_list.h"

namespace corsengine {

using internal::EqualsIgnoreCase;
using internal::EqualsLowercase;
using internal::TrimTabOrSpace;

std::vector<HeaderView> ViewsOf(absl::Span<const Header> headers) {
  std::vector<HeaderView> views;
  views.reserve(headers.size());
  for (const Header& h : headers) views.push_back(h.view());
  return views;
}

size_t CountHeaders(HeaderSpan headers, std::string_view name) {
  size_t n = 0;
  for (const HeaderView& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) ++n;
  }
  return n;
}

std::optional<std::string_view> FindHeader(HeaderSpan headers,
                                           std::string_view name) {
  for (const HeaderView& h : headers) {
    if (EqualsIgnoreCase(h.name, name)) return TrimTabOrSpace(h.value);
  }
  return std::nullopt;
}

std::optional<std::string> GetHeader(HeaderSpan headers,
                                     std::string_view name) {
  std::optional<std::string> combined;
  for (const HeaderView& h : headers) {
    if (!EqualsIgnoreCase(h.name, name)) continue;
    if (combined) {
      combined->append(", ");
      combined->append(TrimTabOrSpace(h.value));
    } else {
      combined.emplace(TrimTabOrSpace(h.value));
    }
  }
  return combined;
}

std::vector<std::string> DecodeAndSplit(std::string_view input) {
  std::vector<std::string> values;
  size_t pos = 0;
  size_t start = 0;  // temporaryValue is always input[start, pos)
  while (true) {
    while (pos < input.size() && input[pos] != '"' && input[pos] != ',') ++pos;
    if (pos < input.size() && input[pos] == '"') {
      // Collect an HTTP quoted string, keeping quotes and escapes.
      ++pos;
      while (pos < input.size()) {
        const char c = input[pos++];
        if (c == '\\') {
          if (pos < input.size()) ++pos;
        } else if (c == '"') {
          break;
        }
      }
      if (pos < input.size()) continue;
    }
    values.emplace_back(TrimTabOrSpace(input.substr(start, pos - start)));
    if (pos >= input.size()) return values;
    ++pos;  // the comma
    start = pos;
  }
}

std::optional<std::vector<std::string>> GetDecodeAndSplit(
    HeaderSpan headers, std::string_view name) {
  std::optional<std::string> value = GetHeader(headers, name);
  if (!value) return std::nullopt;
  return DecodeAndSplit(*value);
}

bool HeaderListValues::Contains(std::string_view item) const {
  for (std::string_view i : items) {
    if (i == item) return true;
  }
  return false;
}

bool HeaderListValues::ContainsIgnoreCase(std::string_view item) const {
  const size_t n = item.size();
  for (std::string_view i : items) {
    if (i.size() != n) continue;
    // Names of 8 to 16 bytes, the usual exposed ones, inline.
    if (n >= 8 && n <= 16) {
      if (internal::swar::EqualTwoWords(i.data(), item.data(), n,
                                        internal::swar::Lower(),
                                        internal::swar::Lower())) {
        return true;
      }
      continue;
    }
    if (EqualsIgnoreCase(i, item)) return true;
  }
  return false;
}

namespace internal {

bool AppendListElements(std::string_view value, HeaderListValues* out) {
  std::string_view invalid;
  // Each view built in place: one copied from a stack temporary stalls on
  // store-to-load forwarding (it was once a third of the tokenizer's time).
  if (ForEachListElement(
          value,
          [out](const char* start, size_t size) {
            out->items.emplace_back(start, size);
          },
          &invalid)) {
    return true;
  }
  out->state = HeaderListValues::State::kFailure;
  out->invalid_item = invalid;
  out->items.clear();
  return false;
}

}  // namespace internal

void ExtractHeaderListValues(HeaderSpan headers, std::string_view name,
                             HeaderListValues* out) {
  // The name is lowercased once, so each header's name is folded alone
  // (EqualsLowercase) rather than both sides per header. Names too long for
  // the buffer (none the engine looks up) fold both sides.
  char lower_buffer[64 + internal::kCopySlack];
  const bool folded = name.size() <= 64;
  if (folded) {
    internal::CopyWordsWithSlack(name.data(), name.size(), lower_buffer,
                                 internal::swar::Lower());
  }
  const std::string_view lower(lower_buffer, folded ? name.size() : 0);
  internal::ExtractHeaderListValuesIf(
      headers,
      [&](std::string_view header_name) {
        return header_name.size() == name.size() &&
               (folded ? EqualsLowercase(header_name, lower)
                       : EqualsIgnoreCase(header_name, name));
      },
      out);
}

bool IsValidHeaderName(std::string_view name) {
  return internal::IsToken(name);
}

bool IsValidHeaderValue(std::string_view value) {
  if (value.empty()) return true;
  if (internal::Is(value.front(), internal::kHttpWhitespace) ||
      internal::Is(value.back(), internal::kHttpWhitespace)) {
    return false;
  }
  return !internal::AnyOf(value, internal::kHeaderValueForbidden);
}

std::string_view NormalizeHeaderValue(std::string_view value) {
  return internal::TrimHttpWhitespace(value);
}

}  // namespace corsengine
