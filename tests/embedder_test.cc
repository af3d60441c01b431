// File: tests/embedder_test.cc
//
// Embedder controls: origin access lists (Chromium's matching and priority
// rule), CORS-enabled schemes, extra-safelisted and CORS-exempt header
// names, and the observer, each through a Fetch as a host would use them.

#include "corsengine/embedder.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/fetch.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;
using Kind = Action::Kind;
using State = OriginAccessList::AccessState;

constexpr char kPage[] = "https://app.example";
const absl::Time kNow = absl::FromUnixSeconds(1700000000);

Url U(std::string_view s) { return *Url::Parse(s); }
Origin O(std::string_view s) { return *Origin::Parse(s); }

OriginAccessPattern Pattern(std::string scheme, std::string host,
                            bool subdomains = false,
                            std::optional<uint16_t> port = std::nullopt,
                            AccessPriority priority = AccessPriority::kDefault) {
  OriginAccessPattern p;
  p.scheme = std::move(scheme);
  p.host = std::move(host);
  p.include_subdomains = subdomains;
  p.port = port;
  p.priority = priority;
  return p;
}

Fetch Make(std::string_view method, std::string_view url,
           std::vector<HeaderView> headers, const EmbedderControls* controls,
           PreflightCache* cache = nullptr,
           const Profile& profile = kChromiumProfile) {
  RequestInit init;
  init.origin = O(kPage);
  init.url = url;
  init.method = method;
  init.headers = headers;
  Expected<Request> r = CreateRequest(init, profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return Fetch(std::move(r).value(), profile, cache, controls);
}

TEST(OriginAccessPattern, MatchesSchemeHostAndPort) {
  EXPECT_TRUE(Pattern("https", "api.example").Matches(U("https://api.example/x")));
  EXPECT_FALSE(Pattern("http", "api.example").Matches(U("https://api.example/")));
  EXPECT_FALSE(Pattern("https", "api.example").Matches(U("https://a.api.example/")));
  EXPECT_TRUE(Pattern("https", "api.example", true)
                  .Matches(U("https://a.b.api.example/")));
  EXPECT_TRUE(Pattern("https", "api.example", true).Matches(U("https://api.example/")));
  // A suffix that is not a subdomain does not match.
  EXPECT_FALSE(Pattern("https", "api.example", true)
                   .Matches(U("https://evilapi.example/")));
  // Any port, or exactly one (443 is https's default).
  EXPECT_TRUE(Pattern("https", "api.example").Matches(U("https://api.example:8443/")));
  EXPECT_TRUE(Pattern("https", "api.example", false, 443)
                  .Matches(U("https://api.example/")));
  EXPECT_FALSE(Pattern("https", "api.example", false, 443)
                   .Matches(U("https://api.example:8443/")));
  EXPECT_TRUE(Pattern("https", "api.example", false, 8443)
                  .Matches(U("https://api.example:8443/")));
}

// Chromium's OriginAccessEntry: with subdomains, an empty host is every
// host (IP addresses too); an IP-address host matches only itself; and a
// list keeps scheme and host lowercase, as URLs have them.
TEST(OriginAccessPattern, EmptyHostsIpAddressesAndCase) {
  EXPECT_TRUE(Pattern("https", "", true).Matches(U("https://b.example/")));
  EXPECT_TRUE(Pattern("https", "", true).Matches(U("https://10.0.0.1/")));
  EXPECT_FALSE(Pattern("https", "", false).Matches(U("https://b.example/")));
  EXPECT_FALSE(Pattern("http", "0.1", true).Matches(U("http://192.168.0.1/")));
  // An IP address written any way a URL reads matches that address.
  EXPECT_TRUE(Pattern("http", "0.1").Matches(U("http://0.0.0.1/")));
  EXPECT_TRUE(Pattern("http", "127.1", true).Matches(U("http://127.0.0.1/")));
  EXPECT_TRUE(Pattern("http", "[0:0::1]").Matches(U("http://[::1]/")));
  EXPECT_FALSE(Pattern("http", "0.0.1", true).Matches(U("http://10.0.0.1/")));
  EXPECT_TRUE(Pattern("http", "0.0.0.1", true).Matches(U("http://0.0.0.1/")));
  EXPECT_TRUE(Pattern("http", "example", true).Matches(U("http://a.example/")));
  OriginAccessList list;
  ASSERT_TRUE(list.AddAllowPattern(O(kPage), Pattern("HTTPS", "API.Example")));
  EXPECT_EQ(list.CheckAccessState(O(kPage), U("https://api.example/")),
            State::kAllowed);
  // kMax beats a block at kHigh.
  ASSERT_TRUE(list.AddBlockPattern(
      O(kPage), Pattern("https", "api.example", false, std::nullopt,
                        AccessPriority::kHigh)));
  EXPECT_EQ(list.CheckAccessState(O(kPage), U("https://api.example/")),
            State::kBlocked);
  ASSERT_TRUE(list.AddAllowPattern(
      O(kPage), Pattern("https", "api.example", false, std::nullopt,
                        AccessPriority::kMax)));
  EXPECT_EQ(list.CheckAccessState(O(kPage), U("https://api.example/")),
            State::kAllowed);
}

// Chromium's CalculateResponseTainting: a no-cors request whose origin a
// redirect tainted is opaque even at a destination the list allows.
TEST(EmbedderControls, TaintedNoCorsRequestStaysOpaque) {
  EmbedderControls controls;
  ASSERT_TRUE(controls.origin_access.AddAllowPattern(
      O(kPage), Pattern("https", "example", true)));
  RequestInit init;
  init.origin = O(kPage);
  init.url = "https://b.example/r";
  init.mode = RequestMode::kNoCors;
  Expected<Request> r = CreateRequest(init, kChromiumProfile);
  ASSERT_TRUE(r.ok());
  Fetch f(std::move(r).value(), kChromiumProfile, nullptr, &controls);
  ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
  EXPECT_EQ(f.tainting(), ResponseTainting::kBasic);
  Action a = f.OnResponse(302, {{"Location", "https://c.example/s"}}, kNow);
  ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
  a = f.OnResponse(200, {{"X-A", "1"}}, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.type, ResponseType::kOpaque);
}

TEST(OriginAccessList, ChromiumPriorityRule) {
  OriginAccessList list;
  const Origin page = O(kPage);
  EXPECT_EQ(list.CheckAccessState(page, U("https://api.example/")), State::kNotListed);
  ASSERT_TRUE(list.AddAllowPattern(page, Pattern("https", "example", true)));
  EXPECT_EQ(list.CheckAccessState(page, U("https://api.example/")), State::kAllowed);
  EXPECT_EQ(list.CheckAccessState(page, U("https://other.test/")), State::kNotListed);
  // Only the source origin's own patterns count.
  EXPECT_EQ(list.CheckAccessState(O("https://other.example"), U("https://api.example/")),
            State::kNotListed);
  // A block of equal priority wins; an allow of higher priority beats it.
  ASSERT_TRUE(list.AddBlockPattern(page, Pattern("https", "secret.example")));
  EXPECT_EQ(list.CheckAccessState(page, U("https://secret.example/")), State::kBlocked);
  ASSERT_TRUE(list.AddAllowPattern(
      page, Pattern("https", "secret.example", false, std::nullopt,
                    AccessPriority::kMedium)));
  EXPECT_EQ(list.CheckAccessState(page, U("https://secret.example/")), State::kAllowed);
  // A block pattern alone: blocked where it matches.
  ASSERT_TRUE(list.AddBlockPattern(page, Pattern("https", "other.test")));
  EXPECT_EQ(list.CheckAccessState(page, U("https://other.test/")), State::kBlocked);
  // Opaque sources can be no key and are blocked.
  EXPECT_FALSE(list.AddAllowPattern(Origin(), Pattern("https", "api.example")));
  EXPECT_EQ(list.CheckAccessState(Origin(), U("https://api.example/")), State::kBlocked);
  list.ClearForOrigin(page);
  EXPECT_EQ(list.CheckAccessState(page, U("https://api.example/")), State::kNotListed);
}

TEST(EmbedderControls, AllowedDestinationIsFetchedAsSameOrigin) {
  EmbedderControls controls;
  ASSERT_TRUE(controls.origin_access.AddAllowPattern(
      O(kPage), Pattern("https", "api.example")));
  Fetch f = Make("PUT", "https://api.example/r", {{"X-Token", "t"}}, &controls);
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  EXPECT_THAT(a.reason, HasSubstr("origin access list"));
  EXPECT_EQ(f.tainting(), ResponseTainting::kBasic);
  // No CORS headers needed; script reads everything but Set-Cookie.
  const std::vector<HeaderView> response = {{"X-Secret", "1"},
                                            {"Set-Cookie", "a=b"}};
  a = f.OnResponse(200, response, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.type, ResponseType::kBasic);
  EXPECT_THAT(a.response.header_names, ElementsAre("x-secret"));
}

TEST(EmbedderControls, BlockedOrUnlistedDestinationGoesThroughCors) {
  EmbedderControls controls;
  ASSERT_TRUE(controls.origin_access.AddAllowPattern(
      O(kPage), Pattern("https", "example", true)));
  ASSERT_TRUE(controls.origin_access.AddBlockPattern(
      O(kPage), Pattern("https", "api.example")));
  for (const char* url : {"https://api.example/r", "https://api.test/r"}) {
    Fetch f = Make("PUT", url, {{"X-Token", "t"}}, &controls);
    EXPECT_EQ(f.Start(kNow).kind, Kind::kSendPreflight) << url;
    EXPECT_EQ(f.tainting(), ResponseTainting::kCors);
  }
}

TEST(EmbedderControls, CorsEnabledScheme) {
  Fetch plain = Make("GET", "app://bundle/data.json", {}, nullptr);
  Action a = plain.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kFail);
  EXPECT_EQ(a.error.error, CorsError::kCorsDisabledScheme);

  EmbedderControls controls;
  controls.cors_enabled_schemes = {"app"};
  Fetch f = Make("GET", "app://bundle/data.json", {}, &controls);
  a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  EXPECT_EQ(*a.request.FindHeader("Origin"), kPage);
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", "*"}, {"Content-Type", "text/plain"}};
  a = f.OnResponse(200, response, kNow);
  ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
  EXPECT_EQ(a.response.type, ResponseType::kCors);
}

