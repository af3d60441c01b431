// File: bench/cors_benchmark.cc
//
// The reference workload of PERF-WORKLOAD.md (bench/README.md): one
// credentialed PUT from https://app.example.com to
// https://api.example.org/v1/items/42?expand=owner with five script headers,
// its preflight response and its 10-header actual response, under the
// chromium profile (the incumbent it is compared with).
//
// Every benchmark reports items per second and `allocs_per_op`, counted by
// the replaced global operator new in alloc_counter.cc.

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "bench/alloc_counter.h"
#include "benchmark/benchmark.h"
#include "corsengine/corsengine.h"

namespace corsengine {
namespace {

const Profile& kProfile = kChromiumProfile;
constexpr char kOrigin[] = "https://app.example.com";

const std::vector<HeaderView>& ScriptHeaders() {
  static const auto* const h = new std::vector<HeaderView>{
      {"Accept", "application/json"},
      {"Content-Type", "application/json"},
      {"Accept-Language", "en-US,en;q=0.9"},
      {"X-Request-ID", "9b2f4c1e-6a7d-4e8f-b3a1-2c5d7e9f0a4b"},
      {"Authorization",
       "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ik"
       "pvaG4ifQ.sig0123456789"},
  };
  return *h;
}

const Request& WorkloadRequest() {
  static const Request* const r = [] {
    RequestInit init;
    init.origin = *Origin::Parse(kOrigin);
    init.url = "https://api.example.org/v1/items/42?expand=owner";
    init.method = "PUT";
    init.headers = ScriptHeaders();
    init.credentials = CredentialsMode::kInclude;
    Expected<Request> request = CreateRequest(init, kProfile);
    if (!request.ok()) std::abort();
    return new Request(std::move(request).value());
  }();
  return *r;
}

const std::vector<HeaderView> kPreflightResponse = {
    {"Access-Control-Allow-Origin", kOrigin},
    {"Access-Control-Allow-Credentials", "true"},
    {"Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH"},
    {"Access-Control-Allow-Headers",
     "Content-Type, Authorization, X-Request-ID, X-Trace-Id"},
    {"Access-Control-Max-Age", "600"},
};

const std::vector<HeaderView> kActualResponse = {
    {"content-type", "application/json"},
    {"content-length", "1234"},
    {"cache-control", "private, max-age=0"},
    {"date", "Wed, 25 Nov 2026 10:00:00 GMT"},
    {"etag", "\"5d8c72a5edda8d6a\""},
    {"x-request-id", "9b2f4c1e-6a7d-4e8f-b3a1-2c5d7e9f0a4b"},
    {"x-ratelimit-remaining", "4999"},
    {"access-control-allow-origin", kOrigin},
    {"access-control-allow-credentials", "true"},
    {"access-control-expose-headers", "X-Request-ID, X-RateLimit-Remaining, ETag"},
};

// Runs `body` per iteration and reports items/s and allocations per op.
template <typename Body>
void Measure(benchmark::State& state, Body body) {
  const uint64_t before = bench::AllocationCount();
  for (auto _ : state) body();
  const uint64_t allocs = bench::AllocationCount() - before;
  state.SetItemsProcessed(state.iterations());
  state.counters["allocs_per_op"] = benchmark::Counter(
      static_cast<double>(allocs) / static_cast<double>(state.iterations()));
}

// (a) Does the request need a preflight, and its sorted CORS-unsafe names.
void BM_PreflightDecision(benchmark::State& state) {
  const Request& request = WorkloadRequest();
  UnsafeHeaderNames names;
  Measure(state, [&] {
    const bool needs = NeedsCorsPreflight(request, kProfile, &names);
    benchmark::DoNotOptimize(needs);
    benchmark::DoNotOptimize(names.data());
  });
  if (names.size() != 3) state.SkipWithError("expected 3 unsafe names");
}
BENCHMARK(BM_PreflightDecision);

// (b) CORS check on the preflight response, Allow-Methods, Allow-Headers and
// Max-Age parsed, method and headers checked, the cache entry produced.
void BM_ValidatePreflight(benchmark::State& state) {
  const Request& request = WorkloadRequest();
  UnsafeHeaderNames names;
  NeedsCorsPreflight(request, kProfile, &names);
  const std::string& origin = request.origin.Serialize();
  bool ok = true;
  Measure(state, [&] {
    Expected<PreflightResult> result = ValidatePreflightResponse(
        request, origin, names, 204, kPreflightResponse, kProfile);
    ok &= result.ok();
    benchmark::DoNotOptimize(result);
  });
  if (!ok) state.SkipWithError("preflight unexpectedly failed");
}
BENCHMARK(BM_ValidatePreflight);

// (b) taken apart on the same response, to show where its time goes: the
// CORS check alone; the first half as (b) runs it (the check, the status,
// the lists written straight into the result, Max-Age); the request checked
// against the result. Parse and Allows sum to a little under (b), which
// adds the plumbing between them. Then the general path's pieces, which a
// response takes when its lists are too long to write inline (or fail):
// Allow-Methods and Allow-Headers tokenized into lists of views, Max-Age
// parsed, the result built from the lists.
void BM_ValidatePreflightStep_Check(benchmark::State& state) {
  const Request& request = WorkloadRequest();
  const std::string& origin = request.origin.Serialize();
  bool ok = true;
  Measure(state, [&] {
    Expected<void> access =
        CheckCorsAccess(kPreflightResponse, origin, request.credentials,
                        CheckedResponse::kPreflight, kProfile);
    ok &= access.ok();
    benchmark::DoNotOptimize(access);
  });
  if (!ok) state.SkipWithError("the check failed");
}
BENCHMARK(BM_ValidatePreflightStep_Check);

void BM_ValidatePreflightStep_Parse(benchmark::State& state) {
  const Request& request = WorkloadRequest();
  const std::string& origin = request.origin.Serialize();
  bool ok = true;
  Measure(state, [&] {
    Expected<PreflightResult> result = ParsePreflightResponse(
        request, origin, 204, kPreflightResponse, kProfile);
    ok &= result.ok() && result->header_count() == 4;
    benchmark::DoNotOptimize(result);
  });
  if (!ok) state.SkipWithError("unexpected result");
}
BENCHMARK(BM_ValidatePreflightStep_Parse);

void BM_ValidatePreflightStep_Lists(benchmark::State& state) {
  HeaderListValues methods;
  HeaderListValues headers;
  Measure(state, [&] {
    ExtractHeaderListValues(kPreflightResponse, kAccessControlAllowMethods,
                            &methods);
    ExtractHeaderListValues(kPreflightResponse, kAccessControlAllowHeaders,
                            &headers);
    benchmark::DoNotOptimize(methods);
    benchmark::DoNotOptimize(headers);
  });
  if (methods.items.size() != 5 || headers.items.size() != 4) {
    state.SkipWithError("unexpected lists");
  }
}
BENCHMARK(BM_ValidatePreflightStep_Lists);

void BM_ValidatePreflightStep_MaxAge(benchmark::State& state) {
  MaxAge age;
  Measure(state, [&] {
    age = ParseMaxAge(kPreflightResponse, kProfile);
    benchmark::DoNotOptimize(age);
  });
  if (age.seconds != 600) state.SkipWithError("unexpected Max-Age");
}
BENCHMARK(BM_ValidatePreflightStep_MaxAge);

// The workload response's parsed lists and Max-Age, what the steps after
// them start from.
struct ParsedPreflight {
  HeaderListValues methods;
  HeaderListValues headers;
  MaxAge age;

