// File: engine/internal/header_list.h
//
// ExtractHeaderListValues() for the engine's own lookups, whose names are
// lowercase literals: each header's name is compared against the literal's
// words inline (EqualsLowercaseLiteral), not through a name lowercased at
// run time, per call, and compared a word at a time out of line.

#ifndef CORSENGINE_ENGINE_INTERNAL_HEADER_LIST_H_
#define CORSENGINE_ENGINE_INTERNAL_HEADER_LIST_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "corsengine/header_list.h"
#include "engine/internal/ascii.h"

namespace corsengine {
namespace internal {

namespace list_detail {

// `#token`: [ element ] *( OWS "," OWS [ element ] ), RFC 9110 5.6.1, one
// byte at a time: an element is the run between commas without its spaces
// and tabs, and must be all tchar.
template <typename Emit>
bool ScalarElements(std::string_view value, Emit& emit,
                    std::string_view* invalid) {
  const char* p = value.data();
  const char* const end = p + value.size();
  while (true) {
    while (p != end && Is(*p, kTabOrSpace)) ++p;
    const char* const start = p;
    // The common element is all tchar up to a comma: one class test per
    // byte. Anything else (inner spaces, a bad byte) is settled below.
    while (p != end && Is(*p, kToken)) ++p;
    bool token = true;
    while (p != end && *p != ',') {
      token &= Is(*p, kToken);
      ++p;
    }
    const char* last = p;
    while (last != start && Is(last[-1], kTabOrSpace)) --last;
    if (last != start) {
      const size_t size = static_cast<size_t>(last - start);
      if (!token && !IsToken(std::string_view(start, size))) {
        *invalid = std::string_view(start, size);
        return false;
      }
      emit(start, size);
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
template <typename Emit>
bool WideElements(std::string_view value, Emit& emit,
                  std::string_view* invalid) {
  const char* const p = value.data();
  const size_t n = value.size();
  uint64_t commas = 0;
  uint64_t blanks = 0;
  uint64_t other = 0;
  for (size_t k = 0; k < n; k += 16) {
    const size_t at = k + 16 <= n ? k : n - 16;
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    const __m128i comma = _mm_cmpeq_epi8(x, _mm_set1_epi8(','));
    const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                                       _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
    const __m128i common = _mm_or_si128(
        _mm_or_si128(
            InByteRange(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z'),
            InByteRange(x, '0', '9')),
        _mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
    const auto bits = [](__m128i m) {
      return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(m)));
    };
    commas |= bits(comma) << at;
    blanks |= bits(blank) << at;
    other |= (bits(_mm_or_si128(_mm_or_si128(comma, blank), common)) ^ 0xFFFF)
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
          !IsToken(std::string_view(p + first, size))) {
        *invalid = std::string_view(p + first, size);
        return false;
      }
      emit(p + first, size);
    }
    if (ends == 0) return true;
    ends &= ends - 1;
    begin = end + 1;
  }
}
#endif

}  // namespace list_detail

// ForEachListElement()
//
// The elements of one `#token` list value in order, each passed to
// emit(const char* start, size_t size), a view into `value`; empty elements
// are skipped. At the first element that is not a token, stops and returns
// false with that element in `*invalid` (after emitting those before it).
// Inline, so a caller's emit writes each element where it is kept.
template <typename Emit>
inline bool ForEachListElement(std::string_view value, Emit&& emit,
                               std::string_view* invalid) {
#if defined(__SSE2__)
  if (value.size() >= 16 && value.size() <= 64) {
    return list_detail::WideElements(value, emit, invalid);
  }
#endif
  return list_detail::ScalarElements(value, emit, invalid);
}

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
