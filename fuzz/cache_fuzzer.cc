// File: fuzz/cache_fuzzer.cc
//
// The preflight cache (PreflightCache) under a random sequence of stores,
// lookups, clears and clock jumps, step by step against the reference
// cache model (corsref::PreflightCacheModel, //tests/reference), with a
// fuzzed profile and small bounds on one shard (so eviction is
// deterministic).
//
// Input layout (FuzzedDataProvider: integers from the end, strings from the
// front; see fuzz_util.h):
//   profile        1 byte [0, 3]: spec, chromium, firefox, webkit
//   max_entries    1 byte [0, 8]; 0 takes the profile's bound
//   exact          1 byte, low bit: max_bytes 1 GiB, so only the entry
//                  bound evicts and the model must agree exactly; otherwise
//   max_bytes      2 bytes [1, 8192]
//   consistent     1 byte, low bit: one preflight response per key, reused
//                  by every store for that key (the server does not change
//                  its mind)
//   then up to kMaxOps operations, while input remains, each an op byte
//   [0, 9] and its operands:
//     0-1 Store:   key, credentials [0, 2], method PickOrConsume(kMethods),
//                  then (unless reused) the preflight response: status
//                  [0, 7] into kStatuses, Allow-Origin [0, 5], Allow-
//                  Credentials [0, 2], and for Allow-Methods, Allow-Headers
//                  and Max-Age a presence byte and a PickOrConsume value.
//                  The response goes through ParsePreflightResponse (and
//                  corsref::JudgePreflight); a parsed result is stored.
//     2-4 Lookup:  key, credentials, use-CORS-preflight flag (low bit),
//                  method, header count [0, 4] and per header
//                  PickOrConsume(kLookupHeaderNames/-Values)
//     5   ClearEntries(key)
//     6   Clear / ClearPartition / ClearOrigin [0, 2] (+ key for the scope)
//     7-8 clock:   1 byte; < 128 advances that many seconds, else 4 bytes
//                  [0, 200000] more
//     9   UsableFor: key, cache mode [0, 5], long-URL byte (low bit)
//   key: 1 byte, modulo 18: partition x origin x URL from small tables.
//
// Invariants:
//   * size() <= the entry bound and bytes() <= max_bytes after every step;
//   * every parsed result equals the reference's (methods, header names,
//     credentials, Max-Age) and UsableFor equals corsref::CacheUsableFor;
//   * exact bounds: every Lookup's outcome (miss, hit, stale, hit-and-fail)
//     and not-covered item (method, header name or credentials) equal the
//     model's, and size() equals the model's entry count, after every step;
//   * small byte bounds (the engine may evict more): a hit is a hit in the
//     unbounded model too;
//   * consistent server: a hit for a request implies that
//     ValidatePreflightResponse on that key's response accepts the request
//     ("a cached decision is the decision a fresh preflight gives"): for
//     per-key profiles always; for per-item profiles for every request that
//     needs something from the cache (a method that is not exempt, or an
//     unsafe header name; a request that needs nothing never asks the cache
//     in a fetch).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/preflight.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "corsengine/url.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::CacheOutcome;
using corsengine::CredentialsMode;
using corsengine::Expected;
using corsengine::Header;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine::PreflightCache;
using corsengine::PreflightCacheKey;
using corsengine::PreflightResult;
using corsengine::Profile;
using corsengine::Request;
using corsengine::UnsafeHeaderNames;
using corsengine_fuzz::PickOrConsume;
using corsengine_fuzz::Quote;

constexpr int kMaxOps = 32;
constexpr int64_t kEpoch = 1700000000;

constexpr std::string_view kPartitions[] = {"", "https://top.example"};
constexpr std::string_view kKeyOrigins[] = {"http://127.0.0.1:8001", "null",
                                            "http://localhost:8002"};
constexpr std::string_view kKeyUrls[] = {"http://127.0.0.1:8002/r/a",
                                         "http://127.0.0.1:8002/r/b",
                                         "http://127.0.0.1:8003/r/a"};
