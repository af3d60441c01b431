// File: engine/preflight_cache.cc
//
// The preflight cache: a fixed set of shards, each a mutex-guarded hash set
// of entries. An entry is one allocation (its header, its items, then its
// key and item names as bytes), found by a precomputed hash and compared in
// place, so a lookup builds nothing and touches the slot and one block.
// Recency is a per-shard tick written on each hit (no list to relink); when
// a shard is over its bounds, expired entries go first, then the least
// recently used. Profile fields decide the model (per item or per key),
// credentials and wildcard matching; see include/corsengine/preflight_cache.h.

#include "corsengine/preflight_cache.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "corsengine/method.h"
#include "engine/internal/ascii.h"
#include "engine/internal/hash.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace internal {
namespace {

absl::string_view Absl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// The hash set's slot and control byte, counted per entry for the bytes
// bound on top of the entry's own allocation.
constexpr size_t kSlotOverhead = 16;

int64_t Nanos(absl::Time t) { return absl::ToUnixNanos(t); }

}  // namespace

// One allowed method or header name of an entry (16 bytes; its name is in
// the entry's bytes). `fingerprint` lets a lookup rule out an item, or for
// names of up to 8 bytes accept it, with one integer compare and without
// reading the name.
struct CacheItem {
  uint64_t fingerprint;
  uint32_t name_offset;
  uint32_t name_size : 30;  // Store() keeps no name of kMaxNameSize or more
  uint32_t is_method : 1;
  uint32_t credentials : 1;  // made by a preflight with credentials "include"
};
static_assert(sizeof(CacheItem) == 16, "one item is 16 bytes");
// A name, an entry's methods, and its key and names together stay below
// these, so offsets, sizes and counts fit their fields; a result that
// would not is not cached (a header that large is an attack, not a
// preflight).
constexpr size_t kMaxNameSize = size_t{1} << 30;
constexpr size_t kMaxMethods = size_t{1} << 28;
constexpr size_t kMaxEntryChars = size_t{1} << 31;

// A name as up to two 8-byte words, each passed through `f` (lowercasing
// for a request's header names; stored names are lowercase already): for
// up to 8 bytes the name zero-extended, else its first and last 8 bytes
// (overlapping when shorter than 16). With the size they are the name
// itself up to 16 bytes; `fingerprint` folds them into the one word an item
// keeps, so a lookup rules an item out, or for up to 8 bytes accepts it,
// with one compare and without reading the name.
struct NameWords {
  uint64_t head;
  uint64_t tail;
  uint64_t fingerprint;

  template <typename F>
  NameWords(std::string_view name, F f) {
    const size_t n = name.size();
    if (n <= 8) {
      head = f(n == 8 ? swar::Load8(name.data())
                      : swar::LoadShort(name.data(), n));
      tail = 0;
      fingerprint = head;
    } else {
      head = f(swar::Load8(name.data()));
      tail = f(swar::Load8(name.data() + n - 8));
      fingerprint = head ^ ((tail << 1) | (tail >> 63));
    }
  }
};

// What a Store() puts into an entry before it is laid out.
struct ItemSpec {
  std::string_view name;  // header names lowercased
  int64_t expiry_ns;
  bool is_method;
  bool credentials;
};

// A key as looked up: the parts, whether credentials are part of it, and the
// hash of all that.
struct LookupKey {
  size_t hash;
  std::string_view partition;
  std::string_view origin;
  std::string_view url;
  bool credentials;
};

// A request's shape, as an entry's served-shape record keeps it: the
// credentials mode and the use-CORS-preflight flag, how many header names
// there are, then the method's size and bytes and each name's size and
// bytes, as the request gave them (the same call sends the same bytes; a
// name in another case is only a different record, not a different
// answer), zeros after. Laid out once per lookup, before the lock, so that
// under it a record is compared as one block.
struct RequestShape {
  static constexpr uint8_t kInclude = 1;
  static constexpr uint8_t kPreflightFlag = 2;
  static constexpr size_t kBytes = 54;

  uint8_t flags = 0;
  uint8_t names = 0;
  char bytes[kBytes + kCopySlack] = {};

