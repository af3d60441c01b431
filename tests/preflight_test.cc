// File: tests/preflight_test.cc

#include "corsengine/preflight.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/name_variants.h"

namespace corsengine {
namespace {

using testing::ElementsAre;

constexpr char kOrigin[] = "https://app.example";

Request MakeRequest(std::string_view method,
                    std::vector<HeaderView> headers = {},
                    CredentialsMode credentials = CredentialsMode::kSameOrigin,
                    const Profile& profile = kSpecProfile) {
  RequestInit init;
  init.origin = *Origin::Parse(kOrigin);
  init.url = "https://api.example/v1/items?x=1";
  init.method = method;
  init.headers = headers;
  init.credentials = credentials;
  Expected<Request> r = CreateRequest(init, profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return std::move(r).value();
}

const std::string* Find(const OutgoingRequest& r, std::string_view name) {
  return r.FindHeader(name);
}

TEST(NeedsCorsPreflight, MethodsAndHeaders) {
  UnsafeHeaderNames names;
  EXPECT_FALSE(NeedsCorsPreflight(MakeRequest("GET"), kSpecProfile, &names));
  EXPECT_FALSE(NeedsCorsPreflight(MakeRequest("post"), kSpecProfile, &names));
  EXPECT_TRUE(NeedsCorsPreflight(MakeRequest("PUT"), kSpecProfile, &names));
  EXPECT_TRUE(NeedsCorsPreflight(MakeRequest("patch"), kSpecProfile, &names));
  EXPECT_TRUE(names.empty());
  // The names view the request's headers, so the request must outlive them.
  const Request two = MakeRequest("GET", {{"X-B", "1"}, {"x-a", "2"}});
  EXPECT_TRUE(NeedsCorsPreflight(two, kSpecProfile, &names));
  EXPECT_THAT(names, ElementsAre("x-a", "X-B"));
  EXPECT_FALSE(NeedsCorsPreflight(
      MakeRequest("POST", {{"Content-Type", "text/plain;charset=UTF-8"},
                           {"Accept", "application/json"}}),
      kSpecProfile, &names));
  const Request json = MakeRequest("POST", {{"Content-Type", "application/json"}});
  EXPECT_TRUE(NeedsCorsPreflight(json, kSpecProfile, &names));
  EXPECT_THAT(names, ElementsAre("Content-Type"));
}

// Chromium's 1,024-byte total over safelisted values, as a request reaches
// it: CreateRequest joins a repeated name into one value, and no safelisted
// value may pass 128 bytes, so only nine or more different safelisted
// names (client hints among them) can pass the total. Past it, every
// safelisted name is unsafe.
TEST(NeedsCorsPreflight, ChromiumTotalOfSafelistedValues) {
  for (size_t n : {113u, 114u}) {  // 9 x 113 = 1,017; 9 x 114 = 1,026
    SCOPED_TRACE(n);
    const std::string letters(n, 'a');
    const std::string digits(n, '1');
    const Request r = MakeRequest("GET",
                                  {{"Accept", letters},
                                   {"Accept-Language", letters},
                                   {"Content-Language", letters},
                                   {"Intervention", letters},
                                   {"Device-Memory", digits},
                                   {"DPR", digits},
                                   {"Downlink", digits},
                                   {"Width", digits},
                                   {"Viewport-Width", digits}},
                                  CredentialsMode::kSameOrigin, kChromiumProfile);
    UnsafeHeaderNames names;
    const bool over = 9 * n > 1024;
    EXPECT_EQ(NeedsCorsPreflight(r, kChromiumProfile, &names), over);
    EXPECT_EQ(names.size(), over ? 9u : 0u);
  }
}

TEST(NeedsCorsPreflight, UseCorsPreflightFlagForcesOne) {
  Request r = MakeRequest("GET");
  r.use_cors_preflight = true;
  UnsafeHeaderNames names;
  EXPECT_TRUE(NeedsCorsPreflight(r, kSpecProfile, &names));
}

TEST(BuildPreflightRequest, WireShape) {
  const Request r = MakeRequest(
      "PUT", {{"X-Zeta", "1"}, {"Content-Type", "application/json"},
              {"Accept", "*/*"}, {"x-alpha", "2"}});
  UnsafeHeaderNames names;
  ASSERT_TRUE(NeedsCorsPreflight(r, kSpecProfile, &names));
  const OutgoingRequest p = BuildPreflightRequest(r, kOrigin, names);
  EXPECT_EQ(p.method, "OPTIONS");
  EXPECT_EQ(p.url, "https://api.example/v1/items?x=1");
  EXPECT_FALSE(p.include_credentials);
  ASSERT_NE(Find(p, "Origin"), nullptr);
  EXPECT_EQ(*Find(p, "Origin"), kOrigin);
  EXPECT_EQ(*Find(p, "Accept"), "*/*");
  EXPECT_EQ(*Find(p, "Access-Control-Request-Method"), "PUT");
  EXPECT_EQ(*Find(p, "Access-Control-Request-Headers"),
            "content-type,x-alpha,x-zeta");
  // The script's own headers never ride on the preflight.
  EXPECT_EQ(Find(p, "X-Zeta"), nullptr);
}

TEST(BuildPreflightRequest, NoRequestHeadersHeaderWhenAllSafe) {
  const Request r = MakeRequest("DELETE", {{"Accept-Language", "en"}});
  UnsafeHeaderNames names;
  ASSERT_TRUE(NeedsCorsPreflight(r, kSpecProfile, &names));
  const OutgoingRequest p = BuildPreflightRequest(r, kOrigin, names);
  EXPECT_EQ(Find(p, "Access-Control-Request-Headers"), nullptr);
  EXPECT_EQ(*Find(p, "Access-Control-Request-Method"), "DELETE");
}

TEST(BuildPreflightRequest, FirefoxRepeatsDuplicateNames) {
  const std::vector<HeaderView> h = {{"X-A", "1"}, {"x-a", "2"}};
  UnsafeHeaderNames names;
  const Request ff = MakeRequest("GET", h, CredentialsMode::kSameOrigin,
                                 kFirefoxProfile);
  ASSERT_TRUE(NeedsCorsPreflight(ff, kFirefoxProfile, &names));
  EXPECT_EQ(*Find(BuildPreflightRequest(ff, kOrigin, names),
                  "Access-Control-Request-Headers"),
            "x-a,x-a");
  const Request cr = MakeRequest("GET", h, CredentialsMode::kSameOrigin,
                                 kChromiumProfile);
  ASSERT_TRUE(NeedsCorsPreflight(cr, kChromiumProfile, &names));
  EXPECT_EQ(*Find(BuildPreflightRequest(cr, kOrigin, names),
                  "Access-Control-Request-Headers"),
            "x-a");
}

// A parser limit is the largest value read: a number above it saturates to
// it, or is invalid where overflow is (Chromium, WebKit), whatever its digit
// count.
// The limits below 9 exercise a single digit past the limit.
TEST(ParseMaxAge, ParserLimitIsExact) {
  for (int64_t limit : {0, 5, 8, 9, 10, 99, 2147483647}) {
    Profile p = kSpecProfile;
    p.max_age_parse_limit = limit;
    p.max_age_cap_seconds = std::numeric_limits<int64_t>::max();
    for (int64_t value : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{9},
                          int64_t{10}, int64_t{11}, int64_t{99}, int64_t{100},
                          limit, limit + 1, limit * 10, limit * 10 + 9}) {
      const std::string text = std::to_string(value);
      const std::vector<HeaderView> h = {{"Access-Control-Max-Age", text}};
      p.max_age_overflow_is_invalid = false;
      const MaxAge saturated = ParseMaxAge(h, p);
      EXPECT_EQ(saturated.source, MaxAge::Source::kValid) << text;
      EXPECT_EQ(saturated.seconds, std::min(value, limit))
          << text << " with limit " << limit;
      p.max_age_overflow_is_invalid = true;
      EXPECT_EQ(ParseMaxAge(h, p).source == MaxAge::Source::kInvalid,
                value > limit)
          << text << " with limit " << limit;
    }
  }
}

struct MaxAgeCase {
  std::vector<const char*> values;  // one header per value
  int64_t spec, chromium, firefox, webkit;
};

TEST(ParseMaxAge, PerProfile) {
  const MaxAgeCase cases[] = {
      // values                    spec   chromium firefox webkit
      {{}, 5, 5, 5, 5},
      {{"600"}, 600, 600, 600, 600},
      {{" 10 "}, 10, 10, 10, 10},
      {{"0"}, 0, 0, 0, 0},
      {{"7200"}, 7200, 7200, 7200, 600},
      {{"86400"}, 86400, 7200, 86400, 600},
      {{"100000"}, 86400, 7200, 86400, 600},
      {{"-1"}, 5, 0, 0, 0},
      {{"-0"}, 5, 0, 0, 0},
      {{"abc"}, 5, 5, 0, 5},
      {{"1.5"}, 5, 5, 0, 5},
      {{"+10"}, 5, 5, 0, 5},
      {{"0x10"}, 5, 5, 0, 5},
      {{"10, 20"}, 5, 5, 0, 5},
      {{""}, 5, 5, 5, 5},
      {{"10", "20"}, 5, 5, 0, 5},
      {{"99999999999999999999"}, 86400, 5, 86400, 5},
      {{"3000000000"}, 86400, 7200, 86400, 600},
  };
  const Profile* profiles[] = {&kSpecProfile, &kChromiumProfile,
                               &kFirefoxProfile, &kWebKitProfile};
  for (const MaxAgeCase& c : cases) {
    std::vector<HeaderView> h;
    std::string label;
    for (const char* v : c.values) {
      h.push_back({"Access-Control-Max-Age", v});
      label += std::string("'") + v + "' ";
    }
    const int64_t expected[] = {c.spec, c.chromium, c.firefox, c.webkit};
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(ParseMaxAge(h, *profiles[i]).seconds, expected[i])
          << label << "under " << profiles[i]->name;
    }
  }
}

struct ValidateCase {
  const char* what;
  const char* method;
  std::vector<HeaderView> request_headers;
  CredentialsMode credentials;
  int status;
  std::vector<HeaderView> response;
  bool ok;
  CorsError error;
  // When set, the failed parameter the error must name.
  const char* parameter = nullptr;
};

// The lists and Max-Age are read from the headers in one pass, whatever
// their order: Allow-Methods' failure is reported before Allow-Headers'
// even when its header comes later; a list reports its first bad element,
// and values after it change nothing; Max-Age headers count wherever they
// stand.
TEST(ValidatePreflightResponse, ListErrorsAndMaxAgeInAnyHeaderOrder) {
  const Request r = MakeRequest("PUT", {}, CredentialsMode::kOmit);
  UnsafeHeaderNames names;
  NeedsCorsPreflight(r, kSpecProfile, &names);
  const auto validate = [&](std::vector<HeaderView> headers) {
    headers.insert(headers.begin(), {"Access-Control-Allow-Origin", kOrigin});
    return ValidatePreflightResponse(r, kOrigin, names, 204, headers,
                                     kSpecProfile);
  };
  Expected<PreflightResult> both_bad =
      validate({{"Access-Control-Allow-Headers", "x-a, (h)"},
                {"access-control-max-age", "5"},
                {"Access-Control-Allow-Methods", "PUT, [m]"}});
  ASSERT_FALSE(both_bad.ok());
  EXPECT_EQ(both_bad.error().error,
            CorsError::kInvalidAllowMethodsPreflightResponse);
  EXPECT_EQ(both_bad.error().failed_parameter, "[m]");
  Expected<PreflightResult> first_bad =
      validate({{"Access-Control-Allow-Methods", "PUT"},
                {"Access-Control-Allow-Headers", "(1)"},
                {"Access-Control-Allow-Headers", "(2)"}});
  ASSERT_FALSE(first_bad.ok());
  EXPECT_EQ(first_bad.error().error,
            CorsError::kInvalidAllowHeadersPreflightResponse);
  EXPECT_EQ(first_bad.error().failed_parameter, "(1)");
  Expected<PreflightResult> split =
      validate({{"ACCESS-CONTROL-ALLOW-HEADERS", "X-B"},
                {"Access-Control-Max-Age", " 42 "},
                {"Access-Control-Allow-Methods", "GET"},
                {"access-control-allow-headers", "x-c"},
                {"access-control-allow-methods", "PUT"}});
  ASSERT_TRUE(split.ok()) << split.error();
  EXPECT_EQ(split->method_count(), 2u);
  EXPECT_EQ(split->method(1), "PUT");
  EXPECT_EQ(split->header_count(), 2u);
  EXPECT_EQ(split->header_name(0), "x-b");
  EXPECT_EQ(split->max_age().seconds, 42);
  Expected<PreflightResult> two_max_ages =
      validate({{"Access-Control-Max-Age", "42"},
                {"Access-Control-Allow-Methods", "PUT"},
                {"Access-Control-Max-Age", "42"}});
  ASSERT_TRUE(two_max_ages.ok()) << two_max_ages.error();
  EXPECT_EQ(two_max_ages->max_age().source, MaxAge::Source::kInvalid);
}

TEST(ValidatePreflightResponse, Table) {
  const HeaderView acao{"Access-Control-Allow-Origin", kOrigin};
  const HeaderView acac{"Access-Control-Allow-Credentials", "true"};
  const CredentialsMode omit = CredentialsMode::kOmit;
  const CredentialsMode include = CredentialsMode::kInclude;
  // A case per few lines, as a table.
  // clang-format off
  const std::vector<ValidateCase> cases = {
      {"method listed", "PUT", {}, omit, 204,
       {acao, {"Access-Control-Allow-Methods", "GET, PUT"}}, true, {}},
      {"method listed with spaces and empty items", "PUT", {}, omit, 200,
       {acao, {"Access-Control-Allow-Methods", ",, PUT , DELETE ,"}}, true, {}},
      {"method in second header", "PUT", {}, omit, 200,
       {acao, {"Access-Control-Allow-Methods", "GET"},
        {"Access-Control-Allow-Methods", "PUT"}},
       true, {}},
      {"method case matters", "PATCH", {}, omit, 204,
       {acao, {"Access-Control-Allow-Methods", "patch"}}, false,
       CorsError::kMethodDisallowedByPreflightResponse},
      {"star allows any method without credentials", "patch", {}, omit, 204,
       {acao, {"Access-Control-Allow-Methods", "*"}}, true, {}},
      {"star is literal with credentials", "PUT", {}, include, 204,
       {acao, acac, {"Access-Control-Allow-Methods", "*"}}, false,
       CorsError::kMethodDisallowedByPreflightResponse},
      {"safelisted method needs no listing", "POST", {{"X-A", "1"}}, omit, 204,
       {acao, {"Access-Control-Allow-Methods", "DELETE"},
        {"Access-Control-Allow-Headers", "x-a"}},
       true, {}},
      {"invalid method token fails everything", "PUT", {}, omit, 204,
       {acao, {"Access-Control-Allow-Methods", "PUT, PU T"}}, false,
       CorsError::kInvalidAllowMethodsPreflightResponse},
      {"header listed case-insensitively", "GET", {{"X-Custom", "1"}}, include, 204,
       {acao, acac, {"Access-Control-Allow-Headers", "X-CUSTOM"}}, true, {}},
      {"header missing", "GET", {{"X-A", "1"}, {"X-B", "1"}}, omit, 204,
       {acao, {"Access-Control-Allow-Headers", "x-a"}}, false,
       CorsError::kHeaderDisallowedByPreflightResponse},
      {"invalid header token", "GET", {{"X-A", "1"}}, omit, 204,
       {acao, {"Access-Control-Allow-Headers", "x-a, \"x-b\""}}, false,
       CorsError::kInvalidAllowHeadersPreflightResponse},
      {"star covers custom headers without credentials", "GET", {{"X-A", "1"}}, omit,
       204, {acao, {"Access-Control-Allow-Headers", "*"}}, true, {}},
      {"star literal with credentials", "GET", {{"X-A", "1"}}, include, 204,
       {acao, acac, {"Access-Control-Allow-Headers", "*"}}, false,
       CorsError::kHeaderDisallowedByPreflightResponse},
      {"star never covers Authorization in the spec", "GET",
       {{"Authorization", "Bearer x"}}, omit, 204,
       {acao, {"Access-Control-Allow-Headers", "*"}}, false,
       CorsError::kAuthorizationCoveredOnlyByWildcard},
      // The Standard checks Authorization before the other names, so it is
      // the one reported, under the wildcard's rule only when a usable `*`
      // would otherwise have covered it.
      {"the Authorization rule wins over a missing name sorted before it", "GET",
       {{"Abc-X", "1"}, {"Authorization", "Bearer x"}}, omit, 204,
       {acao, {"Access-Control-Allow-Headers", "x-other"}}, false,
       CorsError::kHeaderDisallowedByPreflightResponse, "authorization"},
      {"the Authorization rule wins over a missing name sorted after it", "GET",
       {{"Authorization", "Bearer x"}, {"Zz-X", "1"}}, omit, 204,
       {acao, {"Access-Control-Allow-Headers", "x-other"}}, false,
       CorsError::kHeaderDisallowedByPreflightResponse, "authorization"},
      {"star covers the other name, not Authorization", "GET",
       {{"Abc-X", "1"}, {"Authorization", "Bearer x"}}, omit, 204,
       {acao, {"Access-Control-Allow-Headers", "x-other, *"}}, false,
       CorsError::kAuthorizationCoveredOnlyByWildcard, "authorization"},
      {"star is literal with credentials, Authorization still first", "GET",
       {{"Abc-X", "1"}, {"Authorization", "Bearer x"}}, include, 204,
       {acao, {"Access-Control-Allow-Credentials", "true"},
        {"Access-Control-Allow-Headers", "*"}}, false,
       CorsError::kHeaderDisallowedByPreflightResponse, "authorization"},
      {"Authorization listed by name", "GET", {{"Authorization", "Bearer x"}}, omit,
       204, {acao, {"Access-Control-Allow-Headers", "*, authorization"}}, true, {}},
      {"status 404", "PUT", {}, omit, 404,
       {acao, {"Access-Control-Allow-Methods", "PUT"}}, false,
       CorsError::kPreflightInvalidStatus},
      {"status 299 is ok", "PUT", {}, omit, 299,
       {acao, {"Access-Control-Allow-Methods", "PUT"}}, true, {}},
      {"CORS check first", "PUT", {}, omit, 500,
       {{"Access-Control-Allow-Methods", "PUT"}}, false,
       CorsError::kPreflightMissingAllowOriginHeader},
      {"credentials need true", "PUT", {}, include, 204,
       {acao, {"Access-Control-Allow-Methods", "PUT"}}, false,
       CorsError::kPreflightMissingAllowCredentials},
  };
  // clang-format on
  for (const ValidateCase& c : cases) {
    const Request r = MakeRequest(c.method, c.request_headers, c.credentials);
    UnsafeHeaderNames names;
    NeedsCorsPreflight(r, kSpecProfile, &names);
    Expected<PreflightResult> result = ValidatePreflightResponse(
        r, kOrigin, names, c.status, c.response, kSpecProfile);
    EXPECT_EQ(result.ok(), c.ok) << c.what;
    if (!c.ok && !result.ok()) {
      EXPECT_EQ(result.error().error, c.error) << c.what << ": " << result.error();
      if (c.parameter != nullptr) {
        EXPECT_EQ(result.error().failed_parameter, c.parameter) << c.what;
      }
    }
  }
}

// The first unsafe name (in sorted order) that nothing covers is the one
// reported, lowercased; names `*` covers are skipped, with or without it.
TEST(ValidatePreflightResponse, ReportsTheFirstUncoveredName) {
  const Request r = MakeRequest("GET", {{"X-C", "1"}, {"X-B", "1"}, {"X-A", "1"}},
                                CredentialsMode::kOmit);
  UnsafeHeaderNames names;
  NeedsCorsPreflight(r, kSpecProfile, &names);
  const HeaderView acao{"Access-Control-Allow-Origin", kOrigin};
  Expected<PreflightResult> listed_a = ValidatePreflightResponse(
      r, kOrigin, names, 204, {acao, {"Access-Control-Allow-Headers", "x-a"}},
      kSpecProfile);
  ASSERT_FALSE(listed_a.ok());
  EXPECT_EQ(listed_a.error().error, CorsError::kHeaderDisallowedByPreflightResponse);
  EXPECT_EQ(listed_a.error().failed_parameter, "x-b");
  Expected<PreflightResult> star = ValidatePreflightResponse(
      r, kOrigin, names, 204, {acao, {"Access-Control-Allow-Headers", "*"}},
      kSpecProfile);
  EXPECT_TRUE(star.ok());
}

// Short and long lists give the same answers: past 16 names on both sides
// the allowed names are looked up through a set. Each profile, with and
// without credentials, with `*` and Authorization, the missing name listed
// or not: the answer for n names, with the missing name written as "?", is
// the same for every n.
TEST(ValidatePreflightResponse, LongListsAnswerAsShortOnes) {
  auto answer = [](const Profile& p, size_t n, const char* extra,
                   CredentialsMode credentials, bool authorization,
                   bool list_missing) {
    std::vector<std::string> names;
    for (size_t i = 0; i < n; ++i) names.push_back("X-N" + std::to_string(i));
    std::vector<HeaderView> headers;
    for (const std::string& name : names) headers.push_back({name, "1"});
    if (authorization) headers.push_back({"Authorization", "Bearer x"});
    const std::string missing = "x-n" + std::to_string(n / 2);
    std::string allowed;
    for (size_t i = 0; i < n; ++i) {
      if (i != n / 2 || list_missing) allowed += "x-n" + std::to_string(i) + ",";
    }
    allowed += "x-other";
    allowed += extra;
    const Request r = MakeRequest("GET", headers, credentials, p);
    UnsafeHeaderNames unsafe;
    NeedsCorsPreflight(r, p, &unsafe);
    std::vector<HeaderView> response = {
        {"Access-Control-Allow-Origin", kOrigin},
        {"Access-Control-Allow-Headers", allowed}};
    if (credentials == CredentialsMode::kInclude) {
      response.push_back({"Access-Control-Allow-Credentials", "true"});
    }
    Expected<PreflightResult> v =
        ValidatePreflightResponse(r, kOrigin, unsafe, 204, response, p);
    if (v.ok()) return std::string("ok");
    return std::string(CorsErrorName(v.error().error)) + " " +
           (v.error().failed_parameter == missing ? "?"
                                                  : v.error().failed_parameter);
  };
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile,
                           &kWebKitProfile}) {
    for (CredentialsMode credentials :
         {CredentialsMode::kOmit, CredentialsMode::kInclude}) {
      for (const char* extra : {"", ",*"}) {
        for (bool authorization : {false, true}) {
          for (bool list_missing : {false, true}) {
            SCOPED_TRACE(std::string(p->name) + " " +
                         std::string(ToString(credentials)) + " extra '" +
                         extra + "' authorization " +
                         (authorization ? "yes" : "no") + " missing listed " +
                         (list_missing ? "yes" : "no"));
            const std::string three =
                answer(*p, 3, extra, credentials, authorization, list_missing);
            for (size_t n : {16, 17, 40}) {
              EXPECT_EQ(answer(*p, n, extra, credentials, authorization,
                               list_missing),
                        three)
                  << n << " names";
            }
          }
        }
      }
    }
  }
}

