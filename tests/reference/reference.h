// File: tests/reference/reference.h
//
// A reference model of the browser side of CORS: the Fetch Standard's
// algorithms (https://fetch.spec.whatwg.org/) written out step by step, for
// the fuzzers and tests to hold the engine against. It is meant to be
// obviously right, not fast: std::string and std::vector everywhere, linear
// scans, one function per definition of the Standard, and a comment naming
// the anchor and step each line follows.
//
// Where browsers differ, the model reads the same corsengine::Profile fields
// as the engine (docs/PROFILES.md is the table of what each field means).
// It uses the engine's public *types* (Profile, Header, the mode enums) as
// inputs and outputs, and never calls an engine function: nothing here
// includes an engine implementation file or links anything but the
// header-only types. URL parsing is not modelled (the URL Standard has its
// own fuzzer); callers pass what the URL parser said.
//
// Conventions:
//   * Response header lists are what came off the wire: every value is first
//     stripped of leading and trailing spaces and tabs, as HTTP parsers do
//     (include/corsengine/header_list.h). `WireValue()` does that, once, at
//     the point each algorithm reads a value.
//   * Names compare byte-case-insensitively; methods compare byte for byte.
//   * Time in the cache model is whole seconds since an arbitrary epoch.

#ifndef CORSENGINE_TESTS_REFERENCE_REFERENCE_H_
#define CORSENGINE_TESTS_REFERENCE_REFERENCE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/header_list.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/response_filter.h"

