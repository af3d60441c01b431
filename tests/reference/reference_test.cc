// File: tests/reference/reference_test.cc
//
// The reference model against examples worked out by hand from the Fetch
// Standard (the examples under #concept-header-list-get-decode-split are
// the Standard's own) and from docs/PROFILES.md. If the reference is wrong
// here, every fuzzer that uses it is wrong too.

#include "tests/reference/reference.h"

#include <string>
#include <vector>

#include "corsengine/profile.h"
#include "gtest/gtest.h"

namespace corsref {
namespace {

using corsengine::kChromiumProfile;
using corsengine::kFirefoxProfile;
using corsengine::kSpecProfile;
using corsengine::kWebKitProfile;
using Strings = std::vector<std::string>;

constexpr char kOrigin[] = "http://127.0.0.1:8001";

TEST(ReferenceHeaders, NormalizeAndValidity) {
  EXPECT_EQ(NormalizeHeaderValue(" \t a b \r\n"), "a b");
  EXPECT_TRUE(IsHeaderValue(""));
  EXPECT_TRUE(IsHeaderValue("a\tb"));
  EXPECT_FALSE(IsHeaderValue(" a"));
  EXPECT_FALSE(IsHeaderValue(std::string("a\0b", 3)));
  EXPECT_TRUE(IsHeaderName("X-A"));
  EXPECT_FALSE(IsHeaderName("X A"));
  EXPECT_FALSE(IsHeaderName(""));
}

// #concept-header-list-get-decode-split, the Standard's examples.
TEST(ReferenceHeaders, GetDecodeAndSplitExamples) {
  EXPECT_EQ(GetDecodeAndSplitValue("nosniff,"), (Strings{"nosniff", ""}));
  EXPECT_EQ(GetDecodeAndSplitValue("text/html;\", x/x"),
            (Strings{"text/html;\", x/x"}));
  EXPECT_EQ(GetDecodeAndSplitValue("x/x;test=\"hi\",y/y"),
            (Strings{"x/x;test=\"hi\"", "y/y"}));
  EXPECT_EQ(GetDecodeAndSplitValue("x / x,,,1"),
            (Strings{"x / x", "", "", "1"}));
  // `A: "1,2"`, `D: 4`, `A: 3`: get combines the two A headers.
  const HeaderList list = {{"A", "\"1,2\""}, {"D", "4"}, {"A", "3"}};
  EXPECT_EQ(*GetDecodeAndSplit(list, "a"), (Strings{"\"1,2\"", "3"}));
  EXPECT_FALSE(GetDecodeAndSplit(list, "b").has_value());
  EXPECT_EQ(*Get(list, "A"), "\"1,2\", 3");
}

TEST(ReferenceHeaders, ExtractHeaderListValues) {
  const HeaderList list = {{"Access-Control-Allow-Methods", " PUT, ,DELETE "},
                           {"access-control-allow-methods", "patch"},
                           {"Access-Control-Allow-Headers", "x-a, x b"}};
  ListValues methods = ExtractTokenListValues(list, "Access-Control-Allow-Methods");
  EXPECT_EQ(methods.state, ListValues::State::kList);
  EXPECT_EQ(methods.values, (Strings{"PUT", "DELETE", "patch"}));
  ListValues headers = ExtractTokenListValues(list, "Access-Control-Allow-Headers");
  EXPECT_EQ(headers.state, ListValues::State::kFailure);
  EXPECT_EQ(headers.invalid, "x b");
  EXPECT_EQ(ExtractTokenListValues(list, "Access-Control-Expose-Headers").state,
            ListValues::State::kNull);
}

TEST(ReferenceMethods, ForbiddenSafelistedNormalize) {
  EXPECT_TRUE(IsForbiddenMethod("TrAcK"));
  EXPECT_FALSE(IsForbiddenMethod("PATCH"));
  EXPECT_EQ(NormalizeMethod("delete"), "DELETE");
  EXPECT_EQ(NormalizeMethod("patch"), "patch");
  EXPECT_TRUE(IsCorsSafelistedMethod("POST"));
  EXPECT_FALSE(IsCorsSafelistedMethod("post"));
}

TEST(ReferenceRequestHeaders, Safelist) {
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("Content-Type",
                                            "Text/Plain ; charset=utf-8",
                                            kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Content-Type", "text/plain(",
                                             kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Content-Type", "application/json",
                                             kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Accept", std::string(129, 'a'),
                                             kSpecProfile));
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("Accept-Language", "en-US;q=0.5",
                                            kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Accept-Language", "en@x",
                                             kSpecProfile));
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("Range", "bytes=0-1", kSpecProfile));
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("Range", "bytes=5-", kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", "bytes=-5", kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", "bytes=5-1", kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", "bytes=0-1,2-3",
                                             kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", "BYTES=0-1", kSpecProfile));
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("Range", "BYTES=0-1", kWebKitProfile));
  const std::string huge = "bytes=" + std::string(30, '9') + "-";
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("Range", huge, kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("Range", huge, kChromiumProfile));
  EXPECT_TRUE(IsCorsSafelistedRequestHeader("DPR", "1.5", kChromiumProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("DPR", "1.5", kSpecProfile));
  EXPECT_FALSE(IsCorsSafelistedRequestHeader("DPR", "1.", kChromiumProfile));
}

TEST(ReferenceRequestHeaders, Forbidden) {
  EXPECT_TRUE(IsForbiddenRequestHeader("sec-foo", "1"));
  EXPECT_TRUE(IsForbiddenRequestHeader("Proxy-X", "1"));
  EXPECT_TRUE(IsForbiddenRequestHeader("DNT", "1"));
  EXPECT_TRUE(IsForbiddenRequestHeader("X-HTTP-Method-Override", "GET, trace"));
  EXPECT_FALSE(IsForbiddenRequestHeader("X-HTTP-Method-Override", "GET, PUT"));
  // The quoted string keeps its quotes, so it is no forbidden method.
  EXPECT_FALSE(IsForbiddenRequestHeader("X-HTTP-Method", "\"TRACE\""));
  EXPECT_FALSE(IsForbiddenRequestHeader("X-A", "TRACE"));
}

TEST(ReferenceRequestHeaders, UnsafeNames) {
  const HeaderList headers = {
      {"X-B", "1"}, {"x-a", "1"}, {"Accept", "*/*"}, {"X-A", "2"}};
  EXPECT_EQ(CorsUnsafeRequestHeaderNames(headers, kSpecProfile),
            (Strings{"x-a", "x-b"}));
  EXPECT_EQ(CorsUnsafeRequestHeaderNames(headers, kFirefoxProfile),
            (Strings{"x-a", "x-a", "x-b"}));
  EXPECT_EQ(AccessControlRequestHeadersValue({"x-a", "x-b"}), "x-a,x-b");
  // Nine safelisted 120-byte values: 1,080 bytes > 1,024.
  HeaderList many;
  for (int i = 0; i < 9; ++i) many.push_back({"Accept", std::string(120, 'a')});
  EXPECT_EQ(CorsUnsafeRequestHeaderNames(many, kSpecProfile), (Strings{"accept"}));
  EXPECT_TRUE(CorsUnsafeRequestHeaderNames(many, kFirefoxProfile).empty());
  EXPECT_TRUE(NeedsCorsPreflight("GET", many, false, kSpecProfile));
  EXPECT_FALSE(NeedsCorsPreflight("GET", {}, false, kSpecProfile));
  EXPECT_TRUE(NeedsCorsPreflight("GET", {}, true, kSpecProfile));
}

TEST(ReferenceRequest, ConstructorOrderAndHeaders) {
  using Refusal = ConstructedRequest::Refusal;
  RequestInput in;
  in.method = "trace";
  in.cache = CacheMode::kOnlyIfCached;
  // only-if-cached is checked before the method.
  EXPECT_EQ(ConstructRequest(in, kSpecProfile).refusal,
            Refusal::kOnlyIfCachedNotSameOrigin);
  in.cache = CacheMode::kDefault;
  EXPECT_EQ(ConstructRequest(in, kSpecProfile).refusal, Refusal::kForbiddenMethod);
  in.method = "put";
  in.mode = RequestMode::kNoCors;
  EXPECT_EQ(ConstructRequest(in, kSpecProfile).refusal, Refusal::kNoCorsMethod);

  // no-cors: the second Accept is judged combined with the first (100 +
  // 2 + 100 bytes > 128) and dropped; Range and X-A are dropped.
  in.method = "get";
  in.headers = {{"Accept", std::string(100, 'a')},
                {"Accept", std::string(100, 'b')},
                {"Range", "bytes=0-1"},
                {"X-A", "1"},
                {"Content-Type", " text/plain \n"}};
  ConstructedRequest r = ConstructRequest(in, kSpecProfile);
  EXPECT_EQ(r.refusal, Refusal::kNone);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.headers, (HeaderList{{"Accept", std::string(100, 'a')},
                                   {"Content-Type", "text/plain"}}));

