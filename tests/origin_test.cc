// Tests for Origin (include/corsengine/origin.h): parsing, serialization and
// HTML's "same origin" for tuple and opaque origins.

#include "corsengine/origin.h"

#include <string>

#include "corsengine/error.h"
#include "corsengine/url.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

Origin MustParse(const char* input) {
  Expected<Origin> origin = Origin::Parse(input);
  EXPECT_TRUE(origin.ok()) << input << ": " << origin.error();
  return origin.ok() ? *origin : Origin();
}

Url MustParseUrl(const char* input) {
  Expected<Url> url = Url::Parse(input);
  EXPECT_TRUE(url.ok()) << input << ": " << url.error();
  return url.ok() ? *url : Url();
}

TEST(OriginParseTest, TupleOrigins) {
  struct TestCase {
    const char* input;
    const char* serialized;
    const char* scheme;
    const char* host;
    int port;
  };
  const TestCase kCases[] = {
      // Serialized origins.
      {"https://a.example", "https://a.example", "https", "a.example", 443},
      {"http://a.example", "http://a.example", "http", "a.example", 80},
      {"https://a.example:8443", "https://a.example:8443", "https",
       "a.example", 8443},
      {"http://a.example:0", "http://a.example:0", "http", "a.example", 0},
      {"http://127.0.0.1:8080", "http://127.0.0.1:8080", "http", "127.0.0.1",
       8080},
      {"http://[::1]:8080", "http://[::1]:8080", "http", "[::1]", 8080},
      {"ws://a.example", "ws://a.example", "ws", "a.example", 80},
      {"wss://a.example:443", "wss://a.example", "wss", "a.example", 443},
      {"ftp://a.example", "ftp://a.example", "ftp", "a.example", 21},
      // Canonicalized: case, default ports, IPv4 and IPv6 forms.
      {"HTTPS://A.EXAMPLE:443", "https://a.example", "https", "a.example",
       443},
      {"http://a.example:80", "http://a.example", "http", "a.example", 80},
      {"https://a.example:80", "https://a.example:80", "https", "a.example",
       80},
      {"http://0x7f.1", "http://127.0.0.1", "http", "127.0.0.1", 80},
      {"http://[0:0:0:0:0:0:0:1]", "http://[::1]", "http", "[::1]", 80},
      // URLs: the path, query, fragment and userinfo are dropped.
      {"https://a.example/path?q=1#f", "https://a.example", "https",
       "a.example", 443},
      {"http://user:pass@a.example:8080/x", "http://a.example:8080", "http",
       "a.example", 8080},
      {"http://a.example/", "http://a.example", "http", "a.example", 80},
  };
  for (const TestCase& c : kCases) {
    SCOPED_TRACE(c.input);
    const Expected<Origin> origin = Origin::Parse(c.input);
    ASSERT_TRUE(origin.ok()) << origin.error();
    EXPECT_FALSE(origin->opaque());
    EXPECT_EQ(origin->Serialize(), c.serialized);
    EXPECT_EQ(origin->scheme(), c.scheme);
    EXPECT_EQ(origin->host(), c.host);
    EXPECT_EQ(origin->port(), c.port);
  }
}

TEST(OriginParseTest, NullIsOpaque) {
  const Expected<Origin> origin = Origin::Parse("null");
  ASSERT_TRUE(origin.ok());
  EXPECT_TRUE(origin->opaque());
  EXPECT_EQ(origin->Serialize(), "null");
  EXPECT_EQ(origin->port(), -1);
  EXPECT_EQ(origin->scheme(), "");
  EXPECT_EQ(origin->host(), "");
}

TEST(OriginParseTest, Errors) {
  const char* const kInputs[] = {
      "",
      "a.example",
      "//a.example",
      "/path",
      "http://",
      "http://a.example:65536",
      "http://a b.example",
      "http://[::1",
      "http://256.0.0.1",
      "http://\xC3\xA9.example",
      "NULL ",
  };
  for (const char* input : kInputs) {
    SCOPED_TRACE(input);
    const Expected<Origin> origin = Origin::Parse(input);
    ASSERT_FALSE(origin.ok()) << origin->Serialize();
    EXPECT_EQ(origin.error().error, CorsError::kInvalidOrigin);
    EXPECT_FALSE(origin.error().message.empty());
  }
  // The message names what is wrong.
  const Expected<Origin> port = Origin::Parse("http://a.example:65536");
  ASSERT_FALSE(port.ok());
  EXPECT_NE(port.error().message.find("port"), std::string::npos)
      << port.error().message;
}

