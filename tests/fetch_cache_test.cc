// File: tests/fetch_cache_test.cc
//
// Fetch with a PreflightCache: hits, misses and expiry as the actions report
// them (#http-fetch "makeCORSPreflight" and the cache lookup,
// #cors-preflight-fetch's final store step, #main-fetch's "clear cache
// entries"), the per-profile rules of docs/PROFILES.md ("The preflight
// cache"), and the coalescing of identical in-flight preflights
// (kWaitForPreflight / finished_flight / Resume).

#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/fetch.h"
#include "corsengine/preflight_cache.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_profiles.h"

namespace corsengine {
namespace {

using testing::HasSubstr;
using Kind = Action::Kind;
using Hs = std::vector<HeaderView>;

constexpr char kPage[] = "https://app.example";
const absl::Time kNow = absl::FromUnixSeconds(1700000000);

const HeaderView kAcaoPage{"Access-Control-Allow-Origin", kPage};
const HeaderView kAcaoNull{"Access-Control-Allow-Origin", "null"};

PreflightCache::Options OneShard() {
  PreflightCache::Options o;
  o.shards = 1;
  return o;
}

struct Opts {
  std::vector<HeaderView> headers;
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  CacheMode cache = CacheMode::kDefault;

  Opts& Headers(std::vector<HeaderView> h) {
    headers = std::move(h);
    return *this;
  }
  Opts& Credentials(CredentialsMode c) {
    credentials = c;
    return *this;
  }
  Opts& Cache(CacheMode c) {
    cache = c;
    return *this;
  }
};

Fetch Make(std::string_view method, std::string_view url,
           const Profile& profile, PreflightCache* cache,
           const Opts& o = Opts()) {
  RequestInit init;
  init.origin = *Origin::Parse(kPage);
  init.url = url;
  init.method = method;
  init.headers = o.headers;
  init.credentials = o.credentials;
  init.cache = o.cache;
  Expected<Request> r = CreateRequest(init, profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return Fetch(std::move(r).value(), profile, cache);
}

std::string H(const Action& a, std::string_view name) {
  const std::string* v = a.request.FindHeader(name);
  return v ? *v : "<none>";
}

const Hs kPutOk60 = {kAcaoPage,
                     {"Access-Control-Allow-Methods", "PUT"},
                     {"Access-Control-Max-Age", "60"}};

// Runs a PUT to `url` through a passing preflight (Max-Age 60) and a passing
// actual response, from `now`; returns the preflight action.
Action PrimePut(PreflightCache* cache, const Profile& profile,
                std::string_view url, absl::Time now) {
  Fetch f = Make("PUT", url, profile, cache);
  Action preflight = f.Start(now);
  EXPECT_EQ(preflight.kind, Kind::kSendPreflight) << preflight.reason;
  Action a = f.OnResponse(204, kPutOk60, now);
  EXPECT_EQ(a.kind, Kind::kSendRequest) << a.reason;
  a = f.OnResponse(200, Hs{kAcaoPage}, now);
  EXPECT_EQ(a.kind, Kind::kDeliver) << a.reason;
  return preflight;
}

const Profile* const kAllProfiles[] = {&kSpecProfile, &kChromiumProfile,
                                       &kFirefoxPrimed, &kWebKitProfile};

// --- Hit, miss, stale -------------------------------------------------------

TEST(FetchCache, SecondFetchHitsWithinMaxAgeAndPreflightsAfter) {
  for (const Profile* p : kAllProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p, OneShard());
    {
      Fetch f = Make("PUT", "https://api.example/r", *p, &cache);
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kMiss);
      EXPECT_NE(a.wait_id, 0u);
      const uint64_t flight = a.wait_id;
      a = f.OnResponse(204, kPutOk60, kNow);
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      EXPECT_EQ(a.finished_flight, flight);
      EXPECT_EQ(cache.size(), 1u);
      a = f.OnResponse(200, Hs{kAcaoPage}, kNow);
      ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
      EXPECT_EQ(a.finished_flight, 0u);
    }
    {
      Fetch f = Make("PUT", "https://api.example/r", *p, &cache);
      Action a = f.Start(kNow + absl::Seconds(59));
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kHit);
      EXPECT_EQ(a.request.method, "PUT");
      EXPECT_EQ(a.request.url, "https://api.example/r");
      EXPECT_EQ(H(a, "Origin"), kPage);
      EXPECT_EQ(H(a, "Access-Control-Request-Method"), "<none>");
      a = f.OnResponse(200, Hs{kAcaoPage}, kNow + absl::Seconds(59));
      ASSERT_EQ(a.kind, Kind::kDeliver) << a.reason;
    }
    {
      Fetch f = Make("PUT", "https://api.example/r", *p, &cache);
      Action a = f.Start(kNow + absl::Seconds(61));
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kStale);
      EXPECT_EQ(H(a, "Access-Control-Request-Method"), "PUT");
      EXPECT_EQ(cache.size(), 0u);
    }
  }
}