TEST(EmbedderControls, ExtraSafelistedNamesNeedNoPreflight) {
  EmbedderControls controls;
  controls.extra_safelisted_header_names = {"X-Client-Data"};
  {
    Fetch f = Make("GET", "https://api.example/r", {{"x-client-data", "1"}},
                   &controls);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(*a.request.FindHeader("x-client-data"), "1");
  }
  {
    // Other unsafe names still need one, and only they are listed.
    Fetch f = Make("GET", "https://api.example/r",
                   {{"X-Other", "1"}, {"X-Client-Data", "1"}}, &controls);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(*a.request.FindHeader("Access-Control-Request-Headers"), "x-other");
  }
}

// CORS-exempt headers are the host's own (Chromium's cors_exempt_headers):
// passed apart from script's, sent on every hop, never seen by CORS; a
// script header of an exempt name is script's, and a host header whose
// name the controls do not list is refused.
TEST(EmbedderControls, CorsExemptHeadersAreTheHostsOwn) {
  EmbedderControls controls;
  controls.cors_exempt_header_names = {"x-host-token", "Authorization"};
  auto make = [&](std::vector<HeaderView> script, std::vector<HeaderView> host,
                  const EmbedderControls* c) {
    RequestInit init;
    init.origin = O(kPage);
    init.url = "https://api.example/r";
    init.headers = script;
    init.cors_exempt_headers = host;
    Expected<Request> r = CreateRequest(init, kSpecProfile);
    EXPECT_TRUE(r.ok()) << r.error();
    return Fetch(std::move(r).value(), kSpecProfile, nullptr, c);
  };
  {
    Fetch f = make({}, {{"X-Host-Token", " t "}, {"authorization", "Bearer h"}},
                   &controls);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(*a.request.FindHeader("X-Host-Token"), "t");  // normalized
    EXPECT_EQ(*a.request.FindHeader("Authorization"), "Bearer h");
    // Still there after a redirect between origins, where script's
    // Authorization would be dropped.
    a = f.OnResponse(307,
                     {{"Access-Control-Allow-Origin", "*"},
                      {"Location", "https://other.example/s"}},
                     kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(*a.request.FindHeader("X-Host-Token"), "t");
    EXPECT_EQ(*a.request.FindHeader("Authorization"), "Bearer h");
  }
  {
    // Script's header of an exempt name is CORS-unsafe as any other; the
    // preflight carries no host header; the request carries the host's
    // value in place of script's (Chromium merges the two lists).
    Fetch f = make({{"X-Host-Token", "from script"}, {"X-A", "1"}},
                   {{"X-Host-Token", "host"}, {"Authorization", "Bearer h"}},
                   &controls);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(*a.request.FindHeader("Access-Control-Request-Headers"),
              "x-a,x-host-token");
    EXPECT_EQ(a.request.FindHeader("X-Host-Token"), nullptr);
    EXPECT_EQ(a.request.FindHeader("Authorization"), nullptr);
    a = f.OnResponse(204,
                     {{"Access-Control-Allow-Origin", kPage},
                      {"Access-Control-Allow-Headers", "x-a, x-host-token"}},
                     kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    int tokens = 0;
    for (const Header& h : a.request.headers) {
      if (h.name == "X-Host-Token") {
        ++tokens;
        EXPECT_EQ(h.value, "host");
      }
    }
    EXPECT_EQ(tokens, 1);
  }
  {
    // A forbidden name is refused even when the controls list it.
    EmbedderControls listed;
    listed.cors_exempt_header_names = {"Cookie"};
    Fetch f = make({}, {{"Cookie", "a=b"}}, &listed);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kCorsExemptHeaderNotAllowed);
  }
  const EmbedderControls* const with_and_without[] = {&controls, nullptr};
  for (const EmbedderControls* c : with_and_without) {
    // A host header the controls do not list: refused before anything is
    // sent.
    Fetch f = make({}, {{"X-Unlisted", "1"}}, c);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kCorsExemptHeaderNotAllowed);
    EXPECT_TRUE(a.request.url.empty());
  }
  {
    // A host header that is no header is refused by CreateRequest.
    RequestInit init;
    init.origin = O(kPage);
    init.url = "https://api.example/r";
    const std::vector<HeaderView> bad = {{"X Host", "1"}};
    init.cors_exempt_headers = bad;
    Expected<Request> r = CreateRequest(init, kSpecProfile);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().error, CorsError::kInvalidHeaderName);
  }
}

