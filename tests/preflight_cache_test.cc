// File: tests/preflight_cache_test.cc
//
// The preflight cache through its public API, for each profile as
// docs/PROFILES.md ("The preflight cache") says they differ. Results come
// from ParsePreflightResponse(); time is a fixed origin plus whole seconds.

#include "corsengine/preflight_cache.h"

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/header_list.h"
#include "corsengine/origin.h"
#include "corsengine/preflight.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_profiles.h"

namespace corsengine {

// Readable failure messages.
void PrintTo(CacheOutcome outcome, std::ostream* os) {
  *os << ToString(outcome);
}
void PrintTo(const CacheLookup& l, std::ostream* os) {
  *os << ToString(l.outcome);
  if (l.outcome == CacheOutcome::kHitAndFail) {
    *os << " (" << (l.not_covered_is_method ? "method " : "header ") << '"'
        << l.not_covered << "\")";
  }
}

namespace {

using testing::AllOf;
using testing::AnyOf;
using testing::ElementsAre;
using testing::Field;
using testing::Matcher;

constexpr std::string_view kOrigin = "https://app.example";
constexpr std::string_view kOtherOrigin = "https://other.example";
constexpr std::string_view kUrl = "https://api.example/v1/items";
constexpr std::string_view kOtherUrl = "https://api.example/v1/other";
constexpr std::string_view kPartition = "https://top.example";
constexpr std::string_view kOtherPartition = "https://elsewhere.example";

constexpr CredentialsMode kOmit = CredentialsMode::kOmit;
constexpr CredentialsMode kInclude = CredentialsMode::kInclude;

// In the order of the per-profile columns of the tables below.
const Profile* const kProfiles[] = {&kSpecProfile, &kChromiumProfile,
                                    &kFirefoxPrimed, &kWebKitProfile};

absl::Time At(int64_t seconds) {
  return absl::FromUnixSeconds(1000000000) + absl::Seconds(seconds);
}

PreflightCacheKey Key(std::string_view url = kUrl,
                      std::string_view partition = kPartition,
                      std::string_view origin = kOrigin) {
  return PreflightCacheKey{partition, origin, url};
}

// What a preflight response allowed; nullptr: the header is absent.
struct Allow {
  const char* methods = nullptr;
  const char* headers = nullptr;
  const char* max_age = "100";
  CredentialsMode credentials = kOmit;
};

Allow Methods(const char* methods, const char* max_age = "100",
              CredentialsMode credentials = kOmit) {
  return Allow{methods, nullptr, max_age, credentials};
}
Allow Headers(const char* headers, const char* max_age = "100",
              CredentialsMode credentials = kOmit) {
  return Allow{nullptr, headers, max_age, credentials};
}

Request MakeRequest(const Profile& profile, std::string_view url = kUrl,
                    CredentialsMode credentials = kOmit,
                    CacheMode cache = CacheMode::kDefault,
                    std::string_view origin = kOrigin) {
  RequestInit init;
  init.origin = *Origin::Parse(origin);
  init.url = url;
  init.method = "PUT";
  init.credentials = credentials;
  init.cache = cache;
  Expected<Request> r = CreateRequest(init, profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return std::move(r).value();
}

// The result of a preflight that passed the CORS check.
PreflightResult Result(const Profile& profile, const Allow& a) {
  const Request request = MakeRequest(profile, kUrl, a.credentials);
  std::vector<HeaderView> h = {{"Access-Control-Allow-Origin", kOrigin}};
  if (a.credentials == kInclude) {
    h.push_back({"Access-Control-Allow-Credentials", "true"});
  }
  if (a.methods) h.push_back({"Access-Control-Allow-Methods", a.methods});
  if (a.headers) h.push_back({"Access-Control-Allow-Headers", a.headers});
  if (a.max_age) h.push_back({"Access-Control-Max-Age", a.max_age});
  Expected<PreflightResult> r =
      ParsePreflightResponse(request, kOrigin, 204, h, profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return r.ok() ? std::move(r).value() : PreflightResult();
}

CacheLookup Look(PreflightCache& cache, std::string_view method,
                 std::initializer_list<std::string_view> names = {},
                 CredentialsMode credentials = kOmit, absl::Time now = At(1),
                 const PreflightCacheKey& key = Key()) {
  UnsafeHeaderNames unsafe(names.begin(), names.end());
  return cache.Lookup(key, method, unsafe, credentials, now);
}

Matcher<const CacheLookup&> Is(CacheOutcome outcome) {
  return Field("outcome", &CacheLookup::outcome, outcome);
}
const Matcher<const CacheLookup&> kIsHit = Is(CacheOutcome::kHit);
const Matcher<const CacheLookup&> kIsMiss = Is(CacheOutcome::kMiss);
const Matcher<const CacheLookup&> kIsStale = Is(CacheOutcome::kStale);
Matcher<const CacheLookup&> FailsOnMethod(std::string method) {
  return AllOf(Is(CacheOutcome::kHitAndFail),
               Field("not_covered", &CacheLookup::not_covered, method),
               Field("not_covered_is_method",
                     &CacheLookup::not_covered_is_method, true));
}
Matcher<const CacheLookup&> FailsOnHeader(std::string lowercase_name) {
  return AllOf(Is(CacheOutcome::kHitAndFail),
               Field("not_covered", &CacheLookup::not_covered, lowercase_name),
               Field("not_covered_is_method",
                     &CacheLookup::not_covered_is_method, false));
}

bool PerKey(const Profile& p) { return p.cache_model == CacheModel::kPerKey; }

// --- A request shape served before ---
//
// A lookup that an entry serves records the request's shape in the entry,
// and a repeat of that shape is answered from the record. These tests hold
// the record to the full check's answers.

// Spec and Firefox items expire apart: a recorded shape ends when the first
// item it relied on does, and holds again for an earlier `now`.
TEST(PreflightCacheServedShape, EndsWhenAnItemItReliedOnExpires) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A", "10"}), At(0));
    cache.Store(Key(), Result(*p, Allow{"PATCH", "X-B", "30"}), At(0));
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(1)), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(9)), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(11)),
                FailsOnMethod("PUT"));
    EXPECT_THAT(Look(cache, "PATCH", {"X-B"}, kOmit, At(11)), kIsHit);
    EXPECT_THAT(Look(cache, "PATCH", {"X-A"}, kOmit, At(12)),
                FailsOnHeader("x-a"));
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(5)), kIsHit);
  }
}

// The record keeps the bytes the request gave: another case of a header
// name is served through the full check, another case of a method is not
// served (methods compare as bytes).
TEST(PreflightCacheServedShape, OtherBytesAreCheckedInFull) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A, X-B"}), At(0));
    EXPECT_THAT(Look(cache, "PUT", {"X-A", "X-B"}), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"x-a", "X-b"}), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A", "X-B"}), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A", "X-C"}), FailsOnHeader("x-c"));
    // (Some profiles drop an entry that failed a lookup.)
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A, X-B"}), At(0));
    EXPECT_THAT(Look(cache, "PUT", {"X-A", "X-B"}), kIsHit);
    EXPECT_THAT(Look(cache, "put", {"X-A", "X-B"}), FailsOnMethod("put"));
  }
}

// A shape too long for the record (its method and names past 54 bytes) is
// never recorded: each lookup gets the full check.
TEST(PreflightCacheServedShape, LongShapesGetTheFullCheckEachTime) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(),
                Result(*p, Allow{"PUT", "X-First-Long-Header-Name", "10"}),
                At(0));
    cache.Store(Key(),
                Result(*p, Allow{"PUT", "X-Second-Long-Header-Name", "30"}),
                At(0));
    const std::initializer_list<std::string_view> names = {
        "X-First-Long-Header-Name", "X-Second-Long-Header-Name"};
    EXPECT_THAT(Look(cache, "PUT", names, kOmit, At(1)), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", names, kOmit, At(2)), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", names, kOmit, At(11)),
                FailsOnHeader("x-first-long-header-name"));
  }
}