TEST(ValidatePreflightResponse, BrowsersLetStarCoverAuthorization) {
  const Request r = MakeRequest("GET", {{"Authorization", "Bearer x"}},
                                CredentialsMode::kSameOrigin, kChromiumProfile);
  UnsafeHeaderNames names;
  NeedsCorsPreflight(r, kChromiumProfile, &names);
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", kOrigin},
      {"Access-Control-Allow-Headers", "*"}};
  for (const Profile* p : {&kChromiumProfile, &kFirefoxProfile, &kWebKitProfile}) {
    EXPECT_TRUE(ValidatePreflightResponse(r, kOrigin, names, 204, response, *p).ok())
        << p->name;
  }
  EXPECT_FALSE(
      ValidatePreflightResponse(r, kOrigin, names, 204, response, kSpecProfile).ok());
}

TEST(ValidatePreflightResponse, ResultHoldsWhatWasAllowed) {
  const Request r = MakeRequest("PUT", {{"Content-Type", "application/json"}},
                                CredentialsMode::kInclude);
  UnsafeHeaderNames names;
  NeedsCorsPreflight(r, kChromiumProfile, &names);
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", kOrigin},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, PUT"},
      {"Access-Control-Allow-Headers", "Content-Type, Authorization, X-Request-ID"},
      {"Access-Control-Max-Age", "86400"}};
  Expected<PreflightResult> result =
      ValidatePreflightResponse(r, kOrigin, names, 204, response, kChromiumProfile);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->method_count(), 5u);  // the repeated PUT is stored once
  EXPECT_TRUE(result->HasMethod("PATCH"));
  EXPECT_FALSE(result->HasMethod("patch"));
  EXPECT_EQ(result->header_count(), 3u);
  EXPECT_EQ(result->header_name(2), "x-request-id");
  EXPECT_TRUE(result->HasHeaderName("AUTHORIZATION"));
  EXPECT_TRUE(result->credentials());
  EXPECT_EQ(result->max_age().seconds, 7200);
  EXPECT_EQ(result->max_age().requested_seconds, 86400);
  // A copy keeps its views valid.
  PreflightResult copy = *result;
  PreflightResult assigned;
  assigned = *result;
  result = CorsErrorStatus();
  EXPECT_EQ(copy.method(0), "GET");
  EXPECT_EQ(copy.header_name(0), "content-type");
  EXPECT_EQ(assigned.method(4), "PATCH");
  EXPECT_EQ(assigned.header_name(2), "x-request-id");
  PreflightResult moved = std::move(assigned);
  EXPECT_EQ(moved.method_count(), 5u);
  EXPECT_EQ(moved.header_name(1), "authorization");
  // A moved-from result allows nothing, and copies and moves as such.
  EXPECT_EQ(assigned.method_count(), 0u);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(assigned.header_count(), 0u);  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(assigned.HasHeaderName("content-type"));
  PreflightResult copy_of_moved = assigned;
  EXPECT_EQ(copy_of_moved.method_count(), 0u);
  PreflightResult move_assigned = copy;
  move_assigned = std::move(moved);
  EXPECT_EQ(move_assigned.header_name(2), "x-request-id");
  EXPECT_EQ(moved.header_count(), 0u);  // NOLINT(bugprone-use-after-move)
  PreflightResult copy_of_move_assigned_from = moved;
  EXPECT_EQ(copy_of_move_assigned_from.method_count(), 0u);
}

