// File: tests/preflight_cache_concurrency_test.cc
//
// The preflight cache shared by several threads: mixed Store, Lookup,
// ClearEntries and Clear on overlapping keys keep the bounds and give only
// possible outcomes; keys a thread owns behave as if it were alone; and
// concurrent identical preflights get exactly one leader. Also meant for
// --config=tsan: threads share only the cache, read-only inputs built
// before they start, and atomics; each writes its own result slot, read
// after join().

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "corsengine/header_list.h"
#include "corsengine/origin.h"
#include "corsengine/preflight.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_profiles.h"

namespace corsengine {
namespace {

constexpr int kThreads = 8;
constexpr std::string_view kOrigin = "https://app.example";
constexpr std::string_view kPartition = "https://top.example";

const Profile* const kProfiles[] = {&kSpecProfile, &kChromiumProfile,
                                    &kFirefoxPrimed, &kWebKitProfile};

absl::Time At(absl::Duration d) {
  return absl::FromUnixSeconds(1000000000) + d;
}

// xorshift64*: deterministic per thread, no shared state.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint32_t Next() {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return static_cast<uint32_t>((s_ * 0x2545F4914F6CDD1Dull) >> 32);
  }
  uint32_t Below(uint32_t n) { return Next() % n; }

 private:
  uint64_t s_;
};

PreflightResult MakeResult(const Profile& profile, const char* methods,
                           const char* headers, const char* max_age,
                           CredentialsMode credentials) {
  RequestInit init;
  init.origin = *Origin::Parse(kOrigin);
  init.url = "https://api.example/x";
  init.method = "PUT";
  init.credentials = credentials;
  Expected<Request> request = CreateRequest(init, profile);
  EXPECT_TRUE(request.ok());
  std::vector<HeaderView> h = {{"Access-Control-Allow-Origin", kOrigin}};
  if (credentials == CredentialsMode::kInclude) {
    h.push_back({"Access-Control-Allow-Credentials", "true"});
  }
  if (methods) h.push_back({"Access-Control-Allow-Methods", methods});
  if (headers) h.push_back({"Access-Control-Allow-Headers", headers});
  h.push_back({"Access-Control-Max-Age", max_age});
  Expected<PreflightResult> r =
      ParsePreflightResponse(*request, kOrigin, 204, h, profile);
  EXPECT_TRUE(r.ok()) << r.error();
  return r.ok() ? std::move(r).value() : PreflightResult();
}

struct Query {
  std::string method;
  std::vector<std::string> names;  // as the request spelled them
  CredentialsMode credentials;
  UnsafeHeaderNames unsafe;  // views `names`
};

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Whether `l` is an outcome Lookup() may give for `q`.
bool Possible(const CacheLookup& l, const Query& q) {
  switch (l.outcome) {
    case CacheOutcome::kMiss:
    case CacheOutcome::kHit:
    case CacheOutcome::kStale:
      return l.not_covered.empty();
    case CacheOutcome::kHitAndFail:
      if (l.not_covered_is_credentials) {
        return q.credentials == CredentialsMode::kInclude;
      }
      if (l.not_covered_is_method) return l.not_covered == q.method;
      for (const std::string& n : q.names) {
        if (l.not_covered == Lower(n)) return true;
      }
      return false;
    case CacheOutcome::kNotUsed:
      return false;
  }
  return false;
}

struct Counts {
  int64_t outcomes[5] = {0, 0, 0, 0, 0};  // by CacheOutcome
  int64_t impossible = 0;
  int64_t never_stored_not_miss = 0;
  int64_t over_entries = 0;
  int64_t over_bytes = 0;
};

