// File: tests/url_relative_test.cc
//
// Url::Parse(input, base): relative references resolved as the URL
// Standard's basic URL parser does with a base URL
// (https://url.spec.whatwg.org/#concept-basic-url-parser), checked against
// the Standard's results (the RFC 3986 section 5.4 examples, adapted to a
// special base with a port, and the Standard's own rules for backslashes,
// credentials and bases without an authority).

#include <string>
#include <string_view>

#include "corsengine/error.h"
#include "corsengine/url.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

constexpr char kBase[] = "http://a.example:8080/b/c/d;p?q";

Url ParseBase(std::string_view s) {
  Expected<Url> u = Url::Parse(s);
  EXPECT_TRUE(u.ok()) << s << ": " << u.error();
  return u.ok() ? *u : Url();
}

// The spec() of `input` resolved against `base`, or "FAIL: <message>".
std::string Resolve(std::string_view input, std::string_view base = kBase) {
  const Url b = ParseBase(base);
  Expected<Url> u = Url::Parse(input, b);
  if (!u.ok()) return "FAIL: " + u.error().message;
  return std::string(u->spec());
}

struct Case {
  const char* input;
  const char* expected;
};

// The URL Standard's results for kBase. spec() has no fragment.
constexpr Case kCases[] = {
    {"g", "http://a.example:8080/b/c/g"},
    {"./g", "http://a.example:8080/b/c/g"},
    {"g/", "http://a.example:8080/b/c/g/"},
    {"/g", "http://a.example:8080/g"},
    {"//g", "http://g/"},
    {"//g:81/x", "http://g:81/x"},
    {"?y", "http://a.example:8080/b/c/d;p?y"},
    {"g?y", "http://a.example:8080/b/c/g?y"},
    {"#s", "http://a.example:8080/b/c/d;p?q"},
    {"g#s", "http://a.example:8080/b/c/g"},
    {"g?y#s", "http://a.example:8080/b/c/g?y"},
    {";x", "http://a.example:8080/b/c/;x"},
    {"g;x", "http://a.example:8080/b/c/g;x"},
    {"", "http://a.example:8080/b/c/d;p?q"},
    {".", "http://a.example:8080/b/c/"},
    {"./", "http://a.example:8080/b/c/"},
    {"..", "http://a.example:8080/b/"},
    {"../", "http://a.example:8080/b/"},
    {"../g", "http://a.example:8080/b/g"},
    {"../..", "http://a.example:8080/"},
    {"../../", "http://a.example:8080/"},
    {"../../g", "http://a.example:8080/g"},
    {"../../../g", "http://a.example:8080/g"},
    {"../../../../g", "http://a.example:8080/g"},
    {"/./g", "http://a.example:8080/g"},
    {"/../g", "http://a.example:8080/g"},
    {"g.", "http://a.example:8080/b/c/g."},
    {".g", "http://a.example:8080/b/c/.g"},
    {"g..", "http://a.example:8080/b/c/g.."},
    {"..g", "http://a.example:8080/b/c/..g"},
    {"./../g", "http://a.example:8080/b/g"},
    {"./g/.", "http://a.example:8080/b/c/g/"},
    {"g/./h", "http://a.example:8080/b/c/g/h"},
    {"g/../h", "http://a.example:8080/b/c/h"},
    {"g;x=1/./y", "http://a.example:8080/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a.example:8080/b/c/y"},
    {"%2e%2E/g", "http://a.example:8080/b/g"},  // %2e is a dot segment
    {"a b", "http://a.example:8080/b/c/a%20b"},
    // A special scheme equal to the base's, without "//": relative
    // (#scheme-state, "special relative or authority state").
    {"http:g", "http://a.example:8080/b/c/g"},
    {"HTTP:g", "http://a.example:8080/b/c/g"},
    {"http:", "http://a.example:8080/b/c/d;p?q"},
    {"http:?y", "http://a.example:8080/b/c/d;p?y"},
    {"http://x/y", "http://x/y"},
    // Another scheme: absolute.
    {"https://x/y", "https://x/y"},
    {"https:g", "https://g/"},
    {"HTTPS://X.Example/Y", "https://x.example/Y"},
    // Backslashes are slashes for special URLs.
    {"\\g", "http://a.example:8080/g"},
    {"\\\\g", "http://g/"},
    {"/\\g/h", "http://g/h"},
    {"\\/g/h", "http://g/h"},
    {"..\\g", "http://a.example:8080/b/g"},
    {"g\\h", "http://a.example:8080/b/c/g/h"},
    {".\\g\\..\\h", "http://a.example:8080/b/c/h"},
    // Leading and trailing C0 control or space is trimmed; tab and newline
    // anywhere are removed.
    {"  g  ", "http://a.example:8080/b/c/g"},
    {"\tg\n", "http://a.example:8080/b/c/g"},
    {"g\t/h\r\n", "http://a.example:8080/b/c/g/h"},
    {"/\n/g", "http://g/"},
};

TEST(UrlRelative, AgainstSpecialBaseWithPortPathAndQuery) {
  for (const Case& c : kCases) {
    EXPECT_EQ(Resolve(c.input), c.expected) << "input '" << c.input << "'";
  }
}