  ParsedPreflight() {
    ExtractHeaderListValues(kPreflightResponse, kAccessControlAllowMethods,
                            &methods);
    ExtractHeaderListValues(kPreflightResponse, kAccessControlAllowHeaders,
                            &headers);
    age = ParseMaxAge(kPreflightResponse, kProfile);
  }
  PreflightResult Create() const {
    return PreflightResult::Create(methods, headers, /*credentials=*/true, age);
  }
};

void BM_ValidatePreflightStep_Create(benchmark::State& state) {
  const ParsedPreflight parsed;
  size_t names = 0;
  Measure(state, [&] {
    PreflightResult result = parsed.Create();
    names += result.header_count();
    benchmark::DoNotOptimize(result);
  });
  if (names == 0) state.SkipWithError("no names");
}
BENCHMARK(BM_ValidatePreflightStep_Create);

void BM_ValidatePreflightStep_Allows(benchmark::State& state) {
  const Request& request = WorkloadRequest();
  UnsafeHeaderNames names;
  NeedsCorsPreflight(request, kProfile, &names);
  const PreflightResult result = ParsedPreflight().Create();
  bool ok = true;
  Measure(state, [&] {
    Expected<void> allowed =
        CheckPreflightResultAllows(result, request, names, kProfile);
    ok &= allowed.ok();
    benchmark::DoNotOptimize(allowed);
  });
  if (!ok) state.SkipWithError("the request was not allowed");
}
BENCHMARK(BM_ValidatePreflightStep_Allows);

// (b) against a hostile preflight response: Allow-Methods and
// Allow-Headers of 1,000 names each, every name twice (so de-duplication
// takes its hash-set path), the request's own names last. Linear, bounded.
void BM_ValidatePreflightHostile(benchmark::State& state) {
  const Request& request = WorkloadRequest();
  UnsafeHeaderNames names;
  NeedsCorsPreflight(request, kProfile, &names);
  const std::string& origin = request.origin.Serialize();
  std::string methods, headers;
  for (int i = 0; i < 1000; ++i) {
    const std::string n = std::to_string(i / 2);
    methods += "M" + n + ", ";
    headers += "X-Hostile-" + n + " ,\t";
  }
  methods += "PUT";
  headers += "Content-Type, Authorization, X-Request-ID";
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", kOrigin},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", methods},
      {"Access-Control-Allow-Headers", headers},
      {"Access-Control-Max-Age", "600"},
  };
  bool ok = true;
  Measure(state, [&] {
    Expected<PreflightResult> result = ValidatePreflightResponse(
        request, origin, names, 204, response, kProfile);
    ok &= result.ok();
    benchmark::DoNotOptimize(result);
  });
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(methods.size() + headers.size()));
  if (!ok) state.SkipWithError("preflight unexpectedly failed");
}
BENCHMARK(BM_ValidatePreflightHostile);