// The key is the URL with its fragment (all three browsers preflight /r#a
// and /r#b apart), and a redirect without a fragment keeps the request's
// (#http-redirect-fetch), so the next hop's lookup carries it too.
TEST(FetchCache, FragmentsAreInTheKeyAndRedirectsKeepThem) {
  for (const Profile* p : kAllProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p, OneShard());
    PrimePut(&cache, *p, "https://api.example/r2#a", kNow);
    {
      Fetch f = Make("PUT", "https://api.example/r2#b", *p, &cache);
      const Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      EXPECT_EQ(a.request.url, "https://api.example/r2");  // never on the wire
    }
    {
      Fetch f = Make("PUT", "https://api.example/r2", *p, &cache);
      EXPECT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    }
    // /r#a redirected to /r2 goes on as /r2#a: a hit.
    Fetch f = Make("PUT", "https://api.example/r#a", *p, &cache);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    a = f.OnResponse(204, kPutOk60, kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    a = f.OnResponse(307, Hs{kAcaoPage, {"Location", "/r2"}}, kNow);
    ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kHit);
    EXPECT_EQ(a.request.url, "https://api.example/r2");
  }
}

// Without Access-Control-Max-Age the entry lives 5 s (#cors-preflight-fetch).
TEST(FetchCache, DefaultMaxAgeIsFiveSeconds) {
  PreflightCache cache(kSpecProfile, OneShard());
  Fetch f = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  f.Start(kNow);
  ASSERT_EQ(f.OnResponse(204,
                         Hs{kAcaoPage, {"Access-Control-Allow-Methods", "PUT"}},
                         kNow)
                .kind,
            Kind::kSendRequest);
  Fetch g = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  EXPECT_EQ(g.Start(kNow + absl::Seconds(4)).cache.outcome, CacheOutcome::kHit);
  Fetch h = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Action a = h.Start(kNow + absl::Seconds(5));
  EXPECT_EQ(a.kind, Kind::kSendPreflight);
  EXPECT_EQ(a.cache.outcome, CacheOutcome::kStale);
}

TEST(FetchCache, NoCacheMeansNotUsed) {
  Fetch f = Make("PUT", "https://api.example/r", kSpecProfile, nullptr);
  Action a = f.Start(kNow);
  ASSERT_EQ(a.kind, Kind::kSendPreflight);
  EXPECT_EQ(a.cache.outcome, CacheOutcome::kNotUsed);
  EXPECT_EQ(a.wait_id, 0u);
}

TEST(FetchCache, HitAndFailNamesWhatWasNotCovered) {
  PreflightCache cache(kSpecProfile, OneShard());
  {
    Fetch f = Make("PUT", "https://api.example/r", kSpecProfile, &cache,
                   Opts().Headers({{"X-A", "1"}}));
    f.Start(kNow);
    ASSERT_EQ(f.OnResponse(204,
                           Hs{kAcaoPage,
                              {"Access-Control-Allow-Methods", "PUT"},
                              {"Access-Control-Allow-Headers", "X-A"},
                              {"Access-Control-Max-Age", "60"}},
                           kNow)
                  .kind,
              Kind::kSendRequest);
  }
  {
    Fetch f = Make("DELETE", "https://api.example/r", kSpecProfile, &cache);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kHitAndFail);
    EXPECT_EQ(a.cache.not_covered, "DELETE");
    EXPECT_TRUE(a.cache.not_covered_is_method);
    EXPECT_THAT(a.reason, HasSubstr("DELETE"));
    EXPECT_EQ(H(a, "Access-Control-Request-Method"), "DELETE");
  }
  {
    Fetch f = Make("PUT", "https://api.example/r", kSpecProfile, &cache,
                   Opts().Headers({{"X-A", "1"}, {"X-B", "2"}}));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kHitAndFail);
    EXPECT_EQ(a.cache.not_covered, "x-b");
    EXPECT_FALSE(a.cache.not_covered_is_method);
    EXPECT_THAT(a.reason, HasSubstr("x-b"));
    EXPECT_EQ(H(a, "Access-Control-Request-Headers"), "x-a,x-b");
  }
  {
    // Still covered: the spec profile keeps an entry after a hit-and-fail.
    Fetch f = Make("PUT", "https://api.example/r", kSpecProfile, &cache,
                   Opts().Headers({{"x-a", "1"}}));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kHit);
  }
}

