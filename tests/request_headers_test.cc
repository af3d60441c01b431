// Tests for the Fetch Standard's header classes
// (include/corsengine/request_headers.h): forbidden request headers,
// CORS-safelisted request headers with every value rule, the no-cors and
// response name classes, CORS-unsafe request-header names and
// Access-Control-Request-Headers.

#include "corsengine/request_headers.h"

#include <algorithm>
#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corsengine/header_list.h"
#include "corsengine/profile.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

using Strings = std::vector<std::string>;

// --- IsForbiddenRequestHeader ---------------------------------------------

// #forbidden-request-header, the fixed list.
const char* const kForbiddenNames[] = {
    "Accept-Charset",
    "Accept-Encoding",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Connection",
    "Content-Length",
    "Cookie",
    "Cookie2",
    "Date",
    "DNT",
    "Expect",
    "Host",
    "Keep-Alive",
    "Origin",
    "Referer",
    "Set-Cookie",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

TEST(ForbiddenRequestHeaderTest, FixedListInAnyCase) {
  for (const char* name : kForbiddenNames) {
    EXPECT_TRUE(IsForbiddenRequestHeader(name, "x")) << name;
    EXPECT_TRUE(IsForbiddenRequestHeader(Lower(name), "")) << name;
    EXPECT_TRUE(IsForbiddenRequestHeader(Upper(name), "x")) << name;
  }
}

TEST(ForbiddenRequestHeaderTest, Table) {
  struct TestCase {
    const char* name;
    const char* value;
    bool forbidden;
  };
  const TestCase kCases[] = {
      // Prefixes `proxy-` and `sec-`, in any case, even alone.
      {"Proxy-Authorization", "x", true},
      {"proxy-", "x", true},
      {"Proxy-", "x", true},
      {"PROXY-X", "x", true},
      {"Sec-Fetch-Mode", "cors", true},
      {"sec-", "x", true},
      {"Sec-", "x", true},
      {"SEC-CH-UA", "x", true},
      {"Secret", "x", false},
      {"Sec", "x", false},
      {"Proxyish", "x", false},
      {"Proxy", "x", false},
      {"X-Sec-Thing", "x", false},
      // Near misses of the fixed list.
      {"Cookie3", "x", false},
      {"Referrer", "x", false},
      {"Content-Type", "x", false},
      {"Authorization", "x", false},
      {"Hosts", "x", false},
      {"Accept", "x", false},
      {"Range", "bytes=0-", false},
      // Method-override headers: forbidden only when a comma-split value
      // names a forbidden method, in any case.
      {"X-HTTP-Method", "TRACE", true},
      {"X-HTTP-Method-Override", "trace", true},
      {"X-Method-Override", "Connect", true},
      {"x-http-method-override", "TRACK", true},
      {"X-HTTP-METHOD", "connect", true},
      {"X-HTTP-Method-Override", "GET, TRACE", true},
      {"X-HTTP-Method-Override", "GET,track", true},
      {"X-HTTP-Method-Override", " TRACE ", true},
      {"X-HTTP-Method-Override", "PUT", false},
      {"X-HTTP-Method-Override", "", false},
      {"X-HTTP-Method-Override", "GET, POST", false},
      {"X-HTTP-Method-Override", "TRACES", false},
      {"X-HTTP-Method-Override", "TRACE GET", false},
      {"X-HTTP-Method-Override", "\"TRACE\"", false},  // quotes are kept
      {"X-HTTP-Method-Override", "\"GET, TRACE\"", false},
      {"X-Method-Override", "GET", false},
      // Other names never look at the value.
      {"X-HTTP-Method-Overrides", "TRACE", false},
      {"X-Override", "TRACE", false},
      {"X-Custom", "CONNECT", false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsForbiddenRequestHeader(c.name, c.value), c.forbidden)
        << c.name << ": " << c.value;
  }
}

TEST(ForbiddenResponseHeaderNameTest, Table) {
  EXPECT_TRUE(IsForbiddenResponseHeaderName("Set-Cookie"));
  EXPECT_TRUE(IsForbiddenResponseHeaderName("set-cookie"));
  EXPECT_TRUE(IsForbiddenResponseHeaderName("SET-COOKIE2"));
  EXPECT_FALSE(IsForbiddenResponseHeaderName("Set-Cookie3"));
  EXPECT_FALSE(IsForbiddenResponseHeaderName("Cookie"));
  EXPECT_FALSE(IsForbiddenResponseHeaderName("Set-Cookie "));
  EXPECT_FALSE(IsForbiddenResponseHeaderName(""));
}

// --- IsCorsSafelistedRequestHeader ----------------------------------------

// Fetch "CORS-unsafe request-header byte", transcribed independently.
std::bitset<256> CorsUnsafeBytes() {
  std::bitset<256> set;
  for (int b = 0; b < 0x20; ++b) {
    if (b != 0x09) set.set(b);
  }
  for (int b : {0x22, 0x28, 0x29, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C,
                0x5D, 0x7B, 0x7D, 0x7F}) {
    set.set(b);
  }
  return set;
}

// The `Accept-Language` / `Content-Language` value bytes.
bool IsLanguageByte(int b) {
  const std::string_view kAllowed =
      "0123456789"
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
      "abcdefghijklmnopqrstuvwxyz"
      " *,-.;=";
  return b < 0x80 && kAllowed.find(static_cast<char>(b)) != std::string::npos;
}

TEST(CorsSafelistedRequestHeaderTest, LengthLimitForEveryName) {
  struct TestCase {
    const char* name;
    std::string prefix;  // padded with `pad` to the length under test
    char pad;
    std::string suffix;
    const Profile* profile;
  };
  const TestCase kCases[] = {
      {"Accept", "", 'a', "", &kSpecProfile},
      {"Accept-Language", "", 'a', "", &kSpecProfile},
      {"Content-Language", "", 'a', "", &kSpecProfile},
      {"Content-Type", "text/plain;", 'a', "", &kSpecProfile},
      {"Range", "bytes=", '0', "-", &kSpecProfile},
      {"DPR", "", '1', "", &kChromiumProfile},
      {"Width", "", '1', "", &kChromiumProfile},
      {"Intervention", "", 'a', "", &kChromiumProfile},
  };
  for (const TestCase& c : kCases) {
    for (size_t length : {size_t{128}, size_t{129}}) {
      const std::string value =
          c.prefix +
          std::string(length - c.prefix.size() - c.suffix.size(), c.pad) +
          c.suffix;
      ASSERT_EQ(value.size(), length);
      EXPECT_EQ(IsCorsSafelistedRequestHeader(c.name, value, *c.profile),
                length <= kMaxSafelistedValueLength)
          << c.name << " with " << length << " bytes";
    }
  }
  EXPECT_EQ(kMaxSafelistedValueLength, 128u);
}

TEST(CorsSafelistedRequestHeaderTest, AcceptRejectsEachUnsafeByte) {
  const std::bitset<256> unsafe = CorsUnsafeBytes();
  for (int b = 0; b < 256; ++b) {
    const std::string value = "text/html" + std::string(1, static_cast<char>(b));
    EXPECT_EQ(IsCorsSafelistedRequestHeader("Accept", value), !unsafe.test(b))
        << "byte 0x" << std::hex << b;
  }
}

TEST(CorsSafelistedRequestHeaderTest, LanguageByteSet) {
  for (const char* name : {"Accept-Language", "content-language"}) {
    for (int b = 0; b < 256; ++b) {
      const std::string value = "en" + std::string(1, static_cast<char>(b));
      EXPECT_EQ(IsCorsSafelistedRequestHeader(name, value), IsLanguageByte(b))
          << name << " byte 0x" << std::hex << b;
    }
  }
}

TEST(CorsSafelistedRequestHeaderTest, ContentTypeRejectsEachUnsafeByte) {
  // In the parameters nothing but the unsafe-byte rule applies.
  const std::bitset<256> unsafe = CorsUnsafeBytes();
  for (int b = 0; b < 256; ++b) {
    const std::string value =
        "text/plain;a=" + std::string(1, static_cast<char>(b));
    EXPECT_EQ(IsCorsSafelistedRequestHeader("Content-Type", value),
              !unsafe.test(b))
        << "byte 0x" << std::hex << b;
  }
}

// Firefox also counts every byte from 0x80 up as CORS-unsafe, in Accept and
// in Content-Type (its parameters included); the other profiles only the
// Standard's ASCII set.
TEST(CorsSafelistedRequestHeaderTest, FirefoxNonAsciiBytesAreUnsafe) {
  const std::bitset<256> unsafe = CorsUnsafeBytes();
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile,
                           &kWebKitProfile}) {
    for (int b = 0; b < 256; ++b) {
      const bool expect_unsafe =
          unsafe.test(b) || (p->non_ascii_header_byte_is_unsafe && b >= 0x80);
      const std::string byte(1, static_cast<char>(b));
      EXPECT_EQ(IsCorsSafelistedRequestHeader("accept", "a" + byte, *p),
                !expect_unsafe)
          << p->name << " Accept byte 0x" << std::hex << b;
      EXPECT_EQ(IsCorsSafelistedRequestHeader("Content-Type",
                                              "text/plain;a=" + byte, *p),
                !expect_unsafe &&
                    !(p->content_type_comma_is_unsafe && b == ',') &&
                    !(p->content_type_trailing_semicolon_after_parameter_is_unsafe &&
                      b == ';'))
          << p->name << " Content-Type byte 0x" << std::hex << b;
    }
  }
  EXPECT_TRUE(kFirefoxProfile.non_ascii_header_byte_is_unsafe);
}