// (c) CORS check on the actual response and the headers script may read.
void BM_CorsCheckAndFilter(benchmark::State& state) {
  const Request& request = WorkloadRequest();
  const std::string& origin = request.origin.Serialize();
  ReadableHeaderIndices readable;
  bool ok = true;
  Measure(state, [&] {
    Expected<void> access = CheckCorsAccess(kActualResponse, origin,
                                            request.credentials,
                                            CheckedResponse::kActual, kProfile);
    ok &= access.ok();
    ComputeReadableHeaders(kActualResponse, ResponseType::kCors,
                           request.credentials, &readable, kProfile);
    benchmark::DoNotOptimize(readable.data());
  });
  if (!ok || readable.size() != 6) state.SkipWithError("expected 6 readable");
}
BENCHMARK(BM_CorsCheckAndFilter);

// The workload's origin and URL varied over `n` keys: key 0 is the
// workload's own (https://app.example.com, .../v1/items/42?expand=owner),
// the others differ in origin and URL, and all are about 75 bytes together.
struct CacheKeys {
  // origin + URL in one buffer per key, as a host would hold them.
  std::vector<std::string> buffers;
  std::vector<uint32_t> origin_sizes;
  std::string_view origin(size_t k) const {
    return std::string_view(buffers[k]).substr(0, origin_sizes[k]);
  }
  std::string_view url(size_t k) const {
    return std::string_view(buffers[k]).substr(origin_sizes[k]);
  }
};