constexpr size_t kKeyCount = 2 * 3 * 3;

constexpr int kStatuses[] = {200, 204, 206, 299, 300, 404, 500, 0};

constexpr std::string_view kAllowMethods[] = {
    "PUT", "PUT, DELETE", "*", "GET", "HEAD", "PATCH, patch", "*, PUT",
    "", ",", "DELETE", "POST", "PUT;", "get", "OPTIONS, PUT",
};
constexpr std::string_view kAllowHeaders[] = {
    "x-a", "X-A, x-b", "*", "*, authorization", "authorization", "x-a, x-c",
    "", "content-type", "x b", "X-C", "*, x-a", "x-b",
};
constexpr std::string_view kMaxAges[] = {
    "0", "1", "5", "10", "600", "7200", "86400", "100000", "-1", "abc",
    "", "2147483648", "-0", "00", "9223372036854775808",
};
constexpr std::string_view kLookupHeaderNames[] = {
    "X-A", "x-b", "X-C", "Authorization", "Content-Type", "Accept", "Range",
    "DPR", "*", "x-a",
};
constexpr std::string_view kLookupHeaderValues[] = {
    "1", "text/plain", "application/json", "bytes=0-1", "*/*", "1.5", "",
};

struct Key {
  std::string partition;
  std::string origin;
  std::string url;
};

Key KeyAt(size_t index) {
  index %= kKeyCount;
  Key k;
  k.partition = std::string(kPartitions[index % 2]);
  k.origin = std::string(kKeyOrigins[(index / 2) % 3]);
  k.url = std::string(kKeyUrls[(index / 6) % 3]);
  return k;
}

std::string Describe(const Key& k) {
  return "(" + Quote(k.partition) + ", " + Quote(k.origin) + ", " +
         Quote(k.url) + ")";
}

CredentialsMode ConsumeCredentials(FuzzedDataProvider& fdp) {
  return static_cast<CredentialsMode>(fdp.ConsumeIntegralInRange<uint8_t>(0, 2));
}

struct Response {
  int status = 200;
  std::vector<Header> headers;
};

Response ConsumeResponse(FuzzedDataProvider& fdp, const Key& key) {
  Response r;
  r.status = kStatuses[fdp.ConsumeIntegralInRange<uint8_t>(0, 7)];
  switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 5)) {
    case 0:
      r.headers.push_back({"Access-Control-Allow-Origin", key.origin});
      break;
    case 1:
      r.headers.push_back({"Access-Control-Allow-Origin", "*"});
      break;
    case 2:
      r.headers.push_back({"Access-Control-Allow-Origin", "null"});
      break;
    case 3:
      break;
    case 4:
      r.headers.push_back({"Access-Control-Allow-Origin", "http://localhost:8002"});
      break;
    default:
      r.headers.push_back({"Access-Control-Allow-Origin", key.origin});
      r.headers.push_back({"Access-Control-Allow-Origin", key.origin});
      break;
  }
  switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 2)) {
    case 1:
      r.headers.push_back({"Access-Control-Allow-Credentials", "true"});
      break;
    case 2:
      r.headers.push_back({"Access-Control-Allow-Credentials", "TRUE"});
      break;
    default:
      break;
  }
  if (fdp.ConsumeBool()) {
    r.headers.push_back({"Access-Control-Allow-Methods",
                         PickOrConsume(fdp, kAllowMethods, 64)});
  }
  if (fdp.ConsumeBool()) {
    r.headers.push_back({"Access-Control-Allow-Headers",
                         PickOrConsume(fdp, kAllowHeaders, 64)});
  }
  if (fdp.ConsumeBool()) {
    r.headers.push_back({"Access-Control-Max-Age",
                         PickOrConsume(fdp, kMaxAges, 32)});
  }
  return r;
}

