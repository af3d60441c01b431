// File: include/corsengine/profile.h
//
// A Profile is every place where a browser's CORS differs from the Fetch
// Standard, as data. Each decision in the engine takes a Profile and reads
// the field for the rule it applies; there is no `if (browser == ...)`
// anywhere else. `kSpecProfile` follows the Fetch Standard; the browser
// profiles start from it and change only what their browser does
// differently, each change recorded as evidence in docs/PROFILES.md (the one
// table of differences) with the scenario families that show it.
//
// Profiles are constexpr values with static storage; pass them by reference.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_PROFILE_H_
#define CORSENGINE_INCLUDE_CORSENGINE_PROFILE_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace corsengine {

enum class ProfileId : uint8_t { kSpec, kChromium, kFirefox, kWebKit };

// How the preflight cache holds what a preflight allowed.
enum class CacheModel : uint8_t {
  // One entry per method and per header name, each with its own expiry,
  // merged across preflights (the Standard; Firefox).
  kPerItem,
  // One result per key, replaced whole by the next preflight (Chromium,
  // WebKit).
  kPerKey,
};

// When a cached `*` (method or header name) counts.
enum class CachedWildcard : uint8_t {
  kLiteral,                  // never: `*` is compared as a name (Firefox)
  kIfRequestUncredentialed,  // for requests without credentials (the Standard)
  kIfEntryUncredentialed,    // if the preflight was without credentials
                             // (Chromium, WebKit)
};

// What a 3xx whose Location is empty means.
enum class EmptyLocation : uint8_t {
  kRedirectToSelf,  // parsing "" against the URL gives the URL (Standard)
  kNotARedirect,    // the 3xx is handed to script (Chromium)
  kFail,            // a network error (WebKit)
};

// What a redirect with more than one Location header means.
enum class RepeatedLocation : uint8_t {
  // "Extract header list values" fails for the singleton Location when
  // HTTP-redirect fetch reads it, so only mode "follow" fails (Standard).
  kFailWhenFollowed,
  // A network error in every redirect mode, unless all the values are the
  // same, when they count as one (Chromium, Firefox).
  kFailUnlessIdentical,
  // The values joined with ", " and parsed as one URL (WebKit).
  kJoin,
};

// Whether a redirect's Referrer-Policy header becomes the request's referrer
// policy (#http-redirect-fetch: "set request's referrer policy on
// redirect"), which decides Origin on the next hops of a request outside
// cors mode.
enum class RedirectReferrerPolicy : uint8_t {
  kIgnored,         // the request keeps its policy (Chromium, WebKit)
  kApplied,         // the last token that is a policy, as written (Standard)
  // Comma-separated items in any case, unknown ones skipped, so one bad
  // item spoils nothing (Firefox).
  kAppliedLeniently,
};

// What an Access-Control-Max-Age value the browser does not accept means.
enum class MaxAgeFallback : uint8_t {
  kUseDefault,  // cache for max_age_default_seconds
  kDoNotCache,  // the preflight result is used once and not cached
};

struct Profile {
  ProfileId id = ProfileId::kSpec;
  std::string_view name = "spec";
  // What the profile models, for reports: "Chromium 156".
  std::string_view models = "Fetch Standard";

  // --- Access-Control-Max-Age (#cors-preflight-fetch, step "max-age") ---
  int64_t max_age_default_seconds = 5;
  // "an imposed limit on max-age". The Standard leaves it to the user agent;
  // the spec profile uses 24 hours (Firefox's value, the largest any browser
  // imposes).
  int64_t max_age_cap_seconds = 86400;
  // A value that is not delta-seconds (`abc`, `1.5`, `+10`, `10, 20`, or the
  // header sent twice). The Standard: failure, so the default.
  MaxAgeFallback max_age_on_invalid = MaxAgeFallback::kUseDefault;
  // A negative number (`-1`). The Standard: not delta-seconds, so invalid.
  MaxAgeFallback max_age_on_negative = MaxAgeFallback::kUseDefault;
  // The largest number the browser's integer parser accepts; a larger run of
  // digits is treated as invalid. The Standard: any number (then capped).
  int64_t max_age_parse_limit = std::numeric_limits<int64_t>::max();
  bool max_age_overflow_is_invalid = false;

