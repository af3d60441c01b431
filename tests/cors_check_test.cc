// File: tests/cors_check_test.cc

#include "corsengine/cors_check.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace corsengine {
namespace {

constexpr char kOrigin[] = "https://b.example";

struct TestCase {
  const char* what;
  std::vector<HeaderView> headers;
  CredentialsMode credentials;
  bool ok;
  CorsError error;  // when !ok
};

const CredentialsMode kOmit = CredentialsMode::kOmit;
const CredentialsMode kSame = CredentialsMode::kSameOrigin;
const CredentialsMode kInclude = CredentialsMode::kInclude;

std::vector<TestCase> Cases() {
  const HeaderView acac_true{"Access-Control-Allow-Credentials", "true"};
  return {
      // Wildcard.
      {"star, omit", {{"Access-Control-Allow-Origin", "*"}}, kOmit, true, {}},
      {"star, same-origin", {{"Access-Control-Allow-Origin", "*"}}, kSame, true, {}},
      {"star, include", {{"Access-Control-Allow-Origin", "*"}, acac_true}, kInclude,
       false, CorsError::kWildcardOriginNotAllowed},
      {"star padded with spaces", {{"Access-Control-Allow-Origin", " *  "}}, kOmit, true, {}},
      {"quoted star", {{"Access-Control-Allow-Origin", "\"*\""}}, kOmit, false,
       CorsError::kInvalidAllowOriginValue},
      // Exact origin.
      {"exact", {{"Access-Control-Allow-Origin", kOrigin}}, kOmit, true, {}},
      {"exact, name in odd case", {{"access-control-ALLOW-origin", kOrigin}}, kSame, true, {}},
      {"exact, tab-padded", {{"Access-Control-Allow-Origin", "\thttps://b.example "}}, kSame,
       true, {}},
      {"other host", {{"Access-Control-Allow-Origin", "https://a.example"}}, kOmit, false,
       CorsError::kAllowOriginMismatch},
      {"trailing slash", {{"Access-Control-Allow-Origin", "https://b.example/"}}, kOmit,
       false, CorsError::kAllowOriginMismatch},
      {"uppercase host", {{"Access-Control-Allow-Origin", "https://B.example"}}, kOmit,
       false, CorsError::kAllowOriginMismatch},
      {"default port written", {{"Access-Control-Allow-Origin", "https://b.example:443"}},
       kOmit, false, CorsError::kAllowOriginMismatch},
      {"null for a tuple origin", {{"Access-Control-Allow-Origin", "null"}}, kOmit, false,
       CorsError::kAllowOriginMismatch},
      {"empty", {{"Access-Control-Allow-Origin", ""}}, kOmit, false,
       CorsError::kInvalidAllowOriginValue},
      {"two values in one header",
       {{"Access-Control-Allow-Origin", "https://b.example, https://c.example"}}, kOmit,
       false, CorsError::kMultipleAllowOriginValues},
      {"two identical headers",
       {{"Access-Control-Allow-Origin", kOrigin}, {"Access-Control-Allow-Origin", kOrigin}},
       kOmit, false, CorsError::kMultipleAllowOriginValues},
      {"two star headers",
       {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Origin", "*"}}, kOmit,
       false, CorsError::kMultipleAllowOriginValues},
      {"missing", {{"X-Other", "1"}}, kOmit, false, CorsError::kMissingAllowOriginHeader},
      // Credentials.
      {"include with true", {{"Access-Control-Allow-Origin", kOrigin}, acac_true},
       kInclude, true, {}},
      {"include with 'true ' (HTTP trims)",
       {{"Access-Control-Allow-Origin", kOrigin},
        {"Access-Control-Allow-Credentials", "true "}},
       kInclude, true, {}},
      {"include with True",
       {{"Access-Control-Allow-Origin", kOrigin},
        {"Access-Control-Allow-Credentials", "True"}},
       kInclude, false, CorsError::kInvalidAllowCredentials},
      {"include with 'true, true'",
       {{"Access-Control-Allow-Origin", kOrigin},
        {"Access-Control-Allow-Credentials", "true, true"}},
       kInclude, false, CorsError::kInvalidAllowCredentials},
      {"include with two true headers",
       {{"Access-Control-Allow-Origin", kOrigin}, acac_true, acac_true}, kInclude, false,
       CorsError::kInvalidAllowCredentials},
      {"include without credentials header", {{"Access-Control-Allow-Origin", kOrigin}},
       kInclude, false, CorsError::kMissingAllowCredentials},
      {"omit ignores a wrong credentials header",
       {{"Access-Control-Allow-Origin", kOrigin},
        {"Access-Control-Allow-Credentials", "false"}},
       kOmit, true, {}},
  };
}

TEST(CheckCorsAccess, Table) {
  for (const TestCase& c : Cases()) {
    Expected<void> r = CheckCorsAccess(c.headers, kOrigin, c.credentials);
    EXPECT_EQ(r.ok(), c.ok) << c.what;
    if (!c.ok && !r.ok()) {
      EXPECT_EQ(r.error().error, c.error) << c.what << ": " << r.error();
      EXPECT_FALSE(r.error().message.empty()) << c.what;
      EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << c.what;
    }
  }
}

TEST(CheckCorsAccess, PreflightTwins) {
  const std::vector<HeaderView> missing;
  Expected<void> r = CheckCorsAccess(missing, kOrigin, kOmit,
                                     CheckedResponse::kPreflight);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error, CorsError::kPreflightMissingAllowOriginHeader);
  EXPECT_NE(r.error().message.find("preflight"), std::string::npos);

  const std::vector<HeaderView> star = {{"Access-Control-Allow-Origin", "*"}};
  r = CheckCorsAccess(star, kOrigin, kInclude, CheckedResponse::kPreflight);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error, CorsError::kPreflightWildcardOriginNotAllowed);
}

TEST(CheckCorsAccess, OpaqueOriginMatchesNull) {
  const std::vector<HeaderView> null = {{"Access-Control-Allow-Origin", "null"}};
  EXPECT_TRUE(CheckCorsAccess(null, "null", kOmit).ok());
  const std::vector<HeaderView> star = {{"Access-Control-Allow-Origin", "*"}};
  EXPECT_TRUE(CheckCorsAccess(star, "null", kOmit).ok());
}

TEST(CheckCorsAccess, MessageNamesBothValues) {
  const std::vector<HeaderView> h = {
      {"Access-Control-Allow-Origin", "https://a.example"}};
  Expected<void> r = CheckCorsAccess(h, kOrigin, kOmit);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "Access-Control-Allow-Origin 'https://a.example' does not match "
            "the request's origin 'https://b.example'");
  EXPECT_EQ(r.error().failed_parameter, "https://a.example");
}

TEST(CheckCorsAccess, HostileValueStaysOneBoundedLine) {
  const std::string huge(1 << 20, 'a');
  const std::string with_newline = "https://a.example\r\nX-Evil: 1";
  for (const std::string& value : {huge, with_newline}) {
    const std::vector<HeaderView> h = {{"Access-Control-Allow-Origin", value}};
    Expected<void> r = CheckCorsAccess(h, kOrigin, kOmit);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    EXPECT_LT(r.error().message.size(), 1000u);
  }
}

}  // namespace
}  // namespace corsengine
