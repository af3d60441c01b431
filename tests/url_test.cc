// Tests for Url::Parse (include/corsengine/url.h). Expected serializations are
// the WHATWG URL Standard's (https://url.spec.whatwg.org/), as in
// web-platform-tests' urltestdata, for the absolute URLs the engine accepts.

#include "corsengine/url.h"

#include <functional>
#include <string>
#include <string_view>

#include "corsengine/error.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

using namespace std::string_view_literals;

// A URL and its expected spec(); `spec` is nullptr when parsing must fail.
struct TestCase {
  std::string_view input;
  const char* spec;
};

void ExpectParses(const TestCase* begin, const TestCase* end) {
  for (const TestCase* c = begin; c != end; ++c) {
    SCOPED_TRACE(testing::Message() << "input: '" << c->input << "'");
    const Expected<Url> url = Url::Parse(c->input);
    if (c->spec == nullptr) {
      ASSERT_FALSE(url.ok()) << "parsed as " << url->spec();
      EXPECT_EQ(url.error().error, CorsError::kInvalidUrl);
      EXPECT_FALSE(url.error().message.empty());
    } else {
      ASSERT_TRUE(url.ok()) << url.error();
      EXPECT_EQ(url->spec(), std::string_view(c->spec));
    }
  }
}

template <size_t N>
void ExpectParses(const TestCase (&cases)[N]) {
  ExpectParses(cases, cases + N);
}

constexpr const char* kFail = nullptr;