std::string DescribeResponse(const Response& r) {
  std::string s = std::to_string(r.status);
  for (const Header& h : r.headers) s += " [" + h.name + ": " + Quote(h.value) + "]";
  return s;
}

class Run {
 public:
  Run(const Profile& profile, PreflightCache::Options options, bool exact,
      bool consistent)
      : profile_(profile),
        options_(options),
        exact_(exact),
        consistent_(consistent),
        cache_(profile, options),
        model_(profile, exact ? EntryBound() : 0) {}

  void Store(FuzzedDataProvider& fdp) {
    const size_t index = fdp.ConsumeIntegral<uint8_t>() % kKeyCount;
    const Key key = KeyAt(index);
    const CredentialsMode credentials = ConsumeCredentials(fdp);
    const std::string method =
        PickOrConsume(fdp, corsengine_fuzz::kMethods, 32);
    Response response;
    if (consistent_ && responses_[index].has_value()) {
      response = *responses_[index];
    } else {
      response = ConsumeResponse(fdp, key);
      if (consistent_) responses_[index] = response;
    }
    FUZZ_TRACE("store " + Describe(key) + " " +
          std::string(corsengine::ToString(credentials)) + " " + Quote(method) +
          ": " + DescribeResponse(response));

    Request request;
    request.method = method;
    request.credentials = credentials;
    const std::vector<HeaderView> views = corsengine::ViewsOf(response.headers);
    const Expected<PreflightResult> parsed = corsengine::ParsePreflightResponse(
        request, key.origin, response.status, HeaderSpan(views), profile_);
    corsref::PreflightRequest ref_request;
    ref_request.method = method;
    ref_request.credentials = credentials;
    const corsref::PreflightVerdict verdict = corsref::JudgePreflight(
        ref_request, key.origin, response.status, response.headers, profile_);
    FUZZ_CHECK(parsed.ok() == verdict.parsed,
               "ParsePreflightResponse "
                   << (parsed.ok() ? "passed" : parsed.error().message)
                   << ", reference: " << corsengine_fuzz::Name(verdict.step));
    if (!parsed.ok()) return;
    FUZZ_CHECK(corsengine_fuzz::Same(corsengine_fuzz::FromEngine(*parsed),
                                     verdict.result),
               "parsed result "
                   << corsengine_fuzz::Describe(corsengine_fuzz::FromEngine(*parsed))
                   << ", reference "
                   << corsengine_fuzz::Describe(verdict.result));
    cache_.Store(EngineKey(key), *parsed, Now());
    model_.Store(RefKey(key), verdict.result, now_);
  }