// Many threads, overlapping keys, small bounds: only possible outcomes, and
// the bounds hold whenever looked at and at the end.
TEST(PreflightCacheConcurrency, MixedOperationsKeepInvariants) {
  constexpr int kOpsPerThread = 12500;  // x 8 threads x 4 profiles = 400k
  constexpr size_t kMaxEntries = 32;    // 2 per shard
  constexpr size_t kMaxBytes = 16 * 1024;

  std::vector<std::string> urls;
  for (int i = 0; i < 24; ++i) {
    urls.push_back("https://api.example/r/" + std::to_string(i));
  }
  const std::vector<std::string> partitions = {std::string(kPartition),
                                               "https://other-top.example"};
  const std::string never_url = "https://never.example/stored";

  for (const Profile* profile : kProfiles) {
    const Profile& p = *profile;
    SCOPED_TRACE(p.name);
    const CredentialsMode omit = CredentialsMode::kOmit;
    const CredentialsMode include = CredentialsMode::kInclude;
    const std::vector<PreflightResult> results = {
        MakeResult(p, "PUT", "X-A", "2", omit),
        MakeResult(p, "DELETE", "x-b", "1", include),
        MakeResult(p, "*", "*", "3", omit),
        MakeResult(p, "PUT, DELETE", "x-a, x-b", "0", omit),
        MakeResult(p, "PATCH", nullptr, "5", include),
        MakeResult(p, "PUT, PATCH", "X-A, X-B, Authorization", "4", omit),
    };
    std::vector<Query> queries = {
        {"PUT", {"X-A"}, omit, {}},
        {"DELETE", {"x-b"}, include, {}},
        {"GET", {"X-C"}, omit, {}},
        {"PATCH", {}, include, {}},
        {"HEAD", {}, omit, {}},
        {"PUT", {"Authorization", "X-B"}, omit, {}},
        {"POST", {"X-A", "X-B"}, include, {}},
    };
    for (Query& q : queries) {
      for (const std::string& n : q.names) q.unsafe.push_back(n);
    }

    PreflightCache::Options options;
    options.max_entries = kMaxEntries;
    options.max_bytes = kMaxBytes;
    options.shards = 16;
    PreflightCache cache(p, options);

    std::vector<Counts> counts(kThreads);
    std::vector<std::thread> threads;
    absl::Notification go;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        Counts& c = counts[t];
        Rng rng(static_cast<uint64_t>(t) + 1);
        go.WaitForNotification();
        for (int op = 0; op < kOpsPerThread; ++op) {
          const absl::Time now = At(absl::Milliseconds(op));
          const PreflightCacheKey key{partitions[rng.Below(2)], kOrigin,
                                      urls[rng.Below(24)]};
          const uint32_t dice = rng.Below(1000);
          if (dice < 450) {
            const Query& q = queries[rng.Below(queries.size())];
            const CacheLookup l =
                cache.Lookup(key, q.method, q.unsafe, q.credentials, now);
            ++c.outcomes[static_cast<int>(l.outcome)];
            if (!Possible(l, q)) ++c.impossible;
          } else if (dice < 850) {
            cache.Store(key, results[rng.Below(results.size())], now);
          } else if (dice < 960) {
            cache.ClearEntries(key);
          } else if (dice < 961) {
            cache.Clear();
          } else if (dice < 980) {
            const PreflightCacheKey never{kPartition, kOrigin, never_url};
            const Query& q = queries[rng.Below(queries.size())];
            if (cache.Lookup(never, q.method, q.unsafe, q.credentials, now)
                    .outcome != CacheOutcome::kMiss) {
              ++c.never_stored_not_miss;
            }
          } else {
            if (cache.size() > kMaxEntries) ++c.over_entries;
            if (cache.bytes() > kMaxBytes) ++c.over_bytes;
          }
        }
      });
    }
    go.Notify();
    for (std::thread& th : threads) th.join();

    Counts total;
    for (const Counts& c : counts) {
      for (int i = 0; i < 5; ++i) total.outcomes[i] += c.outcomes[i];
      total.impossible += c.impossible;
      total.never_stored_not_miss += c.never_stored_not_miss;
      total.over_entries += c.over_entries;
      total.over_bytes += c.over_bytes;
    }
    EXPECT_EQ(total.impossible, 0);
    EXPECT_EQ(total.never_stored_not_miss, 0);
    EXPECT_EQ(total.over_entries, 0);
    EXPECT_EQ(total.over_bytes, 0);
    EXPECT_EQ(total.outcomes[static_cast<int>(CacheOutcome::kNotUsed)], 0);
    // The mix really exercised every outcome.
    for (CacheOutcome o : {CacheOutcome::kMiss, CacheOutcome::kHit,
                           CacheOutcome::kStale, CacheOutcome::kHitAndFail}) {
      EXPECT_GT(total.outcomes[static_cast<int>(o)], 0) << ToString(o);
    }
    EXPECT_LE(cache.size(), kMaxEntries);
    EXPECT_LE(cache.bytes(), kMaxBytes);
    cache.Clear();
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
  }
}