// --- Clearing (#main-fetch: "clear cache entries" after a network error of a
// fetch made with a preflight) -----------------------------------------------

TEST(FetchCache, FailedPreflightClearsTheEntry) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p, OneShard());
    PrimePut(&cache, *p, "https://api.example/r", kNow);
    ASSERT_EQ(cache.size(), 1u);
    {
      Fetch f = Make("DELETE", "https://api.example/r", *p, &cache);
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight);
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kHitAndFail);
      a = f.OnResponse(204, kPutOk60, kNow);  // allows PUT, not DELETE
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kMethodDisallowedByPreflightResponse);
    }
    EXPECT_EQ(cache.size(), 0u);
    Fetch g = Make("PUT", "https://api.example/r", *p, &cache);
    Action a = g.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kMiss);
  }
}

TEST(FetchCache, PreflightFailingTheCorsCheckClearsTheEntry) {
  PreflightCache cache(kSpecProfile, OneShard());
  PrimePut(&cache, kSpecProfile, "https://api.example/r", kNow);
  {
    Fetch f = Make("PATCH", "https://api.example/r", kSpecProfile, &cache);
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    Action a = f.OnResponse(204, Hs{{"Access-Control-Allow-Methods", "PATCH"}},
                            kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kPreflightMissingAllowOriginHeader);
  }
  Fetch g = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  EXPECT_EQ(g.Start(kNow).cache.outcome, CacheOutcome::kMiss);
}

// Which profiles clear a URL's entries after its actual response failed
// (Profile::cache_cleared_when_actual_fails).
struct ClearCase {
  const Profile* profile;
  bool cleared;
};
const ClearCase kClearedAfterActualFails[] = {{&kSpecProfile, true},
                                              {&kFirefoxPrimed, true},
                                              {&kChromiumProfile, false},
                                              {&kWebKitProfile, false}};

TEST(FetchCache, FailedActualResponseClearsPerProfile) {
  for (const ClearCase& c : kClearedAfterActualFails) {
    SCOPED_TRACE(c.profile->name);
    const Profile& p = *c.profile;
    PreflightCache cache(p, OneShard());
    {
      Fetch f = Make("PUT", "https://api.example/r", p, &cache);
      ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
      ASSERT_EQ(f.OnResponse(204, kPutOk60, kNow).kind, Kind::kSendRequest);
      EXPECT_EQ(cache.size(), 1u);
      Action a = f.OnResponse(200, Hs{}, kNow);  // no ACAO
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kMissingAllowOriginHeader);
    }
    EXPECT_EQ(cache.size(), c.cleared ? 0u : 1u);
    Fetch g = Make("PUT", "https://api.example/r", p, &cache);
    Action a = g.Start(kNow);
    if (c.cleared) {
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kMiss);
    } else {
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kHit);
    }
  }
}

