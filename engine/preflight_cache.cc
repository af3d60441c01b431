// File: engine/preflight_cache.cc
//
// The preflight cache: a fixed set of shards, each a mutex-guarded LRU list
// of entries indexed by a hash map whose keys view the entries' own key
// strings (so lookups build no key). Profile fields decide the model
// (per item or per key), credentials and wildcard matching; see
// include/corsengine/preflight_cache.h.

#include "corsengine/preflight_cache.h"

#include <algorithm>
#include <atomic>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "corsengine/method.h"
#include "engine/internal/ascii.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace internal {
namespace {

absl::string_view Absl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// Rough per-object overheads for the bytes bound: the list node and map
// slot of an entry, and a vector slot of an item.
constexpr size_t kEntryOverhead = 160;
constexpr size_t kItemOverhead = 48;

}  // namespace

// One allowed method or header name.
struct CacheItem {
  std::string name;  // header names lowercased
  absl::Time expiry;
  bool credentials = false;  // made by a preflight with credentials "include"
};

struct CacheEntry {
  std::string partition;
  std::string origin;
  std::string url;
  bool credentials_key = false;  // part of the key only when it must match
  // When the whole entry expires: the result's expiry (kPerKey) or the
  // latest of its items' (kPerItem).
  absl::Time expiry = absl::InfinitePast();
  std::vector<CacheItem> methods;
  std::vector<CacheItem> headers;
  size_t bytes = 0;
};

// A view of a key, for lookups without building strings.
struct KeyView {
  std::string_view partition;
  std::string_view origin;
  std::string_view url;
  bool credentials = false;
};

struct KeyHash {
  using is_transparent = void;
  size_t operator()(const KeyView& k) const {
    return absl::Hash<std::tuple<absl::string_view, absl::string_view,
                                 absl::string_view, bool>>()(
        std::make_tuple(Absl(k.partition), Absl(k.origin), Absl(k.url),
                        k.credentials));
  }
};

struct KeyEq {
  using is_transparent = void;
  bool operator()(const KeyView& a, const KeyView& b) const {
    return a.credentials == b.credentials && a.url == b.url &&
           a.origin == b.origin && a.partition == b.partition;
  }
};

class PreflightCacheShard {
 public:
  using List = std::list<CacheEntry>;

  PreflightCacheShard(size_t max_entries, size_t max_bytes)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}

  absl::Mutex mu;

  // Finds the entry for `key`; nullptr when absent.
  List::iterator Find(const KeyView& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = index_.find(key);
    return it == index_.end() ? lru_.end() : it->second;
  }
  bool Found(List::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return it != lru_.end();
  }

  // The entry for `key`, created empty (and most recently used) if absent.
  List::iterator FindOrCreate(const KeyView& key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    List::iterator it = Find(key);
    if (Found(it)) {
      Touch(it);
      return it;
    }
    lru_.emplace_front();
    CacheEntry& e = lru_.front();
    e.partition = std::string(key.partition);
    e.origin = std::string(key.origin);
    e.url = std::string(key.url);
    e.credentials_key = key.credentials;
    index_.emplace(ViewOf(e), lru_.begin());
    bytes_ += Account(&e);
    return lru_.begin();
  }

  void Touch(List::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    lru_.splice(lru_.begin(), lru_, it);
  }

  void Erase(List::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    index_.erase(ViewOf(*it));
    bytes_ -= it->bytes;
    lru_.erase(it);
  }

  // Recomputes an entry's accounted bytes after its items changed.
  void Reaccount(List::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    bytes_ -= it->bytes;
    bytes_ += Account(&*it);
  }

  // Removes items expired at `now`; true when the entry itself has expired
  // (an entry may hold no items and still be live: a result allowing
  // nothing).
  static bool PurgeExpired(CacheEntry* e, absl::Time now) {
    if (e->expiry <= now) return true;
    auto expired = [now](const CacheItem& i) { return i.expiry <= now; };
    e->methods.erase(
        std::remove_if(e->methods.begin(), e->methods.end(), expired),
        e->methods.end());
    e->headers.erase(
        std::remove_if(e->headers.begin(), e->headers.end(), expired),
        e->headers.end());
    return false;
  }

  // Keeps the shard within its bounds: expired entries first, then the
  // least recently used.
  void Evict(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (!OverBounds()) return;
    for (auto it = lru_.begin(); it != lru_.end();) {
      auto next = std::next(it);
      if (PurgeExpired(&*it, now)) {
        Erase(it);
      } else {
        Reaccount(it);
      }
      it = next;
    }
    while (OverBounds() && !lru_.empty()) Erase(std::prev(lru_.end()));
  }

  template <typename Pred>
  void EraseIf(Pred pred) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    for (auto it = lru_.begin(); it != lru_.end();) {
      auto next = std::next(it);
      if (pred(*it)) Erase(it);
      it = next;
    }
  }

  size_t size() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return lru_.size(); }
  size_t bytes() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return bytes_; }

 private:
  static KeyView ViewOf(const CacheEntry& e) {
    return KeyView{e.partition, e.origin, e.url, e.credentials_key};
  }
  static size_t Account(CacheEntry* e) {
    size_t b = kEntryOverhead + e->partition.size() + e->origin.size() +
               e->url.size();
    for (const CacheItem& i : e->methods) b += kItemOverhead + i.name.size();
    for (const CacheItem& i : e->headers) b += kItemOverhead + i.name.size();
    e->bytes = b;
    return b;
  }
  bool OverBounds() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return lru_.size() > max_entries_ || bytes_ > max_bytes_;
  }

  const size_t max_entries_;
  const size_t max_bytes_;
  List lru_ ABSL_GUARDED_BY(mu);  // front: most recently used
  absl::flat_hash_map<KeyView, List::iterator, KeyHash, KeyEq> index_
      ABSL_GUARDED_BY(mu);
  size_t bytes_ ABSL_GUARDED_BY(mu) = 0;
};

