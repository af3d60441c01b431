// File: tests/fetch_test.cc
//
// The sans-I/O flow of one fetch, driven by hand: every action the engine
// asks for, and what it does with each response.

#include "corsengine/fetch.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

using testing::ElementsAre;
using Kind = Action::Kind;

constexpr char kPage[] = "https://app.example";
const absl::Time kNow = absl::FromUnixSeconds(1700000000);

Fetch Make(std::string_view method, std::string_view url,
           std::vector<HeaderView> headers = {},
           RequestMode mode = RequestMode::kCors,
           CredentialsMode credentials = CredentialsMode::kSameOrigin,
           RedirectMode redirect = RedirectMode::kFollow,
           const Profile& profile = kSpecProfile) {
  RequestInit init;
  init.origin = *Origin::Parse(kPage);
  init.url = url;
  init.method = method;
  init.headers = headers;
  init.mode = mode;
  init.credentials = credentials;
  init.redirect = redirect;
  Expected<Request> r = CreateRequest(init, profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return Fetch(std::move(r).value(), profile);
}

const HeaderView kAcaoPage{"Access-Control-Allow-Origin", kPage};

TEST(Fetch, SimpleCorsGet) {
  Fetch f = Make("GET", "https://api.example/r");
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  EXPECT_EQ(a.request.method, "GET");
  EXPECT_EQ(a.request.url, "https://api.example/r");
  ASSERT_NE(a.request.FindHeader("Origin"), nullptr);
  EXPECT_EQ(*a.request.FindHeader("Origin"), kPage);
  EXPECT_FALSE(a.request.include_credentials);
  EXPECT_EQ(f.tainting(), ResponseTainting::kCors);
  const std::vector<HeaderView> response = {
      kAcaoPage, {"Content-Type", "text/plain"}, {"X-Secret", "1"}};
  a = f.OnResponse(200, response, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.type, ResponseType::kCors);
  EXPECT_EQ(a.response.status, 200);
  EXPECT_EQ(a.response.url, "https://api.example/r");
  EXPECT_THAT(a.response.header_names, ElementsAre("content-type"));
  ASSERT_EQ(a.response.headers.size(), 1u);
  EXPECT_EQ(a.response.headers[0].value, "text/plain");
  EXPECT_TRUE(f.done());
}

TEST(Fetch, PreflightThenActual) {
  Fetch f = Make("PUT", "https://api.example/r", {{"X-Token", "t"}});
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendPreflight);
  EXPECT_EQ(a.request.method, "OPTIONS");
  EXPECT_EQ(*a.request.FindHeader("Access-Control-Request-Method"), "PUT");
  EXPECT_EQ(*a.request.FindHeader("Access-Control-Request-Headers"), "x-token");
  EXPECT_THAT(a.reason, testing::HasSubstr("PUT"));
  const std::vector<HeaderView> preflight = {
      kAcaoPage,
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", "X-Token"}};
  a = f.OnResponse(204, preflight, kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  EXPECT_EQ(a.request.method, "PUT");
  EXPECT_EQ(*a.request.FindHeader("X-Token"), "t");
  EXPECT_EQ(*a.request.FindHeader("Origin"), kPage);
  EXPECT_EQ(a.request.FindHeader("Access-Control-Request-Method"), nullptr);
  const std::vector<HeaderView> actual = {kAcaoPage};
  a = f.OnResponse(201, actual, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver);
  EXPECT_EQ(a.response.status, 201);
}

TEST(Fetch, PreflightFailureStopsBeforeTheActualRequest) {
  Fetch f = Make("DELETE", "https://api.example/r");
  ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
  const std::vector<HeaderView> preflight = {
      kAcaoPage, {"Access-Control-Allow-Methods", "GET, PUT"}};
  Action a = f.OnResponse(204, preflight, kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kMethodDisallowedByPreflightResponse);
  EXPECT_EQ(a.error.failed_parameter, "DELETE");
  EXPECT_TRUE(f.done());
}

TEST(Fetch, PreflightRedirectIsRefused) {
  Fetch f = Make("PUT", "https://api.example/r");
  ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
  const std::vector<HeaderView> redirect = {
      kAcaoPage, {"Location", "https://api.example/elsewhere"}};
  Action a = f.OnResponse(307, redirect, kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kPreflightDisallowedRedirect);
}

TEST(Fetch, CorsCheckFailureOnTheActualResponse) {
  Fetch f = Make("GET", "https://api.example/r", {}, RequestMode::kCors,
                 CredentialsMode::kInclude);
  Action a = f.Start(kNow);
  EXPECT_TRUE(a.request.include_credentials);
  const std::vector<HeaderView> star = {{"Access-Control-Allow-Origin", "*"}};
  a = f.OnResponse(200, star, kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kWildcardOriginNotAllowed);
}

TEST(Fetch, SameOriginIsBasic) {
  Fetch f = Make("PATCH", "https://app.example/api", {{"X-Custom", "1"}});
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest);  // no preflight
  EXPECT_TRUE(a.request.include_credentials);
  EXPECT_EQ(*a.request.FindHeader("Origin"), kPage);  // not GET/HEAD
  const std::vector<HeaderView> response = {
      {"X-A", "1"}, {"Set-Cookie", "s=1"}, {"Content-Type", "a/b"}};
  a = f.OnResponse(500, response, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver);
  EXPECT_EQ(a.response.type, ResponseType::kBasic);
  EXPECT_EQ(a.response.status, 500);
  EXPECT_THAT(a.response.header_names, ElementsAre("content-type", "x-a"));
}

TEST(Fetch, OnlyIfCachedStaysOffTheNetworkPerProfile) {
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile,
                                 &kFirefoxProfile, &kWebKitProfile}) {
    // A data: URL's scheme fetch never reaches the HTTP cache.
    for (const char* url : {"https://app.example/api", "data:,x"}) {
      SCOPED_TRACE(std::string(profile->name) + " " + url);
      RequestInit init;
      init.origin = *Origin::Parse(kPage);
      init.url = url;
      init.mode = RequestMode::kSameOrigin;
      init.cache = CacheMode::kOnlyIfCached;
      Expected<Request> r = CreateRequest(init, *profile);
      ASSERT_TRUE(r.ok()) << r.error();
      Fetch f(std::move(r).value(), *profile);
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      // WebKit sends it; the others answer from the HTTP cache or fail.
      EXPECT_EQ(a.request.http_cache_only,
                profile != &kWebKitProfile && url[0] != 'd');
      a = f.OnNetworkError("not in the HTTP cache", kNow);
      EXPECT_EQ(a.kind, Kind::kFail);
    }
  }
  // Any other cache mode goes to the network.
  Fetch f = Make("GET", "https://app.example/api");
  EXPECT_FALSE(f.Start(kNow).request.http_cache_only);
}