// The credentials mode and the use-CORS-preflight flag are part of the
// shape: a shape served without them says nothing about the same with
// them, which get the answer of a cache that served nothing before.
TEST(PreflightCacheServedShape, CredentialsAndFlagArePartOfTheShape) {
  const UnsafeHeaderNames none;
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache warm(*p);
    PreflightCache cold(*p);
    for (PreflightCache* c : {&warm, &cold}) {
      c->Store(Key(), Result(*p, Allow{"PATCH"}), At(0));
    }
    EXPECT_EQ(warm.Lookup(Key(), "PATCH", none, kOmit, At(1)).outcome,
              CacheOutcome::kHit);
    EXPECT_EQ(warm.Lookup(Key(), "PATCH", none, kInclude, At(1)).outcome,
              cold.Lookup(Key(), "PATCH", none, kInclude, At(1)).outcome);
    for (PreflightCache* c : {&warm, &cold}) {
      c->Store(Key(), Result(*p, Allow{"PATCH"}), At(0));
    }
    EXPECT_EQ(warm.Lookup(Key(), "GET", none, kOmit, At(1)).outcome,
              CacheOutcome::kHit);
    const CacheOutcome flagged =
        warm.Lookup(Key(), "GET", none, kOmit, At(1), true).outcome;
    EXPECT_EQ(flagged,
              cold.Lookup(Key(), "GET", none, kOmit, At(1), true).outcome);
    EXPECT_EQ(flagged, p->cache_preflight_flag_needs_method_entry
                           ? CacheOutcome::kHitAndFail
                           : CacheOutcome::kHit);
  }
}

// Random stores, then random lookups at random (also earlier) times: each
// answer is the one a cache that saw the same stores and no lookup gives.
TEST(PreflightCacheServedShape, RepeatsAnswerAsAColdCache) {
  const std::vector<Allow> results = {
      Allow{"PUT", "X-A", "10"},
      Allow{"PUT, PATCH", "X-A, Authorization", "20"},
      Allow{"*", "*", "15"},
      Allow{"PATCH", "X-Long-Header-Name-Over-Sixteen, X-B", "25"},
      Allow{"PUT", "X-A, X-B", "12", kInclude},
      Allow{"*", "*, X-B", "18", kInclude},
      Allow{nullptr, "X-A", "8"},
  };
  const std::vector<std::string_view> methods = {"GET",   "PUT",  "put",
                                                 "PATCH", "HEAD", "DELETE"};
  const std::vector<std::string_view> names = {
      "X-A", "x-a", "X-B", "Authorization", "X-Long-Header-Name-Over-Sixteen",
      "X-C"};
  uint64_t x = 0x9E3779B97F4A7C15u;
  auto next = [&x](size_t n) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<size_t>(x % n);
  };
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    for (int round = 0; round < 100; ++round) {
      struct Stored {
        PreflightResult result;
        absl::Time at;
      };
      std::vector<Stored> stores;
      for (size_t n = 1 + next(3); n > 0; --n) {
        stores.push_back(
            Stored{Result(*p, results[next(results.size())]), At(next(6))});
      }
      auto fill = [&](PreflightCache& cache) {
        for (const Stored& s : stores) cache.Store(Key(), s.result, s.at);
      };
      // A few shapes per round, so that they repeat.
      struct Shape {
        std::string_view method;
        UnsafeHeaderNames names;
        CredentialsMode credentials;
        bool flag;
      };
      std::vector<Shape> shapes(3);
      for (Shape& shape : shapes) {
        shape.method = methods[next(methods.size())];
        for (size_t n = next(4); n > 0; --n) {
          shape.names.push_back(names[next(names.size())]);
        }
        shape.credentials = next(2) ? kInclude : kOmit;
        shape.flag = next(4) == 0;
      }
      PreflightCache warm(*p);
      fill(warm);
      for (int lookup = 0; lookup < 30; ++lookup) {
        const Shape& shape = shapes[next(shapes.size())];
        const std::string_view method = shape.method;
        const UnsafeHeaderNames& request = shape.names;
        const CredentialsMode credentials = shape.credentials;
        const bool flag = shape.flag;
        const absl::Time now = At(next(30));
        PreflightCache cold(*p);
        fill(cold);
        const size_t entries = cold.size();
        const CacheLookup want =
            cold.Lookup(Key(), method, request, credentials, now, flag);
        const CacheLookup got =
            warm.Lookup(Key(), method, request, credentials, now, flag);
        SCOPED_TRACE(testing::Message() << "round " << round << " lookup "
                                        << lookup << " " << method);
        EXPECT_EQ(got.outcome, want.outcome);
        EXPECT_EQ(got.not_covered, want.not_covered);
        EXPECT_EQ(got.not_covered_is_method, want.not_covered_is_method);
        EXPECT_EQ(got.not_covered_is_credentials,
                  want.not_covered_is_credentials);
        // A lookup that removed an entry removed it from both; the warm
        // cache gets it back.
        if (cold.size() != entries) {
          warm.Clear();
          fill(warm);
        }
      }
    }
  }
}

// --- Lookup outcomes ---

TEST(PreflightCacheLookup, MissWhenNoEntry) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    EXPECT_THAT(Look(cache, "PUT"), kIsMiss);
    cache.Store(Key(), Result(*p, Methods("PUT")), At(0));
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(kOtherUrl)), kIsMiss);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1),
                     Key(kUrl, kPartition, kOtherOrigin)),
                kIsMiss);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(kUrl, "")), kIsMiss);
    EXPECT_THAT(Look(cache, "PUT"), kIsHit);
  }
}

TEST(PreflightCacheLookup, HitUntilMaxAgeThenStaleAndGone) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A", "10"}), At(0));
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(0)), kIsHit);
    EXPECT_THAT(
        Look(cache, "PUT", {"X-A"}, kOmit, At(10) - absl::Milliseconds(1)),
        kIsHit);
    // Expired at exactly now + max-age.
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(10)), kIsStale);
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(10)), kIsMiss);
  }
}

TEST(PreflightCacheLookup, HitAndFailNamesTheMethod) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A"}), At(0));
    EXPECT_THAT(Look(cache, "DELETE", {"X-A"}), FailsOnMethod("DELETE"));
  }
}

TEST(PreflightCacheLookup, HitAndFailNamesTheLowercasedHeader) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A"}), At(0));
    EXPECT_THAT(Look(cache, "PUT", {"X-A", "X-Other"}),
                FailsOnHeader("x-other"));
  }
}

TEST(PreflightCacheLookup, MethodCheckedBeforeHeaders) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A"}), At(0));
    EXPECT_THAT(Look(cache, "DELETE", {"X-Other"}), FailsOnMethod("DELETE"));
  }
}

TEST(PreflightCacheLookup, HeaderNamesCaseInsensitive) {
  for (const Profile* p : kProfiles) {
    for (const char* name : {"x-custom", "X-CUSTOM", "X-Custom"}) {
      SCOPED_TRACE(std::string(p->name) + " " + name);
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Allow{"PUT", "X-Custom"}), At(0));
      EXPECT_THAT(Look(cache, "PUT", {name}), kIsHit);
    }
  }
}

// Items are matched by a fingerprint and word compares whose path depends
// on the name's length (up to 8 bytes, 9-16, longer): for every length up
// to 40, the name in any case hits, and the same name with one byte
// changed at its start, middle or end does not, nor does it one byte
// shorter or longer.
TEST(PreflightCacheLookup, HeaderNamesOfEveryLengthMatchExactly) {
  for (const Profile* p : kProfiles) {
    for (size_t length = 1; length <= 40; ++length) {
      SCOPED_TRACE(std::string(p->name) + " length " + std::to_string(length));
      std::string name;
      for (size_t i = 0; i < length; ++i) name += static_cast<char>('a' + i % 26);
      std::string upper = name;
      for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
      const std::string allow = "X-Other, " + upper;
      // A fresh cache for each lookup: a failed one evicts the entry in
      // some profiles (cache_evict_on_hit_and_fail).
      auto look = [&](const std::string& requested) {
        PreflightCache cache(*p);
        cache.Store(Key(), Result(*p, Allow{"PUT", allow.c_str()}), At(0));
        return Look(cache, "PUT", {requested});
      };
      EXPECT_THAT(look(name), kIsHit);
      EXPECT_THAT(look(upper), kIsHit);
      for (size_t at : {size_t{0}, length / 2, length - 1}) {
        std::string other = name;
        other[at] = other[at] == 'z' ? 'y' : 'z';
        EXPECT_THAT(look(other), FailsOnHeader(other)) << "changed at " << at;
      }
      EXPECT_THAT(look(name + "a"), FailsOnHeader(name + "a"));
      if (length > 1) {
        const std::string shorter = name.substr(0, length - 1);
        EXPECT_THAT(look(shorter), FailsOnHeader(shorter));
      }
    }
  }
}