// Firefox clears a URL's entries whenever a response there fails the CORS
// check, a redirect's included, or the request ends in a network error
// (which fails Gecko's check too), also for a request that needed no preflight
// and for one whose cache mode keeps it from the cache (Gecko's CORS
// listener removes them on every failed check); the Standard and the other
// browsers clear only after a CORS-with-preflight fetch, so the cached PUT
// still hits.
TEST(FetchCache, FailedCheckWithoutPreflightClearsOnlyInFirefox) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed, &kChromiumProfile,
                           &kWebKitProfile}) {
    const bool clears = p->id == ProfileId::kFirefox;
    for (CacheMode mode : {CacheMode::kDefault, CacheMode::kNoStore}) {
      for (int status : {200, 302, 0}) {  // 0: a network error
        SCOPED_TRACE(std::string(p->name) + " " +
                     std::string(ToString(mode)) + " " +
                     std::to_string(status));
        PreflightCache cache(*p, OneShard());
        PrimePut(&cache, *p, "https://api.example/r", kNow);
        ASSERT_EQ(cache.size(), 1u);
        {
          // A simple GET, not preflighted; the response at its URL, a
          // redirect or not, has no Access-Control-Allow-Origin.
          Fetch f = Make("GET", "https://api.example/r", *p, &cache,
                         Opts().Cache(mode));
          ASSERT_EQ(f.Start(kNow).kind, Kind::kSendRequest);
          Action a =
              status == 0
                  ? f.OnNetworkError("connection reset", kNow)
                  : f.OnResponse(
                        status,
                        Hs{{"Location", "https://api.example/elsewhere"}},
                        kNow);
          ASSERT_EQ(a.kind, Kind::kFail);
          EXPECT_EQ(a.error.error, status == 0
                                       ? CorsError::kNetworkError
                                       : CorsError::kMissingAllowOriginHeader);
        }
        EXPECT_EQ(cache.size(), clears ? 0u : 1u);
        Fetch g = Make("PUT", "https://api.example/r", *p, &cache);
        Action a = g.Start(kNow);
        EXPECT_EQ(a.kind, clears ? Kind::kSendPreflight : Kind::kSendRequest)
            << a.reason;
      }
    }
  }
}

// #main-fetch: a redirect's main fetch runs inside the preflighted hop, so a
// failure on a later hop that needed no preflight (a GET after a 303)
// clears the entries of the URL it failed at. Firefox preflights every hop
// after one that was (redirect_keeps_preflight), so it clears there too;
// recorded in all three browsers (variant/clear-after-hop/).
TEST(FetchCache, FailureOnALaterHopClearsItsUrl) {
  for (const ClearCase& c : kClearedAfterActualFails) {
    SCOPED_TRACE(c.profile->name);
    const Profile& p = *c.profile;
    PreflightCache cache(p, OneShard());
    PrimePut(&cache, p, "https://api.example/b", kNow);
    {
      Fetch f = Make("PUT", "https://api.example/a", p, &cache);
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      a = f.OnResponse(204, kPutOk60, kNow);
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      a = f.OnResponse(
          303, Hs{kAcaoPage, {"Location", "https://api.example/b"}}, kNow);
      while (a.kind == Kind::kSendPreflight) {
        a = f.OnResponse(204, kPutOk60, kNow);  // Firefox's, for the GET
      }
      ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
      EXPECT_EQ(a.request.method, "GET");
      a = f.OnResponse(200, Hs{}, kNow);  // no ACAO
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kMissingAllowOriginHeader);
    }
    Fetch g = Make("PUT", "https://api.example/b", p, &cache);
    EXPECT_EQ(g.Start(kNow).kind,
              c.cleared ? Kind::kSendPreflight : Kind::kSendRequest);
    Fetch h = Make("PUT", "https://api.example/a", p, &cache);
    EXPECT_EQ(h.Start(kNow).kind, Kind::kSendRequest);  // /a is kept
  }
}

// --- Cache mode -------------------------------------------------------------------

TEST(FetchCache, NoStoreBypassesForChromiumNotWebKit) {
  {
    PreflightCache cache(kChromiumProfile, OneShard());
    const Opts no_store = Opts().Cache(CacheMode::kNoStore);
    {
      Fetch f = Make("PUT", "https://api.example/r", kChromiumProfile, &cache,
                     no_store);
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight);
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kNotUsed);
      EXPECT_EQ(a.wait_id, 0u);
      ASSERT_EQ(f.OnResponse(204, kPutOk60, kNow).kind, Kind::kSendRequest);
      EXPECT_EQ(cache.size(), 0u);  // not filled either
    }
    PrimePut(&cache, kChromiumProfile, "https://api.example/r", kNow);
    ASSERT_EQ(cache.size(), 1u);
    Fetch f = Make("PUT", "https://api.example/r", kChromiumProfile, &cache,
                   no_store);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kNotUsed);
  }
  {
    PreflightCache cache(kWebKitProfile, OneShard());
    PrimePut(&cache, kWebKitProfile, "https://api.example/r", kNow);
    Fetch f = Make("PUT", "https://api.example/r", kWebKitProfile, &cache,
                   Opts().Cache(CacheMode::kNoStore));
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kHit);
  }
}

// --- The key after a redirect taint -------------------------------------------