TEST(Fetch, InterimStatusesEndInANetworkErrorPerProfile) {
  const std::vector<HeaderView> acao = {{"Access-Control-Allow-Origin", "*"}};
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile,
                                 &kFirefoxProfile, &kWebKitProfile}) {
    SCOPED_TRACE(profile->name);
    for (int status : {100, 101, 103, 199}) {
      SCOPED_TRACE(status);
      Fetch f = Make("GET", "https://api.example/r", {}, RequestMode::kCors,
                     CredentialsMode::kSameOrigin, RedirectMode::kFollow,
                     *profile);
      ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
      Action a = f.OnResponse(status, acao, kNow);
      if (status == 101 && !profile->status_101_is_network_error) {
        ASSERT_EQ(a.kind, Kind::kDeliver);
        EXPECT_EQ(a.response.status, 101);
      } else {
        ASSERT_EQ(a.kind, Kind::kFail);
        EXPECT_EQ(a.error.error, CorsError::kNetworkError);
      }
    }
    // On a preflight too, before its CORS check.
    Fetch f = Make("PUT", "https://api.example/r", {}, RequestMode::kCors,
                   CredentialsMode::kSameOrigin, RedirectMode::kFollow,
                   *profile);
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    Action a = f.OnResponse(103, acao, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kNetworkError);
  }
  EXPECT_TRUE(kChromiumProfile.status_101_is_network_error);
  EXPECT_FALSE(kFirefoxProfile.status_101_is_network_error);
}