CacheKeys MakeKeys(size_t n) {
  const Request& request = WorkloadRequest();
  CacheKeys keys;
  for (size_t i = 0; i < n; ++i) {
    std::string origin = i == 0 ? request.origin.Serialize()
                                : "https://app" + std::to_string(i % 97) +
                                      ".example.com";
    std::string url = i == 0 ? std::string(request.url.spec())
                             : "https://api.example.org/v1/items/" +
                                   std::to_string(i) + "?expand=owner";
    keys.origin_sizes.push_back(static_cast<uint32_t>(origin.size()));
    keys.buffers.push_back(origin + url);
  }
  return keys;
}

// A visiting order over n keys that defeats the hardware prefetcher.
std::vector<uint32_t> Shuffled(size_t n) {
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  uint64_t x = 88172645463325252ull;  // xorshift64, fixed seed
  for (size_t i = n; i > 1; --i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::swap(order[i - 1], order[x % i]);
  }
  return order;
}

// A preflight cache holding the workload's preflight result (credentialed)
// for every key of `keys`.
std::unique_ptr<PreflightCache> MakeCache(const CacheKeys& keys) {
  PreflightCache::Options options;
  // Room to spare: the shards split the bounds, and no entry may be evicted.
  options.max_entries = 2 * keys.buffers.size() + 64;
  options.max_bytes = options.max_entries * 2048;
  auto cache = std::make_unique<PreflightCache>(kProfile, options);
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  const Request& request = WorkloadRequest();
  Expected<PreflightResult> result =
      ParsePreflightResponse(request, request.origin.Serialize(), 204,
                             kPreflightResponse, kProfile);
  if (!result.ok()) std::abort();
  for (size_t i = 0; i < keys.buffers.size(); ++i) {
    cache->Store(PreflightCacheKey{"", keys.origin(i), keys.url(i)}, *result,
                 now);
  }
  return cache;
}

// (d) A preflight-cache lookup that hits, in a cache of N entries: the
// workload request's method and headers, for each key in turn (so the table
// is not all in L1, as it would be for one key looked up again and again).
void BM_CacheHit(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const CacheKeys keys = MakeKeys(n);
  std::unique_ptr<PreflightCache> cache = MakeCache(keys);
  const std::vector<uint32_t> order = Shuffled(n);
  const Request& request = WorkloadRequest();
  UnsafeHeaderNames names;
  NeedsCorsPreflight(request, kProfile, &names);
  const absl::Time now = absl::FromUnixSeconds(1700000010);
  size_t i = 0;
  bool hit = true;
  Measure(state, [&] {
    const uint32_t k = order[i];
    if (++i == n) i = 0;
    CacheLookup lookup = cache->Lookup(
        PreflightCacheKey{"", keys.origin(k), keys.url(k)}, request.method,
        names, request.credentials, now);
    hit &= lookup.outcome == CacheOutcome::kHit;
    benchmark::DoNotOptimize(lookup);
  });
  if (!hit) state.SkipWithError("expected a cache hit");
}
BENCHMARK(BM_CacheHit)->Arg(1000)->Arg(100000);

// A lookup that misses (the URL was never preflighted) in a cache of N:
// what every first request to a URL pays before its preflight.
void BM_CacheMiss(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const CacheKeys keys = MakeKeys(n);
  std::unique_ptr<PreflightCache> cache = MakeCache(keys);
  const CacheKeys absent = MakeKeys(2 * n);  // keys n..2n-1 are not stored
  const std::vector<uint32_t> order = Shuffled(n);
  const Request& request = WorkloadRequest();
  UnsafeHeaderNames names;
  NeedsCorsPreflight(request, kProfile, &names);
  const absl::Time now = absl::FromUnixSeconds(1700000010);
  size_t i = 0;
  bool miss = true;
  Measure(state, [&] {
    const uint32_t k = static_cast<uint32_t>(n) + order[i];
    if (++i == n) i = 0;
    CacheLookup lookup = cache->Lookup(
        PreflightCacheKey{"", absent.origin(k), absent.url(k)}, request.method,
        names, request.credentials, now);
    miss &= lookup.outcome == CacheOutcome::kMiss;
    benchmark::DoNotOptimize(lookup);
  });
  if (!miss) state.SkipWithError("expected a cache miss");
}
BENCHMARK(BM_CacheMiss)->Arg(1000);