  // --- Request headers set by script ---
  // fetch() with the same name twice: the Standard keeps two header-list
  // entries and judges each value alone; Chromium and WebKit hold one entry
  // whose value is both joined with ", " and judge that.
  bool combine_repeated_request_headers = false;
  // The Standard's total over CORS-safelisted values (#cors-unsafe-request-
  // header-names): above it, every safelisted name becomes unsafe. 0: none.
  uint32_t safelisted_total_limit = 1024;
  // Access-Control-Request-Headers lists each unsafe name once. Firefox
  // repeats a name the script set twice.
  bool deduplicate_unsafe_header_names = true;
  // `Range: BYTES=0-1`: the Standard requires the literal `bytes`.
  bool range_unit_case_insensitive = false;
  // `Range: bytes=<more digits than an int64>-`: the Standard reads any
  // decimal number; every browser's parser refuses numbers beyond int64, so
  // such a range is not safelisted there.
  bool range_numbers_fit_int64 = false;
  // `Range: bytes=+0-+1`: one `+` before either number (WebKit). The
  // Standard collects ASCII digits only.
  bool range_number_allows_plus_sign = false;
  // Bytes 0x80 and above count as CORS-unsafe request-header bytes, so an
  // `Accept` or `Content-Type` value with one is not safelisted (Firefox).
  // The Standard lists only ASCII bytes.
  bool non_ascii_header_byte_is_unsafe = false;
  // A `Content-Type` value with a comma anywhere is not safelisted
  // (Firefox: `text/plain;p=a,b`). The Standard parses it as one MIME type,
  // whose parameter value may hold a comma.
  bool content_type_comma_is_unsafe = false;
  // A `Content-Type` value that ends in `;` (trailing whitespace aside)
  // with an earlier `;` before it is not safelisted (Firefox:
  // `text/plain;a=b;`, `text/plain;;`; `text/plain;` and `text/plain;;a=b`
  // are). The Standard skips empty parameters.
  bool content_type_trailing_semicolon_after_parameter_is_unsafe = false;
  // Chromium safelists client-hint headers script can set (`DPR`, `Width`,
  // `Viewport-Width`, `Device-Memory`, `RTT`, `Downlink`, `ECT`,
  // `Save-Data`, `Intervention`) when their values are well formed.
  bool safelist_client_hint_headers = false;

  // --- Preflight responses ---
  // `Access-Control-Allow-Headers: *` (without credentials) covers
  // `Authorization`. The Standard: never (#cors-non-wildcard-request-header-
  // name). All three browsers: yes.
  bool wildcard_covers_authorization = false;

