// Tests for header lists (include/corsengine/header_list.h): lookup, Fetch's
// "get" and "get, decode, and split", "extract header list values", and
// header name/value validity.

#include "corsengine/header_list.h"

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "tests/name_variants.h"

namespace corsengine {
namespace {

using Strings = std::vector<std::string>;

// --- CountHeaders / FindHeader / GetHeader --------------------------------

const HeaderView kHeaders[] = {
    {"Vary", " Origin "},
    {"Content-Type", "text/plain"},
    {"vary", "\tAccept\t"},
    {"X-Empty", ""},
    {"VARY", "a  b"},
    {"X-Controls", "\x0B" "x\r"},
};

TEST(HeaderLookupTest, CountHeaders) {
  struct TestCase {
    const char* name;
    size_t count;
  };
  const TestCase kCases[] = {
      {"vary", 3},         {"Vary", 3},     {"VARY", 3},
      {"content-type", 1}, {"X-Empty", 1},  {"x-missing", 0},
      {"var", 0},          {"vary ", 0},    {"", 0},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(CountHeaders(kHeaders, c.name), c.count) << c.name;
  }
  EXPECT_EQ(CountHeaders({}, "vary"), 0u);
}

TEST(HeaderLookupTest, FindHeader) {
  struct TestCase {
    const char* name;
    std::optional<std::string_view> value;
  };
  const TestCase kCases[] = {
      {"vary", "Origin"},  // first entry, spaces trimmed
      {"CONTENT-TYPE", "text/plain"},
      {"x-empty", ""},
      {"x-controls", "\x0B" "x\r"},  // only tabs and spaces are trimmed
      {"x-missing", std::nullopt},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(FindHeader(kHeaders, c.name), c.value) << c.name;
  }
  // The result views the caller's buffer.
  const std::string_view found = *FindHeader(kHeaders, "vary");
  EXPECT_EQ(found.data(), kHeaders[0].value.data() + 1);
}

TEST(HeaderLookupTest, GetHeaderCombinesTrimmedValues) {
  struct TestCase {
    const char* name;
    std::optional<std::string> value;
  };
  const TestCase kCases[] = {
      {"vary", "Origin, Accept, a  b"},
      {"Content-Type", "text/plain"},
      {"x-empty", ""},
      {"x-missing", std::nullopt},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(GetHeader(kHeaders, c.name), c.value) << c.name;
  }
  const HeaderView empties[] = {{"a", ""}, {"A", " "}, {"a", "x"}};
  EXPECT_EQ(GetHeader(empties, "a"), ", , x");
}

TEST(HeaderLookupTest, ViewsOf) {
  const std::vector<Header> owned = {{"A", "1"}, {"b", "2"}};
  const std::vector<HeaderView> views = ViewsOf(owned);
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[1].name, "b");
  EXPECT_EQ(views[1].value.data(), owned[1].value.data());
  EXPECT_EQ(FindHeader(views, "a"), "1");
}

// --- DecodeAndSplit / GetDecodeAndSplit -----------------------------------

TEST(DecodeAndSplitTest, Table) {
  struct TestCase {
    const char* value;
    Strings parts;
  };
  const TestCase kCases[] = {
      // The Fetch Standard's examples (#concept-header-list-get-decode-split).
      {"nosniff,", {"nosniff", ""}},
      {"", {""}},
      {"text/html;\", x/x", {"text/html;\", x/x"}},
      {"text/html;\"", {"text/html;\""}},
      {"text/html;\"\", x/x", {"text/html;\"\"", "x/x"}},
      {"x/x;test=\"hi\",y/y", {"x/x;test=\"hi\"", "y/y"}},
      {"x/x;test=\"hi\",y/y", {"x/x;test=\"hi\"", "y/y"}},
      {"x / x,,,1", {"x / x", "", "", "1"}},
      {"\"1,2\", 3", {"\"1,2\"", "3"}},
      {"\"1\\\"\", 2", {"\"1\\\"\"", "2"}},
      // The header's own example.
      {"a, \"b,c\" , ,d", {"a", "\"b,c\"", "", "d"}},
      // Tabs and spaces around parts are stripped; inside they stay.
      {"\t a \t,\tb c", {"a", "b c"}},
      {",", {"", ""}},
      {" , ", {"", ""}},
      // An escape inside a quoted string hides the quote and the comma.
      {"\"a\\\",b\",c", {"\"a\\\",b\"", "c"}},
      // A lone backslash at the very end of a quoted string.
      {"\"a\\", {"\"a\\"}},
      // Quotes in the middle of a part.
      {"a\"b,c\"d,e", {"a\"b,c\"d", "e"}},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(DecodeAndSplit(c.value), c.parts) << c.value;
  }
}

TEST(DecodeAndSplitTest, GetDecodeAndSplit) {
  const HeaderView headers[] = {
      {"A", "1, 2"}, {"b", "\"x,"}, {"a", " 3 "}, {"B", "y\""}};
  EXPECT_EQ(GetDecodeAndSplit(headers, "a"), Strings({"1", "2", "3"}));
  // Values are combined before splitting: a quoted string spans entries.
  EXPECT_EQ(GetDecodeAndSplit(headers, "B"), Strings({"\"x,, y\""}));
  EXPECT_EQ(GetDecodeAndSplit(headers, "c"), std::nullopt);
  const HeaderView empty[] = {{"X", ""}};
  EXPECT_EQ(GetDecodeAndSplit(empty, "x"), Strings({""}));
}

// --- ExtractHeaderListValues ----------------------------------------------

using State = HeaderListValues::State;

struct ExtractCase {
  const char* comment;
  std::vector<HeaderView> headers;
  State state;
  std::vector<std::string_view> items;
  std::string_view invalid_item;
};

TEST(ExtractHeaderListValuesTest, Table) {
  constexpr std::string_view kName = "Access-Control-Allow-Headers";
  const ExtractCase kCases[] = {
      // Absent.
      {"no headers", {}, State::kAbsent, {}, ""},
      {"other name", {{"Access-Control-Allow-Methods", "x"}}, State::kAbsent,
       {}, ""},
      // Parsed.
      {"one", {{kName, "x-a"}}, State::kParsed, {"x-a"}, ""},
      {"empty elements", {{kName, ",x-a,,x-b,"}}, State::kParsed,
       {"x-a", "x-b"}, ""},
      {"whitespace", {{kName, "  x-a ,   x-b  "}}, State::kParsed,
       {"x-a", "x-b"}, ""},
      {"tabs", {{kName, "\tx-a\t,\tx-b"}}, State::kParsed, {"x-a", "x-b"},
       ""},
      {"two headers", {{kName, "x-a"}, {"access-control-allow-headers", "x-b"}},
       State::kParsed, {"x-a", "x-b"}, ""},
      {"empty value", {{kName, ""}}, State::kParsed, {}, ""},
      {"only commas", {{kName, " , , "}}, State::kParsed, {}, ""},
      {"wildcard", {{kName, "*"}}, State::kParsed, {"*"}, ""},
      {"case kept", {{kName, "X-A, x-b"}}, State::kParsed, {"X-A", "x-b"},
       ""},
      // Failure: one element that is not a token voids the whole list.
      {"space inside", {{kName, "x b"}}, State::kFailure, {}, "x b"},
      {"semicolon", {{kName, "x-a;"}}, State::kFailure, {}, "x-a;"},
      {"quoted", {{kName, "\"x-a\""}}, State::kFailure, {}, "\"x-a\""},
      {"at sign", {{kName, "@"}}, State::kFailure, {}, "@"},
      {"after good ones", {{kName, "x-a, x-b, x/c, x-d"}}, State::kFailure,
       {}, "x/c"},
      {"in second header", {{kName, "x-a"}, {kName, "x-b, @, x-c"}},
       State::kFailure, {}, "@"},
      {"first bad wins", {{kName, "a b, c d"}}, State::kFailure, {}, "a b"},
  };
  for (const ExtractCase& c : kCases) {
    SCOPED_TRACE(c.comment);
    HeaderListValues out;
    // Stale contents from an earlier use must not survive.
    out.state = State::kFailure;
    out.items.push_back("stale");
    out.invalid_item = "stale";
    ExtractHeaderListValues(c.headers, kName, &out);
    EXPECT_EQ(out.state, c.state);
    EXPECT_EQ(out.absent(), c.state == State::kAbsent);
    EXPECT_EQ(out.failed(), c.state == State::kFailure);
    EXPECT_EQ(std::vector<std::string_view>(out.items.begin(), out.items.end()),
              c.items);
    EXPECT_EQ(out.invalid_item, c.invalid_item);
  }
}

// The name looked up matches case-insensitively in either direction, at
// lengths up to the 64 bytes it is folded into and past them, and only
// names of its own length.
TEST(ExtractHeaderListValuesTest, NameMatchesInAnyCaseAtAnyLength) {
  for (size_t length : {size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{28},
                        size_t{63}, size_t{64}, size_t{65}, size_t{200}}) {
    std::string lower;
    for (size_t i = 0; i < length; ++i) lower += static_cast<char>('a' + i % 26);
    std::string upper = lower;
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    std::string other = lower;
    other.back() = other.back() == 'z' ? 'y' : 'z';
    const HeaderView headers[] = {{upper, "a"}, {lower + "x", "b"},
                                  {other, "c"}, {lower, "d"}};
    for (const std::string& name : {lower, upper}) {
      HeaderListValues out;
      ExtractHeaderListValues(headers, name, &out);
      EXPECT_EQ(std::vector<std::string_view>(out.items.begin(), out.items.end()),
                (std::vector<std::string_view>{"a", "d"}))
          << "length " << length << ", looked up as " << name;
    }
  }
}

// The list rule written out plainly, held against ExtractHeaderListValues
// on `value`: the same elements (views of the same bytes), or the same
// first element that is not a token.
void ExpectListRule(const std::string& value) {
  const auto is_tchar = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  };
  std::vector<std::string_view> expected;
  std::string_view invalid;
  bool failed = false;
  size_t begin = 0;
  while (!failed) {
    size_t end = value.find(',', begin);
    if (end == std::string::npos) end = value.size();
    std::string_view element(value.data() + begin, end - begin);
    while (!element.empty() &&
           (element.front() == ' ' || element.front() == '\t')) {
      element.remove_prefix(1);
    }
    while (!element.empty() &&
           (element.back() == ' ' || element.back() == '\t')) {
      element.remove_suffix(1);
    }
    if (!element.empty()) {
      bool token = true;
      for (char c : element) token = token && is_tchar(c);
      if (token) {
        expected.push_back(element);
      } else {
        failed = true;
        invalid = element;
      }
    }
    if (end == value.size()) break;
    begin = end + 1;
  }
  const HeaderView headers[] = {{"Access-Control-Allow-Headers", value}};
  HeaderListValues out;
  ExtractHeaderListValues(headers, "access-control-allow-headers", &out);
  SCOPED_TRACE(testing::Message() << "value '" << value << "' ("
                                  << value.size() << " bytes)");
  ASSERT_EQ(out.state, failed ? State::kFailure : State::kParsed);
  if (failed) {
    EXPECT_TRUE(out.items.empty());
    // The same bytes of the value, not a copy.
    EXPECT_EQ(out.invalid_item.data(), invalid.data());
    EXPECT_EQ(out.invalid_item.size(), invalid.size());
    return;
  }
  ASSERT_EQ(out.items.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(out.items[i].data(), expected[i].data());
    EXPECT_EQ(out.items[i].size(), expected[i].size());
  }
}