// Chromium fails any fetch whose response is a 407 (its network stack
// expects one only from a proxy); the others deliver it, CORS-checked
// (recorded: variant/status-auth/).
TEST(Fetch, Status407PerProfile) {
  const std::vector<HeaderView> acao = {{"Access-Control-Allow-Origin", "*"}};
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile,
                                 &kFirefoxProfile, &kWebKitProfile}) {
    SCOPED_TRACE(profile->name);
    const bool fails = profile->status_407_is_network_error;
    EXPECT_EQ(fails, profile == &kChromiumProfile);
    for (RequestMode mode : {RequestMode::kCors, RequestMode::kNoCors}) {
      for (const char* url : {"https://api.example/r", "https://app.example/r"}) {
        SCOPED_TRACE(url);
        Fetch f = Make("GET", url, {}, mode, CredentialsMode::kSameOrigin,
                       RedirectMode::kFollow, *profile);
        ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
        Action a = f.OnResponse(407, acao, kNow);
        if (fails) {
          ASSERT_EQ(a.kind, Kind::kFail);
          EXPECT_EQ(a.error.error, CorsError::kNetworkError);
          EXPECT_THAT(a.reason, testing::HasSubstr("407"));
        } else {
          ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
          EXPECT_EQ(a.response.status,
                    a.response.type == ResponseType::kOpaque ? 0 : 407);
        }
      }
    }
    // A preflight's 407 fails in every profile (not an ok status).
    Fetch f = Make("PUT", "https://api.example/r", {}, RequestMode::kCors,
                   CredentialsMode::kSameOrigin, RedirectMode::kFollow,
                   *profile);
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    Action a = f.OnResponse(407, acao, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, fails ? CorsError::kNetworkError
                                   : CorsError::kPreflightInvalidStatus);
  }
}

// #main-fetch step 12: a data: URL goes to a scheme fetch before the mode
// decides anything, so it is basic in every mode, for any method and with
// any header, and never preflighted (recorded in all three browsers:
// variant/data-url/).
TEST(Fetch, DataUrlIsTheHostsSchemeFetchInEveryMode) {
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile,
                                 &kFirefoxProfile, &kWebKitProfile}) {
    for (RequestMode mode : {RequestMode::kCors, RequestMode::kNoCors,
                             RequestMode::kSameOrigin}) {
      for (const char* method : {"GET", "POST", "PUT"}) {
        if (mode == RequestMode::kNoCors && std::string_view(method) == "PUT") {
          continue;  // fetch() refuses it before any URL is looked at
        }
        SCOPED_TRACE(std::string(profile->name) + " " +
                     std::string(ToString(mode)) + " " + method);
        Fetch f = Make(method, "data:,hello", {{"X-A", "1"}}, mode,
                       CredentialsMode::kInclude, RedirectMode::kFollow,
                       *profile);
        Action a = f.Start(kNow);
        ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
        EXPECT_EQ(a.request.url, "data:,hello");
        a = f.OnResponse(200,
                         {{"Content-Type", "text/plain;charset=US-ASCII"},
                          {"Set-Cookie", "a=b"}},
                         kNow);
        ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
        EXPECT_EQ(a.response.type, ResponseType::kBasic);
        EXPECT_EQ(a.response.status, 200);
        EXPECT_EQ(a.response.url, "data:,hello");
        EXPECT_THAT(a.response.header_names,
                    testing::ElementsAre("content-type"));
      }
    }
  }
}

TEST(Fetch, SameOriginGetHasNoOriginHeader) {
  Fetch f = Make("GET", "https://app.example/api");
  Action a = f.Start(kNow);
  EXPECT_EQ(a.request.FindHeader("Origin"), nullptr);
}

TEST(Fetch, NoCorsIsOpaque) {
  Fetch f = Make("POST", "https://api.example/r", {{"X-Dropped", "1"}},
                 RequestMode::kNoCors);
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest);
  EXPECT_EQ(*a.request.FindHeader("Origin"), kPage);
  EXPECT_EQ(a.request.FindHeader("X-Dropped"), nullptr);
  EXPECT_FALSE(a.request.include_credentials);
  const std::vector<HeaderView> response = {{"X-A", "1"}};
  a = f.OnResponse(500, response, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver);
  EXPECT_EQ(a.response.type, ResponseType::kOpaque);
  EXPECT_EQ(a.response.status, 0);
  EXPECT_EQ(a.response.url, "");
  EXPECT_TRUE(a.response.header_names.empty());
}

TEST(Fetch, NoCorsGetHasNoOriginHeader) {
  Fetch f = Make("GET", "https://api.example/r", {}, RequestMode::kNoCors);
  EXPECT_EQ(f.Start(kNow).request.FindHeader("Origin"), nullptr);
}