  // --- The CORS-preflight cache (#cors-preflight-cache) ---
  CacheModel cache_model = CacheModel::kPerItem;
  // Entries the cache holds at most; 0 takes the engine's default bound
  // (PreflightCache::kDefaultMaxEntries) for a browser without one.
  uint32_t cache_max_entries = 0;
  // URLs this long or longer are never cached; 0: no limit.
  uint32_t cache_max_url_length = 0;
  // Requests with cache mode no-store, no-cache or reload neither use nor
  // fill the preflight cache. The Standard ties the two caches together
  // nowhere.
  bool cache_honors_request_cache_mode = false;
  // Cache mode only-if-cached (allowed only with mode same-origin) answers
  // from the HTTP cache or fails, never from the network (the Standard's
  // HTTP-network-or-cache fetch; Chromium, Firefox). WebKit sends it.
  bool only_if_cached_skips_network = true;
  // The key includes the credentials mode, so an entry serves only requests
  // with the same credentials (Firefox). Otherwise an entry made with
  // credentials also serves requests without (the Standard).
  bool cache_credentials_must_match = false;
  CachedWildcard cache_wildcard = CachedWildcard::kIfRequestUncredentialed;
  // A cached `*` header entry covers `Authorization`.
  bool cache_wildcard_covers_authorization = false;
  // Safelisted methods other than GET and POST (HEAD) still need a method
  // entry to skip the preflight (Firefox's lookup only exempts GET and POST).
  bool cache_head_needs_method_entry = false;
  // A request with the use-CORS-preflight flag needs a cached method entry
  // even for a CORS-safelisted method (the Standard's #http-fetch step 4.1);
  // the browsers exempt safelisted methods from the cache's method check.
  bool cache_preflight_flag_needs_method_entry = true;
  // A lookup that finds an entry not covering the request removes it.
  bool cache_evict_on_hit_and_fail = false;
  // A successful preflight with Max-Age 0 expires the entries it matches (the
  // Standard updates their max-age); otherwise it leaves the cache alone.
  bool cache_zero_max_age_expires_entries = true;
  // A CORS failure of the actual response of a preflighted request clears
  // the entries for its URL (the Standard's "clear cache entries" follows
  // any network error of the CORS-with-preflight fetch).
  bool cache_cleared_when_actual_fails = true;
  // Any CORS request whose response, or a redirect on the way, fails the
  // CORS check, or that ends in a network error, clears the entries for
  // that URL, preflighted or not and whatever its cache mode (Gecko's CORS
  // listener removes them on every failed check, and a failed channel
  // fails it: nsCORSListenerProxy::OnStartRequest, CheckRequestApproved,
  // and its redirect check). The Standard clears only after a
  // CORS-with-preflight fetch.
  bool cache_cleared_when_any_cors_check_fails = false;
  // A preflight that passes the CORS check but not the method or header
  // check is still cached (WebKit stores it before checking).
  bool cache_stores_failed_validation = false;
  // A fresh cache keeps no result until it is given one for a key it was
  // given one for before: until then every result is dropped; from that
  // repeat on, results are kept as usual (Firefox 153, with or without
  // automation, measured by tests/browsers/firefox_first_store.js; see
  // docs/PROFILES.md). At most kMaxWarmUpKeys keys are remembered; the
  // warm-up ends there too.
  bool cache_drops_new_keys_until_repeat = false;
  // Requests whose origin serializes to "null" (opaque, or tainted by a
  // redirect) use the cache under "null" (the Standard); otherwise never.
  bool cache_null_origin = true;