// Methods match byte-exactly at every length, including past 16 bytes.
TEST(PreflightCacheLookup, MethodsOfEveryLengthMatchExactly) {
  const Profile& p = kChromiumProfile;
  for (size_t length = 1; length <= 24; ++length) {
    SCOPED_TRACE("length " + std::to_string(length));
    std::string method;
    for (size_t i = 0; i < length; ++i) method += static_cast<char>('A' + i % 26);
    auto look = [&](const std::string& requested) {
      PreflightCache cache(p);
      cache.Store(Key(), Result(p, Methods(method.c_str())), At(0));
      return Look(cache, requested);
    };
    EXPECT_THAT(look(method), kIsHit);
    std::string other = method;
    other[length - 1] = static_cast<char>(other[length - 1] + 1);
    EXPECT_THAT(look(other), FailsOnMethod(other));
    std::string lower = method;
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    if (lower != "get" && lower != "head" && lower != "post") {
      EXPECT_THAT(look(lower), FailsOnMethod(lower));
    }
  }
}

// Short and long lists give the same answers: past 16 names on both sides
// the entry's names are looked up through a set. Each profile, with and
// without credentials on each side, with `*`, Authorization and items that
// expire: the answer for n names, with the missing name written as "?",
// is the same for every n.
TEST(PreflightCacheLookup, LongListsAnswerAsShortOnes) {
  auto answer = [](const Profile& p, size_t n, const char* extra,
                   CredentialsMode stored, CredentialsMode looked_up,
                   bool authorization, int64_t at) {
    std::string allowed;
    for (size_t i = 0; i < n; ++i) {
      if (i != n / 2) allowed += "x-n" + std::to_string(i) + ",";
    }
    allowed += "x-other";
    allowed += extra;
    const std::string missing = "x-n" + std::to_string(n / 2);
    const std::string later = missing + ",authorization";
    PreflightCache cache(p);
    cache.Store(Key(), Result(p, Allow{"PUT", allowed.c_str(), "100", stored}),
                At(0));
    // The missing name and Authorization, allowed for 5 s only.
    cache.Store(Key(), Result(p, Allow{"PUT", later.c_str(), "5", stored}),
                At(0));
    std::vector<std::string> names;
    for (size_t i = 0; i < n; ++i) names.push_back("X-N" + std::to_string(i));
    UnsafeHeaderNames unsafe(names.begin(), names.end());
    if (authorization) unsafe.push_back("Authorization");
    const CacheLookup l = cache.Lookup(Key(), "PUT", unsafe, looked_up, At(at));
    std::string out = testing::PrintToString(l.outcome) + " " +
                      (l.not_covered == missing ? "?" : l.not_covered);
    return out;
  };
  for (const Profile* p : kProfiles) {
    for (CredentialsMode stored : {kOmit, kInclude}) {
      for (CredentialsMode looked_up : {kOmit, kInclude}) {
        for (const char* extra : {"", ",*"}) {
          for (bool authorization : {false, true}) {
            for (int64_t at : {1, 6}) {
              SCOPED_TRACE(std::string(p->name) + " stored " +
                           std::string(ToString(stored)) + " looked up " +
                           std::string(ToString(looked_up)) + " extra '" +
                           extra + "' authorization " +
                           (authorization ? "yes" : "no") + " at " +
                           std::to_string(at));
              const std::string three =
                  answer(*p, 3, extra, stored, looked_up, authorization, at);
              for (size_t n : {16, 17, 40}) {
                EXPECT_EQ(answer(*p, n, extra, stored, looked_up,
                                 authorization, at),
                          three)
                    << n << " names";
              }
            }
          }
        }
      }
    }
  }
}

// A name longer than 64 KiB is kept whole: it hits only as itself, not
// through its first 65,536 bytes or with its last byte changed.
TEST(PreflightCacheLookup, VeryLongHeaderNameIsKeptWhole) {
  const Profile& p = kChromiumProfile;
  const std::string name(70000, 'x');
  auto look = [&](const std::string& requested) {
    PreflightCache cache(p);
    cache.Store(Key(), Result(p, Allow{"PUT", name.c_str()}), At(0));
    EXPECT_EQ(cache.size(), 1u);
    return Look(cache, "PUT", {requested});
  };
  EXPECT_THAT(look(name), kIsHit);
  const std::string prefix = name.substr(0, 65536);
  EXPECT_THAT(look(prefix), FailsOnHeader(prefix));
  std::string changed = name;
  changed.back() = 'y';
  EXPECT_THAT(look(changed), FailsOnHeader(changed));
}

TEST(PreflightCacheLookup, MethodMatchIsByteExact) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    {
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Methods("patch")), At(0));
      EXPECT_THAT(Look(cache, "patch"), kIsHit);
      EXPECT_THAT(Look(cache, "PATCH"), FailsOnMethod("PATCH"));
    }
    {
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Methods("PATCH")), At(0));
      EXPECT_THAT(Look(cache, "Patch"), FailsOnMethod("Patch"));
    }
  }
}

TEST(PreflightCacheLookup, SafelistedMethodsNeedNoMethodEntry) {
  for (const Profile* p : kProfiles) {
    for (const char* method : {"GET", "POST", "HEAD"}) {
      SCOPED_TRACE(std::string(p->name) + " " + method);
      PreflightCache cache(*p);
      // Only a header was allowed: no method entry at all.
      cache.Store(Key(), Result(*p, Headers("X-A")), At(0));
      const bool needs_entry =
          std::string_view(method) == "HEAD" && p->id == ProfileId::kFirefox;
      EXPECT_EQ(needs_entry, p->cache_head_needs_method_entry &&
                                 std::string_view(method) == "HEAD");
      if (needs_entry) {
        EXPECT_THAT(Look(cache, method, {"X-A"}), FailsOnMethod(method));
      } else {
        EXPECT_THAT(Look(cache, method, {"X-A"}), kIsHit);
      }
    }
  }
}

TEST(PreflightCacheLookup, FirefoxHeadHitsWithAMethodEntry) {
  PreflightCache cache(kFirefoxPrimed);
  cache.Store(Key(), Result(kFirefoxPrimed, Allow{"HEAD", "X-A"}), At(0));
  EXPECT_THAT(Look(cache, "HEAD", {"X-A"}), kIsHit);
}

// --- Firefox: a fresh cache's warm-up ---
//
// Measured in Firefox ESR 153 (tests/browsers/firefox_first_store.js, a
// plain profile with no automation and WebDriver BiDi alike): credential-less
// PUTs from one page, each fetch preflighted (P) or let go by the cache (-).
// A fresh cache drops every result until one for an already-seen key comes.

struct WarmUpCase {
  const char* sequence;  // fetches: key letter and count
  const char* firefox;   // what Firefox did
};

constexpr WarmUpCase kWarmUpCases[] = {
    {"A1 A2 B1 B2 A3", "A1:P A2:P B1:P B2:- A3:-"},
    {"W1 A1 A2 B1 B2 A3", "W1:P A1:P A2:P B1:P B2:- A3:-"},
    {"W1 W2 A1 A2", "W1:P W2:P A1:P A2:-"},
    {"W1 X1 Y1 A1 A2 A3", "W1:P X1:P Y1:P A1:P A2:P A3:-"},
    {"A1 A2 A3 B1 B2", "A1:P A2:P A3:- B1:P B2:-"},
    {"W1 X1 W2 A1 A2", "W1:P X1:P W2:P A1:P A2:-"},
    {"W1 X1 X2 W2 W3", "W1:P X1:P X2:P W2:P W3:-"},
    {"A1 B1 B2 A2 A3", "A1:P B1:P B2:P A2:P A3:-"},
    {"A1 B1 C1 D1 D2 A2 B2", "A1:P B1:P C1:P D1:P D2:P A2:P B2:P"},
};

// Plays `sequence` on a fresh cache as a host would: look up; on a miss,
// preflight and store.
std::string Play(const Profile& p, const std::string& sequence) {
  PreflightCache cache(p);
  std::string out;
  std::istringstream fetches(sequence);
  std::string f;
  while (fetches >> f) {
    const std::string url = std::string(kUrl) + "/" + f.substr(0, 1);
    const bool hit =
        cache.Lookup(Key(url), "PUT", {}, CredentialsMode::kOmit, At(1)).outcome ==
        CacheOutcome::kHit;
    if (!hit) cache.Store(Key(url), Result(p, Methods("PUT")), At(1));
    out += (out.empty() ? "" : " ") + f + (hit ? ":-" : ":P");
  }
  return out;
}

TEST(PreflightCacheStore, FirefoxWarmUpMatchesWhatFirefoxDid) {
  for (const WarmUpCase& c : kWarmUpCases) {
    EXPECT_EQ(Play(kFirefoxProfile, c.sequence), c.firefox) << c.sequence;
  }
}

TEST(PreflightCacheStore, OtherProfilesKeepEveryResult) {
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kWebKitProfile,
                           &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    EXPECT_FALSE(p->cache_drops_new_keys_until_repeat);
    EXPECT_EQ(Play(*p, "W1 X1 Y1 A1 A2 A3"), "W1:P X1:P Y1:P A1:P A2:- A3:-");
  }
}

