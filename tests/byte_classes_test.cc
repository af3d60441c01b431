// Tests for engine/internal/ascii.h: every byte class is checked over all 256
// byte values against a literal transcription of its spec definition, written
// here as explicit byte lists and ranges (not as the implementation's
// predicates), and the ASCII helpers are checked over all bytes.

#include "engine/internal/ascii.h"
#include "engine/internal/hash.h"

#include <bitset>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace corsengine {
namespace internal {
namespace {

using ByteSet = std::bitset<256>;

// Builders for a set of bytes, from the spec's own wording.
ByteSet Chars(std::string_view chars) {
  ByteSet set;
  for (char c : chars) set.set(static_cast<unsigned char>(c));
  return set;
}
ByteSet Bytes(std::initializer_list<int> bytes) {
  ByteSet set;
  for (int b : bytes) set.set(b);
  return set;
}
ByteSet Range(int first, int last) {
  ByteSet set;
  for (int b = first; b <= last; ++b) set.set(b);
  return set;
}

const ByteSet kSpecDigits = Chars("0123456789");
const ByteSet kSpecAlpha =
    Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

// URL Standard, "forbidden host code point".
const ByteSet kSpecForbiddenHost =
    Bytes({0x00, 0x09, 0x0A, 0x0D, 0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F,
           0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C});

struct ClassCase {
  const char* name;
  uint32_t cls;
  ByteSet members;
};

const ClassCase kClassCases[] = {
    // RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+"
    // / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
    {"kToken", kToken,
     Chars("!#$%&'*+-.^_`|~"
           "0123456789"
           "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
           "abcdefghijklmnopqrstuvwxyz")},
    // Fetch: "HTTP whitespace byte" is 0x09, 0x0A, 0x0D or 0x20.
    {"kHttpWhitespace", kHttpWhitespace, Bytes({0x09, 0x0A, 0x0D, 0x20})},
    // Fetch: "HTTP tab or space byte" is 0x09 or 0x20.
    {"kTabOrSpace", kTabOrSpace, Bytes({0x09, 0x20})},
    // Fetch: a "CORS-unsafe request-header byte" is a byte less than 0x20
    // that is not 0x09, or one of 0x22 0x28 0x29 0x3A 0x3C 0x3E 0x3F 0x40
    // 0x5B 0x5C 0x5D 0x7B 0x7D 0x7F.
    {"kCorsUnsafeRequestHeaderByte", kCorsUnsafeRequestHeaderByte,
     Range(0x00, 0x08) | Range(0x0A, 0x1F) |
         Bytes({0x22, 0x28, 0x29, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C,
                0x5D, 0x7B, 0x7D, 0x7F})},
    // Fetch, CORS-safelisted request-header, `accept-language` and
    // `content-language`: 0x30-0x39, 0x41-0x5A, 0x61-0x7A, and 0x20 0x2A
    // 0x2C 0x2D 0x2E 0x3B 0x3D.
    {"kLanguageValue", kLanguageValue,
     Range(0x30, 0x39) | Range(0x41, 0x5A) | Range(0x61, 0x7A) |
         Bytes({0x20, 0x2A, 0x2C, 0x2D, 0x2E, 0x3B, 0x3D})},
    // Infra: ASCII digit U+0030 (0) to U+0039 (9).
    {"kDigit", kDigit, Range(0x30, 0x39)},
    // Infra: ASCII alpha, U+0041-U+005A and U+0061-U+007A.
    {"kAlpha", kAlpha, kSpecAlpha},
    // Fetch, header value: no 0x00 NUL, 0x0A LF or 0x0D CR.
    {"kHeaderValueForbidden", kHeaderValueForbidden,
     Bytes({0x00, 0x0A, 0x0D})},
    // URL Standard: forbidden host code point.
    {"kForbiddenHost", kForbiddenHost, kSpecForbiddenHost},
    // URL Standard: forbidden domain code point is a forbidden host code
    // point, a C0 control (U+0000-U+001F), U+0025 (%) or U+007F DELETE.
    {"kForbiddenDomain", kForbiddenDomain,
     kSpecForbiddenHost | Range(0x00, 0x1F) | Bytes({0x25, 0x7F})},
    // Infra: ASCII hex digit, 0-9, A-F, a-f.
    {"kHexDigit", kHexDigit, kSpecDigits | Chars("ABCDEFabcdef")},
};

TEST(ByteClassesTest, EveryClassMatchesItsSpecDefinitionOnAllBytes) {
  for (const ClassCase& c : kClassCases) {
    for (int b = 0; b < 256; ++b) {
      EXPECT_EQ(Is(static_cast<char>(b), c.cls), c.members.test(b))
          << c.name << " byte 0x" << std::hex << b;
    }
  }
}

TEST(ByteClassesTest, SpotChecksOfTheTranscriptions) {
  // Guards the literal sets above against a transcription slip.
  EXPECT_EQ(kClassCases[0].members.count(), 77u);  // 15 symbols + 62 alnum
  EXPECT_EQ(kClassCases[3].members.count(), 31u + 14u);
  EXPECT_EQ(kClassCases[4].members.count(), 62u + 7u);
  EXPECT_EQ(kSpecForbiddenHost.count(), 17u);
}

// URL Standard, "percent-encoded bytes": each set as the Standard builds
// it from the one before.
const ByteSet kSpecC0ControlSet = Range(0x00, 0x1F) | Range(0x7F, 0xFF);
const ByteSet kSpecQuerySet =
    kSpecC0ControlSet | Bytes({0x20, 0x22, 0x23, 0x3C, 0x3E});
const ByteSet kSpecPathSet =
    kSpecQuerySet | Bytes({0x3F, 0x5E, 0x60, 0x7B, 0x7D});

const ClassCase kPercentEncodeCases[] = {
    {"kC0ControlPercentEncode", kC0ControlPercentEncode, kSpecC0ControlSet},
    {"kFragmentPercentEncode", kFragmentPercentEncode,
     kSpecC0ControlSet | Bytes({0x20, 0x22, 0x3C, 0x3E, 0x60})},
    {"kQueryPercentEncode", kQueryPercentEncode, kSpecQuerySet},
    {"kSpecialQueryPercentEncode", kSpecialQueryPercentEncode,
     kSpecQuerySet | Bytes({0x27})},
    {"kPathPercentEncode", kPathPercentEncode, kSpecPathSet},
    {"kUserinfoPercentEncode", kUserinfoPercentEncode,
     kSpecPathSet | Bytes({0x2F, 0x3A, 0x3B, 0x3D, 0x40, 0x7C}) |
         Range(0x5B, 0x5E)},
};

TEST(ByteClassesTest, PercentEncodeSetsMatchTheUrlStandardOnAllBytes) {
  for (const ClassCase& c : kPercentEncodeCases) {
    for (int b = 0; b < 256; ++b) {
      EXPECT_EQ(Is(static_cast<char>(b), c.cls), c.members.test(b))
          << c.name << " byte 0x" << std::hex << b;
    }
  }
  EXPECT_EQ(kSpecC0ControlSet.count(), 32u + 129u);
  EXPECT_EQ(kSpecPathSet.count(), 32u + 129u + 5u + 5u);
}

TEST(ByteClassesTest, CombinedClassesMeanAnyOf) {
  for (int b = 0; b < 256; ++b) {
    const bool expected = kSpecDigits.test(b) || kSpecAlpha.test(b);
    EXPECT_EQ(Is(static_cast<char>(b), kDigit | kAlpha), expected) << b;
  }
}

// (The percent-encode sets, below, hold every high byte; they are not in
// kClassCases.)
TEST(ByteClassesTest, NoHighByteIsInAnyClass) {
  uint32_t all = 0;
  for (const ClassCase& c : kClassCases) all |= c.cls;
  for (int b = 0x80; b < 256; ++b) {
    EXPECT_FALSE(Is(static_cast<char>(b), all)) << b;
  }
}

// kNonAscii (Firefox's extra CORS-unsafe bytes) is the one class of high
// bytes, and holds all of them.
TEST(ByteClassesTest, NonAsciiIsExactlyTheHighBytes) {
  for (int b = 0; b < 256; ++b) {
    EXPECT_EQ(Is(static_cast<char>(b), kNonAscii), b >= 0x80) << b;
  }
}

// --- Case helpers -------------------------------------------------------

constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";

// The lowercase of a byte per Infra "ASCII lowercase", by table lookup.
unsigned char SpecLower(int b) {
  const size_t i = kUpper.find(static_cast<char>(b));
  return static_cast<unsigned char>(i == std::string_view::npos ? b
                                                                : kLower[i]);
}

TEST(AsciiCaseTest, ToLowerAndToUpperOnAllBytes) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    EXPECT_EQ(static_cast<unsigned char>(ToLowerAscii(c)), SpecLower(b)) << b;
    const size_t i = kLower.find(c);
    const char upper = i == std::string_view::npos ? c : kUpper[i];
    EXPECT_EQ(ToUpperAscii(c), upper) << b;
  }
}