// Firefox refuses a comma anywhere in Content-Type; the Standard parses one
// MIME type, whose parameter values may hold commas (variant corpus
// safelist-content-type-lists/).
TEST(CorsSafelistedRequestHeaderTest, WebKitRangeNumbersTakeAPlusSign) {
  for (std::string_view value : {"bytes=+0-1", "bytes=0-+1", "bytes=+0-",
                                 "bytes=+10-+20"}) {
    EXPECT_TRUE(IsCorsSafelistedRequestHeader("Range", value, kWebKitProfile))
        << value;
    EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", value, kChromiumProfile))
        << value;
    EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", value, kFirefoxProfile))
        << value;
  }
  for (std::string_view value : {"bytes=++0-1", "bytes=+-1", "bytes=-+1",
                                 "bytes=0-+", "bytes=+20-10"}) {
    EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", value, kWebKitProfile))
        << value;
  }
}

TEST(CorsSafelistedRequestHeaderTest, FirefoxCommaInContentType) {
  // Content-Type values Chromium and WebKit safelist, as the Standard does,
  // and whether Firefox does too: a comma anywhere, or a last ';' after a
  // parameter or another ';', makes it preflight.
  struct Case {
    std::string_view value;
    bool firefox;
  };
  const Case kCases[] = {
      {"text/plain;p=a,b", false},  {"text/plain;p=a,", false},
      {"text/plain;p=a, b", false}, {"text/plain;a=b;", false},
      {"text/plain;;", false},      {"text/plain; ; ", false},
      {"text/plain;a=b;;", false},  {"text/plain;", true},
      {"text/plain ;", true},       {"text/plain;;a=b", true},
      {"text/plain; ; a=b", true},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.value);
    EXPECT_TRUE(IsCorsSafelistedRequestHeader("Content-Type", c.value,
                                              kChromiumProfile));
    EXPECT_TRUE(
        IsCorsSafelistedRequestHeader("Content-Type", c.value, kWebKitProfile));
    EXPECT_EQ(
        IsCorsSafelistedRequestHeader("Content-Type", c.value, kFirefoxProfile),
        c.firefox);
  }
  // Elsewhere a comma changes nothing for Firefox.
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("Accept", "a,b", kFirefoxProfile));
  EXPECT_TRUE(
      IsCorsSafelistedRequestHeader("Content-Language", "en,de", kFirefoxProfile));
  // Nor does it save a list the Standard refuses too.
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Content-Type", "text/plain,b",
                                             kChromiumProfile));
}