// api.example's preflight is keyed under the page's origin; after the 307 to
// other.example the request origin serializes to "null", and that hop's
// preflight is keyed (spec) or not cached at all (Chromium) under "null".
TEST(FetchCache, TaintedRedirectUsesTheNullOrigin) {
  const Hs api_preflight = {kAcaoPage,
                            {"Access-Control-Allow-Headers", "X-Custom"},
                            {"Access-Control-Max-Age", "60"}};
  const Hs other_preflight = {kAcaoNull,
                              {"Access-Control-Allow-Headers", "X-Custom"},
                              {"Access-Control-Max-Age", "60"}};
  const Hs redirect = {kAcaoPage, {"Location", "https://other.example/x"}};
  const Opts custom = Opts().Headers({{"X-Custom", "1"}});
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile}) {
    SCOPED_TRACE(p->name);
    const bool caches_null = p->id == ProfileId::kSpec;
    PreflightCache cache(*p, OneShard());
    {
      Fetch f = Make("GET", "https://api.example/r", *p, &cache, custom);
      Action a = f.Start(kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight);
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kMiss);
      ASSERT_EQ(f.OnResponse(204, api_preflight, kNow).kind,
                Kind::kSendRequest);
      a = f.OnResponse(307, redirect, kNow);
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      EXPECT_EQ(a.request.url, "https://other.example/x");
      EXPECT_EQ(H(a, "Origin"), "null");
      EXPECT_EQ(a.cache.outcome,
                caches_null ? CacheOutcome::kMiss : CacheOutcome::kNotUsed);
      if (caches_null) {
        EXPECT_NE(a.wait_id, 0u);
      } else {
        EXPECT_EQ(a.wait_id, 0u);
      }
      a = f.OnResponse(204, other_preflight, kNow);
      ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
      EXPECT_EQ(H(a, "Origin"), "null");
      ASSERT_EQ(f.OnResponse(200, Hs{kAcaoNull}, kNow).kind, Kind::kDeliver);
    }
    EXPECT_EQ(cache.size(), caches_null ? 2u : 1u);

    // The entry for other.example is under "null", not the page's origin.
    UnsafeHeaderNames names;
    names.push_back("x-custom");
    const PreflightCacheKey null_key{"", "null", "https://other.example/x"};
    const PreflightCacheKey page_key{"", kPage, "https://other.example/x"};
    EXPECT_EQ(cache.Lookup(null_key, "GET", names,
                           CredentialsMode::kSameOrigin, kNow)
                  .outcome,
              caches_null ? CacheOutcome::kHit : CacheOutcome::kMiss);
    EXPECT_EQ(cache.Lookup(page_key, "GET", names,
                           CredentialsMode::kSameOrigin, kNow)
                  .outcome,
              CacheOutcome::kMiss);

    // The same fetch again: both hops from the cache (spec), or the tainted
    // hop preflights again (Chromium).
    Fetch f = Make("GET", "https://api.example/r", *p, &cache, custom);
    Action a = f.Start(kNow);
    ASSERT_EQ(a.kind, Kind::kSendRequest) << a.reason;
    EXPECT_EQ(a.cache.outcome, CacheOutcome::kHit);
    a = f.OnResponse(307, redirect, kNow);
    if (caches_null) {
      ASSERT_EQ(a.kind, Kind::kFollowRedirect) << a.reason;
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kHit);
      EXPECT_EQ(a.request.url, "https://other.example/x");
      EXPECT_EQ(H(a, "Origin"), "null");
      EXPECT_EQ(H(a, "X-Custom"), "1");
    } else {
      ASSERT_EQ(a.kind, Kind::kSendPreflight) << a.reason;
      EXPECT_EQ(a.cache.outcome, CacheOutcome::kNotUsed);
    }
  }
}

// --- Coalescing -----------------------------------------------------------------