TEST(PreflightCacheStore, FirefoxWarmUpEndsForGood) {
  PreflightCache cache(kFirefoxProfile);
  cache.Store(Key(), Result(kFirefoxProfile, Methods("PUT")), At(0));
  EXPECT_EQ(cache.size(), 0u);
  cache.Store(Key(), Result(kFirefoxProfile, Methods("PUT")), At(0));
  EXPECT_THAT(Look(cache, "PUT"), kIsHit);
  // Clearing does not bring the warm-up back: it belongs to a fresh cache.
  cache.Clear();
  cache.Store(Key(kOtherUrl), Result(kFirefoxProfile, Methods("PUT")), At(0));
  EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(kOtherUrl)), kIsHit);
}

// Bounded memory: a page that stores ever new keys ends the warm-up after
// kMaxWarmUpKeys of them.
TEST(PreflightCacheStore, FirefoxWarmUpRemembersBoundedKeys) {
  PreflightCache cache(kFirefoxProfile);
  const PreflightResult result = Result(kFirefoxProfile, Methods("PUT"));
  for (size_t i = 0; i < PreflightCache::kMaxWarmUpKeys; ++i) {
    cache.Store(Key(std::string(kUrl) + "/" + std::to_string(i)), result, At(0));
  }
  EXPECT_EQ(cache.size(), 0u);
  cache.Store(Key(kOtherUrl), result, At(0));
  EXPECT_EQ(cache.size(), 1u);
}

// Racing stores: for one key, exactly one is dropped; for distinct keys,
// all are.
TEST(PreflightCacheStore, FirefoxWarmUpUnderRacingStores) {
  constexpr int kThreads = 4;
  const PreflightResult result = Result(kFirefoxProfile, Methods("PUT"));
  {
    PreflightCache cache(kFirefoxProfile);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] { cache.Store(Key(), result, At(0)); });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_THAT(Look(cache, "PUT"), kIsHit);
  }
  {
    PreflightCache cache(kFirefoxProfile);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        cache.Store(Key(std::string(kUrl) + "/" + std::to_string(i)), result,
                    At(0));
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(cache.size(), 0u);
  }
}

// --- Model: per key (replaced whole) or per item (merged) ---

TEST(PreflightCacheModel, SecondPreflightReplacesOrMerges) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Methods("PUT")), At(0));
    cache.Store(Key(), Result(*p, Methods("DELETE")), At(1));
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(2)), kIsHit);
    if (PerKey(*p)) {
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(2)),
                  AnyOf(kIsMiss, FailsOnMethod("PUT")));
    } else {
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(2)), kIsHit);
    }
  }
}

TEST(PreflightCacheModel, PerKeyReplacementAlsoDropsHeaders) {
  for (const Profile* p : {&kChromiumProfile, &kWebKitProfile}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A"}), At(0));
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-B"}), At(1));
    EXPECT_THAT(Look(cache, "PUT", {"X-B"}, kOmit, At(2)), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(2)),
                FailsOnHeader("x-a"));
  }
}

TEST(PreflightCacheModel, PerItemEachItemHasItsOwnExpiry) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Methods("PUT", "10")), At(0));
    cache.Store(Key(), Result(*p, Methods("DELETE", "10")), At(5));
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(6)), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(12)), FailsOnMethod("PUT"));
    EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(12)), kIsHit);
    EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(15)), kIsStale);
    EXPECT_EQ(cache.size(), 0u);
  }
}

TEST(PreflightCacheModel, PerItemRestoringAnItemExtendsIt) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A", "10"}), At(0));
    const size_t bytes = cache.bytes();
    cache.Store(Key(), Result(*p, Allow{"PUT", "x-a", "10"}), At(8));
    EXPECT_EQ(cache.bytes(), bytes);  // updated, not added
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(15)), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(18)), kIsStale);
  }
}

TEST(PreflightCacheModel, PerKeyReplacementRestartsExpiry) {
  for (const Profile* p : {&kChromiumProfile, &kWebKitProfile}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Methods("PUT", "10")), At(0));
    cache.Store(Key(), Result(*p, Methods("DELETE", "10")), At(5));
    EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(12)), kIsHit);
    EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(15)), kIsStale);
  }
}

// WebKit caches a preflight that passed the CORS check even when it allowed
// nothing (cache_stores_failed_validation). Replaced whole, the key's entry
// is that empty result, live for its Max-Age: not covering PUT is a
// hit-and-fail; kStale means "the entry had expired".
TEST(PreflightCacheModel, PerKeyEmptyResultIsALiveEntry) {
  for (const Profile* p : {&kChromiumProfile, &kWebKitProfile}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Methods("PUT")), At(0));
    cache.Store(Key(), Result(*p, Allow{nullptr, nullptr, "100"}), At(1));
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(2)), FailsOnMethod("PUT"));
  }
}

// --- Credentials ---

TEST(PreflightCacheCredentials, CredentialedResultServesOmitUnlessMustMatch) {
  struct Row {
    const Profile* profile;
    Matcher<const CacheLookup&> omit_lookup;
  };
  const Row rows[] = {
      {&kSpecProfile, kIsHit},
      {&kChromiumProfile, kIsHit},
      {&kFirefoxPrimed, kIsMiss},  // credentials are part of the key
      {&kWebKitProfile, kIsHit},
  };
  for (const Row& row : rows) {
    const Profile& p = *row.profile;
    SCOPED_TRACE(p.name);
    EXPECT_EQ(p.cache_credentials_must_match, p.id == ProfileId::kFirefox);
    PreflightCache cache(p);
    cache.Store(Key(), Result(p, Allow{"PUT", "X-A", "100", kInclude}), At(0));
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kInclude), kIsHit);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit), row.omit_lookup);
  }
}

TEST(PreflightCacheCredentials, UncredentialedResultNeverServesInclude) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    {
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Methods("PUT")), At(0));
      if (p->cache_credentials_must_match) {
        EXPECT_THAT(Look(cache, "PUT", {}, kInclude), kIsMiss);
      } else {
        EXPECT_THAT(Look(cache, "PUT", {}, kInclude), FailsOnMethod("PUT"));
      }
    }
    {
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Headers("X-A")), At(0));
      if (p->cache_credentials_must_match) {
        EXPECT_THAT(Look(cache, "GET", {"X-A"}, kInclude), kIsMiss);
      } else {
        EXPECT_THAT(Look(cache, "GET", {"X-A"}, kInclude),
                    FailsOnHeader("x-a"));
      }
    }
  }
}

TEST(PreflightCacheCredentials, FirefoxKeepsBothVariantsApart) {
  PreflightCache cache(kFirefoxPrimed);
  cache.Store(Key(), Result(kFirefoxPrimed, Methods("PUT", "100", kInclude)),
              At(0));
  cache.Store(Key(), Result(kFirefoxPrimed, Methods("DELETE")), At(0));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_THAT(Look(cache, "PUT", {}, kInclude), kIsHit);
  EXPECT_THAT(Look(cache, "DELETE", {}, kInclude), FailsOnMethod("DELETE"));
  EXPECT_THAT(Look(cache, "DELETE", {}, kOmit), kIsHit);
  EXPECT_THAT(Look(cache, "PUT", {}, kOmit), FailsOnMethod("PUT"));
}

// --- A cached `*` ---

struct WildcardRow {
  const char* what;
  Allow stored;
  CredentialsMode request_credentials;
  const char* method;
  std::vector<std::string_view> names;
  // spec, chromium, firefox, webkit
  std::vector<Matcher<const CacheLookup&>> want;
};