namespace corsref {

using corsengine::CacheMode;
using corsengine::CredentialsMode;
using corsengine::Header;
using corsengine::Profile;
using corsengine::RequestMode;
using corsengine::ResponseType;
using HeaderList = std::vector<Header>;

// ===========================================================================
// Bytes (Infra, RFC 9110)

bool IsHttpTabOrSpace(char c);   // 0x09, 0x20
bool IsHttpWhitespace(char c);   // 0x09, 0x0A, 0x0D, 0x20
bool IsTokenCodePoint(char c);   // RFC 9110 tchar
bool IsToken(std::string_view s);  // 1*tchar
char ByteLowercase(char c);
std::string ByteLowercase(std::string_view s);
bool ByteCaseInsensitiveMatch(std::string_view a, std::string_view b);
// Strips leading and trailing HTTP tab or space bytes.
std::string StripTabOrSpace(std::string_view s);
// A response header value as an HTTP parser hands it over.
std::string WireValue(std::string_view raw);

// ===========================================================================
// Header names, values and lists (#terminology-headers)

// #header-name: a token.
bool IsHeaderName(std::string_view name);
// #header-value: no leading or trailing HTTP whitespace, no 0x00/0x0A/0x0D.
bool IsHeaderValue(std::string_view value);
// #concept-header-value-normalize.
std::string NormalizeHeaderValue(std::string_view value);

// How many headers are named `name`.
size_t CountHeaders(const HeaderList& list, std::string_view name);
// The first value named `name`, as on the wire.
std::optional<std::string> FirstValue(const HeaderList& list,
                                      std::string_view name);
// #concept-header-list-get.
std::optional<std::string> Get(const HeaderList& list, std::string_view name);
// #concept-header-list-get-decode-split, for a value and for a list.
std::vector<std::string> GetDecodeAndSplitValue(std::string_view value);
std::optional<std::vector<std::string>> GetDecodeAndSplit(
    const HeaderList& list, std::string_view name);

// #extract-header-list-values, for the headers whose ABNF is a `#` list of
// tokens (Access-Control-Allow-Methods, -Allow-Headers, -Expose-Headers).
struct ListValues {
  enum class State { kNull, kList, kFailure };
  State state = State::kNull;
  std::vector<std::string> values;  // kList: the elements in order
  std::string invalid;              // kFailure: the first non-token element
  bool Contains(std::string_view item) const;                // byte for byte
  bool ContainsIgnoringCase(std::string_view item) const;    // names
};
ListValues ExtractTokenListValues(const HeaderList& list,
                                  std::string_view name);

// ===========================================================================
// Methods (#methods)

bool IsMethod(std::string_view method);                 // a token
bool IsCorsSafelistedMethod(std::string_view method);   // GET, HEAD, POST
bool IsForbiddenMethod(std::string_view method);        // CONNECT, TRACE, TRACK
std::string NormalizeMethod(std::string_view method);   // #concept-method-normalize

// ===========================================================================
// Request-header classes (#terminology-headers)

bool IsCorsUnsafeRequestHeaderByte(unsigned char byte);
// MIME Sniffing "parse a MIME type", reduced to its essence (type/subtype,
// lowercased); nullopt on failure.
std::optional<std::string> ParseMimeTypeEssence(std::string_view input);
// #simple-range-header-value with allowWhitespace false, and the CORS
// safelist's "rangeValue[0] is not null"; the profile's unit and int64
// settings.
bool IsSafelistedRangeValue(std::string_view value, const Profile& profile);
// Chromium's extra safelisted client hints (Profile::safelist_client_hint_
// headers): nullopt when `name` is not one of them.
std::optional<bool> ClientHintSafelisted(std::string_view name,
                                         std::string_view value);
// #cors-safelisted-request-header, plus the profile's extra names.
bool IsCorsSafelistedRequestHeader(std::string_view name,
                                   std::string_view value,
                                   const Profile& profile);
bool IsNoCorsSafelistedRequestHeaderName(std::string_view name);
bool IsNoCorsSafelistedRequestHeader(std::string_view name,
                                     std::string_view value,
                                     const Profile& profile);
bool IsPrivilegedNoCorsRequestHeaderName(std::string_view name);
bool IsCorsNonWildcardRequestHeaderName(std::string_view name);
bool IsForbiddenRequestHeader(std::string_view name, std::string_view value);
bool IsForbiddenResponseHeaderName(std::string_view name);
bool IsRequestBodyHeaderName(std::string_view name);
// #cors-safelisted-response-header-name, given the CORS-exposed list.
bool IsCorsSafelistedResponseHeaderName(std::string_view name,
                                        const std::vector<std::string>& list);

// #cors-unsafe-request-header-names: byte-lowercased and sorted; unique
// unless the profile keeps repeats (deduplicate_unsafe_header_names); the
// profile's total limit on safelisted values (0: none).
std::vector<std::string> CorsUnsafeRequestHeaderNames(const HeaderList& headers,
                                                      const Profile& profile);
// The value of Access-Control-Request-Headers: the names joined with ","
// (#cors-preflight-fetch step 5; "intentionally does not use combine").
std::string AccessControlRequestHeadersValue(
    const std::vector<std::string>& names);

// ===========================================================================
// The Request constructor (#dom-request) and Headers "append"
// (#concept-headers-append), as far as fetch() with a string URL goes.

struct RequestInput {
  bool url_parses = true;          // what the URL parser said
  bool url_has_credentials = false;
  std::string method = "GET";
  HeaderList headers;              // as script passed them, in order
  RequestMode mode = RequestMode::kCors;
  CacheMode cache = CacheMode::kDefault;
};

struct ConstructedRequest {
  // The step that threw a TypeError, or kNone.
  enum class Refusal {
    kNone,
    kInvalidUrl,            // step 5.2: parsedURL is failure
    kUrlHasCredentials,     // step 5.3
    kNavigateMode,          // "If mode is navigate, throw"
    kOnlyIfCachedNotSameOrigin,
    kInvalidMethod,         // "method is not a method"
    kForbiddenMethod,       // "or method is a forbidden method"
    kNoCorsMethod,          // no-cors and not a CORS-safelisted method
    kInvalidHeaderName,     // Headers "validate" step 1
    kInvalidHeaderValue,
  };
  Refusal refusal = Refusal::kNone;
  std::string method;   // normalized
  HeaderList headers;   // the request's header list
};
ConstructedRequest ConstructRequest(const RequestInput& input,
                                    const Profile& profile);

// #main-fetch's makeCORSPreflight for a fetch() request (the unsafe-request
// flag is set): the use-CORS-preflight flag, a method that is not
// CORS-safelisted, or CORS-unsafe request-header names.
bool NeedsCorsPreflight(std::string_view method, const HeaderList& headers,
                        bool use_cors_preflight, const Profile& profile);

// ===========================================================================
// The CORS check (#concept-cors-check)

enum class CorsCheckFailure {
  kNone,                     // success
  kNoAllowOrigin,            // step 2: "get" gave null
  kWildcardWithCredentials,  // step 4 with origin `*` and "include"
  kOriginMismatch,           // step 4 otherwise
  kNoAllowCredentials,       // step 8, `Access-Control-Allow-Credentials` absent
  kAllowCredentialsNotTrue,  // step 8, present but not `true`
};
CorsCheckFailure CorsCheck(const HeaderList& response_headers,
                           std::string_view serialized_origin,
                           CredentialsMode credentials);

// ===========================================================================
// Access-Control-Max-Age (#cors-preflight-fetch steps 7.8-7.10) as the
// profile reads it.

struct MaxAge {
  enum class Source { kAbsent, kValid, kInvalid, kNegative };
  Source source = Source::kAbsent;
  int64_t seconds = 0;            // after the profile's fallbacks and cap
  int64_t requested_seconds = 0;  // kValid only: before the cap
};
MaxAge ParseMaxAge(const HeaderList& response_headers, const Profile& profile);

// ===========================================================================
// The CORS-preflight fetch's verdict (#cors-preflight-fetch step 7)

// What a passed preflight allows: the cache's input.
struct PreflightResult {
  std::vector<std::string> methods;       // unique, in order, as written
  std::vector<std::string> header_names;  // unique, in order, lowercased
  bool credentials = false;               // made for credentials "include"
  MaxAge max_age;
};

struct PreflightVerdict {
  enum class Step {
    kOk,
    kCorsCheck,             // step 7's condition: the CORS check failed
    kStatus,                // ... or the status is not an ok status
    kInvalidAllowMethods,   // 7.3: methods is failure
    kInvalidAllowHeaders,   // 7.3: headerNames is failure
    kMethodNotAllowed,      // 7.5
    kAuthorizationNotListed,  // 7.6 (only where `*` does not cover it)
    kHeaderNotAllowed,      // 7.7
  };
  Step step = Step::kOk;
  CorsCheckFailure cors = CorsCheckFailure::kNone;  // for kCorsCheck
  std::string failed_value;  // the invalid token, method or lowercased name
  // Filled once steps 7.1-7.4 passed (also when 7.5-7.7 then fail).
  bool parsed = false;
  PreflightResult result;
};

struct PreflightRequest {
  std::string method;
  HeaderList headers;  // the request's header list
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  bool use_cors_preflight = false;
};
PreflightVerdict JudgePreflight(const PreflightRequest& request,
                                std::string_view serialized_origin, int status,
                                const HeaderList& response_headers,
                                const Profile& profile);

// ===========================================================================
// Filtered responses (#concept-filtered-response): which entries of a
// response's header list script may read.

std::vector<bool> ReadableHeaders(const HeaderList& response_headers,
                                  ResponseType type,
                                  CredentialsMode credentials);
// Sorted, lowercased, unique names of the readable entries.
std::vector<std::string> ReadableHeaderNames(const HeaderList& response_headers,
                                             const std::vector<bool>& readable);

// ===========================================================================
// The CORS-preflight cache (#cors-preflight-cache) as docs/PROFILES.md
// describes it for the profile: per item or per key, credentials, wildcards,
// the Max-Age-0 rule, and a bound on entries (expired entries go first,
// then the least recently used). An "entry" is what the engine reports
// size() in: one per (partition, origin, URL[, credentials]) key.

struct CacheKey {
  std::string partition;
  std::string origin;
  std::string url;
};

enum class LookupOutcome { kMiss, kHit, kStale, kHitAndFail };

struct Lookup {
  LookupOutcome outcome = LookupOutcome::kMiss;
  // kHitAndFail: the method or lowercased name not covered, or
  // "credentials" when everything is covered but a per-key result made
  // without credentials meets a request with them.
  std::string not_covered;
  bool not_covered_is_method = false;
  bool not_covered_is_credentials = false;
};

// Whether a request may use the cache at all (PROFILES.md
// cache_honors_request_cache_mode, cache_max_url_length, cache_null_origin).
bool CacheUsableFor(const Profile& profile, CacheMode cache,
                    std::string_view url, std::string_view serialized_origin);

class PreflightCacheModel {
 public:
  // max_entries: the bound on entries; 0 for none.
  PreflightCacheModel(const Profile& profile, size_t max_entries);