  void Lookup(FuzzedDataProvider& fdp) {
    const size_t index = fdp.ConsumeIntegral<uint8_t>() % kKeyCount;
    const Key key = KeyAt(index);
    const CredentialsMode credentials = ConsumeCredentials(fdp);
    const bool use_cors_preflight = fdp.ConsumeBool();
    const std::string method =
        PickOrConsume(fdp, corsengine_fuzz::kMethods, 32);
    std::vector<Header> headers;
    const size_t count = fdp.ConsumeIntegralInRange<uint8_t>(0, 4);
    for (size_t i = 0; i < count; ++i) {
      Header h;
      h.name = PickOrConsume(fdp, kLookupHeaderNames, 64);
      h.value = PickOrConsume(fdp, kLookupHeaderValues, 160);
      headers.push_back(std::move(h));
    }
    UnsafeHeaderNames unsafe;
    corsengine::CorsUnsafeRequestHeaderNames(headers, profile_, &unsafe);
    const std::vector<std::string> unsafe_ref =
        corsref::CorsUnsafeRequestHeaderNames(headers, profile_);
    FUZZ_CHECK(corsengine_fuzz::Lowered(unsafe) == unsafe_ref,
               "unsafe names " << corsengine_fuzz::Join(
                                      corsengine_fuzz::Lowered(unsafe))
                               << ", reference "
                               << corsengine_fuzz::Join(unsafe_ref));

    const corsengine::CacheLookup got = cache_.Lookup(
        EngineKey(key), method, unsafe, credentials, Now(), use_cors_preflight);
    const corsref::Lookup expected = model_.LookupRequest(
        RefKey(key), method, unsafe_ref, credentials, now_, use_cors_preflight);
    FUZZ_TRACE("lookup " + Describe(key) + " " +
          std::string(corsengine::ToString(credentials)) +
          (use_cors_preflight ? " flag " : " ") + Quote(method) +
          " " + corsengine_fuzz::Join(unsafe_ref) + " -> " +
          corsengine_fuzz::Describe(got) + ", model " +
          corsengine_fuzz::Describe(expected));
    const bool per_key = profile_.cache_model == corsengine::CacheModel::kPerKey;
    const bool needs_nothing =
        corsref::IsCorsSafelistedMethod(method) &&
        !(profile_.cache_head_needs_method_entry && method == "HEAD") &&
        !(use_cors_preflight && profile_.cache_preflight_flag_needs_method_entry) &&
        unsafe_ref.empty();

    if (exact_) {
      FUZZ_CHECK(corsengine_fuzz::Same(got, expected),
                 "lookup " << corsengine_fuzz::Describe(got) << ", model "
                           << corsengine_fuzz::Describe(expected));
    } else if (got.outcome == CacheOutcome::kHit) {
      FUZZ_CHECK(expected.outcome == corsref::LookupOutcome::kHit,
                 "lookup hit; the unbounded model says "
                     << corsengine_fuzz::Describe(expected));
    }

    // A cached decision is the decision a fresh preflight would give.
    if (consistent_ && got.outcome == CacheOutcome::kHit &&
        responses_[index].has_value() && (per_key || !needs_nothing)) {
      const Response& response = *responses_[index];
      Request request;
      request.method = method;
      request.headers = headers;
      request.credentials = credentials;
      request.use_cors_preflight = use_cors_preflight;
      const std::vector<HeaderView> views = corsengine::ViewsOf(response.headers);
      const Expected<PreflightResult> fresh = corsengine::ValidatePreflightResponse(
          request, key.origin, unsafe, response.status, HeaderSpan(views),
          profile_);
      FUZZ_CHECK(fresh.ok(),
                 "a cache hit, but a fresh preflight with the same response "
                 "fails: "
                     << (fresh.ok() ? std::string("?") : fresh.error().message));
    }
  }

  void ClearEntries(FuzzedDataProvider& fdp) {
    const Key key = KeyAt(fdp.ConsumeIntegral<uint8_t>());
    FUZZ_TRACE("clear entries " + Describe(key));
    cache_.ClearEntries(EngineKey(key));
    model_.ClearEntries(RefKey(key));
  }

  void ClearScope(FuzzedDataProvider& fdp) {
    const uint8_t scope = fdp.ConsumeIntegralInRange<uint8_t>(0, 2);
    const Key key = KeyAt(fdp.ConsumeIntegral<uint8_t>());
    switch (scope) {
      case 0:
        FUZZ_TRACE("clear all");
        cache_.Clear();
        model_.Clear();
        break;
      case 1:
        FUZZ_TRACE("clear partition " + Quote(key.partition));
        cache_.ClearPartition(key.partition);
        model_.ClearPartition(key.partition);
        break;
      default:
        FUZZ_TRACE("clear origin " + Quote(key.origin));
        cache_.ClearOrigin(key.origin);
        model_.ClearOrigin(key.origin);
        break;
    }
  }

  void Advance(FuzzedDataProvider& fdp) {
    const uint8_t small = fdp.ConsumeIntegral<uint8_t>();
    int64_t seconds = small;
    if (small >= 128) {
      seconds = fdp.ConsumeIntegralInRange<uint32_t>(0, 200000);
    }
    now_ += seconds;
    FUZZ_TRACE("clock +" + std::to_string(seconds) + " s");
  }