// Keys only one thread touches behave exactly as in a single-threaded
// cache, while other threads hammer the same shards.
TEST(PreflightCacheConcurrency, PrivateKeysAreDeterministic) {
  constexpr int kRoundsPerThread = 2000;
  for (const Profile* profile : kProfiles) {
    const Profile& p = *profile;
    SCOPED_TRACE(p.name);
    const PreflightResult put =
        MakeResult(p, "PUT", "X-A", "100", CredentialsMode::kOmit);
    UnsafeHeaderNames x_a = {"X-A"};
    UnsafeHeaderNames none;
    PreflightCache::Options options;
    options.max_entries = 1 << 16;  // no eviction
    options.shards = 16;
    PreflightCache cache(p, options);

    std::vector<int64_t> wrong(kThreads, 0);
    std::vector<std::thread> threads;
    absl::Notification go;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        int64_t& bad = wrong[t];
        std::vector<std::string> urls;
        for (int i = 0; i < 8; ++i) {
          urls.push_back("https://api.example/t" + std::to_string(t) + "/" +
                         std::to_string(i));
        }
        const absl::Time now = At(absl::Seconds(1));
        go.WaitForNotification();
        for (int round = 0; round < kRoundsPerThread; ++round) {
          const PreflightCacheKey key{kPartition, kOrigin,
                                      urls[round % urls.size()]};
          const auto outcome = [&](std::string_view method,
                                   const UnsafeHeaderNames& names) {
            return cache.Lookup(key, method, names, CredentialsMode::kOmit, now)
                .outcome;
          };
          cache.Store(key, put, now);
          if (outcome("PUT", x_a) != CacheOutcome::kHit) ++bad;
          const CacheLookup fail =
              cache.Lookup(key, "DELETE", none, CredentialsMode::kOmit, now);
          if (fail.outcome != CacheOutcome::kHitAndFail ||
              fail.not_covered != "DELETE" || !fail.not_covered_is_method) {
            ++bad;
          }
          const CacheOutcome after = outcome("PUT", x_a);
          if (after != (p.cache_evict_on_hit_and_fail ? CacheOutcome::kMiss
                                                      : CacheOutcome::kHit)) {
            ++bad;
          }
          cache.Store(key, put, now);
          cache.ClearEntries(key);
          if (outcome("PUT", x_a) != CacheOutcome::kMiss) ++bad;
        }
      });
    }
    go.Notify();
    for (std::thread& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
  }
}