TEST(PreflightCacheWildcard, PerProfile) {
  const WildcardRow rows[] = {
      {"* methods, uncredentialed preflight, omit request",
       Methods("*"),
       kOmit,
       "DELETE",
       {},
       {kIsHit, kIsHit, FailsOnMethod("DELETE"), kIsHit}},
      {"* methods, credentialed preflight, omit request",
       Methods("*", "100", kInclude),
       kOmit,
       "DELETE",
       {},
       {kIsHit, FailsOnMethod("DELETE"), kIsMiss, FailsOnMethod("DELETE")}},
      {"* methods, credentialed preflight, include request",
       Methods("*", "100", kInclude),
       kInclude,
       "DELETE",
       {},
       {FailsOnMethod("DELETE"), FailsOnMethod("DELETE"),
        FailsOnMethod("DELETE"), FailsOnMethod("DELETE")}},
      {"* methods, uncredentialed preflight, include request",
       Methods("*"),
       kInclude,
       "DELETE",
       {},
       {FailsOnMethod("DELETE"), FailsOnMethod("DELETE"), kIsMiss,
        FailsOnMethod("DELETE")}},
      {"* headers, uncredentialed preflight, omit request",
       Headers("*"),
       kOmit,
       "GET",
       {"X-Custom"},
       {kIsHit, kIsHit, FailsOnHeader("x-custom"), kIsHit}},
      {"* headers, credentialed preflight, omit request",
       Headers("*", "100", kInclude),
       kOmit,
       "GET",
       {"X-Custom"},
       {kIsHit, FailsOnHeader("x-custom"), kIsMiss, FailsOnHeader("x-custom")}},
      {"* headers, credentialed preflight, include request",
       Headers("*", "100", kInclude),
       kInclude,
       "GET",
       {"X-Custom"},
       {FailsOnHeader("x-custom"), FailsOnHeader("x-custom"),
        FailsOnHeader("x-custom"), FailsOnHeader("x-custom")}},
      {"* headers, uncredentialed preflight, omit request, Authorization",
       Headers("*"),
       kOmit,
       "GET",
       {"Authorization"},
       {FailsOnHeader("authorization"), FailsOnHeader("authorization"),
        FailsOnHeader("authorization"), kIsHit}},
      {"* and Authorization listed by name",
       Headers("*, Authorization"),
       kOmit,
       "GET",
       {"Authorization", "X-Custom"},
       {kIsHit, kIsHit, FailsOnHeader("x-custom"), kIsHit}},
      {"literal * method for firefox",
       Methods("*"),
       kOmit,
       "*",
       {},
       {kIsHit, kIsHit, kIsHit, kIsHit}},
  };
  for (const WildcardRow& row : rows) {
    ASSERT_EQ(row.want.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
      const Profile& p = *kProfiles[i];
      SCOPED_TRACE(std::string(p.name) + ": " + row.what);
      PreflightCache cache(p);
      cache.Store(Key(), Result(p, row.stored), At(0));
      UnsafeHeaderNames names(row.names.begin(), row.names.end());
      EXPECT_THAT(cache.Lookup(Key(), row.method, names,
                               row.request_credentials, At(1)),
                  row.want[i]);
    }
  }
}

// --- Max-Age ---

TEST(PreflightCacheMaxAge, StoredForTheProfilesMaxAge) {
  struct Row {
    const char* max_age;  // nullptr: absent
    // Seconds cached; 0: not stored. spec, chromium, firefox, webkit.
    int64_t seconds[4];
  };
  const Row rows[] = {
      {nullptr, {5, 5, 5, 5}},  {"0", {0, 0, 0, 0}},
      {"30", {30, 30, 30, 30}}, {"-1", {5, 0, 0, 0}},
      {"abc", {5, 5, 0, 5}},    {"100000", {86400, 7200, 86400, 600}},
  };
  for (const Row& row : rows) {
    for (size_t i = 0; i < 4; ++i) {
      const Profile& p = *kProfiles[i];
      SCOPED_TRACE(std::string(p.name) + " Max-Age " +
                   (row.max_age ? row.max_age : "(absent)"));
      const int64_t seconds = row.seconds[i];
      PreflightCache cache(p);
      const PreflightResult r = Result(p, Methods("PUT", row.max_age));
      EXPECT_EQ(r.max_age().seconds, seconds);
      cache.Store(Key(), r, At(0));
      if (seconds == 0) {
        EXPECT_EQ(cache.size(), 0u);
        EXPECT_EQ(cache.bytes(), 0u);
        EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(0)), kIsMiss);
      } else {
        EXPECT_EQ(cache.size(), 1u);
        EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(seconds - 1)), kIsHit);
        EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(seconds)), kIsStale);
      }
    }
  }
}

TEST(PreflightCacheMaxAge, ZeroExpiresMatchingItemsOnlyWhenProfileSaysSo) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{"PUT, DELETE", "X-A, X-B"}), At(0));
    cache.Store(Key(), Result(*p, Allow{"DELETE", "x-b", "0"}), At(1));
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(1)), kIsHit);
    if (p->cache_zero_max_age_expires_entries) {
      EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(1)),
                  FailsOnMethod("DELETE"));
      EXPECT_THAT(Look(cache, "PUT", {"X-B"}, kOmit, At(1)),
                  FailsOnHeader("x-b"));
    } else {
      EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(1)), kIsHit);
      EXPECT_THAT(Look(cache, "PUT", {"X-B"}, kOmit, At(1)), kIsHit);
    }
  }
}

// #cors-preflight-fetch: a later preflight refreshes what "matches" its
// request the way a lookup does, not only items of the same name and flag:
// an item made with credentials, for a preflight without, and a `*` the
// profile counts. Firefox keys credentials apart and compares `*` as a
// name, so its refresh stays exact (recorded in all three browsers:
// variant/cache-update/).
TEST(PreflightCacheMaxAge, RefreshReachesWhatALookupWouldUse) {
  for (const Profile* p : {&kSpecProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    const bool spec = p->id == ProfileId::kSpec;
    {
      // Max-Age 0 without credentials expires the credentialed PUT.
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Methods("PUT", "100", kInclude)), At(0));
      cache.Store(Key(), Result(*p, Methods("PUT", "0")), At(1));
      if (spec) {
        EXPECT_THAT(Look(cache, "PUT", {}, kInclude, At(1)),
                    AnyOf(kIsMiss, kIsStale));
      } else {
        EXPECT_THAT(Look(cache, "PUT", {}, kInclude, At(1)), kIsHit);
      }
    }
    {
      // A longer Max-Age without credentials extends the credentialed PUT,
      // and adds no item of its own.
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Methods("PUT", "1", kInclude)), At(0));
      cache.Store(Key(), Result(*p, Methods("PUT", "100")), At(0));
      EXPECT_THAT(Look(cache, "PUT", {}, kInclude, At(10)),
                  spec ? kIsHit : kIsStale);
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(10)), kIsHit);
    }
    {
      // An uncredentialed item is not refreshed for a credentialed request.
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Methods("PUT", "100")), At(0));
      cache.Store(Key(), Result(*p, Methods("PUT", "0", kInclude)), At(1));
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1)), kIsHit);
    }
    {
      // Max-Age 0 for PUT expires a `*` method; for x-b, a `*` header.
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Allow{"*", "*"}), At(0));
      cache.Store(Key(), Result(*p, Allow{"PUT", "x-b", "0"}), At(1));
      if (spec) {
        EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(1)),
                    AnyOf(kIsMiss, kIsStale));
      } else {
        EXPECT_THAT(Look(cache, "DELETE", {}, kOmit, At(1)),
                    FailsOnMethod("DELETE"));
        EXPECT_THAT(Look(cache, "*", {"*"}, kOmit, At(1)), kIsHit);
      }
    }
    {
      // Within one preflight too: with `*` first, PUT finds `*` and adds no
      // item of its own, so `*` expiring takes PUT with it; with PUT first,
      // both are kept.
      for (const char* methods : {"*, PUT", "PUT, *"}) {
        SCOPED_TRACE(methods);
        PreflightCache cache(*p);
        cache.Store(Key(), Result(*p, Methods(methods)), At(0));
        cache.Store(Key(), Result(*p, Methods("*", "0")), At(1));
        if (spec && methods[0] == '*') {
          EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1)),
                      AnyOf(kIsMiss, kIsStale));
        } else {
          EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1)), kIsHit);
        }
      }
    }
    {
      // Authorization is no name a cached `*` covers, so it refreshes none.
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Allow{"PUT", "*"}), At(0));
      cache.Store(Key(), Result(*p, Headers("authorization", "0")), At(1));
      EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(1)),
                  spec ? kIsHit : FailsOnHeader("x-a"));
    }
  }
}

TEST(PreflightCacheMaxAge, SpecZeroExpiringEveryItemLeavesNothingUsable) {
  PreflightCache cache(kSpecProfile);
  cache.Store(Key(), Result(kSpecProfile, Methods("PUT")), At(0));
  cache.Store(Key(), Result(kSpecProfile, Methods("PUT", "0")), At(1));
  EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1)), AnyOf(kIsMiss, kIsStale));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PreflightCacheMaxAge, PerKeyUncacheableResultRemovesTheEntry) {
  for (const Profile* p : {&kChromiumProfile, &kWebKitProfile}) {
    for (const char* max_age : {"0", "-1"}) {
      SCOPED_TRACE(std::string(p->name) + " Max-Age " + max_age);
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Methods("PUT")), At(0));
      cache.Store(Key(Key().url, kPartition, kOtherOrigin),
                  Result(*p, Methods("PUT")), At(0));
      ASSERT_EQ(cache.size(), 2u);
      cache.Store(Key(), Result(*p, Methods("PUT", max_age)), At(1));
      EXPECT_EQ(cache.size(), 1u);
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1)), kIsMiss);
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1),
                       Key(kUrl, kPartition, kOtherOrigin)),
                  kIsHit);
    }
  }
}