  void UsableFor(FuzzedDataProvider& fdp) {
    const Key key = KeyAt(fdp.ConsumeIntegral<uint8_t>());
    const auto cache_mode = static_cast<corsengine::CacheMode>(
        fdp.ConsumeIntegralInRange<uint8_t>(0, 5));
    std::string url = key.url;
    if (fdp.ConsumeBool()) url += "?" + std::string(1000, 'q');
    Expected<corsengine::Url> parsed = corsengine::Url::Parse(url);
    FUZZ_CHECK(parsed.ok(), "test URL " << Quote(url) << " does not parse");
    Request request;
    request.url = std::move(parsed).value();
    request.cache = cache_mode;
    FUZZ_CHECK(cache_.UsableFor(request, key.origin) ==
                   corsref::CacheUsableFor(profile_, cache_mode,
                                           request.url.spec(), key.origin),
               "UsableFor(" << corsengine::ToString(cache_mode) << ", URL of "
                            << request.url.spec().size() << " bytes, "
                            << Quote(key.origin) << ")");
  }

  void CheckBounds() {
    FUZZ_CHECK(cache_.size() <= EntryBound(),
               "size() " << cache_.size() << " > " << EntryBound());
    FUZZ_CHECK(cache_.bytes() <= options_.max_bytes,
               "bytes() " << cache_.bytes() << " > " << options_.max_bytes
                          << " with " << cache_.size() << " entries");
    if (exact_) {
      FUZZ_CHECK(cache_.size() == model_.size(),
                 "size() " << cache_.size() << ", model " << model_.size());
    }
  }

 private:
  size_t EntryBound() const {
    if (options_.max_entries > 0) return options_.max_entries;
    return profile_.cache_max_entries > 0 ? profile_.cache_max_entries
                                          : PreflightCache::kDefaultMaxEntries;
  }
  absl::Time Now() const { return absl::FromUnixSeconds(now_); }
  static PreflightCacheKey EngineKey(const Key& k) {
    return PreflightCacheKey{k.partition, k.origin, k.url};
  }
  static corsref::CacheKey RefKey(const Key& k) {
    return corsref::CacheKey{k.partition, k.origin, k.url};
  }

  const Profile& profile_;
  const PreflightCache::Options options_;
  const bool exact_;
  const bool consistent_;
  PreflightCache cache_;
  corsref::PreflightCacheModel model_;
  int64_t now_ = kEpoch;
  std::array<std::optional<Response>, kKeyCount> responses_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput(data, size);
  FuzzedDataProvider fdp(data, size);
  const Profile& profile = corsengine_fuzz::ConsumeProfile(fdp);
  PreflightCache::Options options;
  options.shards = 1;
  options.max_entries = fdp.ConsumeIntegralInRange<uint8_t>(0, 8);
  const bool exact = fdp.ConsumeBool();
  options.max_bytes = exact ? (size_t{1} << 30)
                            : fdp.ConsumeIntegralInRange<uint16_t>(1, 8192);
  const bool consistent = fdp.ConsumeBool();
  FUZZ_TRACE("profile = " + std::string(profile.name) + ", max_entries " +
        std::to_string(options.max_entries) + ", max_bytes " +
        std::to_string(options.max_bytes) +
        (consistent ? ", consistent server" : ""));

  Run run(profile, options, exact, consistent);
  for (int op = 0; op < kMaxOps && fdp.remaining_bytes() > 0; ++op) {
    switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 9)) {
      case 0:
      case 1:
        run.Store(fdp);
        break;
      case 2:
      case 3:
      case 4:
        run.Lookup(fdp);
        break;
      case 5:
        run.ClearEntries(fdp);
        break;
      case 6:
        run.ClearScope(fdp);
        break;
      case 7:
      case 8:
        run.Advance(fdp);
        break;
      default:
        run.UsableFor(fdp);
        break;
    }
    run.CheckBounds();
  }
  corsengine_fuzz::EndInput();
  return 0;
}