  // False when the shape does not fit (it is then never recorded).
  bool Fill(std::string_view method, const UnsafeHeaderNames& request,
            bool include, bool use_cors_preflight) {
    size_t need = 1 + method.size();
    for (std::string_view name : request) need += 1 + name.size();
    if (need > kBytes) return false;  // (so fewer than 54 names, too)
    flags = static_cast<uint8_t>((include ? kInclude : 0) |
                                 (use_cors_preflight ? kPreflightFlag : 0));
    names = static_cast<uint8_t>(request.size());
    // Each part's whole-word copy writes zeros after it (the next part's
    // size overwrites the first), and the last stays inside the slack.
    char* at = bytes;
    auto put = [&at](std::string_view part) {
      *at = static_cast<char>(part.size());
      CopyWordsWithSlack(part.data(), part.size(), at + 1, swar::Same());
      at += 1 + part.size();
    };
    put(method);
    for (std::string_view name : request) put(name);
    return true;
  }
};
constexpr size_t kShapeSize = 2 + RequestShape::kBytes;

// The last request shape that the full check found an entry to serve, and
// until when that holds: a page repeats the same call, and a repeat is then
// answered by comparing it with this record instead of matching each name
// against the items. The record holds only while every item that was live
// when it was made still is (`until_ns`, the earliest of their expiries):
// an entry's items never change, and fewer live items is the only way the
// same request could stop being served (more never unserve one), so the
// answer is the full check's, whatever `now` a caller passes.
struct ServedShape {
  int64_t until_ns;        // none: INT64_MIN
  char shape[kShapeSize];  // a RequestShape's first kShapeSize bytes

  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Holds(const RequestShape& request,
                                          int64_t now_ns) const {
    return now_ns < until_ns &&
           swar::Difference(shape, reinterpret_cast<const char*>(&request),
                            kShapeSize) == 0;
  }

  void Record(const RequestShape& request, int64_t until) {
    std::memcpy(shape, &request, kShapeSize);
    until_ns = until;
  }
};
static_assert(sizeof(ServedShape) == 64, "the record is one cache line");
static_assert(offsetof(RequestShape, bytes) == 2 &&
                  std::is_standard_layout<RequestShape>::value,
              "a shape's first bytes are its fields");

// An entry, in one allocation: this header (112 bytes, its served shape
// last); the bytes of partition, origin, URL and the item names; then,
// 8-byte aligned, `item_count` CacheItems and, for entries whose items
// expire apart (kPerItem), one int64 expiry per item. A hit whose shape was
// served before reads the header and the key, which a large cache fetches
// from memory together; the items, for the full check, follow in the same
// page.
class CacheEntry {
 public:
  // `items` must list the methods first. Null when a name or the whole
  // would not fit the entry's fields (kMaxNameSize, kMaxEntryChars).
  static CacheEntry* Create(const LookupKey& key,
                            const std::vector<ItemSpec>& items,
                            bool per_item_expiry) {
    size_t names = 0;
    size_t methods = 0;
    for (const ItemSpec& i : items) {
      if (i.name.size() >= kMaxNameSize) return nullptr;
      names += i.name.size();
      methods += i.is_method ? 1 : 0;
    }
    if (methods >= kMaxMethods) return nullptr;
    const size_t key_size =
        key.partition.size() + key.origin.size() + key.url.size();
    const size_t chars_size = key_size + names;
    if (chars_size >= kMaxEntryChars) return nullptr;
    const size_t size = Size(chars_size, items.size(), per_item_expiry);
    void* block = ::operator new(size);
    CacheEntry* e = new (block) CacheEntry();
    e->hash = key.hash;
    e->partition_size = static_cast<uint32_t>(key.partition.size());
    e->origin_size = static_cast<uint32_t>(key.origin.size());
    e->url_size = static_cast<uint32_t>(key.url.size());
    e->item_count = static_cast<uint32_t>(items.size());
    e->method_count = static_cast<uint32_t>(methods);
    e->chars_size = static_cast<uint32_t>(chars_size);
    e->per_item_expiry = per_item_expiry;
    e->credentials_key = key.credentials;
    e->served.until_ns = INT64_MIN;  // (its shape bytes are zero)
    char* chars = e->mutable_chars();
    size_t at = 0;
    for (std::string_view part : {key.partition, key.origin, key.url}) {
      if (!part.empty()) std::memcpy(chars + at, part.data(), part.size());
      at += part.size();
    }
    CacheItem* out = e->mutable_items();
    int64_t* expiries = e->mutable_expiries();
    int64_t latest = INT64_MIN;
    for (size_t n = 0; n < items.size(); ++n) {
      const ItemSpec& i = items[n];
      if (!i.name.empty()) std::memcpy(chars + at, i.name.data(), i.name.size());
      out[n] = CacheItem{NameWords(i.name, swar::Same()).fingerprint,
                         static_cast<uint32_t>(at),
                         static_cast<uint32_t>(i.name.size()), i.is_method,
                         i.credentials};
      if (per_item_expiry) expiries[n] = i.expiry_ns;
      if (i.name == "*") e->has_wildcard = true;
      at += i.name.size();
      latest = std::max(latest, i.expiry_ns);
    }
    e->expiry_ns = latest;
    return e;
  }