struct SafelistCase {
  const char* name;
  std::string_view value;
  bool safelisted;
};

void ExpectSafelisted(const std::vector<SafelistCase>& cases,
                      const Profile& profile) {
  for (const SafelistCase& c : cases) {
    EXPECT_EQ(IsCorsSafelistedRequestHeader(c.name, c.value, profile),
              c.safelisted)
        << profile.name << " " << c.name << ": '" << c.value << "'";
  }
}

TEST(CorsSafelistedRequestHeaderTest, ValueRules) {
  ExpectSafelisted(
      {
          // Accept and the languages.
          {"accept", "*/*", true},
          {"ACCEPT", "", true},
          {"Accept", "text/html, application/xhtml+xml;q=0.9", true},
          {"Accept", "\xC3\xA9", true},
          {"Accept-Language", "en-US,en;q=0.5", true},
          {"Accept-Language", "", true},
          {"Accept-Language", "en_US", false},
          {"Content-Language", "de-DE, *", true},
          {"Content-Language", "de\"", false},
          // Content-Type: the essence decides, parameters never do.
          {"Content-Type", "text/plain", true},
          {"content-type", "TEXT/Plain", true},
          {"Content-Type", "text/plain; charset=utf-8", true},
          {"Content-Type", "text/plain;", true},
          {"Content-Type", "text/plain;garbage", true},
          {"Content-Type", " text/plain ", true},
          {"Content-Type", "\ttext/plain\t;x", true},
          {"Content-Type", "application/x-www-form-urlencoded", true},
          {"Content-Type", "Multipart/Form-Data; boundary=x", true},
          {"Content-Type", "text /plain", false},
          {"Content-Type", "text/ plain", false},
          {"Content-Type", "text\t/\tplain", false},
          {"Content-Type", "text/plain,", false},
          {"Content-Type", ",text/plain", false},
          {"Content-Type", "text/plain,text/plain", false},
          {"Content-Type", "text/plain\x0B", false},
          {"Content-Type", "multipart/form-data;\"", false},
          {"Content-Type", "application/x-www-form-urlencoded;\x7F", false},
          {"Content-Type", "text/plain;a=\"b\"", false},
          {"Content-Type", "application/json", false},
          {"Content-Type", "text/html", false},
          {"Content-Type", "text/plainx", false},
          {"Content-Type", "text", false},
          {"Content-Type", "text/", false},
          {"Content-Type", "/plain", false},
          {"Content-Type", "", false},
          // Range: one `bytes=` range with a start.
          {"Range", "bytes=0-", true},
          {"range", "bytes=0-100", true},
          {"Range", "bytes=00-01", true},
          {"Range", "bytes=7-7", true},
          {"Range", "bytes=123456789012345678-", true},
          {"Range", "bytes=-5", false},
          {"Range", "bytes=5-4", false},
          {"Range", "bytes=10-9", false},
          {"Range", "bytes=0-1,2-3", false},
          {"Range", "bytes = 0-1", false},
          {"Range", "bytes= 0-1", false},
          {"Range", "bytes=0-1 ", false},
          {"Range", "bytes=0 -1", false},
          {"Range", "BYTES=0-1", false},
          {"Range", "Bytes=0-1", false},
          {"Range", "items=0-1", false},
          {"Range", "bytes=", false},
          {"Range", "bytes=-", false},
          {"Range", "bytes", false},
          {"Range", "bytes=a-", false},
          {"Range", "bytes=0-1-2", false},
          // The Standard reads any decimal number (the browser profiles stop
          // at int64; see SimpleRangeHeaderValueTest.NumbersBeyondInt64).
          {"Range", "bytes=1234567890123456789012345678901234567890123456789012"
                    "345678901-", true},
          {"Range", "bytes=0-1234567890123456789012345678901234567890123456789"
                    "012345678901", true},
          // Other names, including ones the browsers safelist.
          {"X-Custom", "x", false},
          {"Authorization", "x", false},
          {"DPR", "2", false},
          {"Save-Data", "on", false},
          {"Width", "100", false},
          {"Accept-Charset", "utf-8", false},
          {"Content-Length", "0", false},
      },
      kSpecProfile);
}

