// Tests for request methods (include/corsengine/method.h), per the Fetch
// Standard's #methods section.

#include "corsengine/method.h"

#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace corsengine {
namespace {

TEST(NormalizeMethodTest, Table) {
  struct TestCase {
    const char* input;
    const char* normalized;
  };
  const TestCase kCases[] = {
      // The six names are uppercased in any case.
      {"DELETE", "DELETE"},
      {"delete", "DELETE"},
      {"dElEtE", "DELETE"},
      {"GET", "GET"},
      {"get", "GET"},
      {"Get", "GET"},
      {"head", "HEAD"},
      {"hEAD", "HEAD"},
      {"options", "OPTIONS"},
      {"Options", "OPTIONS"},
      {"post", "POST"},
      {"pOsT", "POST"},
      {"put", "PUT"},
      {"PuT", "PUT"},
      // Everything else is kept as written.
      {"patch", "patch"},
      {"Patch", "Patch"},
      {"PATCH", "PATCH"},
      {"FOO", "FOO"},
      {"connect", "connect"},
      {"trace", "trace"},
      {"GETS", "GETS"},
      {"GE", "GE"},
      {"get ", "get "},
      {"", ""},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(NormalizeMethod(c.input), c.normalized) << c.input;
  }
}

TEST(NormalizeMethodTest, OtherMethodsAreReturnedAsTheSameView) {
  const std::string method = "patch";
  const std::string_view normalized = NormalizeMethod(method);
  EXPECT_EQ(normalized.data(), method.data());
  EXPECT_EQ(normalized.size(), method.size());
  // A normalized name is a static literal, not a view of the input, so it
  // outlives the input.
  std::string lower = "get";
  const std::string_view get = NormalizeMethod(lower);
  EXPECT_NE(get.data(), lower.data());
  lower = "xxx";
  EXPECT_EQ(get, "GET");
}

TEST(IsCorsSafelistedMethodTest, Table) {
  struct TestCase {
    const char* method;
    bool safelisted;
  };
  const TestCase kCases[] = {
      {"GET", true},      {"HEAD", true},    {"POST", true},
      // Case-sensitive: only normalized methods qualify.
      {"get", false},     {"Head", false},   {"post", false},
      {"PUT", false},     {"DELETE", false}, {"OPTIONS", false},
      {"PATCH", false},   {"GET ", false},   {"", false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsCorsSafelistedMethod(c.method), c.safelisted) << c.method;
  }
}

TEST(IsForbiddenMethodTest, Table) {
  struct TestCase {
    const char* method;
    bool forbidden;
  };
  const TestCase kCases[] = {
      {"CONNECT", true}, {"connect", true}, {"CoNnEcT", true},
      {"TRACE", true},   {"trace", true},   {"Trace", true},
      {"TRACK", true},   {"track", true},   {"tRaCk", true},
      {"GET", false},    {"TRAC", false},   {"TRACES", false},
      {"CONNECT ", false}, {"", false},     {"OPTIONS", false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsForbiddenMethod(c.method), c.forbidden) << c.method;
  }
}

TEST(IsValidMethodTest, Table) {
  struct TestCase {
    std::string_view method;
    bool valid;
  };
  const TestCase kCases[] = {
      // Tokens.
      {"GET", true},
      {"get", true},
      {"M-SEARCH", true},
      {"PROPFIND", true},
      {"!#$%&'*+-.^_`|~09azAZ", true},
      // Not tokens.
      {"", false},
      {"GE T", false},
      {"GET\n", false},
      {" GET", false},
      {"GET\t", false},
      {"GET,POST", false},
      {"GET(", false},
      {"\"GET\"", false},
      {"G:T", false},
      {"GET\x7F", false},
      {"G\xC3\x89T", false},
      {std::string_view("GE\0T", 4), false},
  };
  for (const TestCase& c : kCases) {
    EXPECT_EQ(IsValidMethod(c.method), c.valid) << c.method;
  }
}

}  // namespace
}  // namespace corsengine