  // Bytes of the allocation.
  size_t size() const { return Size(chars_size, item_count, per_item_expiry); }

  static void Destroy(CacheEntry* e) {
    e->~CacheEntry();
    ::operator delete(e);
  }

  std::string_view partition() const { return {chars(), partition_size}; }
  std::string_view origin() const {
    return {chars() + partition_size, origin_size};
  }
  std::string_view url() const {
    return {chars() + partition_size + origin_size, url_size};
  }
  std::string_view name(const CacheItem& i) const {
    return {chars() + i.name_offset, i.name_size};
  }
  // Whether item `i` is the name whose words are `w` (`name` itself for
  // the bytes past 16; `lowercase`: whether they need lowercasing).
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool ItemIs(const CacheItem& i,
                                           const NameWords& w,
                                           std::string_view name,
                                           bool lowercase) const {
    if (i.fingerprint != w.fingerprint || i.name_size != name.size()) {
      return false;
    }
    const size_t n = name.size();
    if (n <= 8) return true;
    const char* stored = chars() + i.name_offset;
    if (swar::Load8(stored) != w.head || swar::Load8(stored + n - 8) != w.tail) {
      return false;
    }
    if (n <= 16) return true;
    const std::string_view middle = name.substr(8, n - 16);
    const std::string_view stored_middle(stored + 8, n - 16);
    return lowercase ? EqualsLowercase(middle, stored_middle)
                     : EqualsBytes(middle, stored_middle);
  }
  const CacheItem* items() const {
    return reinterpret_cast<const CacheItem*>(chars() + RoundUp8(chars_size));
  }
  // The expiry of item `n`: its own, or the entry's.
  int64_t item_expiry(size_t n) const {
    return per_item_expiry ? expiries()[n] : expiry_ns;
  }

  bool Matches(const LookupKey& k) const {
    return hash == k.hash && credentials_key == k.credentials &&
           EqualsBytes(url(), k.url) && EqualsBytes(origin(), k.origin) &&
           EqualsBytes(partition(), k.partition);
  }

  // The fields a lookup reads come first, then the served shape; the key
  // follows the header, so a hit whose shape was served before reads 112
  // bytes and the key, and none of the items.
  size_t hash = 0;
  // When the whole entry expires: the latest of its items' expiries (for
  // kPerKey they are all the same); an entry with no items (a result that
  // allows nothing) is live until `expiry_ns` too.
  int64_t expiry_ns = 0;
  uint64_t last_used = 0;
  uint32_t partition_size = 0;
  uint32_t origin_size = 0;
  uint32_t url_size = 0;
  uint32_t chars_size = 0;  // key and name bytes
  uint32_t item_count = 0;
  uint32_t method_count : 28;  // items [0, method_count) are methods
  uint32_t per_item_expiry : 1;
  uint32_t credentials_key : 1;  // part of the key only when it must match
  // kPerKey: whether the result was made with credentials "include".
  uint32_t entry_credentials : 1;
  // Whether some item is `*` (lookups skip the wildcard rules otherwise).
  uint32_t has_wildcard : 1;
  ServedShape served;

 private:
  CacheEntry() = default;
  ~CacheEntry() = default;
  static size_t RoundUp8(size_t n) { return (n + 7) & ~size_t{7}; }
  static size_t Size(size_t chars_size, size_t items, bool per_item_expiry) {
    return sizeof(CacheEntry) + RoundUp8(chars_size) +
           items * sizeof(CacheItem) +
           (per_item_expiry ? items * sizeof(int64_t) : 0);
  }
  CacheItem* mutable_items() {
    return reinterpret_cast<CacheItem*>(mutable_chars() + RoundUp8(chars_size));
  }
  const int64_t* expiries() const {
    return reinterpret_cast<const int64_t*>(items() + item_count);
  }
  int64_t* mutable_expiries() {
    return reinterpret_cast<int64_t*>(mutable_items() + item_count);
  }
  const char* chars() const { return reinterpret_cast<const char*>(this + 1); }
  char* mutable_chars() { return reinterpret_cast<char*>(this + 1); }
};
static_assert(sizeof(CacheEntry) == 112,
              "the header and its record are 112 bytes");

struct EntryHash {
  using is_transparent = void;
  size_t operator()(const CacheEntry* e) const { return e->hash; }
  size_t operator()(const LookupKey& k) const { return k.hash; }
};