TEST(Fetch, SameOriginModeRefusesOtherOrigins) {
  Fetch f = Make("GET", "https://api.example/r", {}, RequestMode::kSameOrigin);
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kDisallowedByMode);
}

TEST(Fetch, CorsNeedsHttp) {
  Fetch f = Make("GET", "ftp://files.example/x");
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kCorsDisabledScheme);
}

TEST(Fetch, RedirectModes) {
  const std::vector<HeaderView> redirect = {
      kAcaoPage, {"Location", "https://api.example/next"}};
  {
    Fetch f = Make("GET", "https://api.example/r", {}, RequestMode::kCors,
                   CredentialsMode::kSameOrigin, RedirectMode::kManual);
    f.Start(kNow);
    Action a = f.OnResponse(302, redirect, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver);
    EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect);
    EXPECT_EQ(a.response.status, 0);
    EXPECT_EQ(a.response.url, "https://api.example/r");
  }
  {
    Fetch f = Make("GET", "https://api.example/r", {}, RequestMode::kCors,
                   CredentialsMode::kSameOrigin, RedirectMode::kError);
    f.Start(kNow);
    Action a = f.OnResponse(301, redirect, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kRedirectNotAllowed);
  }
  {
    // The CORS check applies to the redirect response too, even in manual
    // mode.
    Fetch f = Make("GET", "https://api.example/r", {}, RequestMode::kCors,
                   CredentialsMode::kSameOrigin, RedirectMode::kManual);
    f.Start(kNow);
    const std::vector<HeaderView> no_acao = {
        {"Location", "https://api.example/next"}};
    Action a = f.OnResponse(302, no_acao, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kMissingAllowOriginHeader);
  }
  {
    // A 3xx without Location is an ordinary response.
    Fetch f = Make("GET", "https://api.example/r");
    f.Start(kNow);
    const std::vector<HeaderView> no_location = {kAcaoPage};
    Action a = f.OnResponse(302, no_location, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver);
    EXPECT_EQ(a.response.status, 302);
  }
}

TEST(Fetch, MisuseIsAnErrorNotACrash) {
  Fetch f = Make("GET", "https://api.example/r");
  Action a = f.OnResponse(200, {}, kNow);
  EXPECT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);

  Fetch g = Make("GET", "https://api.example/r");
  g.Start(kNow);
  const std::vector<HeaderView> ok = {kAcaoPage};
  ASSERT_EQ(g.OnResponse(200, ok, kNow).kind, Kind::kDeliver);
  a = g.OnResponse(200, ok, kNow);
  EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);
  a = g.Start(kNow);
  EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);
}

TEST(Fetch, NetworkError) {
  Fetch f = Make("GET", "https://api.example/r");
  f.Start(kNow);
  Action a = f.OnNetworkError("connection refused", kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kNetworkError);
  EXPECT_THAT(a.error.message, testing::HasSubstr("connection refused"));
  EXPECT_TRUE(f.done());
}

TEST(Fetch, ActionKindNames) {
  EXPECT_EQ(ToString(Kind::kSendPreflight), "send-preflight");
  EXPECT_EQ(ToString(Kind::kDeliver), "deliver");
  EXPECT_EQ(ToString(Kind::kFail), "fail");
}

}  // namespace
}  // namespace corsengine