class PreflightFlight {
 public:
  explicit PreflightFlight(std::string key) : key_(std::move(key)) {}

  const std::string& key() const { return key_; }

  FlightOutcome Read() {
    absl::MutexLock lock(&mu_);
    return outcome_;
  }
  bool Pending() {
    absl::MutexLock lock(&mu_);
    return outcome_.state == FlightOutcome::State::kPending;
  }
  void Respond(int status, HeaderSpan headers) {
    absl::MutexLock lock(&mu_);
    if (outcome_.state != FlightOutcome::State::kPending) return;
    outcome_.state = FlightOutcome::State::kResponded;
    outcome_.status = status;
    outcome_.headers.reserve(headers.size());
    for (const HeaderView& h : headers) {
      outcome_.headers.push_back(Header{std::string(h.name), std::string(h.value)});
    }
  }
  void Abandon() {
    absl::MutexLock lock(&mu_);
    if (outcome_.state == FlightOutcome::State::kPending) {
      outcome_.state = FlightOutcome::State::kAbandoned;
    }
  }

 private:
  const std::string key_;
  absl::Mutex mu_;
  FlightOutcome outcome_ ABSL_GUARDED_BY(mu_);
};

class PreflightFlightRegistry {
 public:
  // Returns the pending flight for `key` (follower) or a new one (leader).
  std::shared_ptr<PreflightFlight> Join(std::string key, bool* leader,
                                        uint64_t* id) {
    absl::MutexLock lock(&mu_);
    auto it = flights_.find(key);
    if (it != flights_.end()) {
      if (std::shared_ptr<PreflightFlight> f = it->second.flight.lock()) {
        if (f->Pending()) {
          *leader = false;
          *id = it->second.id;
          return f;
        }
      }
    }
    if (++joins_ % 1024 == 0) Sweep();
    auto flight = std::make_shared<PreflightFlight>(key);
    *leader = true;
    *id = next_id_++;
    flights_[std::move(key)] = Slot{flight, *id};
    return flight;
  }

  void Finish(const PreflightFlight& flight) {
    absl::MutexLock lock(&mu_);
    auto it = flights_.find(flight.key());
    if (it != flights_.end() && it->second.flight.lock().get() == &flight) {
      flights_.erase(it);
    }
  }