struct EntryEq {
  using is_transparent = void;
  bool operator()(const CacheEntry* a, const CacheEntry* b) const {
    return a == b;
  }
  bool operator()(const CacheEntry* e, const LookupKey& k) const {
    return e->Matches(k);
  }
  bool operator()(const LookupKey& k, const CacheEntry* e) const {
    return e->Matches(k);
  }
};

class PreflightCacheShard {
 public:
  using Set = absl::flat_hash_set<CacheEntry*, EntryHash, EntryEq>;

  PreflightCacheShard(size_t max_entries, size_t max_bytes)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}
  ~PreflightCacheShard() {
    for (CacheEntry* e : set_) CacheEntry::Destroy(e);
  }

  absl::Mutex mu;

  CacheEntry* Find(const LookupKey& key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    // The probe's control bytes and slot are fetched side by side rather
    // than one after the other: in a large cache each is a miss to memory.
    set_.prefetch(key);
    auto it = set_.find(key);
    return it == set_.end() ? nullptr : *it;
  }

  void Touch(CacheEntry* e) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    e->last_used = ++tick_;
  }

  void Erase(CacheEntry* e) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    set_.erase(e);
    bytes_ -= e->size() + kSlotOverhead;
    CacheEntry::Destroy(e);
  }

  // Puts `fresh` in place of the entry with its key (if any), as the most
  // recently used, then keeps the shard within its bounds.
  void Replace(CacheEntry* fresh, int64_t now_ns)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    LookupKey key{fresh->hash, fresh->partition(), fresh->origin(),
                  fresh->url(), fresh->credentials_key != 0};
    if (CacheEntry* old = Find(key)) Erase(old);
    // An entry larger than the shard's whole byte share is not kept: the
    // bound holds for every entry, and the request it came from stands.
    if (fresh->size() + kSlotOverhead > max_bytes_) {
      CacheEntry::Destroy(fresh);
      return;
    }
    set_.insert(fresh);
    bytes_ += fresh->size() + kSlotOverhead;
    Touch(fresh);
    Evict(now_ns, fresh);
  }

  template <typename Pred>
  void EraseIf(Pred pred) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    for (auto it = set_.begin(); it != set_.end();) {
      CacheEntry* e = *it;
      if (pred(*e)) {
        set_.erase(it++);
        bytes_ -= e->size() + kSlotOverhead;
        CacheEntry::Destroy(e);
      } else {
        ++it;
      }
    }
  }

  size_t size() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return set_.size(); }
  size_t bytes() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return bytes_; }

 private:
  bool OverBounds() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return set_.size() > max_entries_ || bytes_ > max_bytes_;
  }

  // Expired entries first, then the least recently used, exactly, for
  // shards of up to kExactLruLimit entries (every browser's cache): a scan
  // per eviction. A larger shard evicts 1/64 of its capacity at once, oldest
  // first, so filling it costs O(1) amortized per insert. `keep` (the entry
  // just stored) is never the one evicted.
  static constexpr size_t kExactLruLimit = 4096;

  void Evict(int64_t now_ns, const CacheEntry* keep)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (!OverBounds()) return;
    EraseIf([&](const CacheEntry& e) {
      return &e != keep && e.expiry_ns <= now_ns;
    });
    if (max_entries_ <= kExactLruLimit) {
      while (OverBounds()) {
        CacheEntry* oldest = nullptr;
        for (CacheEntry* e : set_) {
          if (e != keep && (oldest == nullptr || e->last_used < oldest->last_used)) {
            oldest = e;
          }
        }
        if (oldest == nullptr) break;
        Erase(oldest);
      }
      return;
    }
    std::vector<CacheEntry*> by_age;
    by_age.reserve(set_.size());
    for (CacheEntry* e : set_) {
      if (e != keep) by_age.push_back(e);
    }
    auto older = [](const CacheEntry* a, const CacheEntry* b) {
      return a->last_used < b->last_used;
    };
    const size_t batch = max_entries_ / 64;
    size_t next = 0;
    while (OverBounds() && next < by_age.size()) {
      const size_t end = std::min(by_age.size(), next + batch);
      std::nth_element(by_age.begin() + next, by_age.begin() + (end - 1),
                       by_age.end(), older);
      for (; next < end; ++next) Erase(by_age[next]);
    }
  }

  const size_t max_entries_;
  const size_t max_bytes_;
  Set set_ ABSL_GUARDED_BY(mu);
  size_t bytes_ ABSL_GUARDED_BY(mu) = 0;
  uint64_t tick_ ABSL_GUARDED_BY(mu) = 0;
};