namespace corsengine {
namespace {

// #append-a-request-origin-header: outside CORS mode, the referrer policy
// can hide the origin of a POST.
TEST(FetchOriginHeader, ReferrerPolicyHidesTheOriginOutsideCors) {
  struct Case {
    const char* page;
    const char* url;
    RequestMode mode;
    ReferrerPolicy policy;
    const char* expected;
  };
  const Case cases[] = {
      // https page, http URL: a downgrade.
      {"https://app.example", "http://api.example/r", RequestMode::kNoCors,
       ReferrerPolicy::kStrictOriginWhenCrossOrigin, "null"},
      {"https://app.example", "https://api.example/r", RequestMode::kNoCors,
       ReferrerPolicy::kStrictOriginWhenCrossOrigin, "https://app.example"},
      {"https://app.example", "http://api.example/r", RequestMode::kNoCors,
       ReferrerPolicy::kUnsafeUrl, "https://app.example"},
      {"https://app.example", "https://api.example/r", RequestMode::kNoCors,
       ReferrerPolicy::kNoReferrer, "null"},
      {"https://app.example", "https://api.example/r", RequestMode::kNoCors,
       ReferrerPolicy::kSameOrigin, "null"},
      {"https://app.example", "https://app.example/r", RequestMode::kSameOrigin,
       ReferrerPolicy::kSameOrigin, "https://app.example"},
      // CORS mode always sends the origin.
      {"https://app.example", "http://api.example/r", RequestMode::kCors,
       ReferrerPolicy::kNoReferrer, "https://app.example"},
  };
  for (const Case& c : cases) {
    RequestInit init;
    init.origin = *Origin::Parse(c.page);
    init.url = c.url;
    init.method = "POST";
    init.mode = c.mode;
    init.referrer_policy = c.policy;
    Expected<Request> r = CreateRequest(init);
    ASSERT_TRUE(r.ok()) << r.error();
    Fetch f(std::move(r).value());
    Action a = f.Start(kNow);
    ASSERT_NE(a.request.FindHeader("Origin"), nullptr) << c.url;
    EXPECT_EQ(*a.request.FindHeader("Origin"), c.expected)
        << c.page << " -> " << c.url;
  }
}

// #http-redirect-fetch: "set request's referrer policy on redirect" from the
// redirect's Referrer-Policy: the last token that is a policy, which then
// decides Origin on the next hop of a POST outside cors mode. Chromium and
// WebKit keep the request's policy; Firefox reads the tokens in any case
// (recorded: variant/redirect-referrer-policy/).
TEST(FetchOriginHeader, RedirectReferrerPolicyPerProfile) {
  struct Case {
    RequestMode mode;
    const char* url;
    const char* policy;
    // Origin on the second hop: under the Standard, and under Firefox.
    const char* spec;
    const char* firefox;
  };
  const char* kPage = "https://app.example";
  const Case cases[] = {
      {RequestMode::kSameOrigin, "https://app.example/a", "no-referrer", "null",
       "null"},
      {RequestMode::kSameOrigin, "https://app.example/a", "No-Referrer", kPage,
       "null"},
      {RequestMode::kSameOrigin, "https://app.example/a",
       "unsafe-url, no-referrer", "null", "null"},
      {RequestMode::kSameOrigin, "https://app.example/a",
       "no-referrer, unsafe-url", kPage, kPage},
      {RequestMode::kSameOrigin, "https://app.example/a", "no-referrer, bogus",
       "null", "null"},
      {RequestMode::kSameOrigin, "https://app.example/a", "no-referrer;", kPage,
       kPage},
      // An item that is no token spoils the Standard's list, not Firefox's.
      {RequestMode::kSameOrigin, "https://app.example/a", "no-referrer, a;b",
       kPage, "null"},
      {RequestMode::kSameOrigin, "https://app.example/a", "", kPage, kPage},
      {RequestMode::kNoCors, "https://api.example/a", "same-origin", "null",
       "null"},
      {RequestMode::kNoCors, "https://app.example/a", "same-origin", kPage,
       kPage},
      // CORS mode always sends the origin.
      {RequestMode::kCors, "https://api.example/a", "no-referrer", kPage, kPage},
  };
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile,
                                 &kFirefoxProfile, &kWebKitProfile}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(std::string(profile->name) + " " + c.url + " policy '" +
                   c.policy + "'");
      RequestInit init;
      init.origin = *Origin::Parse(kPage);
      init.url = c.url;
      init.method = "POST";
      init.mode = c.mode;
      Expected<Request> r = CreateRequest(init, *profile);
      ASSERT_TRUE(r.ok()) << r.error();
      Fetch f(std::move(r).value(), *profile);
      ASSERT_EQ(f.Start(kNow).kind, Action::Kind::kSendRequest);
      const std::vector<HeaderView> redirect = {
          {"Access-Control-Allow-Origin", kPage},
          {"Referrer-Policy", c.policy},
          {"Location", "/b"}};
      Action a = f.OnResponse(307, redirect, kNow);
      ASSERT_EQ(a.kind, Action::Kind::kFollowRedirect) << a.reason;
      ASSERT_NE(a.request.FindHeader("Origin"), nullptr);
      const char* expected =
          profile->redirect_referrer_policy == RedirectReferrerPolicy::kIgnored
              ? kPage
          : profile == &kFirefoxProfile ? c.firefox
                                        : c.spec;
      EXPECT_EQ(*a.request.FindHeader("Origin"), expected);
    }
  }
}

}  // namespace
}  // namespace corsengine
