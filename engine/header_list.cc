// File: engine/header_list.cc

#include "corsengine/header_list.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

namespace {

// Marks the element at [start, start + size) as the list's failure.
void Fail(const char* start, size_t size, HeaderListValues* out) {
  out->state = HeaderListValues::State::kFailure;
  out->invalid_item = std::string_view(start, size);
  out->items.clear();
}

// `#token`: [ element ] *( OWS "," OWS [ element ] ), RFC 9110 5.6.1, one
// byte at a time: an element is the run between commas without its spaces
// and tabs, and must be all tchar.
bool AppendElementsScalar(std::string_view value, HeaderListValues* out) {
  const char* p = value.data();
  const char* const end = p + value.size();
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
        Fail(start, size, out);
        return false;
      }
      // Built in place: a view copied from a stack temporary stalls on
      // store-to-load forwarding (perf: a third of this function).
      out->items.emplace_back(start, size);
    }
    if (p == end) return true;
    ++p;  // the comma
  }
}

#if defined(__SSE2__)
// Bits i set in [from, to) of a 64-bit mask, for 0 <= from <= to <= 64.
inline uint64_t Range(size_t from, size_t to) {
  if (from >= 64) return 0;
  const uint64_t below_to = to >= 64 ? ~uint64_t{0} : (uint64_t{1} << to) - 1;
  return below_to & ~((uint64_t{1} << from) - 1);
}

inline __m128i InByteRange(__m128i x, char lo, char hi) {
  const __m128i d = _mm_sub_epi8(x, _mm_set1_epi8(lo));
  return _mm_cmpeq_epi8(
      _mm_min_epu8(d, _mm_set1_epi8(static_cast<char>(hi - lo))), d);
}

// The same for a value of 16 to 64 bytes, classified 16 bytes at a time
// into bit masks (commas, spaces and tabs, and bytes that are none of those
// nor a letter, digit or '-'), then walked comma to comma. The byte loop's
// exits, one or two per element, were its cost (they mispredict); here the
// branches are per element and per value. The last 16-byte load is moved
// back to end at the value's end, so nothing past it is read.
bool AppendElementsWide(std::string_view value, HeaderListValues* out) {
  const char* const p = value.data();
  const size_t n = value.size();
  uint64_t commas = 0;
  uint64_t blanks = 0;
  uint64_t other = 0;
  for (size_t k = 0; k < n; k += 16) {
    const size_t at = k + 16 <= n ? k : n - 16;
    const __m128i x =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    const __m128i comma = _mm_cmpeq_epi8(x, _mm_set1_epi8(','));
    const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                       _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
    const __m128i common = _mm_or_si128(
        _mm_or_si128(InByteRange(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a',
                                 'z'),
                     InByteRange(x, '0', '9')),
        _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
    const auto bits = [](__m128i m) {
      return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(m)));
    };
    commas |= bits(comma) << at;
    blanks |= bits(blank) << at;
    other |= (bits(_mm_or_si128(_mm_or_si128(comma, blank), common)) ^
              0xFFFF)
             << at;
  }
  uint64_t ends = commas;
  size_t begin = 0;
  while (true) {
    const size_t end =
        ends != 0 ? static_cast<size_t>(__builtin_ctzll(ends)) : n;
    const uint64_t segment = Range(begin, end);
    const uint64_t body = segment & ~blanks;
    if (body != 0) {
      const size_t first = static_cast<size_t>(__builtin_ctzll(body));
      const size_t last = 63 - static_cast<size_t>(__builtin_clzll(body));
      const size_t size = last + 1 - first;
      // Inner blanks, or a byte the masks do not settle ('_', '(', ...):
      // the byte classes decide.
      if ((Range(first, last + 1) & (blanks | other)) != 0 &&
          !internal::IsToken(std::string_view(p + first, size))) {
        Fail(p + first, size, out);
        return false;
      }
      out->items.emplace_back(p + first, size);
    }
    if (ends == 0) return true;
    ends &= ends - 1;
    begin = end + 1;
  }
}
#endif

}  // namespace

namespace internal {

bool AppendListElements(std::string_view value, HeaderListValues* out) {
#if defined(__SSE2__)
  if (value.size() >= 16 && value.size() <= 64) {
    return AppendElementsWide(value, out);
  }
#endif
  return AppendElementsScalar(value, out);
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