// The warm-up of a fresh cache under cache_drops_new_keys_until_repeat: the
// keys whose results were dropped, each as its three parts with their sizes.
struct WarmUp {
  absl::Mutex mu;
  absl::flat_hash_set<std::string> dropped ABSL_GUARDED_BY(mu);
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
using internal::ItemSpec;
using internal::LookupKey;
using internal::PreflightCacheShard;

namespace {

// The hash of a key without its credentials bit: it picks the shard, so
// both credential variants of a key share one. Origin and URL are hashed
// apart (two independent chains the CPU overlaps) and then folded; the
// partition, empty without partitioning, only when there is one.
size_t BaseHash(const PreflightCacheKey& key) {
  const uint64_t seed = internal::ProcessHashSeed();
  const uint64_t url = internal::HashBytes(key.url, seed);
  const uint64_t origin =
      internal::HashBytes(key.origin, seed ^ internal::hash_detail::kK3);
  uint64_t h = internal::hash_detail::Fold(url ^ internal::hash_detail::kK4,
                                           origin ^ seed);
  if (!key.partition.empty()) {
    h ^= internal::HashBytes(key.partition, h);
  }
  return static_cast<size_t>(h);
}

LookupKey MakeLookupKey(const PreflightCacheKey& key, size_t base,
                        bool credentials) {
  // A credentials bit in the key gets a different hash, not a different
  // shard.
  const size_t hash = credentials ? base ^ size_t{0x9E3779B97F4A7C15u} : base;
  return LookupKey{hash, key.partition, key.origin, key.url, credentials};
}

}  // namespace

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
      flights_(std::make_unique<internal::PreflightFlightRegistry>()),
      warming_up_(profile.cache_drops_new_keys_until_repeat),
      warm_up_(std::make_unique<internal::WarmUp>()) {
  size_t entries = options_.max_entries;
  const bool browser_bound =
      entries == 0 && profile.cache_max_entries > 0;
  if (entries == 0) {
    entries = browser_bound ? profile.cache_max_entries : kDefaultMaxEntries;
  }
  options_.max_entries = entries;
  size_t wanted = options_.shards;
  if (wanted == 0) wanted = browser_bound ? 1 : kDefaultShards;
  const size_t shards = std::max<size_t>(1, std::min(wanted, entries));
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

bool PreflightCache::DropDuringWarmUp(const PreflightCacheKey& key) {
  absl::MutexLock lock(&warm_up_->mu);
  if (!warming_up_.load(std::memory_order_relaxed)) return false;
  std::string id;
  for (std::string_view part : {key.partition, key.origin, key.url}) {
    id += std::to_string(part.size());
    id += ':';
    id.append(part.data(), part.size());
  }
  if (warm_up_->dropped.size() < kMaxWarmUpKeys &&
      warm_up_->dropped.insert(std::move(id)).second) {
    return true;  // a new key: dropped
  }
  // A repeat (or too many keys): the warm-up is over for good.
  warm_up_->dropped.clear();
  warming_up_.store(false, std::memory_order_release);
  return false;
}

// The shard from the hash's top 32 bits, scaled to the shard count by a
// multiply (a 64-bit division would sit on every lookup's critical path);
// the hash set inside uses the low bits.
PreflightCacheShard& PreflightCache::ShardOf(size_t hash) const {
  const uint64_t top = static_cast<uint64_t>(hash) >> 32;
  return *shards_[(top * shards_.size()) >> 32];
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
      request.url.href().size() >= profile_->cache_max_url_length) {
    return false;
  }
  if (!profile_->cache_null_origin && serialized_origin == "null") return false;
  return true;
}

namespace {

// Whether a cached `*` made with (or without) credentials counts for a
// request with (or without) them (Profile::cache_wildcard).
bool WildcardCounts(const Profile& p, bool item_credentials, bool include) {
  switch (p.cache_wildcard) {
    case CachedWildcard::kLiteral:
      return false;
    case CachedWildcard::kIfRequestUncredentialed:
      return !include;
    case CachedWildcard::kIfEntryUncredentialed:
      return !item_credentials;
  }
  return false;
}

// The first of `names` that `entry` does not serve, for a long request
// list against a long entry: the header items are those from index
// `methods` on, `live[n]` says whether item n may serve the request, and
// `star` whether some live `*` counts for it (covering Authorization only
// when `star_covers_authorization`). None when every name is served.
// Out of line, away from the common path.
ABSL_ATTRIBUTE_NOINLINE std::optional<std::string_view> FirstNameNotListed(
    const CacheEntry& entry, size_t methods, const std::vector<bool>& live,
    bool star, bool star_covers_authorization,
    const UnsafeHeaderNames& names) {
  absl::flat_hash_set<absl::string_view> listed;
  listed.reserve(live.size() - methods);
  const CacheItem* const items = entry.items();
  for (size_t n = methods; n < live.size(); ++n) {
    if (live[n]) listed.insert(internal::Absl(entry.name(items[n])));
  }
  std::string lowered;
  for (std::string_view name : names) {
    lowered.assign(name.data(), name.size());
    for (char& c : lowered) c = internal::ToLowerAscii(c);
    if (listed.contains(absl::string_view(lowered))) continue;
    if (star && (star_covers_authorization ||
                 !IsCorsNonWildcardRequestHeaderName(name))) {
      continue;
    }
    return name;
  }
  return std::nullopt;
}

// The full "cache entry match" of a request against a live entry, when
// the entry's served shape is not the request's: fills `result` when
// something is not served; otherwise records `shape` (null when the
// request's did not fit a record).
ABSL_ATTRIBUTE_NOINLINE void CheckEntry(const Profile& p, CacheEntry* entry,
                                        std::string_view method,
                                        const UnsafeHeaderNames& unsafe_names,
                                        bool include, bool use_cors_preflight,
                                        int64_t now_ns,
                                        const internal::RequestShape* shape,
                                        CacheLookup& result) {
  // "cache entry match": an item made without credentials does not serve a
  // request with them; expired items count as absent.
  const CacheItem* const items = entry->items();
  const size_t count = entry->item_count;
  // Items of an entry without per-item expiries live as long as the entry,
  // which Lookup() checked.
  const bool per_item_expiry = entry->per_item_expiry;
  auto usable = [&](size_t n) {
    return (!per_item_expiry || entry->item_expiry(n) > now_ns) &&
           (items[n].credentials || !include);
  };
  auto wildcard = [&](size_t n) {
    const CacheItem& i = items[n];
    return i.name_size == 1 && i.fingerprint == '*' &&
           WildcardCounts(p, i.credentials != 0, include);
  };
  const bool wildcards = entry->has_wildcard;
  bool method_ok = IsCorsSafelistedMethod(method) &&
                   !(p.cache_head_needs_method_entry && method == kMethodHead) &&
                   !(use_cors_preflight &&
                     p.cache_preflight_flag_needs_method_entry);
  const size_t methods = entry->method_count;
  if (!method_ok) {
    // Methods compare as bytes.
    const internal::NameWords words(method, internal::swar::Same());
    for (size_t n = 0; n < methods; ++n) {
      if ((entry->ItemIs(items[n], words, method, /*lowercase=*/false) ||
           (wildcards && wildcard(n))) &&
          usable(n)) {
        method_ok = true;
        break;
      }
    }
  }
  if (!method_ok) {
    result.outcome = CacheOutcome::kHitAndFail;
    result.not_covered = std::string(method);
    result.not_covered_is_method = true;
  } else if (unsafe_names.size() > internal::kScannedNames &&
             count - methods > internal::kScannedNames) {
    // A long request list against many names: through a set, built once,
    // so the check under the lock stays linear.
    std::vector<bool> live(count);
    for (size_t n = methods; n < count; ++n) live[n] = usable(n);
    bool star = false;
    for (size_t n = methods; n < count && wildcards; ++n) {
      star = star || (live[n] && wildcard(n));
    }
    const std::optional<std::string_view> missing =
        FirstNameNotListed(*entry, methods, live, star,
                           p.cache_wildcard_covers_authorization,
                           unsafe_names);
    if (missing) {
      result.outcome = CacheOutcome::kHitAndFail;
      result.not_covered = std::string(*missing);
      for (char& c : result.not_covered) c = internal::ToLowerAscii(c);
    }
  } else {
    for (std::string_view name : unsafe_names) {
      // Stored names are lowercase; the request's are lowercased here.
      const internal::NameWords words(name, internal::swar::Lower());
      bool covered = false;
      for (size_t n = methods; n < count; ++n) {
        if (entry->ItemIs(items[n], words, name, /*lowercase=*/true) &&
            usable(n)) {
          covered = true;
          break;
        }
        if (wildcards && wildcard(n) && usable(n) &&
            (p.cache_wildcard_covers_authorization ||
             !IsCorsNonWildcardRequestHeaderName(name))) {
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
  // A kPerKey result made without credentials serves no request with them,
  // even one that needs none of its items (Chromium EnsureAllowedRequest,
  // WebKit allowsRequest).
  if (result.outcome != CacheOutcome::kHitAndFail &&
      p.cache_model == CacheModel::kPerKey && include &&
      !entry->entry_credentials) {
    result.outcome = CacheOutcome::kHitAndFail;
    result.not_covered = "credentials";
    result.not_covered_is_credentials = true;
  }
  if (result.outcome == CacheOutcome::kHitAndFail || shape == nullptr) return;
  // Served until the first live item expires (the entry's expiry for
  // entries whose items share it).
  int64_t until = entry->expiry_ns;
  if (per_item_expiry) {
    for (size_t n = 0; n < count; ++n) {
      const int64_t expiry = entry->item_expiry(n);
      if (expiry > now_ns) until = std::min(until, expiry);
    }
  }
  entry->served.Record(*shape, until);
}

}  // namespace

CacheLookup PreflightCache::Lookup(const PreflightCacheKey& key,
                                   std::string_view method,
                                   const UnsafeHeaderNames& unsafe_names,
                                   CredentialsMode credentials, absl::Time now,
                                   bool use_cors_preflight) {
  const Profile& p = *profile_;
  const bool include = credentials == CredentialsMode::kInclude;
  const int64_t now_ns = internal::Nanos(now);
  const size_t base = BaseHash(key);
  const LookupKey lookup_key =
      MakeLookupKey(key, base, p.cache_credentials_must_match && include);
  PreflightCacheShard& shard = ShardOf(base);
  internal::RequestShape shape;
  const bool fits =
      shape.Fill(method, unsafe_names, include, use_cors_preflight);
  CacheLookup result;
  absl::MutexLock lock(&shard.mu);
  CacheEntry* entry = shard.Find(lookup_key);
  if (entry == nullptr) {
    result.outcome = CacheOutcome::kMiss;
    return result;
  }
  if (entry->expiry_ns <= now_ns) {
    shard.Erase(entry);
    result.outcome = CacheOutcome::kStale;
    return result;
  }

  if (!(fits && entry->served.Holds(shape, now_ns))) {
    CheckEntry(p, entry, method, unsafe_names, include, use_cors_preflight,
               now_ns, fits ? &shape : nullptr, result);
    if (result.outcome == CacheOutcome::kHitAndFail) {
      if (p.cache_evict_on_hit_and_fail) shard.Erase(entry);
      return result;
    }
  }
  shard.Touch(entry);
  result.outcome = CacheOutcome::kHit;
  return result;
}

void PreflightCache::Store(const PreflightCacheKey& key,
                           const PreflightResult& result, absl::Time now) {
  const Profile& p = *profile_;
  if (warming_up_.load(std::memory_order_acquire) && DropDuringWarmUp(key)) {
    return;
  }
  const int64_t seconds = result.max_age().seconds;
  const bool credentials = result.credentials();
  const int64_t now_ns = internal::Nanos(now);
  const int64_t expiry_ns = internal::Nanos(now + absl::Seconds(seconds));
  const size_t base = BaseHash(key);
  const LookupKey lookup_key =
      MakeLookupKey(key, base, p.cache_credentials_must_match && credentials);
  PreflightCacheShard& shard = ShardOf(base);

  // The items the result contributes, each with the new expiry.
  std::vector<ItemSpec> items;
  items.reserve(result.method_count() + result.header_count());
  for (size_t i = 0; i < result.method_count(); ++i) {
    items.push_back(ItemSpec{result.method(i), expiry_ns, true, credentials});
  }
  for (size_t i = 0; i < result.header_count(); ++i) {
    items.push_back(
        ItemSpec{result.header_name(i), expiry_ns, false, credentials});
  }

  absl::MutexLock lock(&shard.mu);
  CacheEntry* old = shard.Find(lookup_key);

  if (p.cache_model == CacheModel::kPerKey) {
    // The new result replaces the old one whole; one that cannot be cached
    // leaves nothing behind.
    if (seconds <= 0) {
      if (old != nullptr) shard.Erase(old);
      return;
    }
    CacheEntry* fresh =
        CacheEntry::Create(lookup_key, items, /*per_item_expiry=*/false);
    if (fresh == nullptr) {
      if (old != nullptr) shard.Erase(old);
      return;
    }
    fresh->expiry_ns = expiry_ns;
    fresh->entry_credentials = credentials;
    shard.Replace(fresh, now_ns);
    return;
  }

  // kPerItem: update each matching live item's expiry, or add one
  // (#cors-preflight-fetch, last step). Max-Age 0 expires what it matches.
  if (seconds <= 0 && !p.cache_zero_max_age_expires_entries) return;
  if (seconds <= 0 && old == nullptr) return;
  std::vector<ItemSpec> merged;
  if (old != nullptr) {
    const CacheItem* const old_items = old->items();
    for (size_t n = 0; n < old->item_count; ++n) {
      const CacheItem& i = old_items[n];
      if (old->item_expiry(n) <= now_ns) continue;
      merged.push_back(ItemSpec{old->name(i), old->item_expiry(n),
                                i.is_method != 0, i.credentials != 0});
    }
  }
  // A new item refreshes every live item that a request like this
  // preflight's would be served by ("for each method in methods for which
  // there is a method cache entry match using request, set matching entry's
  // max-age"), and is added only when there is none ("for each method ...
  // for which there is no method cache entry match ..., create a new cache
  // entry"), items this preflight added before it included, so `*, PUT`
  // adds only `*`: the same name (header names are stored lowercase, so
  // both sides compare exactly) or a `*` the profile's wildcard rule counts,
  // made with credentials or, for a request without, without. Long lists
  // go through a hash map so a hostile server's list stays linear.
  auto matches = [&p](const ItemSpec& old, const ItemSpec& item) {
    if (old.is_method != item.is_method) return false;
    if (!old.credentials && item.credentials) return false;
    if (old.name == item.name) return true;
    if (old.name != "*") return false;
    if (!item.is_method && !p.cache_wildcard_covers_authorization &&
        IsCorsNonWildcardRequestHeaderName(item.name)) {
      return false;
    }
    return WildcardCounts(p, old.credentials, item.credentials);
  };
  using IndexKey = std::tuple<bool, bool, absl::string_view>;
  auto key_of = [](const ItemSpec& m) {
    return IndexKey(m.is_method, m.credentials, internal::Absl(m.name));
  };
  const bool hashed = merged.size() + items.size() > internal::kScannedNames;
  absl::flat_hash_map<IndexKey, size_t> index;
  if (hashed) {
    for (size_t n = 0; n < merged.size(); ++n) index.emplace(key_of(merged[n]), n);
  }
  for (const ItemSpec& item : items) {
    bool updated = false;
    auto refresh = [&](size_t n) {
      if (!matches(merged[n], item)) return;
      merged[n].expiry_ns = item.expiry_ns;
      updated = true;
    };
    if (hashed) {
      // The only items `matches` can accept: this name or `*`, either flag.
      for (std::string_view name : {item.name, std::string_view("*")}) {
        for (bool item_credentials : {false, true}) {
          auto it = index.find(
              IndexKey(item.is_method, item_credentials, internal::Absl(name)));
          if (it != index.end()) refresh(it->second);
        }
      }
    } else {
      for (size_t n = 0; n < merged.size(); ++n) refresh(n);
    }
    if (!updated && seconds > 0) {
      merged.push_back(item);
      if (hashed) index.emplace(key_of(item), merged.size() - 1);
    }
  }
  std::stable_partition(merged.begin(), merged.end(),
                        [](const ItemSpec& m) { return m.is_method; });
  merged.erase(std::remove_if(merged.begin(), merged.end(),
                              [&](const ItemSpec& m) {
                                return m.expiry_ns <= now_ns;
                              }),
               merged.end());
  if (merged.empty()) {
    if (old != nullptr) shard.Erase(old);
    return;
  }
  // `merged` views the old entry's names: lay the new one out first.
  CacheEntry* fresh =
      CacheEntry::Create(lookup_key, merged, /*per_item_expiry=*/true);
  if (fresh == nullptr) {
    if (old != nullptr) shard.Erase(old);
    return;
  }
  shard.Replace(fresh, now_ns);
}

void PreflightCache::ClearEntries(const PreflightCacheKey& key) {
  const size_t base = BaseHash(key);
  PreflightCacheShard& shard = ShardOf(base);
  absl::MutexLock lock(&shard.mu);
  for (bool credentials : {false, true}) {
    if (CacheEntry* e = shard.Find(MakeLookupKey(key, base, credentials))) {
      shard.Erase(e);
    }
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
        [&](const CacheEntry& e) { return e.partition() == partition; });
  }
}

void PreflightCache::ClearOrigin(std::string_view serialized_origin) {
  for (auto& shard : shards_) {
    absl::MutexLock lock(&shard->mu);
    shard->EraseIf(
        [&](const CacheEntry& e) { return e.origin() == serialized_origin; });
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