// The five names and the three essences' words are compared a word at a
// time against literals: each, in upper case, is still itself, and each
// near miss (one byte changed at any position, one byte more or less) is
// not. The values are ones the right name or word safelists.
TEST(CorsSafelistedRequestHeaderTest, NamesAndEssenceWordsCompareEveryByte) {
  // A near miss with bit 0x20 flipped in a letter is the name itself.
  const auto misses = [](const std::string& word) {
    Strings out = {word + "a", word.substr(1), word.substr(0, word.size() - 1)};
    for (size_t i = 0; i < word.size(); ++i) {
      for (char changed : {'-', 'x', '_', static_cast<char>(word[i] | 0x80),
                           static_cast<char>(word[i] + 1)}) {
        if (changed == word[i]) continue;
        std::string off = word;
        off[i] = changed;
        out.push_back(off);
      }
    }
    return out;
  };
  const auto upper = [](std::string s) {
    for (char& c : s) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return s;
  };
  struct NameCase {
    std::string name;
    std::string value;
  };
  for (const NameCase& c : std::vector<NameCase>{{"accept", "*/*"},
                                                 {"accept-language", "en"},
                                                 {"content-language", "en"},
                                                 {"content-type", "text/plain"},
                                                 {"range", "bytes=0-"}}) {
    EXPECT_TRUE(IsCorsSafelistedRequestHeader(c.name, c.value, kSpecProfile));
    EXPECT_TRUE(
        IsCorsSafelistedRequestHeader(upper(c.name), c.value, kSpecProfile));
    for (const std::string& miss : misses(c.name)) {
      EXPECT_FALSE(IsCorsSafelistedRequestHeader(miss, c.value, kSpecProfile))
          << "'" << miss << "' taken for " << c.name;
    }
  }
  for (const auto& [type, subtype] :
       std::vector<std::pair<std::string, std::string>>{
           {"application", "x-www-form-urlencoded"},
           {"multipart", "form-data"},
           {"text", "plain"}}) {
    const auto safelisted = [](const std::string& t, const std::string& s) {
      return IsCorsSafelistedRequestHeader("Content-Type", t + "/" + s + ";a=b",
                                           kSpecProfile);
    };
    EXPECT_TRUE(safelisted(type, subtype));
    EXPECT_TRUE(safelisted(upper(type), upper(subtype)));
    for (const std::string& miss : misses(type)) {
      EXPECT_FALSE(safelisted(miss, subtype)) << miss << "/" << subtype;
    }
    for (const std::string& miss : misses(subtype)) {
      EXPECT_FALSE(safelisted(type, miss)) << type << "/" << miss;
    }
  }
}