TEST(OriginTest, FromUrl) {
  const Origin tuple = Origin::FromUrl(MustParseUrl("https://u:p@A.example:444/x?y"));
  EXPECT_FALSE(tuple.opaque());
  EXPECT_EQ(tuple.Serialize(), "https://a.example:444");
  EXPECT_EQ(tuple.port(), 444);

  for (const char* input : {"data:,x", "mailto:a@b.example", "app://x",
                            "about:blank"}) {
    const Origin origin = Origin::FromUrl(MustParseUrl(input));
    EXPECT_TRUE(origin.opaque()) << input;
    EXPECT_EQ(origin.Serialize(), "null") << input;
  }
}

TEST(OriginTest, SameOriginTuples) {
  struct TestCase {
    const char* a;
    const char* b;
    bool same;
  };
  const TestCase kCases[] = {
      {"https://a.example", "https://a.example", true},
      {"https://a.example", "https://a.example/other/path", true},
      {"https://a.example", "HTTPS://A.EXAMPLE", true},
      // Default ports, written or not.
      {"https://a.example", "https://a.example:443", true},
      {"http://a.example:80", "http://a.example", true},
      // Scheme differences.
      {"http://a.example", "https://a.example", false},
      {"http://a.example", "ws://a.example", false},
      // Host differences.
      {"https://a.example", "https://b.example", false},
      {"https://a.example", "https://sub.a.example", false},
      {"http://127.0.0.1", "http://localhost", false},
      {"http://127.0.0.1", "http://2130706433", true},
      // Port differences.
      {"https://a.example", "https://a.example:8443", false},
      {"https://a.example:8443", "https://a.example:8444", false},
      {"http://a.example", "http://a.example:443", false},
      {"https://a.example", "https://a.example:80", false},
  };
  for (const TestCase& c : kCases) {
    SCOPED_TRACE(testing::Message() << c.a << " vs " << c.b);
    const Origin a = MustParse(c.a);
    const Origin b = MustParse(c.b);
    EXPECT_EQ(a.IsSameOriginWith(b), c.same);
    EXPECT_EQ(b.IsSameOriginWith(a), c.same);
    EXPECT_EQ(a == b, c.same);
    EXPECT_EQ(a != b, !c.same);
  }
}

TEST(OriginTest, OpaqueIdentity) {
  const Origin a = Origin::CreateOpaque();
  const Origin b = Origin::CreateOpaque();
  const Origin a_copy = a;
  EXPECT_TRUE(a.opaque());
  EXPECT_TRUE(a.IsSameOriginWith(a));
  EXPECT_TRUE(a.IsSameOriginWith(a_copy));
  EXPECT_TRUE(a_copy.IsSameOriginWith(a));
  EXPECT_FALSE(a.IsSameOriginWith(b));
  EXPECT_FALSE(b.IsSameOriginWith(a));
  EXPECT_EQ(a.Serialize(), b.Serialize());  // both "null", still different

  // Each "null" parse is a new opaque origin.
  const Origin null1 = MustParse("null");
  const Origin null2 = MustParse("null");
  EXPECT_FALSE(null1.IsSameOriginWith(null2));
  EXPECT_FALSE(null1.IsSameOriginWith(a));

  // Assignment copies the identity.
  Origin assigned = MustParse("https://a.example");
  assigned = b;
  EXPECT_TRUE(assigned.IsSameOriginWith(b));

  // Opaque is never same origin with a tuple.
  const Origin tuple = MustParse("https://a.example");
  EXPECT_FALSE(a.IsSameOriginWith(tuple));
  EXPECT_FALSE(tuple.IsSameOriginWith(a));

  // A default-constructed origin is opaque.
  EXPECT_TRUE(Origin().opaque());
  EXPECT_FALSE(Origin().IsSameOriginWith(Origin()));
}

TEST(OriginTest, SameOriginWithUrl) {
  struct TestCase {
    const char* origin;
    const char* url;
    bool same;
  };
  const TestCase kCases[] = {
      {"https://a.example", "https://a.example/x?y#z", true},
      {"https://a.example", "https://u:p@a.example:443/", true},
      {"http://a.example:80", "http://A.EXAMPLE/", true},
      {"http://a.example:8080", "http://a.example:8080/", true},
      {"http://127.0.0.1", "http://0x7f.1/", true},
      {"http://[::1]", "http://[0::1]:80/", true},
      {"https://a.example", "http://a.example/", false},
      {"https://a.example", "https://b.example/", false},
      {"https://a.example", "https://a.example:8443/", false},
      {"http://a.example:8080", "http://a.example/", false},
      {"http://a.example", "ws://a.example/", false},
      {"http://a.example", "data:,x", false},
      {"null", "data:,x", false},
      {"null", "https://a.example/", false},
  };
  for (const TestCase& c : kCases) {
    SCOPED_TRACE(testing::Message() << c.origin << " vs " << c.url);
    EXPECT_EQ(MustParse(c.origin).IsSameOriginWith(MustParseUrl(c.url)),
              c.same);
  }
}

}  // namespace
}  // namespace corsengine
