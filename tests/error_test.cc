// File: tests/error_test.cc

#include "corsengine/error.h"

#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace corsengine {
namespace {

TEST(CorsError, ChromiumNumbersAreKept) {
  // These numbers appear in Chromium's logs and UMA; they must never move.
  EXPECT_EQ(static_cast<int>(CorsError::kDisallowedByMode), 0);
  EXPECT_EQ(static_cast<int>(CorsError::kAllowOriginMismatch), 6);
  EXPECT_EQ(static_cast<int>(CorsError::kCorsDisabledScheme), 8);
  EXPECT_EQ(static_cast<int>(CorsError::kPreflightInvalidStatus), 9);
  EXPECT_EQ(static_cast<int>(CorsError::kHeaderDisallowedByPreflightResponse), 20);
  EXPECT_EQ(static_cast<int>(CorsError::kRedirectContainsCredentials), 21);
}

TEST(CorsError, EveryKindHasAUniqueName) {
  std::set<std::string> names;
  int kinds = 0;
  for (int i = 0; i <= static_cast<int>(CorsError::kMaxValue); ++i) {
    const std::string name(CorsErrorName(static_cast<CorsError>(i)));
    if (name == "Unknown") continue;  // gaps in the numbering
    ++kinds;
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_NE(name[0], 'k') << name;
  }
  EXPECT_GE(kinds, 40);
  EXPECT_EQ(CorsErrorName(CorsError::kWildcardOriginNotAllowed),
            "WildcardOriginNotAllowed");
}

TEST(CorsErrorStatus, EqualityAndPrinting) {
  const CorsErrorStatus a(CorsError::kMethodDisallowedByPreflightResponse, "PUT",
                          "Method PUT is not allowed");
  const CorsErrorStatus b(CorsError::kMethodDisallowedByPreflightResponse, "PUT",
                          "other wording");
  const CorsErrorStatus c(CorsError::kMethodDisallowedByPreflightResponse, "GET", "");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::ostringstream os;
  os << a;
  EXPECT_EQ(os.str(),
            "MethodDisallowedByPreflightResponse (PUT): Method PUT is not allowed");
}

TEST(Expected, ValueAndError) {
  Expected<int> ok = 7;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 7);
  Expected<int> bad = CorsErrorStatus(CorsError::kInvalidUrl, "x", "bad");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().error, CorsError::kInvalidUrl);
  Expected<void> fine;
  EXPECT_TRUE(fine.ok());
  Expected<void> failed = CorsErrorStatus(CorsError::kNetworkError, "", "down");
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(std::move(failed).take_error().message, "down");
}

}  // namespace
}  // namespace corsengine