TEST(CorsSafelistedRequestHeaderTest, RangeUnitCaseWithWebKitProfile) {
  ExpectSafelisted(
      {
          {"Range", "BYTES=0-1", true},
          {"Range", "Bytes=0-", true},
          {"Range", "bytes=0-1", true},
          {"Range", "BYTES=-1", false},
          {"Range", "ITEMS=0-1", false},
      },
      kWebKitProfile);
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile,
                                 &kFirefoxProfile}) {
    EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", "BYTES=0-1", *profile))
        << profile->name;
  }
}

TEST(CorsSafelistedRequestHeaderTest, ChromiumClientHints) {
  ExpectSafelisted(
      {
          {"DPR", "2", true},
          {"dpr", "1.5", true},
          {"DPR", "x", false},
          {"DPR", "", false},
          {"Device-Memory", "0.5", true},
          {"Downlink", "10", true},
          {"Width", "100", true},
          {"Width", "1.5", false},
          {"Viewport-Width", "1280", true},
          {"RTT", "50", true},
          {"Save-Data", "on", true},
          {"Save-Data", "off", false},
          {"ECT", "4g", true},
          {"ECT", "slow-2g", true},
          {"Intervention", "x", true},
          // The standard names keep the standard rules.
          {"Accept", "*/*", true},
          {"Content-Type", "application/json", false},
          {"X-Custom", "x", false},
      },
      kChromiumProfile);
  for (const Profile* profile : {&kSpecProfile, &kFirefoxProfile,
                                 &kWebKitProfile}) {
    EXPECT_FALSE(IsCorsSafelistedRequestHeader("DPR", "2", *profile))
        << profile->name;
    EXPECT_FALSE(IsCorsSafelistedRequestHeader("ECT", "4g", *profile))
        << profile->name;
  }
}

TEST(SimpleRangeHeaderValueTest, UnitCase) {
  EXPECT_TRUE(IsSimpleRangeHeaderValue("bytes=1-2"));
  EXPECT_FALSE(IsSimpleRangeHeaderValue("BYTES=1-2"));
  EXPECT_TRUE(IsSimpleRangeHeaderValue("BYTES=1-2", kWebKitProfile));
  EXPECT_FALSE(IsSimpleRangeHeaderValue("bytes=2-1", kWebKitProfile));
}