 private:
  struct Slot {
    std::weak_ptr<PreflightFlight> flight;
    uint64_t id;
  };
  // Drops slots whose flight is gone or no longer pending (a leader that
  // was destroyed without finishing leaves one behind).
  void Sweep() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    for (auto it = flights_.begin(); it != flights_.end();) {
      std::shared_ptr<PreflightFlight> f = it->second.flight.lock();
      if (!f || !f->Pending()) {
        flights_.erase(it++);
      } else {
        ++it;
      }
    }
  }

  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Slot> flights_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  uint64_t joins_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace internal

using internal::CacheEntry;
using internal::CacheItem;
using internal::KeyView;
using internal::PreflightCacheShard;

std::string_view ToString(CacheOutcome outcome) {
  switch (outcome) {
    case CacheOutcome::kNotUsed:
      return "not-used";
    case CacheOutcome::kMiss:
      return "miss";
    case CacheOutcome::kHit:
      return "hit";
    case CacheOutcome::kStale:
      return "stale";
    case CacheOutcome::kHitAndFail:
      return "hit-and-fail";
  }
  return "not-used";
}

// --- Flight tickets ---

PreflightFlightTicket::PreflightFlightTicket() = default;
PreflightFlightTicket::PreflightFlightTicket(PreflightFlightTicket&&) noexcept =
    default;
PreflightFlightTicket& PreflightFlightTicket::operator=(
    PreflightFlightTicket&& other) noexcept {
  if (this != &other) {
    if (flight_ && leader_) flight_->Abandon();
    flight_ = std::move(other.flight_);
    id_ = other.id_;
    leader_ = other.leader_;
    other.leader_ = false;
  }
  return *this;
}
PreflightFlightTicket::~PreflightFlightTicket() {
  // A leader that goes away without an answer must not strand followers.
  if (flight_ && leader_) flight_->Abandon();
}

// --- The cache ---

PreflightCache::PreflightCache(const Profile& profile)
    : PreflightCache(profile, Options()) {}

PreflightCache::PreflightCache(const Profile& profile, Options options)
    : profile_(&profile),
      options_(options),
      flights_(std::make_unique<internal::PreflightFlightRegistry>()) {
  size_t entries = options_.max_entries;
  if (entries == 0) {
    entries = profile.cache_max_entries > 0 ? profile.cache_max_entries
                                            : kDefaultMaxEntries;
  }
  options_.max_entries = entries;
  const size_t shards = std::max<size_t>(1, std::min(options_.shards, entries));
  options_.shards = shards;
  // Split the bounds so the shards' sum is exactly the cache's.
  const size_t bytes = options_.max_bytes;
  for (size_t i = 0; i < shards; ++i) {
    shards_.push_back(std::make_unique<PreflightCacheShard>(
        entries / shards + (i < entries % shards ? 1 : 0),
        std::max<size_t>(1, bytes / shards + (i < bytes % shards ? 1 : 0))));
  }
}

PreflightCache::~PreflightCache() = default;

PreflightCacheShard& PreflightCache::ShardFor(
    const PreflightCacheKey& key) const {
  // Both credential variants of a key share a shard, so ClearEntries() takes
  // one lock.
  const size_t h = internal::KeyHash()(KeyView{key.partition, key.origin,
                                               key.url, false});
  return *shards_[h % shards_.size()];
}

bool PreflightCache::UsableFor(const Request& request,
                               std::string_view serialized_origin) const {
  if (profile_->cache_honors_request_cache_mode &&
      (request.cache == CacheMode::kNoStore ||
       request.cache == CacheMode::kNoCache ||
       request.cache == CacheMode::kReload)) {
    return false;
  }
  if (profile_->cache_max_url_length > 0 &&
      request.url.spec().size() >= profile_->cache_max_url_length) {
    return false;
  }
  if (!profile_->cache_null_origin && serialized_origin == "null") return false;
  return true;
}