  // --- Redirects (#http-redirect-fetch) ---
  // With redirect mode "error", a redirect status (301, 302, 303, 307, 308)
  // whose Location is absent or empty is an ordinary response (Chromium,
  // WebKit). The Standard fails it, as any redirect status. (Mode "manual"
  // gives an opaque-redirect response and mode "follow" the response itself
  // when Location is absent, in the Standard and every browser.)
  bool redirect_error_mode_needs_location = false;
  // With redirect mode "follow", an empty Location.
  EmptyLocation empty_location = EmptyLocation::kRedirectToSelf;
  // More than one Location header.
  RepeatedLocation repeated_location = RepeatedLocation::kFailWhenFollowed;
  // A Location with user:pass@ fails every request, not only CORS ones
  // (Chromium).
  bool redirect_credentials_always_fail = false;
  // The preflight of a redirected request carries, and is checked against,
  // the request's own origin even after a redirect tainted it (Firefox); the
  // Standard uses the tainted `null` for the preflight too.
  bool preflight_ignores_redirect_taint = false;
  // A redirect keeps the request's headers as they were sent: the body
  // headers stay when the method becomes GET, Authorization stays at a hop
  // between origins, and an Origin header sent before a same-origin hop is
  // sent again after it (WebKit).
  bool redirect_keeps_request_headers = false;
  // A redirect that turns the method into GET keeps the body headers
  // (Content-Type) in the request's header list, so they still decide
  // whether later hops need a preflight; the preflight of the hop right
  // after the change does not list them (Firefox). The Standard removes
  // them.
  bool method_change_keeps_body_headers = false;
  // Once a hop of a fetch was preflighted (or served from the preflight
  // cache), every later hop that uses CORS is preflighted too, even with a
  // safelisted method and headers (Firefox, WebKit). The Standard decides
  // each hop by its own method and headers.
  bool redirect_keeps_preflight = false;
  // A preflight to a URL same origin with the request's origin (reached
  // through a redirect) is not CORS-checked: its Allow-Origin and
  // Allow-Credentials are not read; its status, methods and headers still
  // are (Firefox).
  bool preflight_to_request_origin_skips_cors_check = false;
  // A request that started same-origin and became a CORS request through a
  // redirect fails at its next redirect, to any URL, before that request is
  // sent; a preflight the redirected request needs is still sent first
  // (WebKit).
  bool redirect_after_same_origin_start_fails = false;
  // A DELETE redirected between two origins (301, 302, 307 or 308) goes on
  // as a GET, preflight included (WebKit). The Standard changes only POST
  // on 301 and 302, and everything but GET and HEAD on 303.
  bool redirect_between_origins_turns_delete_into_get = false;
  // A no-cors request sends `Origin: null` after any hop between two
  // origins, not only once the request origin is left behind (Chromium).
  bool no_cors_null_origin_after_cross_origin_hop = false;
  RedirectReferrerPolicy redirect_referrer_policy =
      RedirectReferrerPolicy::kApplied;

  // --- URLs ---
  // `|` in the path of an http(s) URL is percent-encoded (`%7C`) on the
  // wire and in the response's URL (Chromium). The URL Standard leaves it
  // as it is.
  bool url_path_encodes_pipe = false;

  // --- Responses ---
  // A 101 that ends the exchange is the response (the Standard keeps it
  // for WebSocket; Firefox). Chromium and WebKit fail the fetch, as every
  // profile does for the other 1xx statuses: they are interim, and no final
  // response followed.
  bool status_101_is_network_error = false;
  // A 407 (Proxy Authentication Required) from a server reached without a
  // proxy fails the fetch, whatever its mode and headers (Chromium's network
  // stack: ERR_UNEXPECTED_PROXY_AUTH). The Standard, Firefox and WebKit
  // hand it on as any other response.
  bool status_407_is_network_error = false;
};