class RecordingObserver : public FetchObserver {
 public:
  void OnPreflightSent(const Request& request, const OutgoingRequest& preflight,
                       std::string_view reason) override {
    events.push_back("preflight " + request.method + " " + preflight.method +
                     " " + std::string(reason.empty() ? "-" : "why"));
  }
  void OnCacheOutcome(const Request& request,
                      const CacheLookup& lookup) override {
    events.push_back("cache " + request.method + " " +
                     std::string(ToString(lookup.outcome)));
  }
  void OnFailure(const Request& request, const CorsErrorStatus& error,
                 std::string_view reason) override {
    (void)reason;
    events.push_back("failure " + request.method + " " +
                     std::string(CorsErrorName(error.error)));
  }
  std::vector<std::string> events;
};

TEST(EmbedderControls, ObserverSeesPreflightsCacheOutcomesAndFailures) {
  RecordingObserver observer;
  EmbedderControls controls;
  controls.observer = &observer;
  PreflightCache cache(kChromiumProfile);
  const std::vector<HeaderView> preflight = {
      {"Access-Control-Allow-Origin", kPage},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Max-Age", "60"}};
  const std::vector<HeaderView> ok = {{"Access-Control-Allow-Origin", kPage}};
  {
    Fetch f = Make("PUT", "https://api.example/r", {}, &controls, &cache);
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    ASSERT_EQ(f.OnResponse(204, preflight, kNow).kind, Kind::kSendRequest);
    ASSERT_EQ(f.OnResponse(200, ok, kNow).kind, Kind::kDeliver);
  }
  {
    Fetch f = Make("PUT", "https://api.example/r", {}, &controls, &cache);
    ASSERT_EQ(f.Start(kNow + absl::Seconds(1)).kind, Kind::kSendRequest);
  }
  {
    // A simple GET asks no cache; its response fails the CORS check.
    Fetch f = Make("GET", "https://api.example/s", {}, &controls, &cache);
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
    const std::vector<HeaderView> wrong = {
        {"Access-Control-Allow-Origin", "https://other.example"}};
    ASSERT_EQ(f.OnResponse(200, wrong, kNow).kind, Kind::kFail);
  }
  EXPECT_THAT(observer.events,
              ElementsAre("cache PUT miss", "preflight PUT OPTIONS why",
                          "cache PUT hit", "failure GET AllowOriginMismatch"));
}

TEST(EmbedderControls, EmptyControlsChangeNothing) {
  EmbedderControls controls;
  for (const EmbedderControls* c : {static_cast<const EmbedderControls*>(nullptr),
                                    static_cast<const EmbedderControls*>(&controls)}) {
    Fetch f = Make("PUT", "https://api.example/r", {{"X-Token", "t"}}, c);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight);
    EXPECT_EQ(*a.request.FindHeader("Access-Control-Request-Headers"), "x-token");
  }
}

}  // namespace
}  // namespace corsengine
