// File: engine/internal/ascii.h
//
// Byte classes and ASCII helpers shared by every parser in the engine. One
// 256-entry table of flag bits answers "is byte b in class C" with a single
// load, so header parsing stays one pass with no branches per class.
//
// The table is built at compile time from the spec's definitions, written out
// as character lists below (the "rule" for each class sits next to its flag).
// tests/byte_classes_test.cc checks all 256 bytes of every class against an
// independent, literal transcription of the same definitions.

#ifndef CORSENGINE_ENGINE_INTERNAL_ASCII_H_
#define CORSENGINE_ENGINE_INTERNAL_ASCII_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace corsengine {
namespace internal {

enum ByteClass : uint32_t {
  // RFC 9110 tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" /
  // "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
  kToken = 1 << 0,
  // Fetch "HTTP whitespace byte": 0x09, 0x0A, 0x0D, 0x20.
  kHttpWhitespace = 1 << 1,
  // Fetch "HTTP tab or space byte": 0x09, 0x20.
  kTabOrSpace = 1 << 2,
  // Fetch "CORS-unsafe request-header byte": a byte < 0x20 other than 0x09,
  // or one of 0x22 " 0x28 ( 0x29 ) 0x3A : 0x3C < 0x3E > 0x3F ? 0x40 @ 0x5B [
  // 0x5C \ 0x5D ] 0x7B { 0x7D } 0x7F DEL.
  kCorsUnsafeRequestHeaderByte = 1 << 3,
  // Fetch CORS-safelisted `Accept-Language`/`Content-Language` value bytes:
  // 0-9 A-Z a-z, 0x20, 0x2A *, 0x2C ,, 0x2D -, 0x2E ., 0x3B ;, 0x3D =.
  kLanguageValue = 1 << 4,
  kDigit = 1 << 5,
  kAlpha = 1 << 6,
  // Bytes a Fetch header value may not contain: 0x00, 0x0A, 0x0D.
  kHeaderValueForbidden = 1 << 7,
  // URL Standard "forbidden host code point" (ASCII part): 0x00 0x09 0x0A
  // 0x0D 0x20 # / : < > ? @ [ \ ] ^ |.
  kForbiddenHost = 1 << 8,
  // URL Standard "forbidden domain code point" additions: C0 controls, %,
  // 0x7F (on top of the forbidden host code points).
  kForbiddenDomain = 1 << 9,
  kHexDigit = 1 << 10,
  // Bytes 0x80 and above (Profile::non_ascii_header_byte_is_unsafe adds them
  // to the CORS-unsafe request-header bytes).
  kNonAscii = 1 << 11,
  // The URL Standard's percent-encode sets (#percent-encoded-bytes): the
  // C0 control set (C0 controls and every byte above 0x7E); the fragment
  // set (it, space " < > `); the query set (the C0 control set, space " #
  // < >); the special-query set (the query set and '); the path set (the
  // query set, ? ^ ` { }); the userinfo set (the path set, / : ; = @ [ \ ]
  // |).
  kC0ControlPercentEncode = 1 << 12,
  kFragmentPercentEncode = 1 << 13,
  kQueryPercentEncode = 1 << 14,
  kSpecialQueryPercentEncode = 1 << 15,
  kPathPercentEncode = 1 << 16,
  kUserinfoPercentEncode = 1 << 17,
};

namespace table_detail {

constexpr bool In(std::string_view set, unsigned char c) {
  for (char s : set) {
    if (static_cast<unsigned char>(s) == c) return true;
  }
  return false;
}

constexpr uint32_t Classify(unsigned char c) {
  uint32_t flags = 0;
  const bool digit = c >= '0' && c <= '9';
  const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  const bool hex = digit || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  if (digit) flags |= kDigit;
  if (alpha) flags |= kAlpha;
  if (hex) flags |= kHexDigit;
  if (c >= 0x80) flags |= kNonAscii;
  if (digit || alpha || In("!#$%&'*+-.^_`|~", c)) flags |= kToken;
  if (c == 0x09 || c == 0x0A || c == 0x0D || c == 0x20) {
    flags |= kHttpWhitespace;
  }
  if (c == 0x09 || c == 0x20) flags |= kTabOrSpace;
  if ((c < 0x20 && c != 0x09) || c == 0x7F || In("\"():<>?@[\\]{}", c)) {
    flags |= kCorsUnsafeRequestHeaderByte;
  }
  if (digit || alpha || In(" *,-.;=", c)) flags |= kLanguageValue;
  if (c == 0x00 || c == 0x0A || c == 0x0D) flags |= kHeaderValueForbidden;
  const bool forbidden_host =
      c == 0x00 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x20 ||
      In("#/:<>?@[\\]^|", c);
  if (forbidden_host) flags |= kForbiddenHost;
  if (forbidden_host || c <= 0x1F || c == '%' || c == 0x7F) {
    flags |= kForbiddenDomain;
  }
  const bool c0 = c < 0x20 || c > 0x7E;
  const bool query = c0 || In(" \"#<>", c);
  const bool path = query || In("?^`{}", c);
  if (c0) flags |= kC0ControlPercentEncode;
  if (c0 || In(" \"<>`", c)) flags |= kFragmentPercentEncode;
  if (query) flags |= kQueryPercentEncode;
  if (query || c == '\'') flags |= kSpecialQueryPercentEncode;
  if (path) flags |= kPathPercentEncode;
  if (path || In("/:;=@[\\]|", c)) flags |= kUserinfoPercentEncode;
  return flags;
}

constexpr std::array<uint32_t, 256> BuildTable() {
  std::array<uint32_t, 256> t{};
  for (int i = 0; i < 256; ++i) t[i] = Classify(static_cast<unsigned char>(i));
  return t;
}

}  // namespace table_detail

inline constexpr std::array<uint32_t, 256> kByteClassTable =
    table_detail::BuildTable();

constexpr bool Is(char c, uint32_t cls) {
  return (kByteClassTable[static_cast<unsigned char>(c)] & cls) != 0;
}

constexpr char ToLowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

constexpr char ToUpperAscii(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - ('a' - 'A')) : c;
}