  // cors: forbidden names dropped; a repeated name keeps the first one's
  // case (#concept-header-list-append) or is combined (Chromium).
  in.mode = RequestMode::kCors;
  in.headers = {{"X-A", "1"}, {"Cookie", "c"}, {"x-a", "2"}};
  EXPECT_EQ(ConstructRequest(in, kSpecProfile).headers,
            (HeaderList{{"X-A", "1"}, {"X-A", "2"}}));
  EXPECT_EQ(ConstructRequest(in, kChromiumProfile).headers,
            (HeaderList{{"X-A", "1, 2"}}));
  in.headers = {{"X A", "1"}};
  EXPECT_EQ(ConstructRequest(in, kSpecProfile).refusal,
            Refusal::kInvalidHeaderName);
  in.headers = {{"X-A", "a\rb"}};
  EXPECT_EQ(ConstructRequest(in, kSpecProfile).refusal,
            Refusal::kInvalidHeaderValue);
}

TEST(ReferenceCorsCheck, Steps) {
  const HeaderList star = {{"Access-Control-Allow-Origin", "*"}};
  EXPECT_EQ(CorsCheck(star, kOrigin, CredentialsMode::kOmit),
            CorsCheckFailure::kNone);
  EXPECT_EQ(CorsCheck(star, kOrigin, CredentialsMode::kInclude),
            CorsCheckFailure::kWildcardWithCredentials);
  EXPECT_EQ(CorsCheck({}, kOrigin, CredentialsMode::kOmit),
            CorsCheckFailure::kNoAllowOrigin);
  const HeaderList twice = {{"Access-Control-Allow-Origin", kOrigin},
                            {"Access-Control-Allow-Origin", kOrigin}};
  EXPECT_EQ(CorsCheck(twice, kOrigin, CredentialsMode::kOmit),
            CorsCheckFailure::kOriginMismatch);
  const HeaderList capital = {{"Access-Control-Allow-Origin", kOrigin},
                              {"Access-Control-Allow-Credentials", "True"}};
  EXPECT_EQ(CorsCheck(capital, kOrigin, CredentialsMode::kInclude),
            CorsCheckFailure::kAllowCredentialsNotTrue);
  const HeaderList ok = {{"Access-Control-Allow-Origin", kOrigin},
                         {"Access-Control-Allow-Credentials", " true\t"}};
  EXPECT_EQ(CorsCheck(ok, kOrigin, CredentialsMode::kInclude),
            CorsCheckFailure::kNone);
  EXPECT_EQ(CorsCheck({{"Access-Control-Allow-Origin", "null"}}, "null",
                      CredentialsMode::kOmit),
            CorsCheckFailure::kNone);
}

