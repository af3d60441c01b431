// File: include/corsengine/preflight_cache.h
//
// The CORS-preflight cache (https://fetch.spec.whatwg.org/#cors-preflight-
// cache): what earlier preflights allowed, so that a request they cover can
// skip its own. It is the one long-lived, shared object of the engine: a
// host keeps one per browsing profile (Chromium: per NetworkContext) and
// hands it to every Fetch.
//
// The profile given at construction decides keying and matching (docs/
// PROFILES.md): one entry per method and header name with its own expiry and
// merged across preflights (spec, Firefox), or one result per URL replaced
// whole (Chromium, WebKit); whether credentials must match; when a cached
// `*` counts; the entry and URL-length bounds.
//
// Bounded in entries and in bytes. When full, expired entries go first, then
// the least recently used; eviction is deterministic (Chromium purges at
// random; this cache does not). The cache never reads a clock: every call
// takes `now`.
//
// PreflightCache is thread-safe: keys are spread over shards, each behind its
// own absl::Mutex. The bounds are split among the shards (their sum is the
// cache's), and the LRU order is kept per shard. So by default a cache whose
// bound is its browser's own (Chromium 1,024 entries, Firefox 100) has one
// shard, and evicts in the browser's order (Firefox forgets the first of 101
// keys, not some key of a shard that filled first); a host that wants more
// shards there trades that order for less contention (Options::shards).
//
// Beyond every browser, concurrent identical preflights are coalesced: while
// one is in flight, a second fetch that would send the same OPTIONS (same
// partition, origin, URL, method and Access-Control-Request-Headers) waits
// for it and judges its response itself (see Fetch and
// Action::kWaitForPreflight).

#ifndef CORSENGINE_INCLUDE_CORSENGINE_PREFLIGHT_CACHE_H_
#define CORSENGINE_INCLUDE_CORSENGINE_PREFLIGHT_CACHE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/header_list.h"
#include "corsengine/preflight.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"

namespace corsengine {

// What one cache lookup found.
enum class CacheOutcome : uint8_t {
  kNotUsed,     // no cache, or the request's cache mode bypasses it
  kMiss,        // no entry for the key
  kHit,         // an entry covers the request: no preflight
  kStale,       // the entry had expired (and is gone)
  kHitAndFail,  // an entry exists but does not cover the request
};
std::string_view ToString(CacheOutcome outcome);

struct CacheLookup {
  CacheOutcome outcome = CacheOutcome::kNotUsed;
  // For kHitAndFail: the method or the (lowercased) header name the entry
  // did not cover, and which of the two it was; or, when everything is
  // listed but the entry was made without credentials and the request has
  // them, not_covered_is_credentials (not_covered is then "credentials").
  std::string not_covered;
  bool not_covered_is_method = false;
  bool not_covered_is_credentials = false;
};

// Which entries a preflight's result belongs to: the network partition key
// (#network-partition-key: the top-level site, empty when none), the
// byte-serialized request origin ("null" when opaque or tainted by a
// redirect) and the request's current URL, serialized with its fragment
// (Url::href(): the Standard matches entries by URL, and all three browsers
// preflight /r#a and /r#b apart).
struct PreflightCacheKey {
  std::string_view partition;
  std::string_view origin;
  std::string_view url;
};

namespace internal {
class PreflightFlight;
class PreflightCacheShard;
class PreflightFlightRegistry;
struct WarmUp;
}  // namespace internal

// A share in one in-flight preflight (coalescing). Movable; the leader
// completes or abandons it, followers read its outcome.
class PreflightFlightTicket {
 public:
  PreflightFlightTicket();
  ~PreflightFlightTicket();
  PreflightFlightTicket(PreflightFlightTicket&&) noexcept;
  PreflightFlightTicket& operator=(PreflightFlightTicket&&) noexcept;

  bool valid() const { return flight_ != nullptr; }
  // The leader sends the preflight; followers wait for it.
  bool leader() const { return leader_; }
  // Identifies the flight in actions (Action::wait_id); never 0 when valid.
  uint64_t id() const { return id_; }

 private:
  friend class PreflightCache;
  std::shared_ptr<internal::PreflightFlight> flight_;
  uint64_t id_ = 0;
  bool leader_ = false;
};

// What a follower finds when it comes back to its flight.
struct FlightOutcome {
  enum class State : uint8_t {
    kPending,    // not finished yet: keep waiting
    kResponded,  // the preflight got a response: judge `status`/`headers`
    kAbandoned,  // the leader gave up (network error, cancelled): send your own
  };
  State state = State::kPending;
  int status = 0;
  std::vector<Header> headers;
};

class PreflightCache {
 public:
  // The bound for profiles whose browser has none (spec, WebKit).
  static constexpr size_t kDefaultMaxEntries = 4096;
  static constexpr size_t kDefaultMaxBytes = 4 * 1024 * 1024;
  // Profile::cache_drops_new_keys_until_repeat remembers at most this many
  // dropped keys; a cache given more distinct keys first ends its warm-up.
  static constexpr size_t kMaxWarmUpKeys = 1024;
  // Shards of a cache whose bound is no browser's (Options::shards).
  static constexpr size_t kDefaultShards = 16;