CacheLookup PreflightCache::Lookup(const PreflightCacheKey& key,
                                   std::string_view method,
                                   const UnsafeHeaderNames& unsafe_names,
                                   CredentialsMode credentials,
                                   absl::Time now) {
  const Profile& p = *profile_;
  const bool include = credentials == CredentialsMode::kInclude;
  CacheLookup result;
  PreflightCacheShard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.Find(KeyView{key.partition, key.origin, key.url,
                               p.cache_credentials_must_match && include});
  if (!shard.Found(it)) {
    result.outcome = CacheOutcome::kMiss;
    return result;
  }
  CacheEntry& entry = *it;
  const size_t items_before = entry.methods.size() + entry.headers.size();
  if (PreflightCacheShard::PurgeExpired(&entry, now)) {
    shard.Erase(it);
    result.outcome = CacheOutcome::kStale;
    return result;
  }
  if (entry.methods.size() + entry.headers.size() != items_before) {
    shard.Reaccount(it);
  }

  // "cache entry match": an entry made without credentials does not serve a
  // request with them.
  auto usable = [&](const CacheItem& i) { return i.credentials || !include; };
  auto wildcard = [&](const CacheItem& i) {
    if (i.name != "*") return false;
    switch (p.cache_wildcard) {
      case CachedWildcard::kLiteral:
        return false;
      case CachedWildcard::kIfRequestUncredentialed:
        return !include;
      case CachedWildcard::kIfEntryUncredentialed:
        return !i.credentials;
    }
    return false;
  };

  bool method_ok = IsCorsSafelistedMethod(method) &&
                   !(p.cache_head_needs_method_entry && method == kMethodHead);
  for (const CacheItem& i : entry.methods) {
    if (method_ok) break;
    method_ok = usable(i) && (i.name == method || wildcard(i));
  }
  if (!method_ok) {
    result.outcome = CacheOutcome::kHitAndFail;
    result.not_covered = std::string(method);
    result.not_covered_is_method = true;
  } else {
    for (std::string_view name : unsafe_names) {
      const bool is_authorization = IsCorsNonWildcardRequestHeaderName(name);
      bool covered = false;
      for (const CacheItem& i : entry.headers) {
        if (!usable(i)) continue;
        if (internal::EqualsIgnoreCase(i.name, name) ||
            (wildcard(i) &&
             (!is_authorization || p.cache_wildcard_covers_authorization))) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        result.outcome = CacheOutcome::kHitAndFail;
        result.not_covered = std::string(name);
        for (char& c : result.not_covered) c = internal::ToLowerAscii(c);
        break;
      }
    }
  }
  if (result.outcome == CacheOutcome::kHitAndFail) {
    if (p.cache_evict_on_hit_and_fail) shard.Erase(it);
    return result;
  }
  shard.Touch(it);
  result.outcome = CacheOutcome::kHit;
  return result;
}

void PreflightCache::Store(const PreflightCacheKey& key,
                           const PreflightResult& result, absl::Time now) {
  const Profile& p = *profile_;
  const int64_t seconds = result.max_age().seconds;
  const bool credentials = result.credentials();
  const KeyView view{key.partition, key.origin, key.url,
                     p.cache_credentials_must_match && credentials};
  PreflightCacheShard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);

  if (p.cache_model == CacheModel::kPerKey) {
    // The new result replaces the old one whole; one that cannot be cached
    // leaves nothing behind.
    auto it = shard.Find(view);
    if (seconds <= 0) {
      if (shard.Found(it)) shard.Erase(it);
      return;
    }
    it = shard.FindOrCreate(view);
    const absl::Time expiry = now + absl::Seconds(seconds);
    it->expiry = expiry;
    it->methods.clear();
    it->headers.clear();
    for (size_t i = 0; i < result.method_count(); ++i) {
      it->methods.push_back(
          CacheItem{std::string(result.method(i)), expiry, credentials});
    }
    for (size_t i = 0; i < result.header_count(); ++i) {
      it->headers.push_back(
          CacheItem{std::string(result.header_name(i)), expiry, credentials});
    }
    shard.Reaccount(it);
    shard.Evict(now);
    return;
  }

  // kPerItem: update each matching item's expiry, or add one
  // (#cors-preflight-fetch, last step).
  if (seconds <= 0) {
    if (!p.cache_zero_max_age_expires_entries) return;
    auto it = shard.Find(view);
    if (!shard.Found(it)) return;
    auto expire = [&](std::vector<CacheItem>* items, std::string_view name,
                      bool case_insensitive) {
      for (CacheItem& i : *items) {
        const bool same = case_insensitive
                              ? internal::EqualsIgnoreCase(i.name, name)
                              : i.name == name;
        if (same && i.credentials == credentials) i.expiry = now;
      }
    };
    for (size_t i = 0; i < result.method_count(); ++i) {
      expire(&it->methods, result.method(i), false);
    }
    for (size_t i = 0; i < result.header_count(); ++i) {
      expire(&it->headers, result.header_name(i), true);
    }
    PreflightCacheShard::PurgeExpired(&*it, now);
    if (it->methods.empty() && it->headers.empty()) {
      shard.Erase(it);
    } else {
      shard.Reaccount(it);
    }
    return;
  }
  auto it = shard.FindOrCreate(view);
  const absl::Time expiry = now + absl::Seconds(seconds);
  if (expiry > it->expiry) it->expiry = expiry;
  auto upsert = [&](std::vector<CacheItem>* items, std::string_view name) {
    for (CacheItem& i : *items) {
      if (i.name == name && i.credentials == credentials) {
        i.expiry = expiry;
        return;
      }
    }
    items->push_back(CacheItem{std::string(name), expiry, credentials});
  };
  for (size_t i = 0; i < result.method_count(); ++i) {
    upsert(&it->methods, result.method(i));
  }
  for (size_t i = 0; i < result.header_count(); ++i) {
    upsert(&it->headers, result.header_name(i));
  }
  shard.Reaccount(it);
  shard.Evict(now);
}