MaxAge Age(const std::vector<std::string>& values, const Profile& p) {
  HeaderList list;
  for (const std::string& v : values) list.push_back({"Access-Control-Max-Age", v});
  return ParseMaxAge(list, p);
}

TEST(ReferenceMaxAge, PerProfile) {
  EXPECT_EQ(Age({}, kSpecProfile).seconds, 5);
  EXPECT_EQ(Age({" "}, kFirefoxProfile).source, MaxAge::Source::kAbsent);
  EXPECT_EQ(Age({"abc"}, kSpecProfile).seconds, 5);
  EXPECT_EQ(Age({"abc"}, kFirefoxProfile).seconds, 0);
  EXPECT_EQ(Age({"-1"}, kSpecProfile).seconds, 5);
  EXPECT_EQ(Age({"-1"}, kChromiumProfile).seconds, 0);
  EXPECT_EQ(Age({"-1"}, kChromiumProfile).source, MaxAge::Source::kNegative);
  EXPECT_EQ(Age({"100000"}, kChromiumProfile).seconds, 7200);
  EXPECT_EQ(Age({"100000"}, kChromiumProfile).requested_seconds, 100000);
  EXPECT_EQ(Age({"700"}, kWebKitProfile).seconds, 600);
  EXPECT_EQ(Age({"2147483648"}, kFirefoxProfile).seconds, 86400);
  EXPECT_EQ(Age({"99999999999999999999999"}, kFirefoxProfile).seconds, 86400);
  EXPECT_EQ(Age({"2147483648"}, kChromiumProfile).seconds, 7200);
  EXPECT_EQ(Age({"99999999999999999999999"}, kSpecProfile).seconds, 86400);
  EXPECT_EQ(Age({"99999999999999999999999"}, kChromiumProfile).seconds, 5);
  EXPECT_EQ(Age({"10", "10"}, kSpecProfile).source, MaxAge::Source::kInvalid);
  EXPECT_EQ(Age({"+10"}, kSpecProfile).source, MaxAge::Source::kInvalid);
}