namespace swar {

// 0x20 in each of the 8 bytes of x that lies in [lo, hi] (an ASCII letter
// range), 0 elsewhere: the case bit to OR in. Arithmetic, not a byte loop,
// so that for a constant word it folds to a constant.
constexpr uint64_t CaseBitsInRange(uint64_t x, char lo, char hi) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const uint64_t heptets = x & ~kHigh;
  const uint64_t above = heptets + (0x7F - hi) * kOnes;  // high bit: > hi
  const uint64_t from = heptets + (0x80 - lo) * kOnes;   // high bit: >= lo
  return (~x & (from ^ above) & kHigh) >> 2;             // 0x80 >> 2 == 0x20
}

// Lowercases the ASCII letters among 8 bytes at once (bytes >= 0x80 and all
// non-letters unchanged).
inline uint64_t ToLower8(uint64_t x) {
  return x | CaseBitsInRange(x, 'A', 'Z');
}

inline uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint64_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The n < 8 bytes at p, zero-extended, read without a per-byte loop: two
// overlapping loads (OR of a byte with itself is that byte). Zero bytes are
// left alone by ToLower8, so the result can be case-folded as a word.
inline uint64_t LoadShort(const char* p, size_t n) {
  if (n >= 4) return Load4(p) | (Load4(p + n - 4) << (8 * (n - 4)));
  if (n == 0) return 0;
  const auto byte = [p](size_t i) {
    return static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  };
  return byte(0) | byte(n / 2) | byte(n - 1);
}