TEST(FetchCache, CoalescedFollowerJudgesTheSharedResponse) {
  PreflightCache cache(kSpecProfile, OneShard());
  Fetch leader = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Fetch follower = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Action l = leader.Start(kNow);
  ASSERT_EQ(l.kind, Kind::kSendPreflight);
  const uint64_t n = l.wait_id;
  ASSERT_NE(n, 0u);
  Action w = follower.Start(kNow);
  ASSERT_EQ(w.kind, Kind::kWaitForPreflight) << w.reason;
  EXPECT_EQ(w.wait_id, n);
  EXPECT_EQ(w.cache.outcome, CacheOutcome::kMiss);
  EXPECT_FALSE(follower.done());

  // Still in flight.
  w = follower.Resume(kNow);
  ASSERT_EQ(w.kind, Kind::kWaitForPreflight) << w.reason;
  EXPECT_EQ(w.wait_id, n);

  l = leader.OnResponse(204, kPutOk60, kNow);
  ASSERT_EQ(l.kind, Kind::kSendRequest) << l.reason;
  EXPECT_EQ(l.finished_flight, n);

  w = follower.Resume(kNow);
  ASSERT_EQ(w.kind, Kind::kSendRequest) << w.reason;
  EXPECT_EQ(w.request.method, "PUT");
  EXPECT_EQ(w.request.url, "https://api.example/r");
  EXPECT_EQ(H(w, "Origin"), kPage);
  EXPECT_THAT(w.reason, HasSubstr("shared preflight"));
  w = follower.OnResponse(200, Hs{kAcaoPage}, kNow);
  ASSERT_EQ(w.kind, Kind::kDeliver) << w.reason;

  // Once finished, a third identical fetch hits the cache instead.
  Fetch third = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  EXPECT_EQ(third.Start(kNow).cache.outcome, CacheOutcome::kHit);
}

TEST(FetchCache, CredentialedFollowerNeedsAllowCredentialsInSharedResponse) {
  PreflightCache cache(kSpecProfile, OneShard());
  Fetch leader = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Fetch follower = Make("PUT", "https://api.example/r", kSpecProfile, &cache,
                        Opts().Credentials(CredentialsMode::kInclude));
  Action l = leader.Start(kNow);
  ASSERT_EQ(l.kind, Kind::kSendPreflight);
  Action w = follower.Start(kNow);
  ASSERT_EQ(w.kind, Kind::kWaitForPreflight) << w.reason;
  EXPECT_EQ(w.wait_id, l.wait_id);
  l = leader.OnResponse(204, kPutOk60, kNow);  // no Allow-Credentials
  ASSERT_EQ(l.kind, Kind::kSendRequest) << l.reason;
  EXPECT_EQ(l.finished_flight, w.wait_id);
  w = follower.Resume(kNow);
  ASSERT_EQ(w.kind, Kind::kFail) << w.reason;
  EXPECT_EQ(w.error.error, CorsError::kPreflightMissingAllowCredentials);
  EXPECT_TRUE(follower.done());
  l = leader.OnResponse(200, Hs{kAcaoPage}, kNow);
  ASSERT_EQ(l.kind, Kind::kDeliver) << l.reason;
}

TEST(FetchCache, LeaderNetworkErrorSendsFollowerOnItsOwn) {
  PreflightCache cache(kSpecProfile, OneShard());
  Fetch leader = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Fetch follower = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  const uint64_t n = leader.Start(kNow).wait_id;
  ASSERT_NE(n, 0u);
  ASSERT_EQ(follower.Start(kNow).kind, Kind::kWaitForPreflight);
  Action l = leader.OnNetworkError("connection reset", kNow);
  ASSERT_EQ(l.kind, Kind::kFail);
  EXPECT_EQ(l.error.error, CorsError::kNetworkError);
  EXPECT_EQ(l.finished_flight, n);

  Action w = follower.Resume(kNow);
  ASSERT_EQ(w.kind, Kind::kSendPreflight) << w.reason;
  EXPECT_EQ(w.request.method, "OPTIONS");
  EXPECT_EQ(w.request.url, "https://api.example/r");
  EXPECT_EQ(H(w, "Access-Control-Request-Method"), "PUT");
  EXPECT_NE(w.wait_id, 0u);
  EXPECT_NE(w.wait_id, n);

  // The follower now leads: a newcomer waits on its flight.
  Fetch third = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Action t = third.Start(kNow);
  ASSERT_EQ(t.kind, Kind::kWaitForPreflight) << t.reason;
  EXPECT_EQ(t.wait_id, w.wait_id);
  w = follower.OnResponse(204, kPutOk60, kNow);
  ASSERT_EQ(w.kind, Kind::kSendRequest) << w.reason;
  EXPECT_EQ(w.finished_flight, t.wait_id);
  ASSERT_EQ(third.Resume(kNow).kind, Kind::kSendRequest);
}