// A result's names live in the object up to a size and on the heap past
// it: at every total size across that edge, copies and moves keep every
// name, and what is moved from allows nothing.
TEST(PreflightResult, CopiesAndMovesAtEveryStorageSize) {
  for (size_t size = 1; size <= 300; ++size) {
    // One method, and header names of 10 bytes with one shorter last.
    HeaderListValues methods;
    methods.state = HeaderListValues::State::kParsed;
    methods.items = {"PUT"};
    HeaderListValues headers;
    headers.state = HeaderListValues::State::kParsed;
    std::vector<std::string> names;
    for (size_t left = size; left > 0;) {
      const size_t n = std::min<size_t>(left, 10);
      std::string name = std::to_string(names.size()) + "-";
      name.resize(n < name.size() ? name.size() : n, 'x');
      left -= std::min(left, name.size());
      names.push_back(name);
    }
    for (const std::string& name : names) headers.items.push_back(name);
    const auto expect_all = [&](const PreflightResult& r, const char* what) {
      ASSERT_EQ(r.method_count(), 1u) << what << " at " << size;
      EXPECT_EQ(r.method(0), "PUT") << what << " at " << size;
      ASSERT_EQ(r.header_count(), names.size()) << what << " at " << size;
      for (size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(r.header_name(i), names[i]) << what << " at " << size;
      }
    };
    PreflightResult made = PreflightResult::Create(methods, headers, true, {});
    expect_all(made, "made");
    PreflightResult copy = made;
    expect_all(copy, "copy");
    PreflightResult assigned;
    assigned = copy;
    expect_all(assigned, "copy-assigned");
    PreflightResult moved = std::move(made);
    expect_all(moved, "moved");
    EXPECT_EQ(made.header_count(), 0u);   // NOLINT(bugprone-use-after-move)
    EXPECT_FALSE(made.HasMethod("PUT"));  // NOLINT(bugprone-use-after-move)
    PreflightResult move_assigned;
    move_assigned = std::move(moved);
    expect_all(move_assigned, "move-assigned");
    copy = PreflightResult::Create(headers, methods, false, {});
    expect_all(assigned, "copy-assigned, after its source changed");
    EXPECT_EQ(moved.method_count(), 0u);  // NOLINT(bugprone-use-after-move)
  }
}