// Per-word transforms for code that reads names either as they are or
// case-folded (the preflight cache's item words).
struct Same {
  uint64_t operator()(uint64_t x) const { return x; }
};
struct Lower {
  uint64_t operator()(uint64_t x) const { return ToLower8(x); }
};

}  // namespace swar

namespace swar {

// Whether the n bytes at a and b agree once each word passes through `fa`
// and `fb` (Same or Lower). The last word is compared first and whole (it
// overlaps the one before when n is not a multiple of 8): header names that
// share a prefix ("access-control-allow-") differ at their ends, and no
// byte loop is left for the tail. Below 8 bytes, one zero-extended word.
template <typename FA, typename FB>
inline bool EqualWords(const char* a, const char* b, size_t n, FA fa, FB fb) {
  if (n < 8) return fa(LoadShort(a, n)) == fb(LoadShort(b, n));
  if (fa(Load8(a + n - 8)) != fb(Load8(b + n - 8))) return false;
  for (size_t i = 0; i + 8 < n; i += 8) {
    if (fa(Load8(a + i)) != fb(Load8(b + i))) return false;
  }
  return true;
}

// Difference() (below) eight bytes at a time: what builds without SSE2
// use, and SSE2 builds below 16 bytes.
inline uint64_t DifferenceByWords(const char* a, const char* b, size_t n) {
  if (n < 8) return LoadShort(a, n) ^ LoadShort(b, n);
  uint64_t d = Load8(a + n - 8) ^ Load8(b + n - 8);
  size_t i = 0;
  for (; i + 16 < n; i += 16) {
    d |= (Load8(a + i) ^ Load8(b + i)) | (Load8(a + i + 8) ^ Load8(b + i + 8));
  }
  if (i + 8 < n) d |= Load8(a + i) ^ Load8(b + i);
  return d;
}

// Nonzero when the n bytes at a and b differ: the differences of 16-byte
// blocks (with SSE2; else of words) or-ed together, with no branch per
// block; the last block overlaps the one before it when n is not a
// multiple of its size, and below 8 bytes one zero-extended word is
// compared. For equality tests whose answer is mostly "equal" (a cache key,
// a request shape seen before), where a branch per word only adds
// instructions.
inline uint64_t Difference(const char* a, const char* b, size_t n) {
#if defined(__SSE2__)
  if (n >= 16) {
    const auto load = [](const char* p) {
      return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    };
    __m128i d = _mm_xor_si128(load(a + n - 16), load(b + n - 16));
    for (size_t i = 0; i + 16 < n; i += 16) {
      d = _mm_or_si128(d, _mm_xor_si128(load(a + i), load(b + i)));
    }
    return static_cast<uint64_t>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) ^ 0xFFFF);
  }
#endif
  return DifferenceByWords(a, b, n);
}

// The same for 8 <= n <= 16 bytes, as two overlapping words with no loop:
// inline in the lookups of short names, where a call cost more than the
// compare.
template <typename FA, typename FB>
inline bool EqualTwoWords(const char* a, const char* b, size_t n, FA fa,
                          FB fb) {
  return fa(Load8(a)) == fb(Load8(b)) &&
         fa(Load8(a + n - 8)) == fb(Load8(b + n - 8));
}

}  // namespace swar

// Byte-case-insensitive equality (Fetch "byte-case-insensitive"), eight
// bytes at a time: names are short, so this is the hot loop of header
// lookup. The first bytes are compared inline before the word compare:
// different names mostly differ there (and a literal's folds to a constant).
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         (a.empty() || ToLowerAscii(a[0]) == ToLowerAscii(b[0])) &&
         swar::EqualWords(a.data(), b.data(), a.size(), swar::Lower(),
                          swar::Lower());
}

// Byte equality without a call into libc: the strings compared on hot
// paths (methods, header names, cache keys) are short, and mostly equal
// when compared (see swar::Difference).
inline bool EqualsBytes(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         swar::Difference(a.data(), b.data(), a.size()) == 0;
}