TEST(AsciiCaseTest, EqualsIgnoreCaseOnAllBytePairs) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string sa(1, static_cast<char>(a));
      const std::string sb(1, static_cast<char>(b));
      const bool expected = a == b || SpecLower(a) == SpecLower(b);
      ASSERT_EQ(EqualsIgnoreCase(sa, sb), expected) << a << " vs " << b;
    }
  }
}

TEST(AsciiCaseTest, EqualsIgnoreCaseStrings) {
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  EXPECT_TRUE(EqualsIgnoreCase("Content-Type", "cONTENT-tYPE"));
  EXPECT_FALSE(EqualsIgnoreCase("accept", "accept "));
  EXPECT_FALSE(EqualsIgnoreCase("accept", "acceps"));
  // Only ASCII letters fold: 0xC9 and 0xE9 (Latin-1 E-acute) differ.
  EXPECT_FALSE(EqualsIgnoreCase("\xC9", "\xE9"));
  // '@' (0x40) and '`' (0x60) differ by 0x20 but are not letters.
  EXPECT_FALSE(EqualsIgnoreCase("@", "`"));
  EXPECT_TRUE(StartsWithIgnoreCase("Proxy-Authorization", "proxy-"));
  EXPECT_FALSE(StartsWithIgnoreCase("Prox", "proxy-"));
}

int Sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

TEST(AsciiCaseTest, CompareIgnoreCaseOnAllBytePairs) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string sa(1, static_cast<char>(a));
      const std::string sb(1, static_cast<char>(b));
      const int expected = Sign(int{SpecLower(a)} - int{SpecLower(b)});
      ASSERT_EQ(Sign(CompareIgnoreCase(sa, sb)), expected) << a << " vs " << b;
    }
  }
}

TEST(AsciiCaseTest, CompareIgnoreCaseStrings) {
  struct TestCase {
    const char* a;
    const char* b;
    int sign;
  };
  const TestCase kCases[] = {
      {"", "", 0},
      {"", "a", -1},
      {"a", "ab", -1},
      {"AB", "ab", 0},
      {"x-B", "x-a", 1},
      // Lowercase order, not byte order: '_' (0x5F) sorts before 'a' (0x61)
      // although it sorts after 'A' (0x41).
      {"_", "A", -1},
      {"A", "_", 1},
      // Bytes compare unsigned: 0x80 sorts after 'z'.
      {"\x80", "z", 1},
      {"Accept", "accept-language", -1},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(Sign(CompareIgnoreCase(c.a, c.b)), c.sign)
        << c.a << " vs " << c.b;
  }
}

TEST(AsciiCaseTest, IsLowerAscii) {
  EXPECT_TRUE(IsLowerAscii(""));
  EXPECT_TRUE(IsLowerAscii("x-a_\xC9"));
  EXPECT_FALSE(IsLowerAscii("x-A"));
  EXPECT_FALSE(IsLowerAscii("Z"));
}

// --- Trimming -----------------------------------------------------------

TEST(AsciiTrimTest, TrimsOnlyItsClassOnAllBytes) {
  const ByteSet http_whitespace = Bytes({0x09, 0x0A, 0x0D, 0x20});
  const ByteSet tab_or_space = Bytes({0x09, 0x20});
  for (int b = 0; b < 256; ++b) {
    const std::string pad(2, static_cast<char>(b));
    const std::string input = pad + "x" + pad;
    EXPECT_EQ(TrimHttpWhitespace(input),
              http_whitespace.test(b) ? std::string("x") : input)
        << b;
    EXPECT_EQ(TrimTabOrSpace(input),
              tab_or_space.test(b) ? std::string("x") : input)
        << b;
  }
}

