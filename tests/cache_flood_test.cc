// File: tests/cache_flood_test.cc
//
// A hostile page (or a crawler-like host) makes preflights to a million
// distinct URLs through one shared PreflightCache. The cache must stay within
// its bounds the whole time (entries and accounted bytes, README "The
// preflight cache"; docs/PROFILES.md `cache_max_entries` and footnote 5),
// keep a key that is in constant use (least recently used goes first, so a
// hot key survives), and the process's memory must not grow with the number
// of URLs seen.
//
// Peak RSS (getrusage ru_maxrss) is printed before and after each flood with
// the cache's size() and bytes(), for the record; the growth is asserted
// under 64 MiB.

#include <sys/resource.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "corsengine/header_list.h"
#include "corsengine/preflight.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "gtest/gtest.h"

#if defined(__SANITIZE_ADDRESS__)
// ASan keeps freed blocks in a 256 MiB quarantine by default, which would
// count as RSS growth of the test, not of the engine. A small quarantine
// keeps the RSS figure about the cache (ASAN_OPTIONS set by .bazelrc does
// not name this flag, so it stays in force).
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=4";
}
#endif

namespace corsengine {
namespace {

constexpr std::string_view kOrigin = "https://app.example";
const absl::Time kStart = absl::FromUnixSeconds(1700000000);

// Peak resident set size of this process so far, in KiB (Linux ru_maxrss).
long PeakRssKiB() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// What a successful preflight for PUT with X-A, X-B allowed, for `seconds`.
PreflightResult Allowed(int64_t seconds) {
  HeaderListValues methods;
  methods.state = HeaderListValues::State::kParsed;
  methods.items.push_back("PUT");
  HeaderListValues headers;
  headers.state = HeaderListValues::State::kParsed;
  headers.items.push_back("x-a");
  headers.items.push_back("x-b");
  MaxAge age;
  age.source = MaxAge::Source::kValid;
  age.requested_seconds = seconds;
  age.seconds = seconds;
  return PreflightResult::Create(methods, headers, /*credentials=*/false, age);
}

struct FloodStats {
  size_t operations = 0;
  size_t flood_hits = 0;
  size_t hot_lookups = 0;
  size_t hot_hits = 0;
  size_t max_size_seen = 0;
  size_t max_bytes_seen = 0;
  size_t final_size = 0;
  size_t final_bytes = 0;
  long rss_before_kib = 0;
  long rss_after_kib = 0;
};

// `n` distinct URLs, each stored then looked up, time advancing 1 ms per URL;
// every 100 URLs the hot key is looked up and stored again when it missed.
// Every 10,000 URLs the bounds are sampled.
FloodStats Flood(PreflightCache& cache, size_t n) {
  FloodStats stats;
  UnsafeHeaderNames names;
  names.push_back("x-a");
  const PreflightResult flood_result = Allowed(5);  // expires along the way
  const PreflightResult hot_result = Allowed(3600);
  const std::string hot_url = "https://api.example/hot/resource";
  const PreflightCacheKey hot_key{"", kOrigin, hot_url};

  stats.rss_before_kib = PeakRssKiB();
  absl::Time now = kStart;
  cache.Store(hot_key, hot_result, now);
  std::string url;
  for (size_t i = 0; i < n; ++i) {
    url = "https://api.example/flood/";
    url += std::to_string(i);
    url += "?q=";
    url += std::to_string(i * 2654435761u % 1000003u);
    const PreflightCacheKey key{"", kOrigin, url};
    cache.Store(key, flood_result, now);
    if (cache.Lookup(key, "PUT", names, CredentialsMode::kOmit, now).outcome ==
        CacheOutcome::kHit) {
      ++stats.flood_hits;
    }
    ++stats.operations;
    if (i % 100 == 99) {
      ++stats.hot_lookups;
      const CacheLookup hot =
          cache.Lookup(hot_key, "PUT", names, CredentialsMode::kOmit, now);
      if (hot.outcome == CacheOutcome::kHit) {
        ++stats.hot_hits;
      } else {
        cache.Store(hot_key, hot_result, now);
      }
    }
    if (i % 10000 == 9999) {
      stats.max_size_seen = std::max(stats.max_size_seen, cache.size());
      stats.max_bytes_seen = std::max(stats.max_bytes_seen, cache.bytes());
    }
    now += absl::Milliseconds(1);
  }
  stats.final_size = cache.size();
  stats.final_bytes = cache.bytes();
  stats.rss_after_kib = PeakRssKiB();
  return stats;
}

void Report(const char* label, const FloodStats& s, size_t max_entries,
            size_t max_bytes) {
  std::printf(
      "[flood] %s: %zu URLs; size %zu/%zu (max seen %zu), bytes %zu/%zu "
      "(max seen %zu); hot key hits %zu/%zu (%.2f%%); flood store-then-lookup "
      "hits %zu; peak RSS %ld KiB before, %ld KiB after (+%ld KiB)\n",
      label, s.operations, s.final_size, max_entries, s.max_size_seen,
      s.final_bytes, max_bytes, s.max_bytes_seen, s.hot_hits, s.hot_lookups,
      s.hot_lookups ? 100.0 * s.hot_hits / s.hot_lookups : 0.0, s.flood_hits,
      s.rss_before_kib, s.rss_after_kib, s.rss_after_kib - s.rss_before_kib);
  std::fflush(stdout);
}

void ExpectBounded(const FloodStats& s, size_t max_entries, size_t max_bytes,
                   size_t n) {
  EXPECT_EQ(s.operations, n);
  EXPECT_LE(s.final_size, max_entries);
  EXPECT_LE(s.max_size_seen, max_entries);
  EXPECT_LE(s.final_bytes, max_bytes);
  EXPECT_LE(s.max_bytes_seen, max_bytes);
  EXPECT_GT(s.final_size, 0u);
  // A URL just stored is the most recently used entry of its shard: the
  // lookup right after finds it.
  EXPECT_EQ(s.flood_hits, n);
  // LRU keeps a key in constant use.
  ASSERT_GT(s.hot_lookups, 0u);
  EXPECT_GE(static_cast<double>(s.hot_hits) / s.hot_lookups, 0.95)
      << s.hot_hits << " hits of " << s.hot_lookups;
  // Memory does not grow with the URLs seen.
  EXPECT_LT(s.rss_after_kib - s.rss_before_kib, 64L * 1024)
      << "peak RSS grew from " << s.rss_before_kib << " KiB to "
      << s.rss_after_kib << " KiB";
}

constexpr size_t kUrls = 1000000;

TEST(CacheFlood, ChromiumDefaultOptionsStayWithin1024EntriesAnd4MiB) {
  ASSERT_EQ(kChromiumProfile.cache_max_entries, 1024u);
  PreflightCache cache(kChromiumProfile);
  const FloodStats s = Flood(cache, kUrls);
  Report("chromium, default options", s, 1024, PreflightCache::kDefaultMaxBytes);
  ExpectBounded(s, 1024, PreflightCache::kDefaultMaxBytes, kUrls);
  // The entry bound is what limits here: 1,024 small entries are far below
  // 4 MiB, so the cache is full by count.
  EXPECT_EQ(s.final_size, 1024u);
}

TEST(CacheFlood, SpecProfileWith256KiBIsLimitedByBytes) {
  ASSERT_EQ(kSpecProfile.cache_max_entries, 0u);  // the engine's 4,096
  PreflightCache::Options options;
  options.max_bytes = 256 * 1024;
  PreflightCache cache(kSpecProfile, options);
  const FloodStats s = Flood(cache, kUrls);
  Report("spec, max_bytes 256 KiB", s, PreflightCache::kDefaultMaxEntries,
         options.max_bytes);
  ExpectBounded(s, PreflightCache::kDefaultMaxEntries, options.max_bytes,
                kUrls);
  // The bytes bound, not the 4,096 entries, is what limits.
  EXPECT_LT(s.final_size, PreflightCache::kDefaultMaxEntries);
  EXPECT_GT(s.final_bytes, options.max_bytes / 2);
}

}  // namespace
}  // namespace corsengine