// --- Evict on hit-and-fail ---

TEST(PreflightCacheEvictOnHitAndFail, PerProfile) {
  for (const Profile* p : kProfiles) {
    for (bool on_method : {true, false}) {
      SCOPED_TRACE(std::string(p->name) + (on_method ? " method" : " header"));
      const bool evicts =
          p->id == ProfileId::kChromium || p->id == ProfileId::kWebKit;
      EXPECT_EQ(p->cache_evict_on_hit_and_fail, evicts);
      PreflightCache cache(*p);
      cache.Store(Key(), Result(*p, Allow{"PUT", "X-A"}), At(0));
      cache.Store(Key(kOtherUrl), Result(*p, Allow{"PUT", "X-A"}), At(0));
      ASSERT_EQ(cache.size(), 2u);
      if (on_method) {
        EXPECT_THAT(Look(cache, "DELETE", {"X-A"}), FailsOnMethod("DELETE"));
      } else {
        EXPECT_THAT(Look(cache, "PUT", {"X-B"}), FailsOnHeader("x-b"));
      }
      EXPECT_EQ(cache.size(), evicts ? 1u : 2u);
      EXPECT_THAT(Look(cache, "PUT", {"X-A"}), evicts ? kIsMiss : kIsHit);
      EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(1), Key(kOtherUrl)),
                  kIsHit);
    }
  }
}

// --- Clearing ---

TEST(PreflightCacheClear, ClearEntriesRemovesBothCredentialVariants) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Methods("PUT", "100", kInclude)), At(0));
    cache.Store(Key(), Result(*p, Methods("DELETE")), At(0));
    cache.Store(Key(kOtherUrl), Result(*p, Methods("PUT")), At(0));
    // Firefox keys on the credentials mode; per-key profiles keep the last.
    EXPECT_EQ(cache.size(), p->cache_credentials_must_match ? 3u : 2u);
    cache.ClearEntries(Key());
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_THAT(Look(cache, "PUT", {}, kInclude), kIsMiss);
    EXPECT_THAT(Look(cache, "DELETE", {}, kOmit), kIsMiss);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(kOtherUrl)), kIsHit);
  }
}

// Four keys that differ in one part each from Key().
struct FourKeys {
  PreflightCacheKey base = Key();
  PreflightCacheKey other_url = Key(kOtherUrl);
  PreflightCacheKey other_partition = Key(kUrl, kOtherPartition);
  PreflightCacheKey other_origin = Key(kUrl, kPartition, kOtherOrigin);
};

void StoreFour(PreflightCache& cache, const FourKeys& k) {
  const PreflightResult r = Result(cache.profile(), Methods("PUT"));
  for (const PreflightCacheKey& key :
       {k.base, k.other_url, k.other_partition, k.other_origin}) {
    cache.Store(key, r, At(0));
  }
  ASSERT_EQ(cache.size(), 4u);
}

std::vector<CacheOutcome> LookFour(PreflightCache& cache, const FourKeys& k) {
  std::vector<CacheOutcome> out;
  for (const PreflightCacheKey& key :
       {k.base, k.other_url, k.other_partition, k.other_origin}) {
    out.push_back(Look(cache, "PUT", {}, kOmit, At(1), key).outcome);
  }
  return out;
}

TEST(PreflightCacheClear, EachScopeTouchesOnlyItsKeys) {
  constexpr CacheOutcome kHit = CacheOutcome::kHit;
  constexpr CacheOutcome kMiss = CacheOutcome::kMiss;
  const FourKeys k;
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    {
      PreflightCache cache(*p);
      StoreFour(cache, k);
      cache.ClearEntries(k.base);
      EXPECT_EQ(cache.size(), 3u);
      EXPECT_THAT(LookFour(cache, k), ElementsAre(kMiss, kHit, kHit, kHit));
    }
    {
      PreflightCache cache(*p);
      StoreFour(cache, k);
      cache.ClearPartition(kOtherPartition);
      EXPECT_EQ(cache.size(), 3u);
      EXPECT_THAT(LookFour(cache, k), ElementsAre(kHit, kHit, kMiss, kHit));
    }
    {
      PreflightCache cache(*p);
      StoreFour(cache, k);
      cache.ClearOrigin(kOtherOrigin);
      EXPECT_EQ(cache.size(), 3u);
      EXPECT_THAT(LookFour(cache, k), ElementsAre(kHit, kHit, kHit, kMiss));
    }
    {
      PreflightCache cache(*p);
      StoreFour(cache, k);
      cache.Clear();
      EXPECT_EQ(cache.size(), 0u);
      EXPECT_EQ(cache.bytes(), 0u);
      EXPECT_THAT(LookFour(cache, k), ElementsAre(kMiss, kMiss, kMiss, kMiss));
    }
    {
      // ClearEntries of a key never stored changes nothing.
      PreflightCache cache(*p);
      StoreFour(cache, k);
      cache.ClearEntries(Key("https://api.example/none"));
      EXPECT_EQ(cache.size(), 4u);
    }
  }
}

TEST(PreflightCacheClear, PartitionIsPartOfTheKey) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(kUrl, kPartition), Result(*p, Methods("PUT")), At(0));
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(kUrl, kPartition)),
                kIsHit);
    EXPECT_THAT(
        Look(cache, "PUT", {}, kOmit, At(1), Key(kUrl, kOtherPartition)),
        kIsMiss);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(kUrl, "")), kIsMiss);
  }
}

// --- UsableFor ---

TEST(PreflightCacheUsableFor, CacheModes) {
  struct Row {
    CacheMode mode;
    bool usable[4];  // spec, chromium, firefox, webkit
  };
  const Row rows[] = {
      {CacheMode::kDefault, {true, true, true, true}},
      {CacheMode::kForceCache, {true, true, true, true}},
      {CacheMode::kNoStore, {true, false, false, true}},
      {CacheMode::kNoCache, {true, false, false, true}},
      {CacheMode::kReload, {true, false, false, true}},
  };
  for (const Row& row : rows) {
    for (size_t i = 0; i < 4; ++i) {
      const Profile& p = *kProfiles[i];
      SCOPED_TRACE(std::string(p.name) + " " + std::string(ToString(row.mode)));
      PreflightCache cache(p);
      const Request r = MakeRequest(p, kUrl, kOmit, row.mode);
      EXPECT_EQ(cache.UsableFor(r, kOrigin), row.usable[i]);
    }
  }
}

TEST(PreflightCacheUsableFor, UrlLength) {
  const std::string prefix = "https://api.example/";
  for (const Profile* p : kProfiles) {
    for (size_t length : {1000u, 1023u, 1024u, 5000u}) {
      SCOPED_TRACE(std::string(p->name) + " " + std::to_string(length));
      const std::string url = prefix + std::string(length - prefix.size(), 'a');
      const Request r = MakeRequest(*p, url);
      ASSERT_EQ(r.url.spec().size(), length);
      PreflightCache cache(*p);
      const bool want = p->id != ProfileId::kChromium || length < 1024;
      EXPECT_EQ(cache.UsableFor(r, kOrigin), want);
    }
  }
}

TEST(PreflightCacheUsableFor, NullOrigin) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    const Request r = MakeRequest(*p);
    // Chromium and WebKit: an opaque origin never matches an entry
    // (variant/cache/tainted-twice/).
    EXPECT_EQ(cache.UsableFor(r, "null"), p->id != ProfileId::kChromium &&
                                              p->id != ProfileId::kWebKit);
    EXPECT_TRUE(cache.UsableFor(r, kOrigin));
  }
}

// --- Bounds ---

PreflightCache::Options OneShard(
    size_t max_entries, size_t max_bytes = PreflightCache::kDefaultMaxBytes) {
  PreflightCache::Options o;
  o.max_entries = max_entries;
  o.max_bytes = max_bytes;
  o.shards = 1;
  return o;
}

std::string NthUrl(size_t n) {
  return "https://api.example/item/" + std::to_string(n);
}

