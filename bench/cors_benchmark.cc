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
#include <string>
#include <vector>

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

BENCHMARK_MAIN();