TEST(ReferencePreflight, Verdicts) {
  using Step = PreflightVerdict::Step;
  PreflightRequest put;
  put.method = "PUT";
  put.headers = {{"X-A", "1"}};
  put.credentials = CredentialsMode::kInclude;
  HeaderList response = {{"Access-Control-Allow-Origin", kOrigin},
                         {"Access-Control-Allow-Credentials", "true"},
                         {"Access-Control-Allow-Methods", "*"},
                         {"Access-Control-Allow-Headers", "x-a"}};
  // With credentials `*` is a literal method name.
  PreflightVerdict v = JudgePreflight(put, kOrigin, 204, response, kSpecProfile);
  EXPECT_EQ(v.step, Step::kMethodNotAllowed);
  EXPECT_EQ(v.failed_value, "PUT");
  put.credentials = CredentialsMode::kOmit;
  v = JudgePreflight(put, kOrigin, 204, response, kSpecProfile);
  EXPECT_EQ(v.step, Step::kOk);
  EXPECT_EQ(v.result.methods, Strings{"*"});
  EXPECT_EQ(v.result.header_names, Strings{"x-a"});
  EXPECT_EQ(v.result.max_age.seconds, 5);
  EXPECT_EQ(JudgePreflight(put, kOrigin, 302, response, kSpecProfile).step,
            Step::kStatus);

  // `Access-Control-Allow-Headers: *` covers Authorization only where the
  // profile says so.
  PreflightRequest auth;
  auth.method = "GET";
  auth.headers = {{"Authorization", "x"}};
  const HeaderList star = {{"Access-Control-Allow-Origin", "*"},
                           {"Access-Control-Allow-Headers", "*"}};
  EXPECT_EQ(JudgePreflight(auth, kOrigin, 200, star, kSpecProfile).step,
            Step::kAuthorizationNotListed);
  EXPECT_EQ(JudgePreflight(auth, kOrigin, 200, star, kChromiumProfile).step,
            Step::kOk);

  // Methods absent with the use-CORS-preflight flag: the request's method.
  PreflightRequest flagged;
  flagged.method = "GET";
  flagged.use_cors_preflight = true;
  v = JudgePreflight(flagged, kOrigin, 200, star, kSpecProfile);
  EXPECT_EQ(v.result.methods, Strings{"GET"});
}