TEST(UrlParseTest, CanonicalAndCase) {
  const TestCase kCases[] = {
      // Canonical http/https URLs come back unchanged.
      {"http://a.example/", "http://a.example/"},
      {"https://a.example/p/q?x=1&y=%20", "https://a.example/p/q?x=1&y=%20"},
      {"http://a.example:8080/p", "http://a.example:8080/p"},
      {"https://sub.a.example:8443/", "https://sub.a.example:8443/"},
      {"http://127.0.0.1/", "http://127.0.0.1/"},
      {"http://[::1]/", "http://[::1]/"},
      {"ws://a.example/chat", "ws://a.example/chat"},
      // Scheme and host are lowercased; path and query keep their case.
      {"HTTP://A.EXAMPLE/", "http://a.example/"},
      {"HtTpS://Sub.A.Example/Path?Q=X", "https://sub.a.example/Path?Q=X"},
      {"WSS://X/", "wss://x/"},
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, Ports) {
  const TestCase kCases[] = {
      // The scheme's default port is elided; any other port is kept.
      {"http://a:80/", "http://a/"},
      {"https://a:443/", "https://a/"},
      {"ws://a:80/", "ws://a/"},
      {"wss://a:443/", "wss://a/"},
      {"ftp://a:21/", "ftp://a/"},
      {"http://a:443/", "http://a:443/"},
      {"https://a:80/", "https://a:80/"},
      {"http://a:8080/", "http://a:8080/"},
      // Leading zeros: the number is what counts.
      {"http://a:0080/", "http://a/"},
      {"http://a:000000000000000000000000008080/", "http://a:8080/"},
      // The valid range is 0-65535.
      {"http://a:0/", "http://a:0/"},
      {"http://a:65535/", "http://a:65535/"},
      {"http://a:65536/", kFail},
      {"http://a:99999/", kFail},
      {"http://a:4294967376/", kFail},  // 2^32 + 80 must not wrap to 80
      // Non-digits.
      {"http://a:8o/", kFail},
      {"http://a:-1/", kFail},
      {"http://a:+80/", kFail},
      {"http://a: 80/", kFail},
      {"http://a:1:2/", kFail},
      {"http://a:0x50/", kFail},
      // An empty port is no port.
      {"http://a:/", "http://a/"},
      {"http://a:", "http://a/"},
      {"https://a:?q", "https://a/?q"},
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, Paths) {
  const TestCase kCases[] = {
      // Dot segments.
      {"http://a/a/./b/../c", "http://a/a/c"},
      {"http://a/a/%2e/b/%2E%2e/c", "http://a/a/c"},
      {"http://a/a/b/.%2E/c", "http://a/a/c"},
      {"http://a/a/b/%2e./c", "http://a/a/c"},
      {"http://a/..", "http://a/"},
      {"http://a/../../x", "http://a/x"},
      {"http://a/a/b/..", "http://a/a/"},
      {"http://a/a/.", "http://a/a/"},
      {"http://a/a/%2e", "http://a/a/"},
      {"http://a/a/..?q", "http://a/?q"},
      {"http://a/a/.#f", "http://a/a/"},
      {"http://a/a/...", "http://a/a/..."},
      {"http://a/.a/..b", "http://a/.a/..b"},
      {"http://a/%2e%2e%2e", "http://a/%2e%2e%2e"},
      // Backslashes are slashes in special URLs (not in queries).
      {"http:\\\\a\\b\\c", "http://a/b/c"},
      {"http://a\\b/../c", "http://a/c"},
      {"https://a/b\\..\\c", "https://a/c"},
      {"http://a/?x\\y", "http://a/?x\\y"},
      // Empty paths become "/"; empty segments are kept.
      {"http://a", "http://a/"},
      {"http://a?q", "http://a/?q"},
      {"http://a#f", "http://a/"},
      {"http://a//", "http://a//"},
      {"http://a/b//c/", "http://a/b//c/"},
      // Slashes after the scheme: any number, either kind.
      {"http:a.example/x", "http://a.example/x"},
      {"http:///a.example/x", "http://a.example/x"},
      {"http:/\\/\\a.example", "http://a.example/"},
      // '@' after the authority is not userinfo.
      {"http://a/b@c", "http://a/b@c"},
      {"http://a?b@c", "http://a/?b@c"},
      {"http://a#b@c", "http://a/"},
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, PercentEncoding) {
  const TestCase kCases[] = {
      // Path percent-encode set: C0 controls, space, " # < > ? ^ ` { } and
      // every byte above 0x7E; existing escapes are kept as written.
      {"http://a/a b", "http://a/a%20b"},
      {"http://a/\"<>`{}^", "http://a/%22%3C%3E%60%7B%7D%5E"},
      {"http://a/|!$&'()*+,;=:@[]~",
       "http://a/|!$&'()*+,;=:@[]~"},
      {"http://a/%zz%41%", "http://a/%zz%41%"},
      {"http://a/x\x01y\x7F", "http://a/x%01y%7F"},
      {"http://a/\xC3\xA9", "http://a/%C3%A9"},
      // Special-query percent-encode set: C0 controls, space, " # < > ' and
      // bytes above 0x7E.
      {"http://a/?a b\"<>'", "http://a/?a%20b%22%3C%3E%27"},
      {"http://a/?`{}^|", "http://a/?`{}^|"},
      {"http://a/?\xFF", "http://a/?%FF"},
      {"http://a/?", "http://a/?"},
      {"http://a/?x?y=?", "http://a/?x?y=?"},
  };
  ExpectParses(kCases);
}

// Every byte in the middle of every component that percent-encodes, against
// the URL Standard's sets written out here: encoded as %XX (uppercase hex)
// exactly when the component's set holds it. Bytes that end or split the
// component, and tab, LF and CR (removed anywhere), are left out.
TEST(UrlParseTest, EveryByteInEveryPercentEncodeSet) {
  auto c0 = [](unsigned char c) { return c < 0x20 || c > 0x7E; };
  auto among = [](unsigned char c, std::string_view set) {
    return set.find(static_cast<char>(c)) != std::string_view::npos;
  };
  auto fragment = [&](unsigned char c) { return c0(c) || among(c, " \"<>`"); };
  auto query = [&](unsigned char c) { return c0(c) || among(c, " \"#<>"); };
  auto special_query = [&](unsigned char c) { return query(c) || c == '\''; };
  auto path = [&](unsigned char c) { return query(c) || among(c, "?^`{}"); };
  auto userinfo = [&](unsigned char c) {
    return path(c) || among(c, "/:;=@[\\]|");
  };
  // Credentials stay out of href(); they are read back on their own.
  enum class Read { kHref, kUsername, kPassword };
  struct Component {
    const char* name;
    std::string_view before;  // the input up to the byte
    std::string_view after;
    std::function<bool(unsigned char)> encoded;
    std::string_view structural;  // bytes that end or split the component
    Read read;
  };
  const Component kComponents[] = {
      {"special path", "http://a/x", "y", path, "/\\?#", Read::kHref},
      {"special query", "http://a/?x", "y", special_query, "#", Read::kHref},
      {"fragment", "http://a/#x", "y", fragment, "", Read::kHref},
      {"username", "http://x", "y@a/", userinfo, ":/\\?#", Read::kUsername},
      {"password", "http://u:x", "y@a/", userinfo, "/\\?#", Read::kPassword},
      {"non-special path", "foo://a/x", "y", path, "/?#", Read::kHref},
      {"non-special query", "foo://a/?x", "y", query, "#", Read::kHref},
      {"opaque path", "foo:x", "y", c0, "?#", Read::kHref},
  };
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const Component& component : kComponents) {
    for (int b = 0; b < 256; ++b) {
      const auto c = static_cast<unsigned char>(b);
      if (c == '\t' || c == '\n' || c == '\r' ||
          component.structural.find(static_cast<char>(c)) !=
              std::string_view::npos) {
        continue;
      }
      const std::string input = std::string(component.before) +
                                static_cast<char>(c) +
                                std::string(component.after);
      std::string byte(1, static_cast<char>(c));
      if (component.encoded(c)) byte = {'%', kHex[c >> 4], kHex[c & 0xF]};
      const Expected<Url> url = Url::Parse(input);
      ASSERT_TRUE(url.ok())
          << component.name << " byte " << b << ": " << url.error();
      switch (component.read) {
        case Read::kHref:
          EXPECT_EQ(url->href(), std::string(component.before) + byte +
                                     std::string(component.after))
              << component.name << " byte " << b;
          break;
        case Read::kUsername:
          EXPECT_EQ(url->username(), "x" + byte + "y") << "byte " << b;
          break;
        case Read::kPassword:
          EXPECT_EQ(url->password(), "x" + byte + "y") << "byte " << b;
          break;
      }
    }
  }
}

TEST(UrlParseTest, Ipv4) {
  const TestCase kCases[] = {
      // Every WHATWG form of 127.0.0.1.
      {"http://2130706433/", "http://127.0.0.1/"},
      {"http://0x7f.1/", "http://127.0.0.1/"},
      {"http://0X7F000001/", "http://127.0.0.1/"},
      {"http://0177.0.0.1/", "http://127.0.0.1/"},
      {"http://127.1/", "http://127.0.0.1/"},
      {"http://127.0.1/", "http://127.0.0.1/"},
      {"http://127.0.0.1./", "http://127.0.0.1/"},
      {"http://%31%32%37.0.0.1/", "http://127.0.0.1/"},
      // Edges.
      {"http://0/", "http://0.0.0.0/"},
      {"http://0x/", "http://0.0.0.0/"},
      {"http://0x.0x.0/", "http://0.0.0.0/"},
      {"http://4294967295/", "http://255.255.255.255/"},
      {"http://1.2.65535/", "http://1.2.255.255/"},
      {"http://1.16777215/", "http://1.255.255.255/"},
      // Out of range.
      {"http://4294967296/", kFail},
      {"http://0x100000000/", kFail},
      {"http://256.0.0.1/", kFail},
      {"http://1.2.3.256/", kFail},
      {"http://1.2.65536/", kFail},
      {"http://1.16777216/", kFail},
      // Malformed: too many parts, bad digits, empty parts.
      {"http://1.2.3.4.5/", kFail},
      {"http://1.2.3.4.5./", kFail},
      {"http://09.0.0.1/", kFail},
      {"http://1.2.3.08/", kFail},
      {"http://0xg.1/", kFail},
      {"http://1..2/", kFail},
      // A host whose last label is a number must be an IPv4 address.
      {"http://a.1/", kFail},
      {"http://foo.09/", kFail},
      {"http://a.0x/", kFail},
      // Not ending in a number: a domain.
      {"http://1.2.3.4a/", "http://1.2.3.4a/"},
      {"http://0x.a/", "http://0x.a/"},
      {"http://a.1b/", "http://a.1b/"},
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, Ipv6) {
  const TestCase kCases[] = {
      {"http://[::1]/", "http://[::1]/"},
      {"http://[0:0:0:0:0:0:0:1]/", "http://[::1]/"},
      {"http://[0000:0000::0001]/", "http://[::1]/"},
      {"http://[::]/", "http://[::]/"},
      {"http://[ABCD:EF01::]/", "http://[abcd:ef01::]/"},
      {"http://[1:2:3:4:5:6:7:8]/", "http://[1:2:3:4:5:6:7:8]/"},
      // The longest run of zero pieces is compressed; on a tie, the first.
      {"http://[1:0:0:2:0:0:0:3]/", "http://[1:0:0:2::3]/"},
      {"http://[1:0:0:2:0:0:3:4]/", "http://[1::2:0:0:3:4]/"},
      {"http://[2001:db8:0:0:1:0:0:1]/", "http://[2001:db8::1:0:0:1]/"},
      // A single zero piece is not compressed.
      {"http://[1:0:1:0:1:0:1:0]/", "http://[1:0:1:0:1:0:1:0]/"},
      {"http://[1:2:3:4:5:6:0:8]/", "http://[1:2:3:4:5:6:0:8]/"},
      // Embedded IPv4.
      {"http://[::ffff:1.2.3.4]/", "http://[::ffff:102:304]/"},
      {"http://[::127.0.0.1]/", "http://[::7f00:1]/"},
      // With ports.
      {"http://[1::]:8080/", "http://[1::]:8080/"},
      {"http://[::1]:80/", "http://[::1]/"},
      {"http://[::1]:65536/", kFail},
      // Invalid forms.
      {"http://[::1/", kFail},
      {"http://[]/", kFail},
      {"http://[:1]/", kFail},
      {"http://[1:]/", kFail},
      {"http://[1:::2]/", kFail},
      {"http://[1::2::3]/", kFail},
      {"http://[12345::]/", kFail},
      {"http://[g::]/", kFail},
      {"http://[1:2:3:4:5:6:7]/", kFail},
      {"http://[1:2:3:4:5:6:7:8:9]/", kFail},
      {"http://[::1.2.3]/", kFail},
      {"http://[::1.2.3.4.5]/", kFail},
      {"http://[::1.2.3.256]/", kFail},
      {"http://[::01.2.3.4]/", kFail},
      {"http://[::1.]/", kFail},
      {"http://[1:2:3:4:5:6:7:1.2.3.4]/", kFail},
      {"http://[::%31]/", kFail},
      {"http://[::1]x/", kFail},
      {"http://x[::1]/", kFail},
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, Hosts) {
  const TestCase kCases[] = {
      // Percent-encoded hosts are decoded, then checked and lowercased.
      {"http://%61.example/", "http://a.example/"},
      {"http://%41.EXAMPLE/", "http://a.example/"},
      {"http://a%2Eexample/", "http://a.example/"},
      // Forbidden domain code points, literal or percent-encoded.
      {"http://a b/", kFail},
      {"http://a<b/", kFail},
      {"http://a>b/", kFail},
      {"http://a^b/", kFail},
      {"http://a|b/", kFail},
      {"http://a%b/", kFail},
      {"http://a]b/", kFail},
      {"http://a\x01""b/", kFail},
      {"http://a\x7F""b/", kFail},
      {"http://a%20b/", kFail},
      {"http://a%00b/", kFail},
      {"http://a%2Fb/", kFail},
      {"http://a%25b/", kFail},
      {"http://a%zz/", kFail},
      // Non-ASCII hosts need IDNA, which is out of scope: an error.
      {"http://\xC3\xA9.example/", kFail},
      {"http://%C3%A9.example/", kFail},
      {"http://a\x80/", kFail},
      // A missing host.
      {"http://", kFail},
      {"http:///", kFail},
      {"http://:80/", kFail},
      {"http://user@/", kFail},
      {"http://u:p@:80/", kFail},
      {"https:", kFail},
      {"http:?x", kFail},
      {"http:#x", kFail},
      // A trailing dot is kept.
      {"http://a.example./", "http://a.example./"},
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, NotAbsolute) {
  const TestCase kCases[] = {
      {"", kFail},
      {"   ", kFail},
      {"/a", kFail},
      {"//a.example/", kFail},
      {"a.example/x", kFail},
      {"?x", kFail},
      {"#f", kFail},
      {":/", kFail},
      {"1http://a/", kFail},
      {"http//a/", kFail},
      {"-x:y", kFail},
      {"\xC2\xA0http://a/", kFail},  // U+00A0 is not stripped
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, NonSpecialSchemes) {
  const TestCase kCases[] = {
      {"data:text/plain,hi", "data:text/plain,hi"},
      {"DATA:,X", "data:,X"},
      {"data:,a b", "data:,a b"},
      {"data:,a#frag", "data:,a"},
      {"data:,\x01x", "data:,%01x"},
      {"mailto:User@Example.com", "mailto:User@Example.com"},
      {"app://x", "app://x"},
      {"about:blank", "about:blank"},
      {"javascript:alert(1)", "javascript:alert(1)"},
      // The query of an opaque-path URL uses the query percent-encode set.
      {"data:,x?a b", "data:,x?a%20b"},
  };
  ExpectParses(kCases);
  for (const char* input : {"data:,x", "mailto:a@b.example", "about:blank",
                            "blob:http://a/1"}) {
    const Expected<Url> url = Url::Parse(input);
    ASSERT_TRUE(url.ok()) << input;
    EXPECT_FALSE(url->is_special()) << input;
    EXPECT_FALSE(url->has_authority()) << input;
    EXPECT_FALSE(url->IsHttpOrHttps()) << input;
    EXPECT_EQ(url->host(), "") << input;
    EXPECT_EQ(url->path_and_query(), "") << input;
  }
}

// Non-special URLs written with "//" have an opaque host, credentials and a
// path (URL Standard: authority, opaque host and path states); their origin
// is still opaque.
TEST(UrlParseTest, NonSpecialSchemesWithAuthority) {
  const TestCase kCases[] = {
      {"app://x", "app://x"},
      {"App://Host.Example/a/../b", "app://Host.Example/b"},
      {"foo://h/a #x", "foo://h/a%20"},
      {"foo://h:123/p?q r", "foo://h:123/p?q%20r"},
      {"foo://[::1]/", "foo://[::1]/"},
  };
  ExpectParses(kCases);
  const Expected<Url> url = Url::Parse("foo://user:pass@host/p");
  ASSERT_TRUE(url.ok());
  EXPECT_FALSE(url->is_special());
  EXPECT_TRUE(url->has_authority());
  EXPECT_TRUE(url->has_credentials());
  EXPECT_EQ(url->spec(), "foo://host/p");
  EXPECT_EQ(url->host(), "host");
  for (const char* bad : {"foo://h<x/", "foo://a b/", "foo://u@/", "foo://[1/",
                          "foo://h\\x/"}) {
    EXPECT_FALSE(Url::Parse(bad).ok()) << bad;
  }
  // Opaque paths: a space just before the query or fragment is encoded, so
  // reparsing the serialization gives it back.
  const TestCase kOpaque[] = {
      {"foo:a #x", "foo:a%20"},
      {"foo:a ?q", "foo:a%20?q"},
      {"foo:a b", "foo:a b"},
  };
  ExpectParses(kOpaque);
}

TEST(UrlParseTest, HexThatEndsInANumberIsIpv4OrNothing) {
  // "0x..." with only hex digits ends in a number, so it must parse as IPv4
  // (#ends-in-a-number-checker), and this one is too large.
  EXPECT_FALSE(Url::Parse("http://0x1111111111111/").ok());
  EXPECT_EQ(Url::Parse("http://0x7f000001/")->host(), "127.0.0.1");
  // "0x" alone is the number 0, so "a.0x" ends in a number and "a" is not one.
  EXPECT_FALSE(Url::Parse("http://a.0x/").ok());
  EXPECT_EQ(Url::Parse("http://1.0x/")->host(), "1.0.0.0");
}

TEST(UrlParseTest, StripsControlsAndRemovesTabsAndNewlines) {
  const TestCase kCases[] = {
      // Leading and trailing C0 controls and spaces are stripped.
      {" \t\n http://a/ \x01\x1F", "http://a/"},
      {"\0\x1Fhttp://a/x\0"sv, "http://a/x"},
      {"\x01http://a/?q \x02", "http://a/?q"},
      // Tabs and newlines are removed anywhere.
      {"ht\ttp://a\n.exa\rmple/p\r\nq", "http://a.example/pq"},
      {"http://a/?x\ty", "http://a/?xy"},
      {"http://a:8\n0/", "http://a/"},
      // Other controls inside are not removed.
      {"http://a/x\x7F", "http://a/x%7F"},
      {"http://a/x\x0By", "http://a/x%0By"},
  };
  ExpectParses(kCases);
}

TEST(UrlParseTest, Components) {
  struct ComponentCase {
    const char* input;
    const char* scheme;
    const char* host;
    int explicit_port;
    int effective_port;
    const char* path_and_query;
  };
  const ComponentCase kCases[] = {
      {"http://a.example/p?q", "http", "a.example", -1, 80, "/p?q"},
      {"https://a.example:8443", "https", "a.example", 8443, 8443, "/"},
      {"https://a.example:443/", "https", "a.example", -1, 443, "/"},
      {"http://a:0/", "http", "a", 0, 0, "/"},
      {"ws://a/", "ws", "a", -1, 80, "/"},
      {"wss://a:444/", "wss", "a", 444, 444, "/"},
      {"ftp://a/", "ftp", "a", -1, 21, "/"},
      {"http://[::1]:8080/x", "http", "[::1]", 8080, 8080, "/x"},
      {"http://0x7f.1/", "http", "127.0.0.1", -1, 80, "/"},
      {"http://u:p@h/x#f", "http", "h", -1, 80, "/x"},
  };
  for (const ComponentCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const Expected<Url> url = Url::Parse(c.input);
    ASSERT_TRUE(url.ok()) << url.error();
    EXPECT_TRUE(url->has_authority());
    EXPECT_EQ(url->scheme(), c.scheme);
    EXPECT_EQ(url->host(), c.host);
    EXPECT_EQ(url->explicit_port(), c.explicit_port);
    EXPECT_EQ(url->effective_port(), c.effective_port);
    EXPECT_EQ(url->path_and_query(), c.path_and_query);
  }
}

TEST(UrlParseTest, IsHttpOrHttps) {
  EXPECT_TRUE(Url::Parse("http://a/")->IsHttpOrHttps());
  EXPECT_TRUE(Url::Parse("HTTPS://a/")->IsHttpOrHttps());
  EXPECT_FALSE(Url::Parse("ws://a/")->IsHttpOrHttps());
  EXPECT_FALSE(Url::Parse("ftp://a/")->IsHttpOrHttps());
  EXPECT_FALSE(Url::Parse("data:,x")->IsHttpOrHttps());
}

TEST(UrlParseTest, Credentials) {
  struct CredentialCase {
    const char* input;
    bool has_credentials;
    const char* username;
    const char* password;
    const char* spec;
    const char* with_credentials;
  };
  const CredentialCase kCases[] = {
      {"http://user:pass@a/", true, "user", "pass", "http://a/",
       "http://user:pass@a/"},
      {"http://user@a/", true, "user", "", "http://a/", "http://user@a/"},
      {"http://user:@a/", true, "user", "", "http://a/", "http://user@a/"},
      {"http://:pass@a/", true, "", "pass", "http://a/", "http://:pass@a/"},
      {"http://@a/", false, "", "", "http://a/", "http://a/"},
      {"http://:@a/", false, "", "", "http://a/", "http://a/"},
      // The last '@' ends the userinfo; the first ':' splits it.
      {"http://a@b@c/", true, "a%40b", "", "http://c/", "http://a%40b@c/"},
      {"http://u:p:q@h/", true, "u", "p%3Aq", "http://h/", "http://u:p%3Aq@h/"},
      {"http://a:b@c:d@e/", true, "a", "b%40c%3Ad", "http://e/",
       "http://a:b%40c%3Ad@e/"},
      {"http://u:p@[::1]:8080/", true, "u", "p", "http://[::1]:8080/",
       "http://u:p@[::1]:8080/"},
      {"http://u s:p@ss@h/", true, "u%20s", "p%40ss", "http://h/",
       "http://u%20s:p%40ss@h/"},
      {"https://U:P@H:8443/x?y#z", true, "U", "P", "https://h:8443/x?y",
       "https://U:P@h:8443/x?y"},
      {"http://a/", false, "", "", "http://a/", "http://a/"},
  };
  for (const CredentialCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const Expected<Url> url = Url::Parse(c.input);
    ASSERT_TRUE(url.ok()) << url.error();
    EXPECT_EQ(url->has_credentials(), c.has_credentials);
    EXPECT_EQ(url->username(), c.username);
    EXPECT_EQ(url->password(), c.password);
    EXPECT_EQ(url->spec(), c.spec);
    EXPECT_EQ(url->SerializeWithCredentials(), c.with_credentials);
  }
}

TEST(UrlParseTest, Fragments) {
  struct FragmentCase {
    const char* input;
    const char* spec;
    const char* fragment;
    const char* href;  // spec, then '#' and the fragment when there is one
  };
  const FragmentCase kCases[] = {
      {"http://a/#f", "http://a/", "f", "http://a/#f"},
      {"http://a/p?q#f#g", "http://a/p?q", "f#g", "http://a/p?q#f#g"},
      {"http://a/#?x", "http://a/", "?x", "http://a/#?x"},
      {"http://a/#", "http://a/", "", "http://a/#"},
      {"http://a/", "http://a/", "", "http://a/"},
      // Fragment percent-encode set: C0 controls, space, " < > `.
      {"http://a/#a b\"<>`", "http://a/", "a%20b%22%3C%3E%60",
       "http://a/#a%20b%22%3C%3E%60"},
      {"http://a/#{}|^'", "http://a/", "{}|^'", "http://a/#{}|^'"},
      {"http://u:p@a/x?y#z", "http://a/x?y", "z", "http://a/x?y#z"},
  };
  for (const FragmentCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const Expected<Url> url = Url::Parse(c.input);
    ASSERT_TRUE(url.ok()) << url.error();
    EXPECT_EQ(url->spec(), c.spec);
    EXPECT_EQ(url->fragment(), c.fragment);
    EXPECT_EQ(url->href(), c.href);
    EXPECT_EQ(url->has_fragment(), std::string_view(c.input).find('#') !=
                                       std::string_view::npos);
    // The fragment is in neither the path and query nor the credentials'
    // serialization.
    EXPECT_EQ(url->path_and_query().find('#'), std::string_view::npos);
    EXPECT_EQ(url->SerializeWithCredentials().find('#'), std::string::npos);
  }
  const Expected<Url> data = Url::Parse("data:,x#f");
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->fragment(), "f");
  EXPECT_EQ(data->href(), "data:,x#f");
  // URLs that differ only in their fragment are not equal (the URL
  // Standard's "equals" without exclude-fragments).
  EXPECT_NE(*Url::Parse("http://a/#f"), *Url::Parse("http://a/"));
  EXPECT_NE(*Url::Parse("http://a/#"), *Url::Parse("http://a/"));
}

TEST(UrlParseTest, Equality) {
  EXPECT_EQ(*Url::Parse("HTTP://A:80/"), *Url::Parse("http://a/"));
  EXPECT_NE(*Url::Parse("http://a/"), *Url::Parse("http://a/x"));
  EXPECT_NE(*Url::Parse("http://u@a/"), *Url::Parse("http://a/"));
  EXPECT_NE(*Url::Parse("http://u:p@a/"), *Url::Parse("http://u:q@a/"));
}

TEST(UrlParseTest, ErrorsNameTheProblem) {
  struct ErrorCase {
    const char* input;
    const char* message_part;
  };
  const ErrorCase kCases[] = {
      {"http://a.example:65536/", "port '65536'"},
      {"http://a.example:8x/", "port"},
      {"/relative/path", "scheme"},
      {"a.example", "scheme"},
      {"http://[::1/", "IPv6"},
      {"http://[1::2::3]/", "IPv6"},
      {"http://256.0.0.1/", "IPv4"},
      {"http:///", "host"},
      {"http://a b/", "host"},
      {"http://\xC3\xA9/", "ASCII"},
  };
  for (const ErrorCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const Expected<Url> url = Url::Parse(c.input);
    ASSERT_FALSE(url.ok());
    EXPECT_EQ(url.error().error, CorsError::kInvalidUrl);
    EXPECT_NE(url.error().message.find(c.message_part), std::string::npos)
        << url.error().message;
  }
  const Expected<Url> port = Url::Parse("http://a.example:65536/");
  ASSERT_FALSE(port.ok());
  EXPECT_NE(port.error().message.find("'http://a.example:65536/'"),
            std::string::npos)
      << port.error().message;
}

TEST(UrlParseTest, Length) {
  const std::string prefix = "http://a.example/";
  const std::string long_path(100 * 1024, 'x');
  const Expected<Url> long_url = Url::Parse(prefix + long_path);
  ASSERT_TRUE(long_url.ok()) << long_url.error();
  EXPECT_EQ(long_url->spec(), prefix + long_path);

  const size_t kTwoMiB = 2 * 1024 * 1024;
  const std::string at_limit = prefix + std::string(kTwoMiB - prefix.size(), 'y');
  EXPECT_TRUE(Url::Parse(at_limit).ok());
  const Expected<Url> too_long = Url::Parse(at_limit + "y");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().error, CorsError::kInvalidUrl);
  // The failed parameter and message stay bounded.
  EXPECT_LT(too_long.error().failed_parameter.size(), 1024u);
  EXPECT_LT(too_long.error().message.size(), 2048u);
}

TEST(UrlTest, DefaultConstructed) {
  const Url url;
  EXPECT_EQ(url.spec(), "");
  EXPECT_FALSE(url.has_authority());
  EXPECT_FALSE(url.has_credentials());
}

TEST(UrlTest, DefaultPortForScheme) {
  struct PortCase {
    const char* scheme;
    int port;
  };
  const PortCase kCases[] = {
      {"http", 80}, {"ws", 80},   {"https", 443}, {"wss", 443},
      {"ftp", 21},  {"file", -1}, {"data", -1},   {"", -1},
  };
  for (const PortCase& c : kCases) {
    EXPECT_EQ(DefaultPortForScheme(c.scheme), c.port) << c.scheme;
  }
}

}  // namespace
}  // namespace corsengine