namespace profile_internal {

constexpr Profile MakeSpec() { return Profile(); }

constexpr Profile MakeChromium() {
  Profile p;
  p.id = ProfileId::kChromium;
  p.name = "chromium";
  p.models = "Chromium 156";
  p.max_age_cap_seconds = 7200;
  p.max_age_on_negative = MaxAgeFallback::kDoNotCache;
  p.max_age_overflow_is_invalid = true;
  p.combine_repeated_request_headers = true;
  p.safelist_client_hint_headers = true;
  p.wildcard_covers_authorization = true;
  p.range_numbers_fit_int64 = true;
  p.status_101_is_network_error = true;
  p.url_path_encodes_pipe = true;
  p.status_407_is_network_error = true;
  p.redirect_referrer_policy = RedirectReferrerPolicy::kIgnored;
  p.cache_model = CacheModel::kPerKey;
  p.cache_max_entries = 1024;
  p.cache_max_url_length = 1024;
  p.cache_honors_request_cache_mode = true;
  p.cache_wildcard = CachedWildcard::kIfEntryUncredentialed;
  p.cache_evict_on_hit_and_fail = true;
  p.cache_cleared_when_actual_fails = false;
  p.cache_null_origin = false;
  p.empty_location = EmptyLocation::kNotARedirect;
  p.redirect_credentials_always_fail = true;
  p.no_cors_null_origin_after_cross_origin_hop = true;
  p.redirect_error_mode_needs_location = true;
  p.repeated_location = RepeatedLocation::kFailUnlessIdentical;
  p.cache_preflight_flag_needs_method_entry = false;
  return p;
}

constexpr Profile MakeFirefox() {
  Profile p;
  p.id = ProfileId::kFirefox;
  p.name = "firefox";
  p.models = "Firefox ESR 153";
  p.max_age_cap_seconds = 86400;
  p.max_age_on_invalid = MaxAgeFallback::kDoNotCache;
  p.max_age_on_negative = MaxAgeFallback::kDoNotCache;
  p.safelisted_total_limit = 0;
  p.deduplicate_unsafe_header_names = false;
  p.wildcard_covers_authorization = true;
  p.cache_model = CacheModel::kPerItem;
  p.cache_max_entries = 100;
  p.cache_honors_request_cache_mode = true;
  p.cache_credentials_must_match = true;
  p.cache_wildcard = CachedWildcard::kLiteral;
  p.cache_head_needs_method_entry = true;
  p.cache_zero_max_age_expires_entries = false;
  p.range_numbers_fit_int64 = true;
  p.repeated_location = RepeatedLocation::kFailUnlessIdentical;
  p.cache_preflight_flag_needs_method_entry = false;
  p.cache_drops_new_keys_until_repeat = true;
  p.cache_cleared_when_any_cors_check_fails = true;
  p.preflight_ignores_redirect_taint = true;
  p.method_change_keeps_body_headers = true;
  p.redirect_keeps_preflight = true;
  p.preflight_to_request_origin_skips_cors_check = true;
  p.non_ascii_header_byte_is_unsafe = true;
  p.content_type_comma_is_unsafe = true;
  p.content_type_trailing_semicolon_after_parameter_is_unsafe = true;
  p.redirect_referrer_policy = RedirectReferrerPolicy::kAppliedLeniently;
  return p;
}

constexpr Profile MakeWebKit() {
  Profile p;
  p.id = ProfileId::kWebKit;
  p.name = "webkit";
  p.models = "WebKitGTK 2.50";
  p.max_age_cap_seconds = 600;
  p.max_age_on_negative = MaxAgeFallback::kDoNotCache;
  p.max_age_overflow_is_invalid = true;
  p.combine_repeated_request_headers = true;
  p.range_unit_case_insensitive = true;
  p.wildcard_covers_authorization = true;
  p.cache_model = CacheModel::kPerKey;
  p.cache_wildcard = CachedWildcard::kIfEntryUncredentialed;
  p.cache_wildcard_covers_authorization = true;
  p.cache_evict_on_hit_and_fail = true;
  p.cache_cleared_when_actual_fails = false;
  p.cache_stores_failed_validation = true;
  p.redirect_referrer_policy = RedirectReferrerPolicy::kIgnored;
  p.empty_location = EmptyLocation::kFail;
  p.repeated_location = RepeatedLocation::kJoin;
  p.range_numbers_fit_int64 = true;
  p.redirect_error_mode_needs_location = true;
  p.cache_preflight_flag_needs_method_entry = false;
  p.cache_null_origin = false;
  p.redirect_keeps_request_headers = true;
  p.redirect_keeps_preflight = true;
  p.redirect_after_same_origin_start_fails = true;
  p.only_if_cached_skips_network = false;
  p.redirect_between_origins_turns_delete_into_get = true;
  p.status_101_is_network_error = true;
  p.range_number_allows_plus_sign = true;
  return p;
}

}  // namespace profile_internal

inline constexpr Profile kSpecProfile = profile_internal::MakeSpec();
inline constexpr Profile kChromiumProfile = profile_internal::MakeChromium();
inline constexpr Profile kFirefoxProfile = profile_internal::MakeFirefox();
inline constexpr Profile kWebKitProfile = profile_internal::MakeWebKit();

// GetProfile()
//
// The static profile for `id`.
const Profile& GetProfile(ProfileId id);

// FindProfile()
//
// The profile named `name` ("spec", "chromium", "firefox", "webkit"), or
// nullptr.
const Profile* FindProfile(std::string_view name);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_PROFILE_H_