TEST(SimpleRangeHeaderValueTest, NumbersBeyondInt64) {
  // The Standard reads any decimal number; the browsers' parsers stop at
  // int64, so there such a range is not safelisted.
  const std::string huge = "bytes=" + std::string(61, '9') + "-";
  const std::string ordered =
      "bytes=" + std::string(30, '1') + "-" + std::string(31, '1');
  const std::string reversed =
      "bytes=" + std::string(31, '1') + "-" + std::string(30, '1');
  EXPECT_TRUE(IsSimpleRangeHeaderValue(huge, kSpecProfile));
  EXPECT_TRUE(IsSimpleRangeHeaderValue(ordered, kSpecProfile));
  EXPECT_FALSE(IsSimpleRangeHeaderValue(reversed, kSpecProfile));
  EXPECT_TRUE(IsSimpleRangeHeaderValue("bytes=9223372036854775807-", kChromiumProfile));
  EXPECT_TRUE(IsSimpleRangeHeaderValue("bytes=0009223372036854775807-", kChromiumProfile));
  for (const Profile* p : {&kChromiumProfile, &kFirefoxProfile, &kWebKitProfile}) {
    EXPECT_FALSE(IsSimpleRangeHeaderValue(huge, *p)) << p->name;
    EXPECT_FALSE(IsSimpleRangeHeaderValue("bytes=9223372036854775808-", *p))
        << p->name;
  }
}

// --- Name classes -----------------------------------------------------------

TEST(HeaderNameClassesTest, NoCorsSafelisted) {
  struct TestCase {
    const char* name;
    bool no_cors_name;
  };
  const TestCase kCases[] = {
      {"Accept", true},           {"accept-language", true},
      {"CONTENT-LANGUAGE", true}, {"Content-Type", true},
      {"Range", false},           {"DPR", false},
      {"X-Custom", false},        {"Accept-Encoding", false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsNoCorsSafelistedRequestHeaderName(c.name), c.no_cors_name)
        << c.name;
  }
  EXPECT_TRUE(IsNoCorsSafelistedRequestHeader("Accept", "x"));
  EXPECT_TRUE(IsNoCorsSafelistedRequestHeader("content-type", "text/plain"));
  EXPECT_FALSE(IsNoCorsSafelistedRequestHeader("Content-Type",
                                               "application/json"));
  EXPECT_FALSE(IsNoCorsSafelistedRequestHeader("Accept", "a\"b"));
  EXPECT_FALSE(IsNoCorsSafelistedRequestHeader("Range", "bytes=0-"));
  EXPECT_FALSE(IsNoCorsSafelistedRequestHeader("DPR", "2", kChromiumProfile));
  EXPECT_FALSE(
      IsNoCorsSafelistedRequestHeader("Accept", std::string(129, 'a')));
}

TEST(HeaderNameClassesTest, PrivilegedNoCorsAndNonWildcard) {
  EXPECT_TRUE(IsPrivilegedNoCorsRequestHeaderName("Range"));
  EXPECT_TRUE(IsPrivilegedNoCorsRequestHeaderName("RANGE"));
  EXPECT_FALSE(IsPrivilegedNoCorsRequestHeaderName("Ranges"));
  EXPECT_FALSE(IsPrivilegedNoCorsRequestHeaderName("Accept"));

  EXPECT_TRUE(IsCorsNonWildcardRequestHeaderName("Authorization"));
  EXPECT_TRUE(IsCorsNonWildcardRequestHeaderName("authorization"));
  EXPECT_FALSE(IsCorsNonWildcardRequestHeaderName("Authorisation"));
  EXPECT_FALSE(IsCorsNonWildcardRequestHeaderName("Proxy-Authorization"));
  EXPECT_FALSE(IsCorsNonWildcardRequestHeaderName("X-Custom"));
}

TEST(HeaderNameClassesTest, CorsSafelistedResponseHeaderName) {
  struct TestCase {
    const char* name;
    bool safelisted;
  };
  const TestCase kCases[] = {
      {"Cache-Control", true},      {"content-language", true},
      {"Content-Length", true},     {"CONTENT-TYPE", true},
      {"Expires", true},            {"Last-Modified", true},
      {"Pragma", true},             {"Set-Cookie", false},
      {"Content-Encoding", false},  {"Date", false},
      {"ETag", false},              {"Content-Disposition", false},
      {"Access-Control-Allow-Origin", false},
      {"Expire", false},            {"", false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsCorsSafelistedResponseHeaderName(c.name), c.safelisted)
        << c.name;
  }
}