// Values of every length from 0 to 80 bytes: the 16-to-64-byte ones take
// a different path from the others, and elements' edges fall at every
// offset. Most values are lists that parse, of tchar of every kind, commas,
// spaces and tabs; some carry one byte that is not tchar, at any place:
// among them the neighbours of the letter, digit and '-' ranges the fast
// path tests ('@' '[' '`' '{' '/' ':' ',' '.'), control bytes and bytes
// above 0x7F, including those whose bit 0x20 set lands on a letter.
TEST(ExtractHeaderListValuesTest, AgreesWithTheRuleAtEveryLength) {
  static constexpr char kGoodBytes[] = "azAZ09-_.!#$%&'*+^`|~";
  static constexpr char kBadBytes[] =
      "@[{/:\"()<>;=?\\]}\r\n\x7F\xC1\xDA\xE1\xFA\x80\xFF";
  const std::string_view kGood(kGoodBytes, sizeof(kGoodBytes) - 1);
  const std::string_view kBad(kBadBytes, sizeof(kBadBytes) - 1);
  std::mt19937 rng(20261127);
  for (size_t length = 0; length <= 80; ++length) {
    for (int round = 0; round < 300; ++round) {
      std::string value;
      for (size_t i = 0; i < length; ++i) {
        const uint32_t r = rng() % 16;
        value += r < 10  ? static_cast<char>('a' + rng() % 26)
                 : r < 12 ? kGood[rng() % kGood.size()]
                 : r < 14 ? ','
                 : r < 15 ? ' '
                          : '\t';
      }
      // One round in three carries one byte that is not tchar.
      if (length > 0 && round % 3 == 0) {
        value[rng() % length] = kBad[rng() % kBad.size()];
      }
      ExpectListRule(value);
    }
  }
  // The paths' edges.
  const std::string a15(15, 'a');
  const std::string a63(63, 'a');
  for (const std::string& value :
       {a15 + ",", a15 + "b", std::string(16, ' '), std::string(64, ' '),
        std::string(64, ','), std::string(16, '\t'), a63 + ",", a63 + "[",
        "[" + a63, a63 + ",x", a63 + "{b", std::string("x") + std::string(62, ' ') + "y",
        std::string(31, 'a') + " " + std::string(32, 'b')}) {
    ExpectListRule(value);
  }
}