// Writes the n bytes at `in`, each passed through `f` (swar::Same, or
// swar::Lower to lowercase them), to `out` as whole 8-byte stores: the last
// may write up to kCopySlack bytes past out + n, which the caller must own
// (and will overwrite or drop); `in` is never read past its end, and the
// two may not overlap. No byte loop, so no branch whose outcome depends on
// n % 8 (the tails of short names mispredicted).
template <typename F>
inline void CopyWordsWithSlack(const char* in, size_t n, char* out, F f) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint64_t word = f(swar::Load8(in + i));
    std::memcpy(out + i, &word, 8);
  }
  if (i < n) {
    const uint64_t word = f(swar::LoadShort(in + i, n - i));
    std::memcpy(out + i, &word, 8);
  }
}
constexpr size_t kCopySlack = 7;

// `a` in any case equals `lower`, which is already lowercase.
inline bool EqualsLowercase(std::string_view a, std::string_view lower) {
  return a.size() == lower.size() &&
         (a.empty() || ToLowerAscii(a[0]) == lower[0]) &&
         swar::EqualWords(a.data(), lower.data(), a.size(), swar::Lower(),
                          swar::Same());
}

// EqualsLowercase() against a lowercase string literal, always inline: the
// literal's words and letter masks fold to constants, so each word of `a`
// costs an OR and a compare (b | 0x20 == 'x' only for 'x' and 'X'), where
// the call into EqualWords cost more than the compare.
template <size_t N>
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
inline bool
EqualsLowercaseLiteral(std::string_view a, const char (&lower)[N]) {
  constexpr size_t n = N - 1;
  if (a.size() != n) return false;
  const char* const p = a.data();
  if constexpr (n == 0) {
    return true;
  } else if constexpr (n < 8) {
    const uint64_t word = swar::LoadShort(lower, n);
    return (swar::LoadShort(p, n) | swar::CaseBitsInRange(word, 'a', 'z')) ==
           word;
  } else {
    // The last word first: names that share a prefix differ at their ends.
    const auto differ = [&](size_t i) {
      const uint64_t word = swar::Load8(lower + i);
      return (swar::Load8(p + i) | swar::CaseBitsInRange(word, 'a', 'z')) !=
             word;
    };
    if (differ(n - 8)) return false;
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (differ(i)) return false;
    }
    return true;
  }
}

inline bool StartsWithIgnoreCase(std::string_view s,
                                 std::string_view prefix) {
  return s.size() >= prefix.size() &&
         EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// Byte-lowercase ordering ("byte less than" on the lowercased bytes).
constexpr int CompareIgnoreCase(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    const auto ca = static_cast<unsigned char>(ToLowerAscii(a[i]));
    const auto cb = static_cast<unsigned char>(ToLowerAscii(b[i]));
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

constexpr bool IsLowerAscii(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

constexpr bool AllOf(std::string_view s, uint32_t cls) {
  for (char c : s) {
    if (!Is(c, cls)) return false;
  }
  return true;
}

constexpr bool AnyOf(std::string_view s, uint32_t cls) {
  for (char c : s) {
    if (Is(c, cls)) return true;
  }
  return false;
}

// RFC 9110 token: one or more tchar.
constexpr bool IsToken(std::string_view s) {
  return !s.empty() && AllOf(s, kToken);
}

// Strips leading and trailing bytes of class `cls`.
constexpr std::string_view Trim(std::string_view s, uint32_t cls) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && Is(s[b], cls)) ++b;
  while (e > b && Is(s[e - 1], cls)) --e;
  return s.substr(b, e - b);
}

constexpr std::string_view TrimHttpWhitespace(std::string_view s) {
  return Trim(s, kHttpWhitespace);
}

constexpr std::string_view TrimTabOrSpace(std::string_view s) {
  return Trim(s, kTabOrSpace);
}

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_ASCII_H_