// --- CorsUnsafeRequestHeaderNames ---------------------------------------------

Strings UnsafeNames(const std::vector<Header>& headers, const Profile& profile) {
  UnsafeHeaderNames names;
  names.push_back("stale");  // the output is replaced, not appended to
  CorsUnsafeRequestHeaderNames(headers, profile, &names);
  Strings out;
  for (std::string_view name : names) out.push_back(Lower(name));
  return out;
}

std::vector<Header> Repeat(const Header& header, int times) {
  return std::vector<Header>(times, header);
}

TEST(CorsUnsafeRequestHeaderNamesTest, Table) {
  struct TestCase {
    const char* comment;
    std::vector<Header> headers;
    Strings spec;     // also chromium and webkit
    Strings firefox;  // no dedup, no total limit
  };
  const std::string v120(120, 'a');
  const std::string v128(128, 'a');
  std::vector<Header> at_limit = Repeat({"Accept", v128}, 8);  // 1,024 bytes
  std::vector<Header> over_limit = at_limit;
  over_limit.push_back({"Accept-Language", "a"});  // 1,025 bytes
  std::vector<Header> over_with_unsafe = over_limit;
  over_with_unsafe.push_back({"X-B", "1"});
  const TestCase kCases[] = {
      {"empty", {}, {}, {}},
      {"only safelisted", {{"Accept", "*/*"}, {"Content-Type", "text/plain"}},
       {}, {}},
      // Unsafe names, sorted by their lowercase form.
      {"sorted",
       {{"X-B", "1"}, {"Accept", "*/*"}, {"x-a", "2"}, {"Authorization", "x"}},
       {"authorization", "x-a", "x-b"},
       {"authorization", "x-a", "x-b"}},
      // '_' (0x5F) sorts between 'A' (0x41) and 'a' (0x61): lowercase order.
      {"lowercase order",
       {{"B", "1"}, {"A", "1"}, {"_", "1"}},
       {"_", "a", "b"},
       {"_", "a", "b"}},
      // Duplicates: one entry per name, unless the profile keeps them.
      {"duplicates",
       {{"X-B", "1"}, {"x-a", "2"}, {"x-b", "3"}, {"X-A", "4"}},
       {"x-a", "x-b"},
       {"x-a", "x-a", "x-b", "x-b"}},
      // Unsafe values make safelisted names unsafe.
      {"unsafe values",
       {{"Accept", "a\"b"},
        {"Content-Type", "application/json"},
        {"Range", "bytes=0-"},
        {"Content-Language", "en_US"}},
       {"accept", "content-language", "content-type"},
       {"accept", "content-language", "content-type"}},
      {"too long value", {{"Accept", std::string(129, 'a')}}, {"accept"},
       {"accept"}},
      // The 1,024-byte total over safelisted values.
      {"nine 120-byte Accept", Repeat({"Accept", v120}, 9), {"accept"}, {}},
      {"eight 120-byte Accept", Repeat({"Accept", v120}, 8), {}, {}},
      {"exactly 1024", at_limit, {}, {}},
      {"1025", over_limit, {"accept", "accept-language"}, {}},
      {"1025 and unsafe", over_with_unsafe,
       {"accept", "accept-language", "x-b"}, {"x-b"}},
  };
  for (const TestCase& c : kCases) {
    SCOPED_TRACE(c.comment);
    EXPECT_EQ(UnsafeNames(c.headers, kSpecProfile), c.spec);
    EXPECT_EQ(UnsafeNames(c.headers, kChromiumProfile), c.spec);
    EXPECT_EQ(UnsafeNames(c.headers, kWebKitProfile), c.spec);
    EXPECT_EQ(UnsafeNames(c.headers, kFirefoxProfile), c.firefox);
  }
}

