// File: engine/header_list.cc

#include "corsengine/header_list.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/internal/ascii.h"

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
  for (std::string_view i : items) {
    if (EqualsIgnoreCase(i, item)) return true;
  }
  return false;
}

void ExtractHeaderListValues(HeaderSpan headers, std::string_view name,
                             HeaderListValues* out) {
  out->state = HeaderListValues::State::kAbsent;
  out->items.clear();
  out->invalid_item = {};
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
  for (const HeaderView& h : headers) {
    if (!(folded ? EqualsLowercase(h.name, lower)
                 : EqualsIgnoreCase(h.name, name))) {
      continue;
    }
    out->state = HeaderListValues::State::kParsed;
    // `#token`: [ element ] *( OWS "," OWS [ element ] ), RFC 9110 5.6.1, in
    // one pass: an element is the run between commas without its spaces
    // and tabs, and must be all tchar.
    const char* p = h.value.data();
    const char* const end = p + h.value.size();
    while (true) {
      while (p != end && internal::Is(*p, internal::kTabOrSpace)) ++p;
      const char* const start = p;
      // The common element is all tchar up to a comma: one class test per
      // byte. Anything else (inner spaces, a bad byte) is settled below.
      while (p != end && internal::Is(*p, internal::kToken)) ++p;
      bool token = true;
      while (p != end && *p != ',') {
        token &= internal::Is(*p, internal::kToken);
        ++p;
      }
      const char* last = p;
      while (last != start && internal::Is(last[-1], internal::kTabOrSpace)) {
        --last;
      }
      if (last != start) {
        const size_t size = static_cast<size_t>(last - start);
        if (!token && !internal::IsToken(std::string_view(start, size))) {
          out->state = HeaderListValues::State::kFailure;
          out->invalid_item = std::string_view(start, size);
          out->items.clear();
          return;
        }
        // Built in place: a view copied from a stack temporary stalls on
        // store-to-load forwarding (perf: a third of this function).
        out->items.emplace_back(start, size);
      }
      if (p == end) break;
      ++p;  // the comma
    }
  }
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