// Threads look one shared entry up with different request shapes at once,
// so that each rewrites the entry's served-shape record under the others:
// every answer is the one a cache that saw no other lookup gives (computed
// first, on a cache of its own). Profiles that drop an entry on a failed
// lookup get only shapes it serves.
TEST(PreflightCacheConcurrency, SharedEntryAnswersEveryShapeExactly) {
  constexpr int kRoundsPerThread = 3000;
  struct Shape {
    std::string_view method;
    UnsafeHeaderNames names;
    CredentialsMode credentials;
    bool flag;
  };
  const std::vector<Shape> all = {
      {"PUT", {"X-A"}, CredentialsMode::kOmit, false},
      {"PUT", {"X-A", "X-B"}, CredentialsMode::kOmit, false},
      {"PUT", {"x-b", "X-A"}, CredentialsMode::kOmit, false},
      {"GET", {}, CredentialsMode::kOmit, true},
      {"GET", {"X-B"}, CredentialsMode::kOmit, false},
      {"PATCH", {"X-A"}, CredentialsMode::kOmit, false},
      {"PUT", {"X-A", "X-C"}, CredentialsMode::kOmit, false},
      {"PUT", {"X-A"}, CredentialsMode::kInclude, false},
  };
  const PreflightCacheKey key{kPartition, kOrigin, "https://api.example/x"};
  const absl::Time now = At(absl::Seconds(1));
  for (const Profile* profile : kProfiles) {
    const Profile& p = *profile;
    SCOPED_TRACE(p.name);
    const PreflightResult result =
        MakeResult(p, "PUT", "X-A, X-B", "100", CredentialsMode::kOmit);
    auto ask = [&](PreflightCache& cache, const Shape& s) {
      return cache.Lookup(key, s.method, s.names, s.credentials, now, s.flag);
    };
    std::vector<Shape> shapes;
    std::vector<CacheLookup> want;
    for (const Shape& s : all) {
      PreflightCache cold(p);
      cold.Store(key, result, now);
      CacheLookup l = ask(cold, s);
      if (p.cache_evict_on_hit_and_fail &&
          l.outcome == CacheOutcome::kHitAndFail) {
        continue;
      }
      shapes.push_back(s);
      want.push_back(std::move(l));
    }
    PreflightCache cache(p);
    cache.Store(key, result, now);
    std::vector<int64_t> wrong(kThreads, 0);
    std::vector<std::thread> threads;
    absl::Notification go;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        go.WaitForNotification();
        for (int round = 0; round < kRoundsPerThread; ++round) {
          const size_t n = static_cast<size_t>(round + t) % shapes.size();
          const CacheLookup got = ask(cache, shapes[n]);
          if (got.outcome != want[n].outcome ||
              got.not_covered != want[n].not_covered) {
            ++wrong[t];
          }
        }
      });
    }
    go.Notify();
    for (std::thread& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
    EXPECT_EQ(cache.size(), 1u);
  }
}

// N threads join the same preflight at once: exactly one leads; once it
// completes, every follower (polling concurrently) sees the response.
TEST(PreflightCacheConcurrency, IdenticalJoinsHaveExactlyOneLeader) {
  constexpr int kRounds = 100;
  PreflightCache cache(kSpecProfile);
  const PreflightCacheKey key{kPartition, kOrigin, "https://api.example/c"};
  const std::string header_name = "Access-Control-Allow-Methods";
  const std::string header_value = "PUT";
  const HeaderView response[] = {{header_name, header_value}};
  std::vector<uint64_t> round_ids;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(round);
    std::vector<PreflightFlightTicket> tickets(kThreads);
    {
      absl::Notification go;
      std::vector<std::thread> threads;
      for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
          go.WaitForNotification();
          tickets[t] = cache.JoinFlight(key, "PUT", "x-a");
        });
      }
      go.Notify();
      for (std::thread& th : threads) th.join();
    }
    int leaders = 0;
    for (const PreflightFlightTicket& ticket : tickets) {
      ASSERT_TRUE(ticket.valid());
      EXPECT_NE(ticket.id(), 0u);
      EXPECT_EQ(ticket.id(), tickets[0].id());
      if (ticket.leader()) ++leaders;
    }
    ASSERT_EQ(leaders, 1);
    for (uint64_t id : round_ids) EXPECT_NE(id, tickets[0].id());
    round_ids.push_back(tickets[0].id());

    std::vector<FlightOutcome> outcomes(kThreads);
    {
      absl::Notification go;
      std::vector<std::thread> threads;
      for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
          go.WaitForNotification();
          if (tickets[t].leader()) {
            cache.CompleteFlight(&tickets[t], 204, response);
            return;
          }
          FlightOutcome out = PreflightCache::FlightState(tickets[t]);
          while (out.state == FlightOutcome::State::kPending) {
            std::this_thread::yield();
            out = PreflightCache::FlightState(tickets[t]);
          }
          outcomes[t] = std::move(out);
        });
      }
      go.Notify();
      for (std::thread& th : threads) th.join();
    }
    // The leader's slot stays kPending (it returned without polling).
    int responded = 0;
    for (const FlightOutcome& out : outcomes) {
      if (out.state == FlightOutcome::State::kPending) continue;
      ++responded;
      EXPECT_EQ(out.state, FlightOutcome::State::kResponded);
      EXPECT_EQ(out.status, 204);
      EXPECT_THAT(out.headers,
                  testing::ElementsAre(Header{header_name, header_value}));
    }
    EXPECT_EQ(responded, kThreads - 1);
  }
}