TEST(CorsUnsafeRequestHeaderNamesTest, ViewsKeepTheOriginalCase) {
  const std::vector<Header> headers = {{"X-Zed", "1"}, {"X-Alpha", "2"}};
  UnsafeHeaderNames names;
  CorsUnsafeRequestHeaderNames(headers, kSpecProfile, &names);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], "X-Alpha");
  EXPECT_EQ(names[1], "X-Zed");
  EXPECT_EQ(names[0].data(), headers[1].name.data());
}

TEST(CorsUnsafeRequestHeaderNamesTest, ChromiumClientHintsAreSafe) {
  const std::vector<Header> headers = {{"DPR", "2"}, {"X-A", "1"}};
  EXPECT_EQ(UnsafeNames(headers, kChromiumProfile), Strings({"x-a"}));
  EXPECT_EQ(UnsafeNames(headers, kSpecProfile), Strings({"dpr", "x-a"}));
}

// --- AppendAccessControlRequestHeaders -----------------------------------------

TEST(AccessControlRequestHeadersTest, LowercasesAndJoinsWithoutSpaces) {
  struct TestCase {
    std::vector<std::string_view> names;
    const char* value;
  };
  const TestCase kCases[] = {
      {{}, ""},
      {{"X-Foo"}, "x-foo"},
      {{"Authorization", "X-A", "x-b"}, "authorization,x-a,x-b"},
      // Order is the caller's; the function does not sort.
      {{"X-Z", "X-A"}, "x-z,x-a"},
  };
  for (const TestCase& c : kCases) {
    const UnsafeHeaderNames names(c.names.begin(), c.names.end());
    std::string out;
    AppendAccessControlRequestHeaders(names, &out);
    EXPECT_EQ(out, c.value);
  }
  // Appends to what is there.
  std::string out = "prefix:";
  AppendAccessControlRequestHeaders(UnsafeHeaderNames{"A", "B"}, &out);
  EXPECT_EQ(out, "prefix:a,b");
}

TEST(AccessControlRequestHeadersTest, FromUnsafeNames) {
  const std::vector<Header> headers = {
      {"X-B", "1"}, {"Content-Type", "application/json"}, {"x-a", "2"},
      {"X-b", "3"}};
  UnsafeHeaderNames names;
  CorsUnsafeRequestHeaderNames(headers, kSpecProfile, &names);
  std::string out;
  AppendAccessControlRequestHeaders(names, &out);
  EXPECT_EQ(out, "content-type,x-a,x-b");
  CorsUnsafeRequestHeaderNames(headers, kFirefoxProfile, &names);
  out.clear();
  AppendAccessControlRequestHeaders(names, &out);
  EXPECT_EQ(out, "content-type,x-a,x-b,x-b");
}

// --- ParseMimeTypeEssence -------------------------------------------------------

TEST(ParseMimeTypeEssenceTest, Table) {
  struct TestCase {
    const char* input;
    bool ok;
    const char* type;
    const char* subtype;
  };
  const TestCase kCases[] = {
      {"text/plain", true, "text", "plain"},
      {"TEXT/Plain", true, "TEXT", "Plain"},
      {"text/plain;charset=utf-8", true, "text", "plain"},
      {"text/plain ;x", true, "text", "plain"},
      {" \t\r\ntext/html\r\n", true, "text", "html"},
      {"text/plain;", true, "text", "plain"},
      {"text/plain;\"", true, "text", "plain"},  // parameters never fail
      {"application/vnd.api+json", true, "application", "vnd.api+json"},
      {"*/*", true, "*", "*"},
      {"", false, "", ""},
      {"text", false, "", ""},
      {"text/", false, "", ""},
      {"/plain", false, "", ""},
      {"text /plain", false, "", ""},
      {"text/ plain", false, "", ""},
      {"text/plain,", false, "", ""},
      {"te(x)t/plain", false, "", ""},
      {"text/pl@in", false, "", ""},
      {"text/plain/x", false, "", ""},
      {"text/;x", false, "", ""},
      {"t\xC3\xA9xt/plain", false, "", ""},
  };
  for (const TestCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const std::optional<MimeTypeEssence> essence = ParseMimeTypeEssence(c.input);
    ASSERT_EQ(essence.has_value(), c.ok);
    if (!c.ok) continue;
    EXPECT_EQ(essence->type, c.type);
    EXPECT_EQ(essence->subtype, c.subtype);
  }
}

}  // namespace
}  // namespace corsengine