TEST(AsciiTrimTest, TrimCases) {
  struct TestCase {
    std::string_view input;
    std::string_view http_whitespace;
    std::string_view tab_or_space;
  };
  const TestCase kCases[] = {
      {"", "", ""},
      {" ", "", ""},
      {"\r\n\t ", "", "\r\n"},
      {" \ta b\t ", "a b", "a b"},
      {"\na\n", "a", "\na\n"},
      {"\x0B" "a", "\x0B" "a", "\x0B" "a"},  // vertical tab is not whitespace
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(TrimHttpWhitespace(c.input), c.http_whitespace);
    EXPECT_EQ(TrimTabOrSpace(c.input), c.tab_or_space);
  }
}

// CopyWordsWithSlack and EqualsBytes work eight bytes at a time: every byte
// value at every position of every length across two strides, against the
// one-byte definitions. The copy reads only its input (ASan sees a string of
// exactly that length) and writes within kCopySlack bytes past it.
TEST(AsciiCaseTest, CopyWordsWithSlackOnAllBytesAndLengths) {
  for (size_t length = 0; length <= 17; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string in(length, 'Q');
        in[at] = static_cast<char>(b);
        std::string out(length + kCopySlack, '\0');
        CopyWordsWithSlack(in.data(), in.size(), out.data(), swar::Lower());
        for (size_t i = 0; i < length; ++i) {
          ASSERT_EQ(out[i], ToLowerAscii(in[i])) << "byte " << b << " at " << at;
        }
        CopyWordsWithSlack(in.data(), in.size(), out.data(), swar::Same());
        for (size_t i = 0; i < length; ++i) {
          ASSERT_EQ(out[i], in[i]) << "byte " << b << " at " << at;
        }
      }
    }
  }
}

TEST(AsciiCaseTest, EqualsBytesOnAllBytesAndLengths) {
  for (size_t length = 0; length <= 17; ++length) {
    const std::string base(length, 'a');
    EXPECT_TRUE(EqualsBytes(base, base));
    EXPECT_FALSE(EqualsBytes(base, base + "a"));
    for (size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string other = base;
        other[at] = static_cast<char>(b);
        ASSERT_EQ(EqualsBytes(base, other), b == 'a') << "byte " << b << " at " << at;
      }
    }
  }
  EXPECT_FALSE(EqualsBytes("PUT", "put"));  // bytes, not case-insensitive
}

// EqualsBytes() or-s 16-byte (with SSE2) or word differences: a loop and an
// overlapping last block or word. Every length up to 80, every
// position, every byte, each string read from its own exact-size buffer.
TEST(AsciiCaseTest, EqualsBytesOnExactBuffersToEighty) {
  for (size_t length = 0; length <= 80; ++length) {
    const std::string base(length, 'a');
    const std::vector<char> left(base.begin(), base.end());
    EXPECT_TRUE(EqualsBytes(std::string_view(left.data(), length), base));
    EXPECT_FALSE(EqualsBytes(base, base + "a"));
    for (size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::vector<char> other(left);
        other[at] = static_cast<char>(b);
        ASSERT_EQ(EqualsBytes(std::string_view(left.data(), length),
                              std::string_view(other.data(), length)),
                  b == 'a')
            << "byte " << b << " at " << at << " of " << length;
        // The word path, which SSE2 builds use only below 16 bytes.
        ASSERT_EQ(
            swar::DifferenceByWords(left.data(), other.data(), length) == 0,
            b == 'a')
            << "byte " << b << " at " << at << " of " << length;
      }
    }
  }
}