// A listed name is found in any case and only whole: one byte off at any
// position, one byte more or less, at every length from 1 to 40.
TEST(PreflightResult, HasHeaderNameComparesEveryByte) {
  for (size_t length = 1; length <= 40; ++length) {
    const testing_names::NameVariants name =
        testing_names::MakeNameVariants(length);
    const std::string value = "x, " + name.upper;
    const std::vector<HeaderView> response = {
        {"Access-Control-Allow-Headers", value}};
    HeaderListValues methods;
    HeaderListValues headers;
    ExtractHeaderListValues(response, "access-control-allow-headers",
                            &headers);
    const PreflightResult result =
        PreflightResult::Create(methods, headers, false, MaxAge());
    EXPECT_TRUE(result.HasHeaderName(name.lower)) << name.lower;
    EXPECT_TRUE(result.HasHeaderName(name.upper)) << name.upper;
    for (const std::string& miss : name.near_misses) {
      EXPECT_FALSE(result.HasHeaderName(miss)) << miss;
    }
  }
}

// A result that allows nothing copies as one.
TEST(ValidatePreflightResponse, EmptyResultCopies) {
  const PreflightResult empty =
      PreflightResult::Create(HeaderListValues(), HeaderListValues(), false, MaxAge());
  EXPECT_EQ(empty.method_count(), 0u);
  EXPECT_EQ(empty.header_count(), 0u);
  PreflightResult copy = empty;
  EXPECT_EQ(copy.method_count(), 0u);
  EXPECT_FALSE(copy.HasHeaderName("x-a"));
  EXPECT_FALSE(copy.HasMethod("GET"));
}