// "special relative or authority state": only a second '/' (not '\')
// after "http:/" makes the rest an authority; "http:/g" is path-absolute
// against the base's host.
TEST(UrlRelative, SameSchemeWithOneSlashIsPathAbsolute) {
  EXPECT_EQ(Resolve("http:/g"), "http://a.example:8080/g");
  EXPECT_EQ(Resolve("http:\\g"), "http://a.example:8080/g");
  EXPECT_EQ(Resolve("http://g"), "http://g/");
  EXPECT_EQ(Resolve("http:\\\\g/x"), "http://g/x");
}

TEST(UrlRelative, FragmentComesFromInputNeverFromBase) {
  const Url base = ParseBase("http://a.example/p?q#basefrag");
  Expected<Url> u = Url::Parse("#s", base);
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->spec(), "http://a.example/p?q");
  EXPECT_EQ(u->fragment(), "s");

  u = Url::Parse("", base);
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->spec(), "http://a.example/p?q");
  EXPECT_EQ(u->fragment(), "");

  u = Url::Parse("?y", base);
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->spec(), "http://a.example/p?y");
  EXPECT_EQ(u->fragment(), "");

  u = Url::Parse("g#f2", base);
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->spec(), "http://a.example/g");
  EXPECT_EQ(u->fragment(), "f2");
}

TEST(UrlRelative, HostAndPortAreCanonicalized) {
  EXPECT_EQ(Resolve("//G.EXAMPLE:80/x"), "http://g.example/x");
  EXPECT_EQ(Resolve("//0x7f.1/x"), "http://127.0.0.1/x");
  EXPECT_EQ(Resolve("/x", "https://h.example:443/a"), "https://h.example/x");
  EXPECT_EQ(Resolve("//h2/x", "https://h.example/a"), "https://h2/x");
}

TEST(UrlRelative, InvalidRelativeFails) {
  const Url base = ParseBase(kBase);
  Expected<Url> u = Url::Parse("//g:99999/", base);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().error, CorsError::kInvalidUrl);
  u = Url::Parse("//", base);  // empty host for a special URL
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().error, CorsError::kInvalidUrl);
  u = Url::Parse("http://", base);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().error, CorsError::kInvalidUrl);
}

// Path-relative, query-relative and path-absolute references keep the base's
// username and password (#relative-state and #relative-slash-state copy
// them); a network-path reference ("//host") brings its own authority.
TEST(UrlRelative, CredentialsKeptFromBaseForPathRelative) {
  const Url base = ParseBase("http://user:pass@a.example/b/c");
  ASSERT_TRUE(base.has_credentials());
  for (const char* input : {"g", "/g", "?y", "", "#f", "../g", "http:g"}) {
    Expected<Url> u = Url::Parse(input, base);
    ASSERT_TRUE(u.ok()) << input << ": " << u.error();
    EXPECT_EQ(u->username(), "user") << input;
    EXPECT_EQ(u->password(), "pass") << input;
    EXPECT_EQ(u->spec().find("user"), std::string_view::npos)
        << "spec() never carries credentials: " << u->spec();
  }
  Expected<Url> g = Url::Parse("g", base);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->spec(), "http://a.example/b/g");
  EXPECT_EQ(g->SerializeWithCredentials(), "http://user:pass@a.example/b/g");

  Expected<Url> other = Url::Parse("//h.example/x", base);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_credentials());
  EXPECT_EQ(other->spec(), "http://h.example/x");

  Expected<Url> own = Url::Parse("//u2@h.example/x", base);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->username(), "u2");
  EXPECT_EQ(own->password(), "");

  Expected<Url> absolute = Url::Parse("https://a.example/x", base);
  ASSERT_TRUE(absolute.ok());
  EXPECT_FALSE(absolute->has_credentials());
}

TEST(UrlRelative, OtherSpecialBases) {
  EXPECT_EQ(Resolve("../x?y", "wss://w.example:444/a/b/c"),
            "wss://w.example:444/a/x?y");
  EXPECT_EQ(Resolve("x", "https://h.example"), "https://h.example/x");
  EXPECT_EQ(Resolve("?q", "https://h.example"), "https://h.example/?q");
  EXPECT_EQ(Resolve("x", "https://[::1]:8443/a/"), "https://[::1]:8443/a/x");
  // "ws:x" against an http base: a different special scheme, so absolute.
  EXPECT_EQ(Resolve("ws:x"), "ws://x/");
}

// A base without an authority (data:, an opaque path) cannot resolve a
// relative reference: #no-scheme-state returns failure unless the input is
// "#fragment", which keeps the base's opaque path and query.
TEST(UrlRelative, BaseWithoutAuthority) {
  const Url base = ParseBase("data:text/plain,hello");
  ASSERT_FALSE(base.has_authority());
  for (const char* input : {"g", "/g", "//g", "?y", "", "../g", "\\g"}) {
    Expected<Url> u = Url::Parse(input, base);
    ASSERT_FALSE(u.ok()) << "input '" << input << "' gave " << u->spec();
    EXPECT_EQ(u.error().error, CorsError::kInvalidUrl) << input;
  }
  Expected<Url> frag = Url::Parse("#frag", base);
  ASSERT_TRUE(frag.ok()) << frag.error();
  EXPECT_EQ(frag->spec(), "data:text/plain,hello");
  EXPECT_EQ(frag->fragment(), "frag");
  // Absolute input needs no base.
  Expected<Url> abs = Url::Parse("https://x.example/y", base);
  ASSERT_TRUE(abs.ok()) << abs.error();
  EXPECT_EQ(abs->spec(), "https://x.example/y");
}

}  // namespace
}  // namespace corsengine