// (d) with two threads hitting one shared cache at once: the shards' locks
// under contention (each thread walks the keys from its own offset).
void BM_CacheHitContended(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  static const CacheKeys* const keys = new CacheKeys(MakeKeys(1000));
  static PreflightCache* const cache = MakeCache(*keys).release();
  if (n != keys->buffers.size()) {
    state.SkipWithError("built for 1000 keys");
    return;
  }
  const std::vector<uint32_t> order = Shuffled(n);
  const Request& request = WorkloadRequest();
  UnsafeHeaderNames names;
  NeedsCorsPreflight(request, kProfile, &names);
  const absl::Time now = absl::FromUnixSeconds(1700000010);
  size_t i = static_cast<size_t>(state.thread_index()) * (n / 2);
  bool hit = true;
  for (auto _ : state) {
    const uint32_t k = order[i];
    if (++i == n) i = 0;
    CacheLookup lookup = cache->Lookup(
        PreflightCacheKey{"", keys->origin(k), keys->url(k)}, request.method,
        names, request.credentials, now);
    hit &= lookup.outcome == CacheOutcome::kHit;
    benchmark::DoNotOptimize(lookup);
  }
  state.SetItemsProcessed(state.iterations());
  if (!hit) state.SkipWithError("expected a cache hit");
}
BENCHMARK(BM_CacheHitContended)->Arg(1000)->Threads(2)->UseRealTime();

// The floor for (d): an absl::flat_hash_map<std::string, int> of N 75-byte
// keys, and the keys again as separate strings to look up with. Each key's
// value is the index of the key visited after it in the shuffled order.
struct FloorMap {
  std::vector<std::string> keys;
  absl::flat_hash_map<std::string, int> map;
  std::vector<uint32_t> order;
};

FloorMap MakeFloorMap(size_t n) {
  const CacheKeys keys = MakeKeys(n);
  FloorMap floor;
  floor.order = Shuffled(n);
  for (size_t k = 0; k < n; ++k) {
    std::string key = keys.buffers[k];
    key.resize(75, '/');
    floor.keys.push_back(std::move(key));
  }
  for (size_t j = 0; j < n; ++j) {
    floor.map.emplace(floor.keys[floor.order[j]],
                      static_cast<int>(floor.order[(j + 1) % n]));
  }
  return floor;
}

// The goal's floor: a hit on a 75-byte key among N, keys visited in the same
// shuffled order as BM_CacheHit.
void BM_FloorStringKeyProbe(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const FloorMap floor = MakeFloorMap(n);
  size_t i = 0;
  int found = 0;
  Measure(state, [&] {
    const uint32_t k = floor.order[i];
    if (++i == n) i = 0;
    auto it = floor.map.find(floor.keys[k]);
    found += it != floor.map.end();
    benchmark::DoNotOptimize(it);
  });
  if (found == 0) state.SkipWithError("no key found");
}
BENCHMARK(BM_FloorStringKeyProbe)->Arg(1000)->Arg(100000);

// Context for the floor, not the goal's: the same probe under an uncontended
// absl::Mutex, the least a map shared between threads takes.
void BM_FloorStringKeyProbeLocked(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const FloorMap floor = MakeFloorMap(n);
  absl::Mutex mu;
  size_t i = 0;
  int found = 0;
  Measure(state, [&] {
    const uint32_t k = floor.order[i];
    if (++i == n) i = 0;
    absl::MutexLock lock(&mu);
    auto it = floor.map.find(floor.keys[k]);
    found += it != floor.map.end();
    benchmark::DoNotOptimize(it);
  });
  if (found == 0) state.SkipWithError("no key found");
}
BENCHMARK(BM_FloorStringKeyProbeLocked)->Arg(1000)->Arg(100000);