  struct Options {
    // 0: the profile's bound (Profile::cache_max_entries), or
    // kDefaultMaxEntries when it has none.
    size_t max_entries = 0;
    size_t max_bytes = kDefaultMaxBytes;
    // 0: one shard when the entry bound is the profile's browser's own
    // (max_entries 0 and Profile::cache_max_entries set), so the LRU order
    // is the whole cache's; kDefaultShards otherwise. One shard means one
    // lock for every thread, and an eviction that looks over the whole
    // bound (1,024 entries at most); a host with many threads that can give
    // up the exact order sets a count.
    size_t shards = 0;
    bool coalesce_preflights = true;
  };

  explicit PreflightCache(const Profile& profile);
  PreflightCache(const Profile& profile, Options options);
  ~PreflightCache();

  PreflightCache(const PreflightCache&) = delete;
  PreflightCache& operator=(const PreflightCache&) = delete;

  const Profile& profile() const { return *profile_; }

  // UsableFor()
  //
  // Whether `request` may use the cache at all: its cache mode (for
  // profiles that honor it), the URL length bound, and "null" origins.
  bool UsableFor(const Request& request, std::string_view serialized_origin) const;

  // Lookup()
  //
  // May a request with this method, these CORS-unsafe header names and this
  // credentials mode skip its preflight? (#http-fetch step "If
  // makeCORSPreflight ...": the method and header-name cache entry match.)
  // `use_cors_preflight` is the request's use-CORS-preflight flag: with it,
  // the Standard wants a method entry even for a CORS-safelisted method
  // (profile field cache_preflight_flag_needs_method_entry). Expired entries
  // found on the way are removed.
  CacheLookup Lookup(const PreflightCacheKey& key, std::string_view method,
                     const UnsafeHeaderNames& unsafe_names,
                     CredentialsMode credentials, absl::Time now,
                     bool use_cors_preflight = false);

  // Store()
  //
  // Records what a successful preflight allowed (#cors-preflight-fetch, the
  // final step), for result.max_age().seconds from `now`.
  void Store(const PreflightCacheKey& key, const PreflightResult& result,
             absl::Time now);

  // ClearEntries()
  //
  // #concept-cache-clear: after a CORS-with-preflight fetch failed, forget
  // everything for this key (with and without credentials).
  void ClearEntries(const PreflightCacheKey& key);

  // What a host does when the user clears site data.
  void Clear();
  void ClearPartition(std::string_view partition);
  void ClearOrigin(std::string_view serialized_origin);

  size_t size() const;   // entries (keys)
  size_t bytes() const;  // accounted bytes

  // --- Coalescing concurrent identical preflights ---

  // JoinFlight()
  //
  // The first caller for a given preflight becomes its leader; callers
  // while it is in flight become followers. Returns an invalid ticket when
  // coalescing is off.
  PreflightFlightTicket JoinFlight(const PreflightCacheKey& key,
                                   std::string_view method,
                                   std::string_view request_headers_value);
  // The leader's preflight got this response; followers may now judge it.
  void CompleteFlight(PreflightFlightTicket* ticket, int status,
                      HeaderSpan headers);
  // The leader will not get a response; followers send their own.
  void AbandonFlight(PreflightFlightTicket* ticket);
  // What a follower's flight came to.
  static FlightOutcome FlightState(const PreflightFlightTicket& ticket);

 private:
  internal::PreflightCacheShard& ShardOf(size_t hash) const;
  // During the warm-up: whether this store is dropped (and the warm-up's end
  // at the first repeated key).
  bool DropDuringWarmUp(const PreflightCacheKey& key);

  const Profile* profile_;
  Options options_;
  std::vector<std::unique_ptr<internal::PreflightCacheShard>> shards_;
  std::unique_ptr<internal::PreflightFlightRegistry> flights_;
  // Profile::cache_drops_new_keys_until_repeat: true until a key is stored
  // a second time; the keys dropped so far.
  std::atomic<bool> warming_up_;
  std::unique_ptr<internal::WarmUp> warm_up_;
};

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_PREFLIGHT_CACHE_H_