TEST(ReferenceFilteredResponse, Readable) {
  const HeaderList response = {{"Content-Type", "text/plain"},
                               {"X-Secret", "1"},
                               {"Set-Cookie", "a=b"},
                               {"*", "star"},
                               {"Access-Control-Expose-Headers", "*"}};
  EXPECT_EQ(ReadableHeaders(response, ResponseType::kCors, CredentialsMode::kOmit),
            (std::vector<bool>{true, true, false, true, true}));
  EXPECT_EQ(
      ReadableHeaders(response, ResponseType::kCors, CredentialsMode::kInclude),
      (std::vector<bool>{true, false, false, true, false}));
  EXPECT_EQ(ReadableHeaders(response, ResponseType::kBasic, CredentialsMode::kOmit),
            (std::vector<bool>{true, true, false, true, true}));
  EXPECT_EQ(
      ReadableHeaders(response, ResponseType::kOpaque, CredentialsMode::kOmit),
      (std::vector<bool>(5, false)));
  const std::vector<bool> readable =
      ReadableHeaders(response, ResponseType::kCors, CredentialsMode::kInclude);
  EXPECT_EQ(ReadableHeaderNames(response, readable),
            (Strings{"*", "content-type"}));
}

PreflightResult Result(Strings methods, Strings headers, int64_t seconds,
                       bool credentials = false) {
  PreflightResult r;
  r.methods = std::move(methods);
  r.header_names = std::move(headers);
  r.credentials = credentials;
  r.max_age.source = MaxAge::Source::kValid;
  r.max_age.seconds = seconds;
  return r;
}

TEST(ReferenceCache, PerItemMergesAndExpiresItems) {
  PreflightCacheModel cache(kSpecProfile, 0);
  const CacheKey key{"", kOrigin, "http://127.0.0.1:8002/r/x"};
  cache.Store(key, Result({"PUT"}, {}, 10), 0);
  cache.Store(key, Result({}, {"x-a"}, 100), 0);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.LookupRequest(key, "PUT", {"x-a"}, CredentialsMode::kOmit, 5)
                .outcome,
            LookupOutcome::kHit);
  const Lookup later =
      cache.LookupRequest(key, "PUT", {"x-a"}, CredentialsMode::kOmit, 50);
  EXPECT_EQ(later.outcome, LookupOutcome::kHitAndFail);
  EXPECT_EQ(later.not_covered, "PUT");
  // Made without credentials: never serves "include".
  EXPECT_EQ(cache.LookupRequest(key, "GET", {"x-a"}, CredentialsMode::kInclude, 5)
                .outcome,
            LookupOutcome::kHitAndFail);
  EXPECT_EQ(cache.LookupRequest(key, "GET", {}, CredentialsMode::kOmit, 100)
                .outcome,
            LookupOutcome::kStale);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ReferenceCache, PerKeyReplacesAndEvictsOnHitAndFail) {
  PreflightCacheModel cache(kChromiumProfile, 0);
  const CacheKey key{"", kOrigin, "http://127.0.0.1:8002/r/x"};
  cache.Store(key, Result({"PUT"}, {"x-a"}, 5), 0);
  cache.Store(key, Result({"DELETE"}, {}, 5), 1);
  EXPECT_EQ(cache.LookupRequest(key, "DELETE", {}, CredentialsMode::kOmit, 2)
                .outcome,
            LookupOutcome::kHit);
  EXPECT_EQ(cache.LookupRequest(key, "PUT", {}, CredentialsMode::kOmit, 2)
                .outcome,
            LookupOutcome::kHitAndFail);
  EXPECT_EQ(cache.LookupRequest(key, "DELETE", {}, CredentialsMode::kOmit, 2)
                .outcome,
            LookupOutcome::kMiss);
  // A result made without credentials serves no "include" request, even one
  // that needs nothing from it.
  cache.Store(key, Result({}, {}, 5), 3);
  const Lookup include =
      cache.LookupRequest(key, "GET", {}, CredentialsMode::kInclude, 4);
  EXPECT_EQ(include.outcome, LookupOutcome::kHitAndFail);
  EXPECT_TRUE(include.not_covered_is_credentials);
  EXPECT_EQ(include.not_covered, "credentials");
}

// #http-fetch step 4.1: with the use-CORS-preflight flag a safelisted
// method needs a method entry too, in the Standard; the browsers exempt it.
TEST(ReferenceCache, UseCorsPreflightFlag) {
  const CacheKey key{"", kOrigin, "http://127.0.0.1:8002/r/x"};
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile}) {
    PreflightCacheModel cache(*p, 0);
    cache.Store(key, Result({"PATCH"}, {}, 60), 0);
    const Lookup get = cache.LookupRequest(key, "GET", {},
                                           CredentialsMode::kOmit, 1, true);
    EXPECT_EQ(get.outcome, p->cache_preflight_flag_needs_method_entry
                               ? LookupOutcome::kHitAndFail
                               : LookupOutcome::kHit)
        << p->name;
  }
}