// The case-insensitive compares read short strings as one zero-extended
// word and longer ones as words plus an overlapping last word: every byte
// value at every position of lengths 0-25 (every short length and three
// strides), against one-byte definitions.
TEST(AsciiCaseTest, CaseInsensitiveComparesOnAllBytesAndLengths) {
  const std::string letters = "aBcDeFgHiJkLmNoPqRsTuVwXyZ";
  for (size_t length = 0; length <= 25; ++length) {
    const std::string mixed = letters.substr(0, length);
    std::string lower = mixed;
    for (char& c : lower) c = ToLowerAscii(c);
    EXPECT_TRUE(EqualsIgnoreCase(mixed, lower));
    EXPECT_TRUE(EqualsLowercase(mixed, lower));
    EXPECT_FALSE(EqualsLowercase(mixed, lower + "a"));
    for (size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string other = mixed;
        other[at] = static_cast<char>(b);
        const bool same = ToLowerAscii(static_cast<char>(b)) == lower[at];
        ASSERT_EQ(EqualsIgnoreCase(other, mixed), same)
            << "byte " << b << " at " << at << " of " << length;
        ASSERT_EQ(EqualsLowercase(other, lower), same)
            << "byte " << b << " at " << at << " of " << length;
      }
      // The lowercase side is taken as it is: a stray capital there never
      // matches.
      std::string upper_lower = lower;
      upper_lower[at] = ToUpperAscii(lower[at]);
      ASSERT_FALSE(EqualsLowercase(lower, upper_lower) &&
                   upper_lower[at] != lower[at]);
    }
  }
}

// EqualsLowercaseLiteral() folds the literal's letters into an OR mask:
// every byte value at every position, for literals of each word shape
// (short, one word, two, overlapping last words), with the bytes beside
// the letter ranges ('@', '[', '`', '{', '^', '~') among them.
template <size_t N>
void ExpectLiteralRule(const char (&literal)[N]) {
  const std::string lower(literal, N - 1);
  std::string upper = lower;
  for (char& c : upper) c = ToUpperAscii(c);
  EXPECT_TRUE(EqualsLowercaseLiteral(lower, literal)) << lower;
  EXPECT_TRUE(EqualsLowercaseLiteral(upper, literal)) << lower;
  EXPECT_FALSE(EqualsLowercaseLiteral(lower + "a", literal)) << lower;
  if (!lower.empty()) {
    EXPECT_FALSE(EqualsLowercaseLiteral(lower.substr(1), literal)) << lower;
  }
  for (size_t at = 0; at < lower.size(); ++at) {
    for (int b = 0; b < 256; ++b) {
      std::string other = upper;
      other[at] = static_cast<char>(b);
      ASSERT_EQ(EqualsLowercaseLiteral(other, literal),
                ToLowerAscii(static_cast<char>(b)) == lower[at])
          << "byte " << b << " at " << at << " of '" << lower << "'";
    }
  }
}

TEST(AsciiCaseTest, EqualsLowercaseLiteralOnAllBytesAndLengths) {
  ExpectLiteralRule("");
  ExpectLiteralRule("a");
  ExpectLiteralRule("@z");
  ExpectLiteralRule("d`r");
  ExpectLiteralRule("[a{b");
  ExpectLiteralRule("range");
  ExpectLiteralRule("a^b~c-");
  ExpectLiteralRule("expires");
  ExpectLiteralRule("downlink");
  ExpectLiteralRule("save-data");
  ExpectLiteralRule("content-type");
  ExpectLiteralRule("x@y[z`w{v^u~t_");
  ExpectLiteralRule("content-language");
  ExpectLiteralRule("z`y{x@w[v^u~t_s-r");
  ExpectLiteralRule("x-www-form-urlencoded");
  ExpectLiteralRule("access-control-allow-origin");
  ExpectLiteralRule("access-control-allow-credentials");
  ExpectLiteralRule("access-control-allow-credentials-");
}

// --- Tokens -------------------------------------------------------------

TEST(AsciiTokenTest, IsTokenAllOfAnyOf) {
  EXPECT_TRUE(IsToken("x-a"));
  EXPECT_TRUE(IsToken("!#$%&'*+-.^_`|~"));
  EXPECT_FALSE(IsToken(""));
  EXPECT_FALSE(IsToken("a b"));
  EXPECT_FALSE(IsToken("a,"));
  EXPECT_TRUE(AllOf("", kDigit));
  EXPECT_TRUE(AllOf("0129", kDigit));
  EXPECT_FALSE(AllOf("01a", kDigit));
  EXPECT_FALSE(AnyOf("", kDigit));
  EXPECT_TRUE(AnyOf("ab1", kDigit));
  EXPECT_FALSE(AnyOf("abc", kDigit));
}


