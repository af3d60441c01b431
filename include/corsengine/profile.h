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
  // Chromium safelists client-hint headers script can set (`DPR`, `Width`,
  // `Viewport-Width`, `Device-Memory`, `RTT`, `Downlink`, `ECT`,
  // `Save-Data`, `Intervention`) when their values are well formed.
  bool safelist_client_hint_headers = false;

  // --- Preflight responses ---
  // `Access-Control-Allow-Headers: *` (without credentials) covers
  // `Authorization`. The Standard: never (#cors-non-wildcard-request-header-
  // name). All three browsers: yes.
  bool wildcard_covers_authorization = false;
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
  p.max_age_parse_limit = std::numeric_limits<int32_t>::max();
  p.max_age_overflow_is_invalid = true;
  p.safelisted_total_limit = 0;
  p.deduplicate_unsafe_header_names = false;
  p.wildcard_covers_authorization = true;
  p.range_numbers_fit_int64 = true;
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
  p.range_numbers_fit_int64 = true;
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