TEST(PreflightCacheBounds, LeastRecentlyUsedGoesFirst) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    const PreflightResult r = Result(*p, Methods("PUT"));
    {
      PreflightCache cache(*p, OneShard(3));
      for (size_t i = 0; i < 4; ++i) cache.Store(Key(NthUrl(i)), r, At(0));
      EXPECT_EQ(cache.size(), 3u);
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(NthUrl(0))),
                  kIsMiss);
      for (size_t i = 1; i < 4; ++i) {
        EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(NthUrl(i))),
                    kIsHit);
      }
    }
    {
      // A hit makes the entry the most recently used.
      PreflightCache cache(*p, OneShard(3));
      for (size_t i = 0; i < 3; ++i) cache.Store(Key(NthUrl(i)), r, At(0));
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(NthUrl(0))), kIsHit);
      cache.Store(Key(NthUrl(3)), r, At(1));
      EXPECT_EQ(cache.size(), 3u);
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(NthUrl(1))),
                  kIsMiss);
      for (size_t i : {0, 2, 3}) {
        EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(NthUrl(i))),
                    kIsHit);
      }
    }
  }
}

TEST(PreflightCacheBounds, ExpiredEntriesGoBeforeTheLeastRecentlyUsed) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p, OneShard(3));
    cache.Store(Key(NthUrl(0)), Result(*p, Methods("PUT", "100")), At(0));
    cache.Store(Key(NthUrl(1)), Result(*p, Methods("PUT", "1")), At(0));
    cache.Store(Key(NthUrl(2)), Result(*p, Methods("PUT", "100")), At(0));
    cache.Store(Key(NthUrl(3)), Result(*p, Methods("PUT", "100")), At(2));
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(2), Key(NthUrl(1))), kIsMiss);
    for (size_t i : {0, 2, 3}) {
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(2), Key(NthUrl(i))), kIsHit);
    }
  }
}

TEST(PreflightCacheBounds, ByteBoundHolds) {
  constexpr size_t kMaxBytes = 8192;
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p, OneShard(1000, kMaxBytes));
    const PreflightResult r =
        Result(*p, Allow{"PUT, DELETE, PATCH", "X-A, X-B, X-C, X-D"});
    std::string last;
    for (size_t i = 0; i < 200; ++i) {
      last = "https://api.example/" + std::string(600, 'p') + "/" +
             std::to_string(i);
      cache.Store(Key(last), r, At(0));
      ASSERT_LE(cache.bytes(), kMaxBytes) << "after " << i + 1 << " inserts";
      ASSERT_GE(cache.size(), 1u);
    }
    EXPECT_LT(cache.size(), 20u);
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(1), Key(last)), kIsHit);
  }
}

TEST(PreflightCacheBounds, ProfileDefaultBound) {
  struct Row {
    const Profile* profile;
    size_t bound;
  };
  const Row rows[] = {
      {&kSpecProfile, PreflightCache::kDefaultMaxEntries},
      {&kChromiumProfile, 1024},
      {&kFirefoxPrimed, 100},
      {&kWebKitProfile, PreflightCache::kDefaultMaxEntries},
  };
  for (const Row& row : rows) {
    const Profile& p = *row.profile;
    SCOPED_TRACE(p.name);
    const PreflightResult r = Result(p, Methods("PUT"));
    PreflightCache one(p, OneShard(0));
    for (size_t i = 0; i < row.bound + 10; ++i) {
      one.Store(Key(NthUrl(i)), r, At(0));
    }
    EXPECT_EQ(one.size(), row.bound);
    EXPECT_THAT(Look(one, "PUT", {}, kOmit, At(1), Key(NthUrl(9))), kIsMiss);
    EXPECT_THAT(Look(one, "PUT", {}, kOmit, At(1), Key(NthUrl(10))), kIsHit);
  }
}

// Sharded, each shard holds capacity / shards; the whole cache still holds
// at most the bound (profile.h: "Entries the cache holds at most").
TEST(PreflightCacheBounds, ShardedCacheStaysWithinTheTotalBound) {
  struct Row {
    const Profile* profile;
    size_t max_entries;  // Options.max_entries; 0: the profile's
    size_t bound;
  };
  const Row rows[] = {
      {&kSpecProfile, 0, PreflightCache::kDefaultMaxEntries},
      {&kChromiumProfile, 0, 1024},
      {&kFirefoxPrimed, 0, 100},
      {&kWebKitProfile, 0, PreflightCache::kDefaultMaxEntries},
      {&kSpecProfile, 100, 100},
      {&kChromiumProfile, 50, 50},
  };
  for (const Row& row : rows) {
    const Profile& p = *row.profile;
    SCOPED_TRACE(std::string(p.name) + " max_entries " +
                 std::to_string(row.max_entries));
    PreflightCache::Options o;
    o.max_entries = row.max_entries;
    o.shards = PreflightCache::kDefaultShards;
    PreflightCache cache(p, o);
    const PreflightResult r = Result(p, Methods("PUT"));
    for (size_t i = 0; i < row.bound * 2; ++i) {
      cache.Store(Key(NthUrl(i)), r, At(0));
    }
    EXPECT_LE(cache.size(), row.bound);
    EXPECT_GT(cache.size(), row.bound / 2);
  }
}

// A cache made with the default options whose bound is its browser's own
// evicts in the browser's order: with one more key than the bound, exactly
// the first is forgotten (variant/cache-limits/entries/ for Firefox). A
// cache split into shards would have forgotten some key of whichever shard
// filled first.
TEST(PreflightCacheBounds, DefaultCacheEvictsInTheBrowsersOrder) {
  struct Row {
    const Profile* profile;
    size_t bound;
  };
  const Row rows[] = {{&kChromiumProfile, 1024}, {&kFirefoxPrimed, 100}};
  for (const Row& row : rows) {
    const Profile& p = *row.profile;
    SCOPED_TRACE(p.name);
    const PreflightResult r = Result(p, Methods("PUT"));
    PreflightCache cache(p);
    for (size_t i = 0; i <= row.bound; ++i) {
      cache.Store(Key(NthUrl(i)), r, At(0));
    }
    EXPECT_EQ(cache.size(), row.bound);
    EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(NthUrl(0))), kIsMiss);
    for (size_t i = 1; i <= row.bound; ++i) {
      EXPECT_THAT(Look(cache, "PUT", {}, kOmit, At(1), Key(NthUrl(i))), kIsHit)
          << i;
    }
  }
}

TEST(PreflightCacheBounds, SizeAndBytesTrackInsertsAndRemovals) {
  for (const Profile* p : kProfiles) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
    cache.Store(Key(), Result(*p, Allow{"PUT", "X-A", "10"}), At(0));
    const size_t one = cache.bytes();
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_GT(one, 0u);
    cache.Store(Key(kOtherUrl), Result(*p, Allow{"PUT", "X-A", "100"}), At(0));
    const size_t two = cache.bytes();
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_GT(two, one);
    // More items for the same key: more bytes, same size.
    cache.Store(Key(kOtherUrl),
                Result(*p, Allow{"PUT, DELETE", "X-A, X-Long-Header-Name"}),
                At(0));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_GT(cache.bytes(), two);
    cache.ClearEntries(Key(kOtherUrl));
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.bytes(), one);
    // A stale lookup removes the entry.
    EXPECT_THAT(Look(cache, "PUT", {"X-A"}, kOmit, At(10)), kIsStale);
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
  }
}

// --- Coalescing ---

PreflightCache::Options Coalescing(bool on) {
  PreflightCache::Options o;
  o.coalesce_preflights = on;
  return o;
}

TEST(PreflightCacheFlights, SecondIdenticalJoinIsAFollower) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket a = cache.JoinFlight(Key(), "PUT", "x-a");
  PreflightFlightTicket b = cache.JoinFlight(Key(), "PUT", "x-a");
  ASSERT_TRUE(a.valid());
  ASSERT_TRUE(b.valid());
  EXPECT_TRUE(a.leader());
  EXPECT_FALSE(b.leader());
  EXPECT_NE(a.id(), 0u);
  EXPECT_EQ(a.id(), b.id());
  EXPECT_EQ(PreflightCache::FlightState(b).state,
            FlightOutcome::State::kPending);
}

TEST(PreflightCacheFlights, DifferentPreflightsLeadSeparately) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket base = cache.JoinFlight(Key(), "PUT", "x-a");
  ASSERT_TRUE(base.leader());
  struct Row {
    const char* what;
    PreflightCacheKey key;
    const char* method;
    const char* acrh;
  };
  const Row rows[] = {
      {"headers", Key(), "PUT", "x-a,x-b"},
      {"no headers", Key(), "PUT", ""},
      {"method", Key(), "DELETE", "x-a"},
      {"method case", Key(), "put", "x-a"},
      {"url", Key(kOtherUrl), "PUT", "x-a"},
      {"partition", Key(kUrl, kOtherPartition), "PUT", "x-a"},
      {"origin", Key(kUrl, kPartition, kOtherOrigin), "PUT", "x-a"},
  };
  std::vector<PreflightFlightTicket> tickets;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    PreflightFlightTicket t = cache.JoinFlight(row.key, row.method, row.acrh);
    EXPECT_TRUE(t.valid());
    EXPECT_TRUE(t.leader());
    EXPECT_NE(t.id(), base.id());
    for (const PreflightFlightTicket& other : tickets) {
      EXPECT_NE(t.id(), other.id());
    }
    tickets.push_back(std::move(t));
  }
}