// LoadShort reads 0-7 bytes as one zero-extended word: every byte value at
// every position of every length, against a byte-by-byte build.
TEST(AsciiCaseTest, LoadShortIsTheBytesZeroExtended) {
  for (size_t length = 0; length < 8; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string s(length, '\x5A');
        s[at] = static_cast<char>(b);
        uint64_t expected = 0;
        for (size_t i = 0; i < length; ++i) {
          expected |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
        }
        ASSERT_EQ(swar::LoadShort(s.data(), length), expected)
            << "byte " << b << " at " << at << " of " << length;
      }
    }
  }
  EXPECT_EQ(swar::LoadShort("", 0), 0u);
}

// --- The cache's key hash ------------------------------------------------

// Every byte of every length up to 200 (the short, 16-byte and three-lane
// paths and their tails) reaches the hash: flipping any bit of any byte,
// or adding a byte, changes it.
TEST(HashBytesTest, EveryByteAndTheLengthCount) {
  const uint64_t seed = ProcessHashSeed();
  std::string base;
  for (size_t length = 0; length <= 200; ++length) {
    const uint64_t h = HashBytes(base, seed);
    std::string longer = base + '\0';
    EXPECT_NE(HashBytes(longer, seed), h) << "length " << length;
    for (size_t at = 0; at < length; ++at) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string other = base;
        other[at] = static_cast<char>(other[at] ^ (1 << bit));
        ASSERT_NE(HashBytes(other, seed), h)
            << "bit " << bit << " of byte " << at << " of " << length;
      }
    }
    base.push_back(static_cast<char>('a' + length % 26));
  }
}

// Fold's portable form (for compilers without a 128-bit type) is the same
// function: edge values and a stream of pseudo-random pairs.
TEST(HashBytesTest, PortableFoldIsFold) {
  const uint64_t edges[] = {0, 1, 2, 0xFFFFFFFFu, 0x100000000u,
                            0x7FFFFFFFFFFFFFFFu, 0x8000000000000000u,
                            ~uint64_t{0}, hash_detail::kK0, hash_detail::kK4};
  for (uint64_t a : edges) {
    for (uint64_t b : edges) {
      ASSERT_EQ(hash_detail::FoldPortable(a, b), hash_detail::Fold(a, b))
          << a << " * " << b;
    }
  }
  uint64_t x = 0x0123456789ABCDEFu;
  for (int i = 0; i < 100000; ++i) {
    x = x * 6364136223846793005u + 1442695040888963407u;
    const uint64_t a = x;
    x = x * 6364136223846793005u + 1442695040888963407u;
    ASSERT_EQ(hash_detail::FoldPortable(a, x), hash_detail::Fold(a, x));
  }
}

TEST(HashBytesTest, SeedMattersAndSpreadsOverBuckets) {
  const uint64_t seed = ProcessHashSeed();
  EXPECT_EQ(seed, ProcessHashSeed());  // one per process
  EXPECT_NE(HashBytes("https://a.example", seed),
            HashBytes("https://a.example", seed ^ 1));
  // URLs that differ only in a number in the middle fill 1,024 buckets
  // about evenly, by the low bits and by the high bits.
  std::vector<int> low(1024), high(1024);
  for (int i = 0; i < 102400; ++i) {
    const std::string url = "https://api.example.org/v1/items/" +
                            std::to_string(i) + "?expand=owner";
    const uint64_t h = HashBytes(url, seed);
    ++low[h & 1023];
    ++high[h >> 54];
  }
  for (int b = 0; b < 1024; ++b) {
    EXPECT_GT(low[b], 40) << "bucket " << b;
    EXPECT_LT(low[b], 170) << "bucket " << b;
    EXPECT_GT(high[b], 40) << "bucket " << b;
    EXPECT_LT(high[b], 170) << "bucket " << b;
  }
}

}  // namespace
}  // namespace internal
}  // namespace corsengine