// Every byte of a name counts, whatever its length: a name one byte off at
// any position, or one byte longer or shorter, is not contained.
TEST(ExtractHeaderListValuesTest, ContainsIgnoreCaseComparesEveryByte) {
  for (size_t length = 1; length <= 40; ++length) {
    const testing_names::NameVariants name =
        testing_names::MakeNameVariants(length);
    const HeaderView headers[] = {
        {"Access-Control-Expose-Headers", name.upper}};
    HeaderListValues out;
    ExtractHeaderListValues(headers, "access-control-expose-headers", &out);
    ASSERT_EQ(out.items.size(), 1u);
    EXPECT_TRUE(out.ContainsIgnoreCase(name.lower)) << name.lower;
    for (const std::string& miss : name.near_misses) {
      EXPECT_FALSE(out.ContainsIgnoreCase(miss)) << miss;
    }
  }
}

TEST(ExtractHeaderListValuesTest, ContainsIsExactContainsIgnoreCaseIsNot) {
  const HeaderView headers[] = {{"Access-Control-Allow-Methods", "PUT, patch"}};
  HeaderListValues out;
  ExtractHeaderListValues(headers, "access-control-allow-methods", &out);
  ASSERT_EQ(out.state, State::kParsed);
  EXPECT_TRUE(out.Contains("PUT"));
  EXPECT_FALSE(out.Contains("put"));
  EXPECT_TRUE(out.Contains("patch"));
  EXPECT_FALSE(out.Contains("PATCH"));
  EXPECT_FALSE(out.Contains("PU"));
  EXPECT_TRUE(out.ContainsIgnoreCase("put"));
  EXPECT_TRUE(out.ContainsIgnoreCase("PATCH"));
  EXPECT_FALSE(out.ContainsIgnoreCase("DELETE"));
  EXPECT_FALSE(out.ContainsIgnoreCase("PUT "));
}