// What a preflight's lists allow, by a plain model of "extract header list
// values": split each value on commas, strip spaces and tabs, skip empty
// elements, fail the list at the first element that is not all tchar (a
// failed list takes no more values, and Allow-Methods' failure is reported
// first), keep each method once byte for byte and each name once
// lowercased, and the request's method when Allow-Methods is absent and
// the use-CORS-preflight flag is set. Random responses around the sizes
// where the parser changes strategy (a value of 16 and 64 bytes, 128 bytes
// of names in all, 16 names in a list) must parse as the model says.
struct ModelList {
  bool present = false;
  bool failed = false;
  std::string invalid;
  std::vector<std::string> kept;
};

void ModelAdd(std::string_view value, bool lower, ModelList* list) {
  if (list->failed) return;
  list->present = true;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string element(value.substr(start, comma - start));
    while (!element.empty() &&
           (element.front() == ' ' || element.front() == '\t')) {
      element.erase(0, 1);
    }
    while (!element.empty() &&
           (element.back() == ' ' || element.back() == '\t')) {
      element.pop_back();
    }
    if (!element.empty()) {
      for (char c : element) {
        const bool tchar = std::isalnum(static_cast<unsigned char>(c)) ||
                           std::string_view("!#$%&'*+-.^_`|~").find(c) !=
                               std::string_view::npos;
        if (!tchar) {
          list->failed = true;
          list->invalid = element;
          list->kept.clear();
          return;
        }
      }
      if (lower) {
        for (char& c : element) c = static_cast<char>(std::tolower(c));
      }
      if (std::find(list->kept.begin(), list->kept.end(), element) ==
          list->kept.end()) {
        list->kept.push_back(element);
      }
    }
    start = comma + 1;
  }
}