TEST(PreflightCacheFlights, CompleteCopiesTheResponseToFollowers) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket leader = cache.JoinFlight(Key(), "PUT", "x-a");
  PreflightFlightTicket f1 = cache.JoinFlight(Key(), "PUT", "x-a");
  PreflightFlightTicket f2 = cache.JoinFlight(Key(), "PUT", "x-a");
  {
    // Views into buffers that are gone before the followers look.
    std::string name = "Access-Control-Allow-Methods";
    std::string value = "PUT";
    std::string name2 = "Access-Control-Allow-Origin";
    std::string value2 = "https://app.example";
    const HeaderView headers[] = {{name, value}, {name2, value2}};
    cache.CompleteFlight(&leader, 204, headers);
    name.assign(name.size(), 'x');
    value.assign(value.size(), 'x');
  }
  for (const PreflightFlightTicket* f : {&f1, &f2}) {
    const FlightOutcome out = PreflightCache::FlightState(*f);
    EXPECT_EQ(out.state, FlightOutcome::State::kResponded);
    EXPECT_EQ(out.status, 204);
    EXPECT_THAT(out.headers,
                ElementsAre(Header{"Access-Control-Allow-Methods", "PUT"},
                            Header{"Access-Control-Allow-Origin",
                                   "https://app.example"}));
  }
}

TEST(PreflightCacheFlights, AbandonTellsFollowers) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket leader = cache.JoinFlight(Key(), "PUT", "");
  PreflightFlightTicket follower = cache.JoinFlight(Key(), "PUT", "");
  ASSERT_FALSE(follower.leader());
  cache.AbandonFlight(&leader);
  EXPECT_EQ(PreflightCache::FlightState(follower).state,
            FlightOutcome::State::kAbandoned);
}

TEST(PreflightCacheFlights, LeaderDestroyedWithoutAnswerAbandons) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket follower;
  {
    PreflightFlightTicket leader = cache.JoinFlight(Key(), "PUT", "");
    ASSERT_TRUE(leader.leader());
    follower = cache.JoinFlight(Key(), "PUT", "");
    ASSERT_FALSE(follower.leader());
    EXPECT_EQ(PreflightCache::FlightState(follower).state,
              FlightOutcome::State::kPending);
  }
  EXPECT_EQ(PreflightCache::FlightState(follower).state,
            FlightOutcome::State::kAbandoned);
  // The next identical preflight has a leader again.
  PreflightFlightTicket next = cache.JoinFlight(Key(), "PUT", "");
  EXPECT_TRUE(next.leader());
  EXPECT_NE(next.id(), follower.id());
}

TEST(PreflightCacheFlights, MovingTheLeaderTicketKeepsTheFlight) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket follower;
  PreflightFlightTicket moved;
  {
    PreflightFlightTicket leader = cache.JoinFlight(Key(), "PUT", "");
    follower = cache.JoinFlight(Key(), "PUT", "");
    moved = std::move(leader);
  }
  ASSERT_TRUE(moved.leader());
  EXPECT_EQ(moved.id(), follower.id());
  EXPECT_EQ(PreflightCache::FlightState(follower).state,
            FlightOutcome::State::kPending);
  PreflightFlightTicket constructed(std::move(moved));
  EXPECT_EQ(PreflightCache::FlightState(follower).state,
            FlightOutcome::State::kPending);
  cache.CompleteFlight(&constructed, 204, {});
  EXPECT_EQ(PreflightCache::FlightState(follower).state,
            FlightOutcome::State::kResponded);
}

TEST(PreflightCacheFlights, AfterCompletionANewJoinLeads) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket first = cache.JoinFlight(Key(), "PUT", "x-a");
  PreflightFlightTicket follower = cache.JoinFlight(Key(), "PUT", "x-a");
  cache.CompleteFlight(&first, 204, {});
  PreflightFlightTicket second = cache.JoinFlight(Key(), "PUT", "x-a");
  EXPECT_TRUE(second.leader());
  EXPECT_NE(second.id(), follower.id());
  PreflightFlightTicket second_follower = cache.JoinFlight(Key(), "PUT", "x-a");
  EXPECT_FALSE(second_follower.leader());
  EXPECT_EQ(second_follower.id(), second.id());
  EXPECT_EQ(PreflightCache::FlightState(second_follower).state,
            FlightOutcome::State::kPending);
  // The first flight's outcome stays with its own followers.
  EXPECT_EQ(PreflightCache::FlightState(follower).state,
            FlightOutcome::State::kResponded);
}

TEST(PreflightCacheFlights, AfterAbandonANewJoinLeads) {
  PreflightCache cache(kSpecProfile);
  PreflightFlightTicket first = cache.JoinFlight(Key(), "PUT", "");
  cache.AbandonFlight(&first);
  PreflightFlightTicket second = cache.JoinFlight(Key(), "PUT", "");
  EXPECT_TRUE(second.leader());
}

TEST(PreflightCacheFlights, OffGivesInvalidTickets) {
  PreflightCache cache(kSpecProfile, Coalescing(false));
  PreflightFlightTicket a = cache.JoinFlight(Key(), "PUT", "x-a");
  PreflightFlightTicket b = cache.JoinFlight(Key(), "PUT", "x-a");
  EXPECT_FALSE(a.valid());
  EXPECT_FALSE(b.valid());
  EXPECT_FALSE(a.leader());
  EXPECT_FALSE(b.leader());
  EXPECT_EQ(a.id(), 0u);
  EXPECT_EQ(b.id(), 0u);
  PreflightCache on(kSpecProfile, Coalescing(true));
  EXPECT_TRUE(on.JoinFlight(Key(), "PUT", "x-a").valid());
}

}  // namespace
}  // namespace corsengine

namespace corsengine {
namespace {

// Regressions the fuzzers found (fuzz/corpus/*/regression-*).

// A kPerKey result made without credentials serves no credentialed request,
// even one that needs none of its items (a safelisted method with the
// use-CORS-preflight flag).
TEST(PreflightCacheRegression, UncredentialedPerKeyResultRefusesInclude) {
  for (const Profile* p : {&kChromiumProfile, &kWebKitProfile}) {
    SCOPED_TRACE(p->name);
    PreflightCache cache(*p);
    cache.Store(Key(), Result(*p, Allow{}), At(0));
    const UnsafeHeaderNames none;
    const CacheLookup l = cache.Lookup(Key(), "GET", none, kInclude, At(1),
                                       /*use_cors_preflight=*/true);
    EXPECT_EQ(l.outcome, CacheOutcome::kHitAndFail);
    EXPECT_TRUE(l.not_covered_is_credentials);
  }
}

// The Standard wants a method entry for a flagged request even when its
// method is safelisted; the browsers exempt safelisted methods.
TEST(PreflightCacheRegression, UseCorsPreflightFlagNeedsAMethodEntry) {
  const UnsafeHeaderNames none;
  PreflightCache spec(kSpecProfile);
  spec.Store(Key(), Result(kSpecProfile, Methods("PATCH")), At(0));
  EXPECT_EQ(spec.Lookup(Key(), "GET", none, kOmit, At(1), true).outcome,
            CacheOutcome::kHitAndFail);
  EXPECT_EQ(spec.Lookup(Key(), "PATCH", none, kOmit, At(1), true).outcome,
            CacheOutcome::kHit);
  PreflightCache chromium(kChromiumProfile);
  chromium.Store(Key(), Result(kChromiumProfile, Methods("PATCH")), At(0));
  EXPECT_EQ(chromium.Lookup(Key(), "GET", none, kOmit, At(1), true).outcome,
            CacheOutcome::kHit);
}

// An entry larger than the byte bound is not kept, so the bound holds.
TEST(PreflightCacheRegression, EntryLargerThanTheByteBoundIsNotKept) {
  PreflightCache::Options options;
  options.max_bytes = 35;
  options.shards = 1;
  PreflightCache cache(kWebKitProfile, options);
  cache.Store(Key(), Result(kWebKitProfile, Allow{}), At(0));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_LE(cache.bytes(), 35u);
}

}  // namespace
}  // namespace corsengine