// --- Header name and value validity ----------------------------------------

TEST(HeaderValidityTest, IsValidHeaderName) {
  struct TestCase {
    std::string_view name;
    bool valid;
  };
  const TestCase kCases[] = {
      {"X-Custom", true},
      {"x_a.b~c", true},
      {"!#$%&'*+-.^_`|~", true},
      {"", false},
      {"X Custom", false},
      {"X:Custom", false},
      {"X-Custom:", false},
      {" X", false},
      {"X\t", false},
      {"(x)", false},
      {"x/y", false},
      {"\xC3\xA9", false},
      {std::string_view("x\0", 2), false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsValidHeaderName(c.name), c.valid) << c.name;
  }
}

TEST(HeaderValidityTest, IsValidHeaderValue) {
  struct TestCase {
    std::string_view value;
    bool valid;
  };
  const TestCase kCases[] = {
      {"", true},
      {"text/plain", true},
      {"a b\tc", true},
      {"\x7F", true},
      {"\xC3\xA9", true},
      {"\x01\x0B", true},
      // Leading or trailing HTTP whitespace.
      {" a", false},
      {"a ", false},
      {"\ta", false},
      {"a\t", false},
      {"\r\na", false},
      {" ", false},
      // NUL, LF or CR anywhere.
      {std::string_view("a\0b", 3), false},
      {"a\nb", false},
      {"a\rb", false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsValidHeaderValue(c.value), c.valid) << c.value;
  }
}

TEST(HeaderValidityTest, NormalizeHeaderValue) {
  struct TestCase {
    const char* value;
    const char* normalized;
  };
  const TestCase kCases[] = {
      {"", ""},
      {"a", "a"},
      {" \t\r\na b\r\n\t ", "a b"},
      {"\x0B" "a" "\x0C", "\x0B" "a" "\x0C"},
      {"\xA0" "a", "\xA0" "a"},
      {"\n\n", ""},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(NormalizeHeaderValue(c.value), c.normalized) << c.value;
  }
}

}  // namespace
}  // namespace corsengine