TEST(ReferenceCache, WildcardsPerProfile) {
  const CacheKey key{"", kOrigin, "http://127.0.0.1:8002/r/x"};
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile}) {
    PreflightCacheModel cache(*p, 0);
    // Firefox's warm-up: the key's first result is dropped, its second kept.
    if (p->cache_drops_new_keys_until_repeat) cache.Store(key, Result({}, {}, 60), 0);
    cache.Store(key, Result({"*"}, {"*"}, 60), 0);
    const LookupOutcome expected = p->cache_wildcard ==
                                           corsengine::CachedWildcard::kLiteral
                                       ? LookupOutcome::kHitAndFail
                                       : LookupOutcome::kHit;
    EXPECT_EQ(cache.LookupRequest(key, "PATCH", {"x-b"}, CredentialsMode::kOmit, 1)
                  .outcome,
              expected)
        << p->name;
  }
  // `*` never covers Authorization in the cache, except WebKit's.
  for (const Profile* p : {&kSpecProfile, &kWebKitProfile}) {
    PreflightCacheModel cache(*p, 0);
    cache.Store(key, Result({}, {"*"}, 60), 0);
    EXPECT_EQ(cache.LookupRequest(key, "GET", {"authorization"},
                                  CredentialsMode::kOmit, 1)
                  .outcome,
              p->cache_wildcard_covers_authorization ? LookupOutcome::kHit
                                                     : LookupOutcome::kHitAndFail)
        << p->name;
  }
}

TEST(ReferenceCache, ZeroMaxAgeAndBound) {
  const CacheKey a{"", kOrigin, "http://127.0.0.1:8002/r/a"};
  const CacheKey b{"", kOrigin, "http://127.0.0.1:8002/r/b"};
  PreflightCacheModel spec(kSpecProfile, 0);
  spec.Store(a, Result({"PUT"}, {}, 60), 0);
  spec.Store(a, Result({"PUT"}, {}, 0), 1);
  EXPECT_EQ(spec.size(), 0u);
  PreflightCacheModel firefox(kFirefoxProfile, 0);
  firefox.Store(a, Result({"PUT"}, {}, 60), 0);  // dropped: the first store
  EXPECT_EQ(firefox.size(), 0u);
  firefox.Store(a, Result({"PUT"}, {}, 60), 0);
  firefox.Store(a, Result({"PUT"}, {}, 0), 1);
  EXPECT_EQ(firefox.size(), 1u);

  // One entry at most: the least recently used goes.
  PreflightCacheModel one(kChromiumProfile, 1);
  one.Store(a, Result({"PUT"}, {}, 60), 0);
  one.Store(b, Result({"PUT"}, {}, 60), 1);
  EXPECT_EQ(one.size(), 1u);
  EXPECT_EQ(one.LookupRequest(a, "PUT", {}, CredentialsMode::kOmit, 2).outcome,
            LookupOutcome::kMiss);
  EXPECT_EQ(one.LookupRequest(b, "PUT", {}, CredentialsMode::kOmit, 2).outcome,
            LookupOutcome::kHit);
}

TEST(ReferenceCache, UsableFor) {
  EXPECT_FALSE(CacheUsableFor(kChromiumProfile, CacheMode::kNoStore, "u", kOrigin));
  EXPECT_TRUE(CacheUsableFor(kSpecProfile, CacheMode::kNoStore, "u", kOrigin));
  EXPECT_FALSE(CacheUsableFor(kChromiumProfile, CacheMode::kDefault,
                              std::string(1024, 'u'), kOrigin));
  EXPECT_FALSE(CacheUsableFor(kChromiumProfile, CacheMode::kDefault, "u", "null"));
  EXPECT_TRUE(CacheUsableFor(kSpecProfile, CacheMode::kDefault, "u", "null"));
}

}  // namespace
}  // namespace corsref