// Context again: the same probe where each key to look up is the value found
// by the lookup before, so one lookup cannot start before the last ends (the
// floor above lets the core overlap consecutive lookups).
void BM_FloorStringKeyProbeChained(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const FloorMap floor = MakeFloorMap(n);
  int k = static_cast<int>(floor.order[0]);
  Measure(state, [&] { k = floor.map.find(floor.keys[k])->second; });
  benchmark::DoNotOptimize(k);
}
BENCHMARK(BM_FloorStringKeyProbeChained)->Arg(1000)->Arg(100000);

// Not the goal's floor, for context: the same map looked up from the two
// views a host holds (origin and URL), as a std::string-keyed cache must,
// building its key each time (one allocation: 75 bytes is past the small-
// string buffer). The preflight cache takes the views as they are.
void BM_FloorStringKeyFromParts(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const CacheKeys keys = MakeKeys(n);
  absl::flat_hash_map<std::string, int> map;
  for (size_t k = 0; k < n; ++k) map.emplace(keys.buffers[k], static_cast<int>(k));
  const std::vector<uint32_t> order = Shuffled(n);
  size_t i = 0;
  bool all_found = true;
  Measure(state, [&] {
    const uint32_t k = order[i];
    if (++i == n) i = 0;
    std::string key;
    key.reserve(keys.origin(k).size() + keys.url(k).size());
    key.append(keys.origin(k));
    key.append(keys.url(k));
    auto it = map.find(key);
    all_found &= it != map.end();
    benchmark::DoNotOptimize(it);
  });
  if (!all_found) state.SkipWithError("a key was not found");
}
BENCHMARK(BM_FloorStringKeyFromParts)->Arg(1000)->Arg(100000);

// (e) One request, origin and URL already parsed: (a) the preflight decision,
// (d) the cache hit that lets it skip the preflight, (c) the CORS check and
// the readable headers of its response.
void BM_WholeRequest(benchmark::State& state) {
  std::unique_ptr<PreflightCache> cache = MakeCache(MakeKeys(1000));
  const Request& request = WorkloadRequest();
  const std::string& origin = request.origin.Serialize();
  const PreflightCacheKey key{"", origin, request.url.spec()};
  const absl::Time now = absl::FromUnixSeconds(1700000010);
  UnsafeHeaderNames names;
  ReadableHeaderIndices readable;
  bool ok = true;
  Measure(state, [&] {
    const bool needs = NeedsCorsPreflight(request, kProfile, &names);
    if (needs) {
      ok &= cache->Lookup(key, request.method, names, request.credentials, now)
                .outcome == CacheOutcome::kHit;
    }
    ok &= CheckCorsAccess(kActualResponse, origin, request.credentials,
                          CheckedResponse::kActual, kProfile)
              .ok();
    ComputeReadableHeaders(kActualResponse, ResponseType::kCors,
                           request.credentials, &readable, kProfile);
    benchmark::DoNotOptimize(readable.data());
  });
  if (!ok || readable.size() != 6) state.SkipWithError("unexpected outcome");
}
BENCHMARK(BM_WholeRequest);

// Baselines on the same machine: a no-op iteration, and one malloc/free.
void BM_FloorNoop(benchmark::State& state) {
  Measure(state, [] { benchmark::ClobberMemory(); });
}
BENCHMARK(BM_FloorNoop);

void BM_FloorMallocFree(benchmark::State& state) {
  Measure(state, [] {
    void* p = std::malloc(64);
    benchmark::DoNotOptimize(p);
    std::free(p);
  });
}
BENCHMARK(BM_FloorMallocFree);


}  // namespace
}  // namespace corsengine

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, which leaves absl::Mutex's deadlock
  // detector on: a graph update on every Lock(). A host in production turns
  // it off, as here; --mutex_deadlock_detection keeps it, to see the cost.
  bool detect = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--mutex_deadlock_detection") {
      detect = true;
      for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
      --argc;
      break;
    }
  }
  if (!detect) absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
