// File: tests/fetch_redirect_test.cc
//
// Redirects through the sans-I/O Fetch, checked against the Fetch Standard
// (#http-fetch step "redirect status", #http-redirect-fetch,
// #concept-request-tainted-origin / redirect-taint, #append-a-request-origin-
// header) and the per-profile differences of docs/PROFILES.md ("Redirects"):
// every action's kind, method, URL, Origin, preflight headers and
// credentials, and every result's type, status, URL, readable headers or
// error kind.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/fetch.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;
using Kind = Action::Kind;
using Hs = std::vector<HeaderView>;

constexpr char kPage[] = "https://app.example";
constexpr char kApi[] = "https://api.example";
const absl::Time kNow = absl::FromUnixSeconds(1700000000);

struct Opts {
  std::vector<HeaderView> headers;
  RequestMode mode = RequestMode::kCors;
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  RedirectMode redirect = RedirectMode::kFollow;
  const Profile* profile = &kSpecProfile;
  RequestBody body = RequestBody::kNone;

  Opts& Body(RequestBody b) {
    body = b;
    return *this;
  }
  Opts& Headers(std::vector<HeaderView> h) {
    headers = std::move(h);
    return *this;
  }
  Opts& Mode(RequestMode m) {
    mode = m;
    return *this;
  }
  Opts& Credentials(CredentialsMode c) {
    credentials = c;
    return *this;
  }
  Opts& Redirect(RedirectMode r) {
    redirect = r;
    return *this;
  }
  Opts& WithProfile(const Profile& p) {
    profile = &p;
    return *this;
  }
};

Fetch Make(std::string_view method, std::string_view url,
           const Opts& o = Opts()) {
  RequestInit init;
  init.origin = *Origin::Parse(kPage);
  init.url = url;
  init.method = method;
  init.headers = o.headers;
  init.mode = o.mode;
  init.credentials = o.credentials;
  init.redirect = o.redirect;
  init.body = o.body;
  Expected<Request> r = CreateRequest(init, *o.profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return Fetch(std::move(r).value(), *o.profile);
}

// The value of `name` in the action's request, or "<none>".
std::string H(const Action& a, std::string_view name) {
  const std::string* v = a.request.FindHeader(name);
  return v ? *v : "<none>";
}
std::string OriginOf(const Action& a) { return H(a, "Origin"); }

size_t CountRequestHeaders(const Action& a, std::string_view name) {
  size_t n = 0;
  for (const Header& h : a.request.headers) {
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(),
                   [](char x, char y) {
                     return std::tolower(static_cast<unsigned char>(x)) ==
                            std::tolower(static_cast<unsigned char>(y));
                   })) {
      ++n;
    }
  }
  return n;
}

const HeaderView kAcaoPage{"Access-Control-Allow-Origin", kPage};
const HeaderView kAcaoNull{"Access-Control-Allow-Origin", "null"};
const HeaderView kAcaoStar{"Access-Control-Allow-Origin", "*"};
const HeaderView kAcacTrue{"Access-Control-Allow-Credentials", "true"};

HeaderView Loc(std::string_view location) { return {"Location", location}; }

const Profile* const kAllProfiles[] = {&kSpecProfile, &kChromiumProfile,
                                       &kFirefoxProfile, &kWebKitProfile};

// #http-redirect-fetch: a stream body is read once, so only a 303 (which
// makes the request a GET without a body) can be followed; the body gone,
// later redirects are followed as any. A body that can be sent again
// follows every redirect.
TEST(FetchRedirect, StreamBodyFollowsOnly303) {
  const Hs allow = {kAcaoStar, {"Access-Control-Allow-Methods", "PUT"}};
  for (const Profile* profile : kAllProfiles) {
    for (int status : {301, 302, 303, 307, 308}) {
      for (RequestBody body : {RequestBody::kStream, RequestBody::kReplayable}) {
        SCOPED_TRACE(testing::Message() << profile->name << " " << status
                                        << " body " << static_cast<int>(body));
        Fetch f = Make("PUT", std::string(kApi) + "/a",
                       Opts().WithProfile(*profile).Body(body));
        ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
        ASSERT_EQ(f.OnResponse(204, allow, kNow).kind, Kind::kSendRequest);
        Action a = f.OnResponse(
            status, Hs{kAcaoStar, Loc(std::string(kApi) + "/b")}, kNow);
        if (body == RequestBody::kStream && status != 303) {
          ASSERT_EQ(a.kind, Kind::kFail);
          EXPECT_EQ(a.error.error, CorsError::kRedirectWithStreamBody);
          EXPECT_EQ(a.error.failed_parameter, std::to_string(status));
          continue;
        }
        // The next hop's request, after its preflight where it needs one
        // (the stream's use-CORS-preflight flag stays).
        const auto next_request = [&](Action a) {
          if (a.kind == Kind::kSendPreflight) {
            a = f.OnResponse(
                204,
                Hs{kAcaoStar, {"Access-Control-Allow-Methods", "GET, PUT"}},
                kNow);
          }
          EXPECT_TRUE(a.kind == Kind::kFollowRedirect ||
                      a.kind == Kind::kSendRequest)
              << a.error;
          return a;
        };
        a = next_request(a);
        EXPECT_EQ(a.request.method, status == 303 ? "GET" : "PUT");
        // After the 303 there is no body left to send again: a 307 is
        // followed.
        next_request(f.OnResponse(
            307, Hs{kAcaoStar, Loc(std::string(kApi) + "/c")}, kNow));
      }
    }
  }
}

// The stream's check comes before the method change: a POST redirected by
// a 301 or 302, which would become a GET, still fails, and so does
// WebKit's DELETE between origins.
TEST(FetchRedirect, StreamBodyFailsBeforeTheMethodChanges) {
  struct Case {
    const char* method;
    int status;
    const char* to;
    const Profile* profile;
  };
  const std::string other = "https://other.example/b";
  const Case cases[] = {
      {"POST", 301, "https://api.example/b", &kSpecProfile},
      {"POST", 302, "https://api.example/b", &kChromiumProfile},
      {"DELETE", 307, other.c_str(), &kWebKitProfile},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.method << " " << c.status << " "
                                    << c.profile->name);
    Fetch f = Make(c.method, std::string(kApi) + "/a",
                   Opts().WithProfile(*c.profile).Body(RequestBody::kStream));
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    ASSERT_EQ(f.OnResponse(204,
                           Hs{kAcaoStar,
                              {"Access-Control-Allow-Methods", c.method}},
                           kNow)
                  .kind,
              Kind::kSendRequest);
    const Action a = f.OnResponse(c.status, Hs{kAcaoStar, Loc(c.to)}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kRedirectWithStreamBody);
  }
}

TEST(FetchRedirect, WebKitTurnsDeleteIntoGetBetweenOrigins) {
  const Hs allow = {kAcaoStar, {"Access-Control-Allow-Methods", "DELETE"}};
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile,
                                 &kFirefoxProfile, &kWebKitProfile}) {
    for (const char* to : {"https://api.example/b", "https://other.example/b"}) {
      SCOPED_TRACE(std::string(profile->name) + " to " + to);
      Fetch f = Make("DELETE", std::string(kApi) + "/a",
                     Opts().WithProfile(*profile));
      ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
      ASSERT_EQ(f.OnResponse(204, allow, kNow).kind, Kind::kSendRequest);
      const Action a = f.OnResponse(307, Hs{kAcaoStar, Loc(to)}, kNow);
      const bool between = std::string_view(to).find("other") !=
                           std::string_view::npos;
      const bool get =
          between && profile->redirect_between_origins_turns_delete_into_get;
      EXPECT_EQ(f.request().method, get ? "GET" : "DELETE");
      if (a.kind == Kind::kSendPreflight) {
        EXPECT_EQ(H(a, "Access-Control-Request-Method"), get ? "GET" : "DELETE");
      } else {
        ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
        EXPECT_EQ(a.request.method, get ? "GET" : "DELETE");
      }
    }
  }
}