// A leader whose host calls it out of order (Start or Resume again) fails,
// and gives its flight up like a network error would: the followers are
// told and send their own, and a newcomer does not join the dead flight.
TEST(FetchCache, LeaderCalledOutOfOrderReleasesFollowers) {
  for (int misuse = 0; misuse < 2; ++misuse) {
    SCOPED_TRACE(misuse == 0 ? "Start again" : "Resume");
    PreflightCache cache(kSpecProfile, OneShard());
    Fetch leader = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
    Fetch follower = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
    const uint64_t n = leader.Start(kNow).wait_id;
    ASSERT_NE(n, 0u);
    ASSERT_EQ(follower.Start(kNow).kind, Kind::kWaitForPreflight);
    Action l = misuse == 0 ? leader.Start(kNow) : leader.Resume(kNow);
    ASSERT_EQ(l.kind, Kind::kFail);
    EXPECT_EQ(l.error.error, CorsError::kUnexpectedCall);
    EXPECT_EQ(l.finished_flight, n);
    EXPECT_TRUE(leader.done());

    Fetch third = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
    Action t = third.Start(kNow);
    ASSERT_EQ(t.kind, Kind::kSendPreflight) << t.reason;
    EXPECT_NE(t.wait_id, n);
    Action w = follower.Resume(kNow);
    ASSERT_EQ(w.kind, Kind::kWaitForPreflight) << w.reason;
    EXPECT_EQ(w.wait_id, t.wait_id);
  }
}

TEST(FetchCache, DifferentPreflightsDoNotCoalesce) {
  PreflightCache cache(kSpecProfile, OneShard());
  Fetch a = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Fetch b = Make("PUT", "https://api.example/r", kSpecProfile, &cache,
                 Opts().Headers({{"X-A", "1"}}));
  Fetch c = Make("DELETE", "https://api.example/r", kSpecProfile, &cache);
  Fetch d = Make("PUT", "https://api.example/other", kSpecProfile, &cache);
  const Action first = a.Start(kNow);
  ASSERT_EQ(first.kind, Kind::kSendPreflight);
  for (Fetch* f : {&b, &c, &d}) {
    Action x = f->Start(kNow);
    ASSERT_EQ(x.kind, Kind::kSendPreflight) << x.reason;
    EXPECT_NE(x.wait_id, first.wait_id);
  }
}

TEST(FetchCache, CoalescingCanBeTurnedOff) {
  PreflightCache::Options o = OneShard();
  o.coalesce_preflights = false;
  PreflightCache cache(kSpecProfile, o);
  Fetch a = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Fetch b = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
  Action x = a.Start(kNow);
  Action y = b.Start(kNow);
  ASSERT_EQ(x.kind, Kind::kSendPreflight);
  ASSERT_EQ(y.kind, Kind::kSendPreflight);
  EXPECT_EQ(x.wait_id, 0u);
  EXPECT_EQ(y.wait_id, 0u);
  EXPECT_EQ(x.cache.outcome, CacheOutcome::kMiss);
}

TEST(FetchCache, ResumeWhenNotWaitingIsUnexpected) {
  PreflightCache cache(kSpecProfile, OneShard());
  {
    Fetch f = Make("PUT", "https://api.example/r", kSpecProfile, &cache);
    Action a = f.Resume(kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);
  }
  {
    // The leader awaits its preflight's response: not waiting on a flight.
    Fetch f = Make("PUT", "https://api.example/s", kSpecProfile, &cache);
    ASSERT_EQ(f.Start(kNow).kind, Kind::kSendPreflight);
    Action a = f.Resume(kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);
  }
  {
    // After a shared response was judged.
    Fetch leader = Make("PUT", "https://api.example/t", kSpecProfile, &cache);
    Fetch follower = Make("PUT", "https://api.example/t", kSpecProfile, &cache);
    leader.Start(kNow);
    ASSERT_EQ(follower.Start(kNow).kind, Kind::kWaitForPreflight);
    leader.OnResponse(204, kPutOk60, kNow);
    ASSERT_EQ(follower.Resume(kNow).kind, Kind::kSendRequest);
    Action a = follower.Resume(kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);
  }
  {
    // A waiting fetch gets no OnResponse.
    Fetch leader = Make("PUT", "https://api.example/u", kSpecProfile, &cache);
    Fetch follower = Make("PUT", "https://api.example/u", kSpecProfile, &cache);
    leader.Start(kNow);
    ASSERT_EQ(follower.Start(kNow).kind, Kind::kWaitForPreflight);
    Action a = follower.OnResponse(204, kPutOk60, kNow);
    ASSERT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);
  }
}

}  // namespace
}  // namespace corsengine