// Threads keep joining the same preflight; every leader completes at once.
// Followers must never see kAbandoned, and each follows a flight some
// leader led.
TEST(PreflightCacheConcurrency, JoinAndCompleteRace) {
  constexpr int kJoinsPerThread = 3000;  // past the registry's sweep period
  PreflightCache cache(kChromiumProfile);
  const PreflightCacheKey key{kPartition, kOrigin, "https://api.example/r"};
  std::vector<std::vector<uint64_t>> led(kThreads);
  std::vector<std::vector<uint64_t>> followed(kThreads);
  std::vector<int64_t> abandoned(kThreads, 0);
  std::vector<int64_t> bad_status(kThreads, 0);
  std::atomic<int64_t> leader_count{0};
  absl::Notification go;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      go.WaitForNotification();
      for (int i = 0; i < kJoinsPerThread; ++i) {
        // A second, per-thread key keeps the registry holding other flights.
        const std::string acrh = (i % 4 == 0) ? "t" + std::to_string(t) : "";
        PreflightFlightTicket ticket = cache.JoinFlight(key, "PUT", acrh);
        if (!ticket.valid()) {
          ++abandoned[t];
          continue;
        }
        if (ticket.leader()) {
          led[t].push_back(ticket.id());
          leader_count.fetch_add(1, std::memory_order_relaxed);
          cache.CompleteFlight(&ticket, 200, {});
          continue;
        }
        followed[t].push_back(ticket.id());
        FlightOutcome out = PreflightCache::FlightState(ticket);
        while (out.state == FlightOutcome::State::kPending) {
          std::this_thread::yield();
          out = PreflightCache::FlightState(ticket);
        }
        if (out.state == FlightOutcome::State::kAbandoned) ++abandoned[t];
        if (out.state == FlightOutcome::State::kResponded &&
            out.status != 200) {
          ++bad_status[t];
        }
      }
    });
  }
  go.Notify();
  for (std::thread& th : threads) th.join();

  std::vector<uint64_t> all_led;
  for (const auto& v : led) all_led.insert(all_led.end(), v.begin(), v.end());
  std::sort(all_led.begin(), all_led.end());
  EXPECT_EQ(std::adjacent_find(all_led.begin(), all_led.end()), all_led.end())
      << "two leaders share a flight id";
  EXPECT_EQ(static_cast<int64_t>(all_led.size()), leader_count.load());
  int64_t followers = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(abandoned[t], 0) << "thread " << t;
    EXPECT_EQ(bad_status[t], 0) << "thread " << t;
    for (uint64_t id : followed[t]) {
      ++followers;
      EXPECT_TRUE(std::binary_search(all_led.begin(), all_led.end(), id))
          << "followed flight " << id << " had no leader";
    }
  }
  EXPECT_EQ(static_cast<int64_t>(all_led.size()) + followers,
            int64_t{kThreads} * kJoinsPerThread);
}

}  // namespace
}  // namespace corsengine