TEST(ParsePreflightResponse, ListsParseAsThePlainModelSays) {
  std::mt19937 random(20261128);
  const std::vector<std::string> words = {
      "GET",
      "get",
      "PUT",
      "Put",
      "DELETE",
      "X-A",
      "x-a",
      "X-Trace-Id",
      "content-type",
      "Content-Type",
      "*",
      "PATCH",
      "x-request-id",
      "A",
      "bb",
      "x-very-long-header-name-0123456789",
      "bad name",
      "b@d",
      "\"q\"",
      "",
  };
  const std::vector<std::string> separators = {",", ", ", " ,", ",\t", " , ,"};
  auto pick = [&](size_t n) {
    return static_cast<size_t>(
        std::uniform_int_distribution<size_t>(0, n - 1)(random));
  };
  for (int round = 0; round < 4000; ++round) {
    std::vector<std::string> values;
    std::vector<bool> is_methods;
    const size_t header_count = 1 + pick(4);
    // Every fourth round, many short names: more than 16 different ones
    // in a value that still fits 128 bytes.
    const bool short_names = round % 4 == 1;
    for (size_t h = 0; h < header_count; ++h) {
      std::string value = pick(4) == 0 ? " " : "";
      const size_t elements = pick(round % 3 == 0 || short_names ? 30 : 8);
      for (size_t e = 0; e < elements; ++e) {
        // Invalid elements rarely, so most lists parse.
        std::string word = words[pick(words.size())];
        if ((word.find_first_of(" @\"") != std::string::npos) && pick(6) != 0) {
          word = "Y-" + std::to_string(pick(40));
        }
        if (short_names) {
          word = (pick(2) == 0 ? "h" : "H") + std::to_string(pick(30));
        }
        value += word;
        if (e + 1 < elements) {
          value += short_names ? "," : separators[pick(separators.size())];
        }
      }
      if (pick(4) == 0) value += "\t";
      values.push_back(value);
      is_methods.push_back(pick(2) == 0);
    }
    const bool flag = pick(2) == 0;
    Request request = MakeRequest("PUT");
    request.use_cors_preflight = flag;
    std::vector<HeaderView> response = {
        {"Access-Control-Allow-Origin", kOrigin}};
    ModelList methods;
    ModelList names;
    for (size_t h = 0; h < values.size(); ++h) {
      response.push_back({is_methods[h] ? "Access-Control-Allow-Methods"
                                        : "access-control-allow-HEADERS",
                          values[h]});
      ModelAdd(values[h], !is_methods[h], is_methods[h] ? &methods : &names);
    }
    if (!methods.present && flag) methods.kept.push_back("PUT");
    SCOPED_TRACE(testing::PrintToString(values));
    const Expected<PreflightResult> parsed =
        ParsePreflightResponse(request, kOrigin, 204, response, kSpecProfile);
    if (methods.failed || names.failed) {
      ASSERT_FALSE(parsed.ok());
      EXPECT_EQ(parsed.error().error,
                methods.failed
                    ? CorsError::kInvalidAllowMethodsPreflightResponse
                    : CorsError::kInvalidAllowHeadersPreflightResponse);
      EXPECT_EQ(parsed.error().failed_parameter,
                methods.failed ? methods.invalid : names.invalid);
      continue;
    }
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    std::vector<std::string> got_methods;
    for (size_t i = 0; i < parsed->method_count(); ++i) {
      got_methods.emplace_back(parsed->method(i));
    }
    std::vector<std::string> got_names;
    for (size_t i = 0; i < parsed->header_count(); ++i) {
      got_names.emplace_back(parsed->header_name(i));
    }
    EXPECT_EQ(got_methods, methods.kept);
    EXPECT_EQ(got_names, names.kept);
    // A copy and a move keep the same lists.
    PreflightResult copy = *parsed;
    PreflightResult moved = std::move(copy);
    ASSERT_EQ(moved.header_count(), got_names.size());
    for (size_t i = 0; i < got_names.size(); ++i) {
      EXPECT_EQ(moved.header_name(i), got_names[i]);
    }
  }
}

}  // namespace
}  // namespace corsengine