TEST(FetchRedirect, PipeInALocationPathPerProfile) {
  for (const Profile* profile : {&kSpecProfile, &kChromiumProfile}) {
    SCOPED_TRACE(profile->name);
    Fetch f = Make("GET", std::string(kApi) + "/r", Opts().WithProfile(*profile));
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
    const Action a = f.OnResponse(302, Hs{kAcaoStar, Loc("/x|y?z|")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    // Chromium encodes `|` in the path, not in the query.
    EXPECT_EQ(a.request.url, profile->url_path_encodes_pipe
                                 ? "https://api.example/x%7Cy?z|"
                                 : "https://api.example/x|y?z|");
  }
}

// --- Origin across hops (redirect-taint) ---------------------------------

TEST(FetchRedirect, SameToCrossKeepsTheRealOrigin) {
  Fetch f = Make("GET", "https://app.example/start");
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  EXPECT_EQ(OriginOf(a), "<none>");  // same-origin GET
  EXPECT_TRUE(a.request.include_credentials);
  EXPECT_EQ(f.tainting(), ResponseTainting::kBasic);

  // Basic tainting: the redirect needs no CORS headers.
  a = f.OnResponse(302, Hs{Loc("https://api.example/r")}, kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  EXPECT_EQ(a.request.method, "GET");
  EXPECT_EQ(a.request.url, "https://api.example/r");
  EXPECT_EQ(OriginOf(a), kPage);
  EXPECT_FALSE(a.request.include_credentials);
  EXPECT_EQ(f.redirect_count(), 1);
  EXPECT_EQ(f.SerializedOrigin(), kPage);
  EXPECT_EQ(f.tainting(), ResponseTainting::kCors);

  a = f.OnResponse(200, Hs{kAcaoPage}, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.type, ResponseType::kCors);
  EXPECT_EQ(a.response.status, 200);
  EXPECT_EQ(a.response.url, "https://api.example/r");
}

// A hop between two origins after the request left its own origin: the
// request origin serializes to "null" from then on.
TEST(FetchRedirect, CrossToOtherCrossSendsNullOrigin) {
  struct Final {
    HeaderView acao;
    bool ok;
    CorsError error;
  };
  for (const Final& fin :
       {Final{kAcaoNull, true, CorsError::kUnexpectedCall},
        Final{kAcaoStar, true, CorsError::kUnexpectedCall},
        Final{kAcaoPage, false, CorsError::kAllowOriginMismatch}}) {
    SCOPED_TRACE(std::string(fin.acao.value));
    Fetch f = Make("GET", "https://api.example/r");
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest);
    EXPECT_EQ(OriginOf(a), kPage);
    a = f.OnResponse(302, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.method, "GET");
    EXPECT_EQ(a.request.url, "https://other.example/x");
    EXPECT_EQ(OriginOf(a), "null");
    EXPECT_FALSE(a.request.include_credentials);
    EXPECT_EQ(f.SerializedOrigin(), "null");
    a = f.OnResponse(200, Hs{fin.acao}, kNow);
    if (fin.ok) {
      ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
      EXPECT_EQ(a.response.type, ResponseType::kCors);
      EXPECT_EQ(a.response.url, "https://other.example/x");
    } else {
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, fin.error);
      EXPECT_EQ(a.error.failed_parameter, kPage);
    }
  }
}

TEST(FetchRedirect, CrossToSameCrossOriginKeepsTheRealOrigin) {
  Fetch f = Make("GET", "https://api.example/r");
  f.Start(kNow);
  Action a = f.OnResponse(
      301, Hs{kAcaoPage, Loc("https://api.example:443/s?x=1")}, kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  EXPECT_EQ(a.request.url, "https://api.example/s?x=1");
  EXPECT_EQ(OriginOf(a), kPage);
  EXPECT_EQ(f.SerializedOrigin(), kPage);
  a = f.OnResponse(200, Hs{kAcaoPage}, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.url, "https://api.example/s?x=1");
}

// cross -> the page's own origin: the hop left a foreign origin, so the
// origin is tainted ("null"), and tainting stays "cors" (#main-fetch only
// takes the basic path while tainting is "basic"): the final response needs
// Access-Control-Allow-Origin, and no credentials go with "same-origin".
TEST(FetchRedirect, CrossBackToPageOriginStaysCorsWithNullOrigin) {
  for (bool with_acao : {false, true}) {
    SCOPED_TRACE(with_acao);
    Fetch f = Make("GET", "https://api.example/r");
    f.Start(kNow);
    Action a = f.OnResponse(
        307, Hs{kAcaoPage, Loc("https://app.example/back")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.url, "https://app.example/back");
    EXPECT_EQ(OriginOf(a), "null");
    EXPECT_FALSE(a.request.include_credentials);
    EXPECT_EQ(f.tainting(), ResponseTainting::kCors);
    const Hs final_headers =
        with_acao ? Hs{kAcaoNull, {"X-Secret", "1"}} : Hs{{"X-Secret", "1"}};
    a = f.OnResponse(200, final_headers, kNow);
    if (with_acao) {
      ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
      EXPECT_EQ(a.response.type, ResponseType::kCors);
      EXPECT_EQ(a.response.url, "https://app.example/back");
      EXPECT_THAT(a.response.header_names, IsEmpty());
    } else {
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kMissingAllowOriginHeader);
    }
  }
}

TEST(FetchRedirect, CrossToLocalhostSendsNullOrigin) {
  Fetch f = Make("GET", "https://api.example/r");
  f.Start(kNow);
  Action a =
      f.OnResponse(302, Hs{kAcaoPage, Loc("http://localhost:8080/x")}, kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  EXPECT_EQ(a.request.url, "http://localhost:8080/x");
  EXPECT_EQ(OriginOf(a), "null");
  a = f.OnResponse(200, Hs{kAcaoNull}, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.url, "http://localhost:8080/x");
}

// --- The CORS check on the redirect response itself (#http-fetch 4.4) ----

TEST(FetchRedirect, RedirectWithoutAllowOriginFailsBeforeFollowing) {
  Fetch f = Make("GET", "https://api.example/r");
  f.Start(kNow);
  Action a = f.OnResponse(302, Hs{Loc("https://api.example/s")}, kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kMissingAllowOriginHeader);
  EXPECT_EQ(f.redirect_count(), 0);
  EXPECT_TRUE(f.done());

  Fetch g = Make("GET", "https://api.example/r");
  g.Start(kNow);
  a = g.OnResponse(
      302,
      Hs{{"Access-Control-Allow-Origin", "https://evil.example"},
         Loc("https://api.example/s")},
      kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kAllowOriginMismatch);
  EXPECT_EQ(g.redirect_count(), 0);
}

TEST(FetchRedirect, CredentialedRedirectNeedsExactOriginAndAllowCredentials) {
  const Opts include = Opts().Credentials(CredentialsMode::kInclude);
  {
    Fetch f = Make("GET", "https://api.example/r", include);
    ASSERT_TRUE(f.Start(kNow).request.include_credentials);
    Action a = f.OnResponse(
        302, Hs{kAcaoStar, kAcacTrue, Loc("https://api.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kWildcardOriginNotAllowed);
  }
  {
    Fetch f = Make("GET", "https://api.example/r", include);
    f.Start(kNow);
    Action a =
        f.OnResponse(302, Hs{kAcaoPage, Loc("https://api.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kMissingAllowCredentials);
    EXPECT_EQ(f.redirect_count(), 0);
  }
  {
    Fetch f = Make("GET", "https://api.example/r", include);
    f.Start(kNow);
    Action a = f.OnResponse(
        302, Hs{kAcaoPage, kAcacTrue, Loc("https://api.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.url, "https://api.example/s");
    EXPECT_TRUE(a.request.include_credentials);
    EXPECT_EQ(OriginOf(a), kPage);
    a = f.OnResponse(200, Hs{kAcaoPage, kAcacTrue}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
    EXPECT_EQ(a.response.type, ResponseType::kCors);
  }
  {
    // Tainted and credentialed: the final response must allow "null" with
    // credentials.
    Fetch f = Make("GET", "https://api.example/r", include);
    f.Start(kNow);
    Action a = f.OnResponse(
        302, Hs{kAcaoPage, kAcacTrue, Loc("https://other.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(OriginOf(a), "null");
    EXPECT_TRUE(a.request.include_credentials);
    a = f.OnResponse(200, Hs{kAcaoNull, kAcacTrue}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  }
}

// --- Redirect modes --------------------------------------------------------

TEST(FetchRedirect, ModeErrorFails) {
  for (int status : {301, 302, 303, 307, 308}) {
    SCOPED_TRACE(status);
    Fetch f = Make("GET", "https://api.example/r",
                   Opts().Redirect(RedirectMode::kError));
    f.Start(kNow);
    Action a =
        f.OnResponse(status, Hs{kAcaoPage, Loc("https://api.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kRedirectNotAllowed);
    EXPECT_EQ(f.redirect_count(), 0);
  }
  Fetch same = Make("GET", "https://app.example/a",
                    Opts().Redirect(RedirectMode::kError));
  same.Start(kNow);
  Action a = same.OnResponse(301, Hs{Loc("/b")}, kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kRedirectNotAllowed);
}

TEST(FetchRedirect, ModeManualDeliversOpaqueRedirect) {
  {
    Fetch f = Make("GET", "https://api.example/r?q=1",
                   Opts().Redirect(RedirectMode::kManual));
    f.Start(kNow);
    Action a = f.OnResponse(
        302,
        Hs{kAcaoPage,
           {"Access-Control-Expose-Headers", "X-A"},
           {"X-A", "1"},
           Loc("https://other.example/x")},
        kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
    EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect);
    EXPECT_EQ(a.response.status, 0);
    EXPECT_EQ(a.response.url, "https://api.example/r?q=1");
    EXPECT_THAT(a.response.header_names, IsEmpty());
    EXPECT_THAT(a.response.headers, IsEmpty());
    EXPECT_EQ(f.redirect_count(), 0);
    EXPECT_TRUE(f.done());
  }
  {
    Fetch f = Make("GET", "https://app.example/a",
                   Opts().Redirect(RedirectMode::kManual));
    f.Start(kNow);
    Action a = f.OnResponse(307, Hs{Loc("https://api.example/x")}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
    EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect);
    EXPECT_EQ(a.response.status, 0);
    EXPECT_EQ(a.response.url, "https://app.example/a");
  }
}

// #main-fetch step 12: a no-cors request with redirect mode other than
// "follow" is a network error before anything is sent, once the URL is of
// another origin; the same-origin case comes first in the switch.
TEST(FetchRedirect, NoCorsNeedsFollowBeforeAnythingIsSent) {
  for (const Profile* profile : kAllProfiles) {
    for (RedirectMode mode : {RedirectMode::kManual, RedirectMode::kError}) {
      SCOPED_TRACE(std::string(profile->name) + " " + std::string(ToString(mode)));
      Fetch f = Make("GET", "https://api.example/r",
                     Opts().Mode(RequestMode::kNoCors).Redirect(mode).WithProfile(
                         *profile));
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kNoCorsRedirectModeNotFollow);
      EXPECT_TRUE(a.request.url.empty());
      EXPECT_TRUE(a.request.method.empty());
      EXPECT_TRUE(f.done());
      EXPECT_EQ(f.OnResponse(200, {}, kNow).error.error,
                CorsError::kUnexpectedCall);
    }
  }
}

// ... but to the page's own origin it is sent (recorded in all three
// browsers: variant/no-cors-same-origin/), and its redirect mode then
// applies as for any request.
TEST(FetchRedirect, NoCorsToOwnOriginKeepsItsRedirectMode) {
  for (const Profile* profile : kAllProfiles) {
    for (RedirectMode mode : {RedirectMode::kManual, RedirectMode::kError}) {
      SCOPED_TRACE(std::string(profile->name) + " " + std::string(ToString(mode)));
      const Opts opts =
          Opts().Mode(RequestMode::kNoCors).Redirect(mode).WithProfile(*profile);
      Fetch ok = Make("GET", "https://app.example/r", opts);
      Action a = ok.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      EXPECT_EQ(a.request.url, "https://app.example/r");
      a = ok.OnResponse(200, Hs{{"X-A", "1"}}, kNow);
      ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
      EXPECT_EQ(a.response.type, ResponseType::kBasic);
      EXPECT_EQ(a.response.status, 200);

      for (const char* to : {"/s", "https://api.example/s"}) {
        SCOPED_TRACE(to);
        Fetch f = Make("GET", "https://app.example/r", opts);
        ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
        a = f.OnResponse(302, Hs{Loc(to)}, kNow);
        if (mode == RedirectMode::kManual) {
          ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
          EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect);
          EXPECT_EQ(a.response.status, 0);
        } else {
          ASSERT_EQ(a.kind, Kind::kFail);
          EXPECT_EQ(a.error.error, CorsError::kRedirectNotAllowed);
        }
      }
    }
  }
}

// A Location value's surrounding spaces are not part of it (#header-value):
// " " is an empty Location, and "/b" and " /b " are the same value given
// twice (recorded: variant/redirect/location-padded/).
TEST(FetchRedirect, LocationValuesAreTrimmed) {
  for (const Profile* profile : kAllProfiles) {
    SCOPED_TRACE(profile->name);
    const Opts opts = Opts().WithProfile(*profile);
    Fetch blank = Make("GET", "https://api.example/a", opts);
    blank.Start(kNow);
    Fetch empty = Make("GET", "https://api.example/a", opts);
    empty.Start(kNow);
    const Action with_blank = blank.OnResponse(302, Hs{kAcaoStar, Loc(" \t")}, kNow);
    const Action with_empty = empty.OnResponse(302, Hs{kAcaoStar, Loc("")}, kNow);
    EXPECT_EQ(with_blank.kind, with_empty.kind);
    EXPECT_EQ(with_blank.request.url, with_empty.request.url);
    EXPECT_EQ(with_blank.error.error, with_empty.error.error);

    // Two identical values count as one where the profile says so.
    if (profile->repeated_location != RepeatedLocation::kFailUnlessIdentical) {
      continue;
    }
    Fetch twice = Make("GET", "https://api.example/a", opts);
    twice.Start(kNow);
    const Action a = twice.OnResponse(
        302,
        Hs{kAcaoStar, Loc("https://api.example/b"), Loc(" https://api.example/b ")},
        kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.url, "https://api.example/b");
  }
}

// --- Method and header changes (#http-redirect-fetch steps 11-12) --------

TEST(FetchRedirect, MethodRewriting) {
  struct Case {
    int status;
    const char* method;
    const char* expected;
  };
  const Case cases[] = {
      {301, "POST", "GET"},   {302, "POST", "GET"},   {303, "POST", "GET"},
      {303, "PUT", "GET"},    {303, "DELETE", "GET"}, {303, "PATCH", "GET"},
      {303, "HEAD", "HEAD"},  {303, "GET", "GET"},    {301, "PUT", "PUT"},
      {302, "DELETE", "DELETE"}, {307, "POST", "POST"}, {308, "POST", "POST"},
      {307, "PUT", "PUT"},    {308, "PUT", "PUT"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.status << " " << c.method);
    // Same-origin: no preflight in the way.
    Fetch f = Make(c.method, "https://app.example/a",
                   Opts().Headers({{"Content-Type", "text/plain"},
                                   {"Content-Language", "en"},
                                   {"Content-Encoding", "gzip"},
                                   {"content-location", "/x"},
                                   {"X-Custom", "1"}}));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    a = f.OnResponse(c.status, Hs{Loc("/b")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.method, c.expected);
    EXPECT_EQ(a.request.url, "https://app.example/b");
    // The four request-body header names go when the method changes.
    const bool changed = std::string(c.method) != c.expected;
    EXPECT_EQ(H(a, "Content-Type"), changed ? "<none>" : "text/plain");
    EXPECT_EQ(H(a, "Content-Language"), changed ? "<none>" : "en");
    EXPECT_EQ(H(a, "Content-Encoding"), changed ? "<none>" : "gzip");
    EXPECT_EQ(H(a, "Content-Location"), changed ? "<none>" : "/x");
    EXPECT_EQ(H(a, "X-Custom"), "1");
    EXPECT_EQ(f.request().method, c.expected);
  }
}

TEST(FetchRedirect, JsonPostRedirectedWith303NeedsNoPreflight) {
  const Opts json = Opts().Headers({{"Content-Type", "application/json"}});
  const Hs preflight_ok = {kAcaoPage,
                           {"Access-Control-Allow-Methods", "POST"},
                           {"Access-Control-Allow-Headers", "Content-Type"}};
  {
    Fetch f = Make("POST", "https://api.example/r", json);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(H(a, "Access-Control-Request-Method"), "POST");
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "content-type");
    a = f.OnResponse(204, preflight_ok, kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(a.request.method, "POST");
    EXPECT_EQ(H(a, "Content-Type"), "application/json");
    a = f.OnResponse(303, Hs{kAcaoPage, Loc("/done")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.method, "GET");
    EXPECT_EQ(a.request.url, "https://api.example/done");
    EXPECT_EQ(H(a, "Content-Type"), "<none>");
    EXPECT_EQ(OriginOf(a), kPage);
    a = f.OnResponse(200, Hs{kAcaoPage}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  }
  {
    // 307 keeps the method and the body: a new preflight on the next hop.
    Fetch f = Make("POST", "https://api.example/r", json);
    f.Start(kNow);
    f.OnResponse(204, preflight_ok, kNow);
    Action a = f.OnResponse(307, Hs{kAcaoPage, Loc("/again")}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.request.method, "OPTIONS");
    EXPECT_EQ(a.request.url, "https://api.example/again");
    EXPECT_EQ(H(a, "Access-Control-Request-Method"), "POST");
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "content-type");
    EXPECT_EQ(OriginOf(a), kPage);
    EXPECT_FALSE(a.request.include_credentials);
  }
  {
    // Same-origin JSON POST redirected by 303 to another origin: a plain
    // CORS GET, no preflight.
    Fetch f = Make("POST", "https://app.example/form", json);
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
    Action a = f.OnResponse(303, Hs{Loc("https://api.example/r")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.method, "GET");
    EXPECT_EQ(H(a, "Content-Type"), "<none>");
    EXPECT_EQ(OriginOf(a), kPage);
  }
}

// #http-redirect-fetch: "If request's current URL's origin is not same
// origin with locationURL's origin, then for each headerName of CORS
// non-wildcard request-header name, delete headerName".
TEST(FetchRedirect, AuthorizationDroppedOnCrossOriginHopOnly) {
  const Opts auth = Opts().Headers(
      {{"Authorization", "Bearer t"}, {"X-Custom", "1"}});
  {
    Fetch f = Make("GET", "https://app.example/a", auth);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest);
    EXPECT_EQ(H(a, "Authorization"), "Bearer t");
    a = f.OnResponse(307, Hs{Loc("https://api.example/r")}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.request.url, "https://api.example/r");
    EXPECT_EQ(OriginOf(a), kPage);
    EXPECT_EQ(H(a, "Access-Control-Request-Method"), "GET");
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "x-custom");
    a = f.OnResponse(
        204, Hs{kAcaoPage, {"Access-Control-Allow-Headers", "X-Custom"}}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(H(a, "Authorization"), "<none>");
    EXPECT_EQ(H(a, "X-Custom"), "1");
  }
  {
    // same -> same: kept.
    Fetch f = Make("GET", "https://app.example/a", auth);
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{Loc("/b")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(H(a, "Authorization"), "Bearer t");
  }
  {
    // cross -> same cross origin: kept, so the next preflight asks again.
    Fetch f = Make("GET", "https://api.example/r",
                   Opts().Headers({{"Authorization", "Bearer t"}}));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight);
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "authorization");
    a = f.OnResponse(
        204, Hs{kAcaoPage, {"Access-Control-Allow-Headers", "Authorization"}},
        kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(H(a, "Authorization"), "Bearer t");
    a = f.OnResponse(307, Hs{kAcaoPage, Loc("/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.request.url, "https://api.example/s");
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "authorization");
  }
}

// --- Preflights and redirects ------------------------------------------------

TEST(FetchRedirect, PreflightedPutRedirectedToAnotherOriginPreflightsAgain) {
  Fetch f = Make("PUT", "https://api.example/r");
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendPreflight);
  EXPECT_EQ(OriginOf(a), kPage);
  a = f.OnResponse(
      204, Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}}, kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  EXPECT_EQ(a.request.method, "PUT");
  a = f.OnResponse(307, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
  ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
  EXPECT_EQ(a.request.method, "OPTIONS");
  EXPECT_EQ(a.request.url, "https://other.example/x");
  EXPECT_EQ(OriginOf(a), "null");
  EXPECT_EQ(H(a, "Access-Control-Request-Method"), "PUT");
  EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "<none>");
  EXPECT_FALSE(a.request.include_credentials);
  EXPECT_EQ(f.redirect_count(), 1);

  // The page's origin no longer matches: the preflight must allow "null".
  Fetch g = Make("PUT", "https://api.example/r");
  g.Start(kNow);
  g.OnResponse(204, Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}},
               kNow);
  g.OnResponse(307, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
  Action b = g.OnResponse(
      204, Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}}, kNow);
  ASSERT_EQ(b.kind, Kind::kFail);
  EXPECT_EQ(b.error.error, CorsError::kPreflightAllowOriginMismatch);

  a = f.OnResponse(204,
                   Hs{kAcaoNull, {"Access-Control-Allow-Methods", "PUT"}}, kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  EXPECT_EQ(a.request.method, "PUT");
  EXPECT_EQ(a.request.url, "https://other.example/x");
  EXPECT_EQ(OriginOf(a), "null");
  a = f.OnResponse(200, Hs{kAcaoNull}, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.url, "https://other.example/x");
}

TEST(FetchRedirect, PreflightAnsweredWithRedirectFails) {
  for (int status : {301, 302, 303, 307, 308}) {
    SCOPED_TRACE(status);
    Fetch f = Make("PUT", "https://api.example/r");
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    Action a = f.OnResponse(
        status,
        Hs{kAcaoPage,
           {"Access-Control-Allow-Methods", "PUT"},
           Loc("https://api.example/elsewhere")},
        kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kPreflightDisallowedRedirect);
    EXPECT_EQ(f.redirect_count(), 0);
  }
}

// --- The redirect limit (#http-redirect-fetch: "If request's redirect count
// is 20, then return a network error") ---------------------------------

TEST(FetchRedirect, TwentyRedirectsAreFollowedTheTwentyFirstFails) {
  for (const char* start : {"https://app.example/0", "https://api.example/0"}) {
    SCOPED_TRACE(start);
    for (bool end_with_200 : {true, false}) {
      Fetch f = Make("GET", start);
      Action a = f.Start(kNow);
      int sent = 0;
      std::vector<std::string> locations;
      for (int i = 1; i <= 21; ++i) locations.push_back("/" + std::to_string(i));
      while (a.kind == Kind::kSendRequest || a.kind == Kind::kFollowRedirect) {
        ++sent;
        if (end_with_200 && sent == 21) {
          a = f.OnResponse(200, Hs{kAcaoPage}, kNow);
          break;
        }
        a = f.OnResponse(302, Hs{kAcaoPage, Loc(locations[sent - 1])}, kNow);
        if (sent > 30) break;
      }
      EXPECT_EQ(sent, 21);
      EXPECT_EQ(f.redirect_count(), kMaxRedirects);
      if (end_with_200) {
        ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
        EXPECT_EQ(a.response.url, std::string(start).substr(
                                      0, std::string(start).size() - 1) +
                                      "20");
      } else {
        ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
        EXPECT_EQ(a.error.error, CorsError::kTooManyRedirects);
      }
    }
  }
}

// --- Location parsing -------------------------------------------------------

TEST(FetchRedirect, RelativeLocationsResolveAgainstTheCurrentUrl) {
  struct Case {
    const char* location;
    const char* url;
    const char* origin;
  };
  const Case cases[] = {
      {"/next", "https://api.example/next", kPage},
      {"next", "https://api.example/a/next", kPage},
      {"../up", "https://api.example/up", kPage},
      {"?q", "https://api.example/a/b?q", kPage},
      {"#frag", "https://api.example/a/b?x", kPage},
      {"//other.example/x", "https://other.example/x", "null"},
      {"\\\\other.example\\x", "https://other.example/x", "null"},
      {"  /spaced  ", "https://api.example/spaced", kPage},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.location);
    Fetch f = Make("GET", "https://api.example/a/b?x");
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{kAcaoPage, Loc(c.location)}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.url, c.url);
    EXPECT_EQ(OriginOf(a), c.origin);
  }
}

// "https:/next" against an https URL is path-absolute on the same host
// (URL Standard, "special relative or authority state": only "//" starts an
// authority), so the hop stays same-origin.
TEST(FetchRedirect, SameSchemeLocationWithOneSlashStaysOnTheHost) {
  Fetch f = Make("GET", "https://api.example/a/b");
  f.Start(kNow);
  Action a = f.OnResponse(302, Hs{kAcaoPage, Loc("https:/next")}, kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  EXPECT_EQ(a.request.url, "https://api.example/next");
  EXPECT_EQ(OriginOf(a), kPage);
}

TEST(FetchRedirect, NonHttpAndUnparsableLocationsFail) {
  struct Case {
    const char* location;
    CorsError error;
  };
  const Case cases[] = {
      {"data:text/plain,hi", CorsError::kRedirectToUnsupportedScheme},
      {"ftp://files.example/x", CorsError::kRedirectToUnsupportedScheme},
      {"javascript:alert(1)", CorsError::kRedirectToUnsupportedScheme},
      {"blob:https://api.example/uuid", CorsError::kRedirectToUnsupportedScheme},
      {"https://h.example:99999/", CorsError::kInvalidRedirectLocation},
      {"http://[::1/", CorsError::kInvalidRedirectLocation},
      {"//", CorsError::kInvalidRedirectLocation},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.location);
    for (const char* start :
         {"https://api.example/r", "https://app.example/r"}) {
      Fetch f = Make("GET", start);
      f.Start(kNow);
      Action a = f.OnResponse(302, Hs{kAcaoPage, Loc(c.location)}, kNow);
      ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
      EXPECT_EQ(a.error.error, c.error);
      EXPECT_TRUE(f.done());
    }
  }
}

// #http-redirect-fetch steps 7 and 8: user:pass@ fails a CORS request going
// to another origin and any request with tainting "cors"; the Standard
// follows it otherwise. Chromium fails every one.
TEST(FetchRedirect, CredentialsInLocationSpec) {
  {
    // cors, cross -> same cross origin with credentials (tainting cors).
    Fetch f = Make("GET", "https://api.example/r");
    f.Start(kNow);
    Action a = f.OnResponse(
        302, Hs{kAcaoPage, Loc("https://u:p@api.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kRedirectContainsCredentials);
  }
  {
    // cors, cross -> the page's own origin with credentials: step 7 does
    // not apply (same origin as the request's), step 8 does (tainting cors).
    Fetch f = Make("GET", "https://api.example/r");
    f.Start(kNow);
    Action a = f.OnResponse(
        302, Hs{kAcaoPage, Loc("https://u:p@app.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kRedirectContainsCredentials);
  }
  {
    // cors, same -> cross with credentials (mode cors, another origin).
    Fetch f = Make("GET", "https://app.example/a");
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{Loc("https://u:p@api.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kRedirectContainsCredentials);
  }
  for (RequestMode mode : {RequestMode::kCors, RequestMode::kNoCors}) {
    // same -> same (basic): followed; the wire URL has no credentials, the
    // response URL keeps them.
    SCOPED_TRACE(ToString(mode));
    Fetch f = Make("GET", "https://app.example/a", Opts().Mode(mode));
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{Loc("https://u:p@app.example/b")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.url, "https://app.example/b");
    EXPECT_TRUE(a.request.include_credentials);
    a = f.OnResponse(200, Hs{{"Content-Type", "text/plain"}}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
    EXPECT_EQ(a.response.type, ResponseType::kBasic);
    EXPECT_EQ(a.response.url, "https://u:p@app.example/b");
  }
  {
    // no-cors, same -> cross with credentials: step 7 is for mode "cors"
    // and tainting is still "basic": followed, then opaque.
    Fetch f = Make("GET", "https://app.example/a",
                   Opts().Mode(RequestMode::kNoCors));
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{Loc("https://u:p@api.example/s")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.url, "https://api.example/s");
    a = f.OnResponse(200, Hs{}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver);
    EXPECT_EQ(a.response.type, ResponseType::kOpaque);
  }
}

TEST(FetchRedirect, CredentialsInLocationChromiumFailsEveryRequest) {
  struct Case {
    RequestMode mode;
    const char* start;
    const char* location;
  };
  const Case cases[] = {
      {RequestMode::kCors, "https://app.example/a", "https://u:p@app.example/b"},
      {RequestMode::kNoCors, "https://app.example/a",
       "https://u:p@app.example/b"},
      {RequestMode::kNoCors, "https://app.example/a",
       "https://u:p@api.example/b"},
      {RequestMode::kCors, "https://api.example/a", "https://u:p@api.example/b"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << ToString(c.mode) << " " << c.start
                                    << " -> " << c.location);
    Fetch f = Make("GET", c.start,
                   Opts().Mode(c.mode).WithProfile(kChromiumProfile));
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{kAcaoPage, Loc(c.location)}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
    EXPECT_EQ(a.error.error, CorsError::kRedirectContainsCredentials);
  }
}

TEST(FetchRedirect, EmptyLocationPerProfile) {
  {
    // Spec (and Firefox): "" parsed against the current URL is the URL: a
    // redirect to itself, until the limit.
    for (const Profile* p : {&kSpecProfile, &kFirefoxProfile}) {
      SCOPED_TRACE(p->name);
      Fetch f = Make("GET", "https://api.example/loop", Opts().WithProfile(*p));
      Action a = f.Start(kNow);
      int sent = 0;
      while ((a.kind == Kind::kSendRequest ||
              a.kind == Kind::kFollowRedirect) &&
             sent < 30) {
        ++sent;
        EXPECT_EQ(a.request.url, "https://api.example/loop");
        EXPECT_EQ(OriginOf(a), kPage);  // a same-origin hop taints nothing
        a = f.OnResponse(302, Hs{kAcaoPage, Loc("")}, kNow);
      }
      EXPECT_EQ(sent, 21);
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kTooManyRedirects);
    }
  }
  {
    Fetch f = Make("GET", "https://api.example/loop",
                   Opts().WithProfile(kChromiumProfile));
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{kAcaoPage, Loc("")}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
    EXPECT_EQ(a.response.type, ResponseType::kCors);
    EXPECT_EQ(a.response.status, 302);
    EXPECT_EQ(a.response.url, "https://api.example/loop");
    EXPECT_EQ(f.redirect_count(), 0);
  }
  {
    Fetch f = Make("GET", "https://api.example/loop",
                   Opts().WithProfile(kWebKitProfile));
    f.Start(kNow);
    Action a = f.OnResponse(302, Hs{kAcaoPage, Loc("")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kInvalidRedirectLocation);
  }
}

TEST(FetchRedirect, TwoLocationHeaders) {
  const Hs two = {kAcaoPage, Loc("/a"), Loc("/b")};
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile}) {
    SCOPED_TRACE(p->name);
    Fetch f = Make("GET", "https://api.example/r", Opts().WithProfile(*p));
    f.Start(kNow);
    Action a = f.OnResponse(302, two, kNow);
    ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
    EXPECT_EQ(a.error.error, CorsError::kInvalidRedirectLocation);
    EXPECT_EQ(f.redirect_count(), 0);
  }
  Fetch f = Make("GET", "https://api.example/r",
                 Opts().WithProfile(kWebKitProfile));
  f.Start(kNow);
  Action a = f.OnResponse(302, two, kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  EXPECT_EQ(a.request.url, "https://api.example/a,%20/b");
  EXPECT_EQ(f.redirect_count(), 1);
}

TEST(FetchRedirect, RedirectStatusWithoutLocation) {
  for (int status : {301, 302, 303, 307, 308}) {
    SCOPED_TRACE(status);
    // Spec: the redirect mode still applies.
    {
      Fetch f = Make("GET", "https://api.example/r",
                     Opts().Redirect(RedirectMode::kError));
      f.Start(kNow);
      Action a = f.OnResponse(status, Hs{kAcaoPage}, kNow);
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kRedirectNotAllowed);
    }
    {
      Fetch f = Make("GET", "https://api.example/r",
                     Opts().Redirect(RedirectMode::kManual));
      f.Start(kNow);
      Action a = f.OnResponse(status, Hs{kAcaoPage}, kNow);
      ASSERT_EQ(a.kind, Kind::kDeliver);
      EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect);
      EXPECT_EQ(a.response.status, 0);
    }
    {
      // follow: HTTP-redirect fetch returns the response (no locationURL).
      Fetch f = Make("GET", "https://api.example/r");
      f.Start(kNow);
      Action a = f.OnResponse(status, Hs{kAcaoPage}, kNow);
      ASSERT_EQ(a.kind, Kind::kDeliver);
      EXPECT_EQ(a.response.type, ResponseType::kCors);
      EXPECT_EQ(a.response.status, status);
      EXPECT_EQ(f.redirect_count(), 0);
    }
    // Chromium and WebKit: an ordinary response in mode "error", without a
    // Location or with an empty one; "manual" still gives an opaque
    // redirect (variant/redirect/location-missing/, -empty/).
    for (const Profile* p : {&kChromiumProfile, &kWebKitProfile}) {
      for (const Hs& answer : {Hs{kAcaoPage}, Hs{kAcaoPage, Loc("")}}) {
        SCOPED_TRACE(p->name);
        Fetch f = Make("GET", "https://api.example/r",
                       Opts().Redirect(RedirectMode::kError).WithProfile(*p));
        f.Start(kNow);
        Action a = f.OnResponse(status, answer, kNow);
        ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
        EXPECT_EQ(a.response.type, ResponseType::kCors);
        EXPECT_EQ(a.response.status, status);
        Fetch g = Make("GET", "https://api.example/r",
                       Opts().Redirect(RedirectMode::kManual).WithProfile(*p));
        g.Start(kNow);
        a = g.OnResponse(status, answer, kNow);
        ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
        EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect);
      }
    }
    // Firefox: as the Standard.
    Fetch f = Make("GET", "https://api.example/r",
                   Opts().Redirect(RedirectMode::kError).WithProfile(kFirefoxProfile));
    f.Start(kNow);
    EXPECT_EQ(f.OnResponse(status, Hs{kAcaoPage}, kNow).kind, Kind::kFail);
  }
}

TEST(FetchRedirect, Status300WithLocationIsNotARedirect) {
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile}) {
    for (RedirectMode mode : {RedirectMode::kFollow, RedirectMode::kError,
                              RedirectMode::kManual}) {
      SCOPED_TRACE(testing::Message() << p->name << " " << ToString(mode));
      Fetch f = Make("GET", "https://api.example/r",
                     Opts().Redirect(mode).WithProfile(*p));
      f.Start(kNow);
      Action a =
          f.OnResponse(300, Hs{kAcaoPage, Loc("https://api.example/s")}, kNow);
      ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
      EXPECT_EQ(a.response.type, ResponseType::kCors);
      EXPECT_EQ(a.response.status, 300);
      EXPECT_EQ(a.response.url, "https://api.example/r");
      EXPECT_EQ(f.redirect_count(), 0);
    }
  }
}

// --- no-cors and the Origin header (#append-a-request-origin-header) ------

TEST(FetchRedirect, NoCorsPost307SameToCross) {
  struct Case {
    const Profile* profile;
    const char* origin_after;
  };
  for (const Case& c : {Case{&kSpecProfile, kPage}, Case{&kFirefoxProfile, kPage},
                        Case{&kWebKitProfile, kPage},
                        Case{&kChromiumProfile, "null"}}) {
    SCOPED_TRACE(c.profile->name);
    Fetch f = Make("POST", "https://app.example/a",
                   Opts()
                       .Mode(RequestMode::kNoCors)
                       .Headers({{"Content-Type", "text/plain"}})
                       .WithProfile(*c.profile));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest);
    EXPECT_EQ(OriginOf(a), kPage);
    a = f.OnResponse(307, Hs{Loc("https://api.example/x")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.method, "POST");
    EXPECT_EQ(a.request.url, "https://api.example/x");
    EXPECT_EQ(H(a, "Content-Type"), "text/plain");
    EXPECT_EQ(CountRequestHeaders(a, "Origin"), 1u);
    EXPECT_EQ(OriginOf(a), c.origin_after);
    EXPECT_FALSE(a.request.include_credentials);
    EXPECT_EQ(f.tainting(), ResponseTainting::kOpaque);
    a = f.OnResponse(200, Hs{{"X-A", "1"}}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver);
    EXPECT_EQ(a.response.type, ResponseType::kOpaque);
    EXPECT_EQ(a.response.status, 0);
    EXPECT_EQ(a.response.url, "");
    EXPECT_THAT(a.response.header_names, IsEmpty());
  }
}

TEST(FetchRedirect, NoCorsPost307CrossToCrossIsNullEverywhere) {
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile}) {
    SCOPED_TRACE(p->name);
    Fetch f = Make("POST", "https://api.example/a",
                   Opts().Mode(RequestMode::kNoCors).WithProfile(*p));
    Action a = f.Start(kNow);
    EXPECT_EQ(OriginOf(a), kPage);
    a = f.OnResponse(307, Hs{Loc("https://other.example/x")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.method, "POST");
    EXPECT_EQ(OriginOf(a), "null");
    a = f.OnResponse(200, Hs{}, kNow);
    ASSERT_EQ(a.kind, Kind::kDeliver);
    EXPECT_EQ(a.response.type, ResponseType::kOpaque);
  }
}

// --- What script reads ---------------------------------------------------------

TEST(FetchRedirect, ExposedHeadersComeFromTheFinalResponseOnly) {
  Fetch f = Make("GET", "https://api.example/r");
  f.Start(kNow);
  Action a = f.OnResponse(
      302,
      Hs{kAcaoPage,
         {"Access-Control-Expose-Headers", "X-A, X-B"},
         {"X-A", "hop"},
         {"Content-Language", "de"},
         Loc("/s")},
      kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  a = f.OnResponse(200,
                   Hs{kAcaoPage,
                      {"Access-Control-Expose-Headers", "X-B"},
                      {"X-A", "final"},
                      {"X-B", "final"},
                      {"Content-Type", "text/plain"}},
                   kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_THAT(a.response.header_names, ElementsAre("content-type", "x-b"));
  ASSERT_EQ(a.response.headers.size(), 2u);
  EXPECT_EQ(a.response.headers[0].name, "X-B");
  EXPECT_EQ(a.response.headers[0].value, "final");
  EXPECT_EQ(a.response.url, "https://api.example/s");
  EXPECT_EQ(a.response.status, 200);
}

// --- Profile quirks on redirects (docs/PROFILES.md "Redirects") ----------

// A preflighted PUT redirected from one foreign origin to another: the
// Standard preflights the second hop as `null`; Firefox sends, and checks,
// the page's own origin on that preflight while the request itself goes
// out as `null`.
TEST(FetchRedirect, PreflightAfterTaintPerProfile) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxProfile}) {
    SCOPED_TRACE(p->name);
    const bool real = p->preflight_ignores_redirect_taint;
    const std::string preflight_origin = real ? kPage : "null";
    Fetch f = Make("PUT", "https://api.example/r", Opts().WithProfile(*p));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    a = f.OnResponse(200,
                     Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}},
                     kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    a = f.OnResponse(307, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.request.url, "https://other.example/x");
    EXPECT_EQ(OriginOf(a), preflight_origin);
    // The preflight answer is judged against the origin it carried.
    const HeaderView acao{"Access-Control-Allow-Origin", preflight_origin};
    a = f.OnResponse(200, Hs{acao, {"Access-Control-Allow-Methods", "PUT"}},
                     kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(a.request.method, "PUT");
    EXPECT_EQ(OriginOf(a), "null");  // the request itself is tainted
    a = f.OnResponse(200, Hs{kAcaoNull}, kNow);
    EXPECT_EQ(a.kind, Kind::kDeliver) << a.reason;

    // The other origin's answer fails it.
    Fetch g = Make("PUT", "https://api.example/r", Opts().WithProfile(*p));
    g.Start(kNow);
    g.OnResponse(200, Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}},
                 kNow);
    g.OnResponse(307, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
    const HeaderView wrong{"Access-Control-Allow-Origin",
                           real ? std::string_view("null") : kPage};
    a = g.OnResponse(200, Hs{wrong, {"Access-Control-Allow-Methods", "PUT"}},
                     kNow);
    ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
    EXPECT_EQ(a.error.error, CorsError::kPreflightAllowOriginMismatch);
  }
}

// 303 turns a same-origin POST into GET: WebKit keeps the body headers and
// sends Origin again on the same-origin hop; the Standard drops both.
TEST(FetchRedirect, WebKitKeepsHeadersOnMethodChange) {
  for (const Profile* p : {&kSpecProfile, &kWebKitProfile}) {
    SCOPED_TRACE(p->name);
    const bool keep = p->redirect_keeps_request_headers;
    Fetch f = Make("POST", "https://app.example/form",
                   Opts()
                       .Headers({{"Content-Type", "text/plain"}})
                       .WithProfile(*p));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(OriginOf(a), kPage);  // a POST carries Origin
    a = f.OnResponse(303, Hs{Loc("/done")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.request.method, "GET");
    EXPECT_EQ(H(a, "Content-Type"), keep ? "text/plain" : "<none>");
    EXPECT_EQ(OriginOf(a), keep ? kPage : "<none>");
    // Another same-origin hop: still carried over.
    a = f.OnResponse(302, Hs{Loc("https://app.example/again")}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(OriginOf(a), keep ? kPage : "<none>");
  }
}

// A request that started same-origin and became CORS through a redirect:
// WebKit refuses its next redirect, to any URL, before sending the request
// (variant/redirect/chain-from-page/); a preflight the redirected request
// needs still goes out first.
TEST(FetchRedirect, WebKitRefusesRedirectAfterSameOriginStart) {
  for (const Profile* p : {&kSpecProfile, &kWebKitProfile}) {
    for (const char* next : {"https://api.example/s", "https://other.example/x"}) {
      SCOPED_TRACE(testing::Message() << p->name << " to " << next);
      const bool refuse = p->redirect_after_same_origin_start_fails;
      Fetch f = Make("GET", "https://app.example/start", Opts().WithProfile(*p));
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      a = f.OnResponse(302, Hs{Loc("https://api.example/r")}, kNow);
      ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
      EXPECT_EQ(f.tainting(), ResponseTainting::kCors);
      a = f.OnResponse(302, Hs{kAcaoPage, Loc(next)}, kNow);
      if (refuse) {
        ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
        EXPECT_EQ(a.error.error, CorsError::kRedirectChainNotAllowed);
        EXPECT_EQ(a.error.failed_parameter, next);
      } else {
        EXPECT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
      }

      // The same with a header that needs a preflight: it is sent, and
      // then the request is refused.
      Fetch g = Make("GET", "https://app.example/start",
                     Opts().Headers({{"X-A", "1"}}).WithProfile(*p));
      g.Start(kNow);
      a = g.OnResponse(302, Hs{Loc("https://api.example/r")}, kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      const Hs allow{kAcaoStar, {"Access-Control-Allow-Headers", "x-a"}};
      a = g.OnResponse(204, allow, kNow);
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      a = g.OnResponse(302, Hs{kAcaoStar, Loc(next)}, kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      EXPECT_EQ(a.request.url, next);
      a = g.OnResponse(204, allow, kNow);
      if (refuse) {
        ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
        EXPECT_EQ(a.error.error, CorsError::kRedirectChainNotAllowed);
      } else {
        EXPECT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      }
    }
  }
  // A request that started cross-origin is not affected.
  Fetch f = Make("GET", "https://api.example/r", Opts().WithProfile(kWebKitProfile));
  f.Start(kNow);
  Action a = f.OnResponse(302, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
  EXPECT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
}

// A preflighted PUT that a 303 turns into a plain GET: each hop decides by
// its own request in the Standard and Chromium; Firefox and WebKit
// preflight every hop after a preflighted one.
TEST(FetchRedirect, HopAfterPreflightedOnePerProfile) {
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile,
                           &kWebKitProfile}) {
    SCOPED_TRACE(p->name);
    Fetch f = Make("PUT", "https://api.example/r", Opts().WithProfile(*p));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    a = f.OnResponse(204,
                     Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}},
                     kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    a = f.OnResponse(303, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
    if (!p->redirect_keeps_preflight) {
      ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
      EXPECT_EQ(a.request.method, "GET");
      continue;
    }
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(H(a, "Access-Control-Request-Method"), "GET");
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "<none>");
    a = f.OnResponse(204, Hs{kAcaoStar}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(a.request.method, "GET");
    a = f.OnResponse(302, Hs{kAcaoStar, Loc("https://third.example/y")}, kNow);
    EXPECT_EQ(a.kind, Kind::kSendPreflight) << "still sticky: " << a.reason;
  }
  // A request that was never preflighted is not affected.
  Fetch f = Make("PUT", "https://app.example/same", Opts().WithProfile(kWebKitProfile));
  f.Start(kNow);
  Action a = f.OnResponse(303, Hs{Loc("https://api.example/x")}, kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  EXPECT_EQ(a.request.method, "GET");
}

// A JSON POST redirected by 303, then by 307: the Standard drops
// Content-Type at the 303, so neither later hop preflights; Firefox keeps it
// in the request, preflights both hops, and lists it only on the second
// (the first comes right after the method changed).
TEST(FetchRedirect, FirefoxKeepsBodyHeadersButOmitsThemOnce) {
  for (const Profile* p : {&kChromiumProfile, &kFirefoxProfile}) {
    SCOPED_TRACE(p->name);
    const bool keep = p->method_change_keeps_body_headers;
    Fetch f = Make("POST", "https://api.example/r",
                   Opts()
                       .Headers({{"Content-Type", "application/json"}})
                       .WithProfile(*p));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "content-type");
    const HeaderView allow_ct{"Access-Control-Allow-Headers", "content-type"};
    a = f.OnResponse(204, Hs{kAcaoPage, allow_ct}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    a = f.OnResponse(303, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
    if (!keep) {
      ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
      EXPECT_EQ(H(a, "Content-Type"), "<none>");
      a = f.OnResponse(307, Hs{kAcaoStar, Loc("https://third.example/y")}, kNow);
      EXPECT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
      continue;
    }
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(H(a, "Access-Control-Request-Method"), "GET");
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "<none>");
    // Checked without it too: an answer that allows no header passes.
    a = f.OnResponse(204, Hs{kAcaoPage}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(H(a, "Content-Type"), "application/json");
    a = f.OnResponse(307, Hs{kAcaoStar, Loc("https://third.example/y")}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "content-type");
    a = f.OnResponse(204, Hs{kAcaoPage}, kNow);
    ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
    EXPECT_EQ(a.error.error, CorsError::kHeaderDisallowedByPreflightResponse);
  }
}

// WebKit keeps Authorization at a hop between origins, so the next
// preflight lists it; the Standard removes it there.
TEST(FetchRedirect, WebKitKeepsAuthorizationBetweenOrigins) {
  for (const Profile* p : {&kSpecProfile, &kWebKitProfile}) {
    SCOPED_TRACE(p->name);
    Fetch f = Make("PUT", "https://api.example/r",
                   Opts()
                       .Headers({{"Authorization", "x"}, {"X-A", "1"}})
                       .WithProfile(*p));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    a = f.OnResponse(204,
                     Hs{kAcaoPage,
                        {"Access-Control-Allow-Methods", "PUT"},
                        {"Access-Control-Allow-Headers", "authorization, x-a"}},
                     kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(H(a, "Authorization"), "x");
    a = f.OnResponse(307, Hs{kAcaoPage, Loc("https://other.example/x")}, kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"),
              p->redirect_keeps_request_headers ? "authorization,x-a" : "x-a");
  }
}

// A preflighted PUT redirected back to the page's own origin preflights
// there (the request is tainted). Firefox does not read that preflight's
// Allow-Origin; everything else of it still counts.
TEST(FetchRedirect, PreflightToRequestOriginPerProfile) {
  for (const Profile* p : {&kChromiumProfile, &kFirefoxProfile}) {
    SCOPED_TRACE(p->name);
    const bool skip = p->preflight_to_request_origin_skips_cors_check;
    auto second_preflight = [&](Hs answer, int status) {
      Fetch f = Make("PUT", "https://api.example/r", Opts().WithProfile(*p));
      f.Start(kNow);
      f.OnResponse(204, Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}},
                   kNow);
      Action a =
          f.OnResponse(307, Hs{kAcaoPage, Loc("https://app.example/back")}, kNow);
      EXPECT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      return f.OnResponse(status, answer, kNow);
    };
    const HeaderView put{"Access-Control-Allow-Methods", "PUT"};
    Action a = second_preflight(Hs{put}, 204);  // no Allow-Origin at all
    if (skip) {
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      EXPECT_EQ(OriginOf(a), "null");
    } else {
      ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
      EXPECT_EQ(a.error.error, CorsError::kPreflightMissingAllowOriginHeader);
    }
    a = second_preflight(Hs{kAcaoNull}, 204);  // PUT not allowed
    ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
    if (skip) {
      EXPECT_EQ(a.error.error, CorsError::kMethodDisallowedByPreflightResponse);
    }
    a = second_preflight(Hs{kAcaoNull, put}, 500);
    ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
    if (skip) {
      EXPECT_EQ(a.error.error, CorsError::kPreflightInvalidStatus);
    }
  }
}

// Two Location headers: Chromium and Firefox refuse differing values in
// every redirect mode and take identical ones as one; the Standard fails
// only when it follows the redirect; WebKit joins them.
TEST(FetchRedirect, RepeatedLocationPerProfileAndMode) {
  const Hs differing{kAcaoStar, Loc("/a"), Loc("/b")};
  const Hs identical{kAcaoStar, Loc("/a"), Loc("/a")};
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile,
                           &kWebKitProfile}) {
    for (RedirectMode mode : {RedirectMode::kFollow, RedirectMode::kManual}) {
      SCOPED_TRACE(testing::Message() << p->name << " " << ToString(mode));
      auto answer = [&](const Hs& h) {
        Fetch f = Make("GET", "https://api.example/r",
                       Opts().Redirect(mode).WithProfile(*p));
        f.Start(kNow);
        return f.OnResponse(302, h, kNow);
      };
      const RepeatedLocation rule = p->repeated_location;
      Action a = answer(differing);
      if (rule == RepeatedLocation::kFailUnlessIdentical ||
          (rule == RepeatedLocation::kFailWhenFollowed &&
           mode == RedirectMode::kFollow)) {
        ASSERT_EQ(a.kind, Kind::kFail) << a.reason;
        EXPECT_EQ(a.error.error, CorsError::kInvalidRedirectLocation);
      } else if (mode == RedirectMode::kManual) {
        EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect) << a.reason;
      } else {
        ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
        EXPECT_EQ(a.request.url, "https://api.example/a,%20/b");
      }
      a = answer(identical);
      if (mode == RedirectMode::kManual) {
        EXPECT_EQ(a.response.type, ResponseType::kOpaqueRedirect) << a.reason;
      } else if (rule == RepeatedLocation::kFailWhenFollowed) {
        EXPECT_EQ(a.kind, Kind::kFail) << a.reason;
      } else {
        ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
        EXPECT_EQ(a.request.url, rule == RepeatedLocation::kJoin
                                     ? "https://api.example/a,%20/a"
                                     : "https://api.example/a");
      }
    }
  }
}

}  // namespace
}  // namespace corsengine