  // `unsafe_names` lowercased, in the order the request's CORS-unsafe
  // request-header names come (sorted); `use_cors_preflight` the request's
  // use-CORS-preflight flag.
  Lookup LookupRequest(const CacheKey& key, std::string_view method,
                       const std::vector<std::string>& unsafe_names,
                       CredentialsMode credentials, int64_t now,
                       bool use_cors_preflight = false);
  void Store(const CacheKey& key, const PreflightResult& result, int64_t now);
  void ClearEntries(const CacheKey& key);
  void Clear();
  void ClearPartition(std::string_view partition);
  void ClearOrigin(std::string_view origin);
  size_t size() const { return entries_.size(); }

 private:
  struct Item {
    std::string name;  // a method as written, or a lowercased header name
    bool credentials = false;
    int64_t expiry = 0;  // usable while now < expiry
  };
  struct Entry {
    CacheKey key;
    bool credentials_key = false;  // part of the key only when it must match
    int64_t expiry = 0;            // the entry is stale from this time on
    bool credentials = false;      // kPerKey: the result's credentials
    std::vector<Item> methods;
    std::vector<Item> headers;
    uint64_t last_used = 0;
  };
  // #concept-cache-match-method and #concept-cache-match-header, per item:
  // whether `item`, alive at `now`, serves a request for `name` whose
  // credentials mode is (include) or is not "include".
  bool Serves(const Item& item, std::string_view name, bool is_header,
              bool include, int64_t now) const;
  Entry* Find(const CacheKey& key, bool credentials_key);
  void Remove(const Entry* entry);
  Entry* FindOrCreate(const CacheKey& key, bool credentials_key);
  void KeepWithinBound(int64_t now);

  const Profile& profile_;
  size_t max_entries_;
  std::vector<Entry> entries_;
  uint64_t clock_ = 0;  // for "least recently used"
  // PROFILES.md cache_drops_new_keys_until_repeat: still warming up, and
  // the keys whose results were dropped.
  bool warming_up_;
  std::vector<CacheKey> dropped_keys_;
};

}  // namespace corsref

#endif  // CORSENGINE_TESTS_REFERENCE_REFERENCE_H_