void PreflightCache::ClearEntries(const PreflightCacheKey& key) {
  PreflightCacheShard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  for (bool credentials : {false, true}) {
    auto it = shard.Find(KeyView{key.partition, key.origin, key.url, credentials});
    if (shard.Found(it)) shard.Erase(it);
  }
}

void PreflightCache::Clear() {
  for (auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    shard->EraseIf([](const CacheEntry&) { return true; });
  }
}

void PreflightCache::ClearPartition(std::string_view partition) {
  for (auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    shard->EraseIf(
        [&](const CacheEntry& e) { return e.partition == partition; });
  }
}

void PreflightCache::ClearOrigin(std::string_view serialized_origin) {
  for (auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    shard->EraseIf(
        [&](const CacheEntry& e) { return e.origin == serialized_origin; });
  }
}

size_t PreflightCache::size() const {
  size_t n = 0;
  for (auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    n += shard->size();
  }
  return n;
}

size_t PreflightCache::bytes() const {
  size_t n = 0;
  for (auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    n += shard->bytes();
  }
  return n;
}

PreflightFlightTicket PreflightCache::JoinFlight(
    const PreflightCacheKey& key, std::string_view method,
    std::string_view request_headers_value) {
  PreflightFlightTicket ticket;
  if (!options_.coalesce_preflights) return ticket;
  std::string flight_key;
  flight_key.reserve(key.partition.size() + key.origin.size() + key.url.size() +
                     method.size() + request_headers_value.size() + 4);
  for (std::string_view part :
       {key.partition, key.origin, key.url, method, request_headers_value}) {
    flight_key.append(part);
    flight_key.push_back('\0');
  }
  ticket.flight_ =
      flights_->Join(std::move(flight_key), &ticket.leader_, &ticket.id_);
  return ticket;
}

void PreflightCache::CompleteFlight(PreflightFlightTicket* ticket, int status,
                                    HeaderSpan headers) {
  if (!ticket->valid() || !ticket->leader()) return;
  ticket->flight_->Respond(status, headers);
  flights_->Finish(*ticket->flight_);
  ticket->leader_ = false;
}

void PreflightCache::AbandonFlight(PreflightFlightTicket* ticket) {
  if (!ticket->valid() || !ticket->leader()) return;
  ticket->flight_->Abandon();
  flights_->Finish(*ticket->flight_);
  ticket->leader_ = false;
}

FlightOutcome PreflightCache::FlightState(const PreflightFlightTicket& ticket) {
  if (!ticket.valid()) {
    FlightOutcome abandoned;
    abandoned.state = FlightOutcome::State::kAbandoned;
    return abandoned;
  }
  return ticket.flight_->Read();
}

}  // namespace corsengine
