// File: fuzz/max_age_fuzzer.cc
//
// ParseMaxAge (Access-Control-Max-Age as each profile reads it).
//
// Input layout: the raw bytes are one header value. When they contain a
// newline, the bytes before the first one and the bytes after it are also
// tried as two separate Access-Control-Max-Age headers.
//
// Invariants, for each of the four profiles:
//   * ParseMaxAge equals the reference model's (corsref::ParseMaxAge:
//     source, seconds and requested seconds), for the value alone, the two
//     values as two headers, and no header;
//   * 0 <= seconds <= profile.max_age_cap_seconds;
//   * kAbsent iff there is no header or the one value is empty after
//     trimming tabs and spaces, and then seconds is the profile's default;
//   * kValid: requested_seconds >= 0 and seconds = min(requested, cap);
//     kNegative only for a value starting with '-'; requested_seconds is
//     0 unless kValid;
//   * a value of only ASCII digits that fits in int32 is kValid with
//     requested_seconds = the value in every profile (all of them parse at
//     least int32), and the spec profile caches min(value, cap);
//   * two headers are kInvalid (profile.h: "the header sent twice") and
//     give the profile's invalid-value fallback.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/header_list.h"
#include "corsengine/preflight.h"
#include "corsengine/profile.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine::MaxAge;
using corsengine::MaxAgeFallback;
using corsengine::Profile;
using corsengine_fuzz::Quote;

// The engine and the reference on the same header list.
void CheckAgainstReference(HeaderSpan headers, const std::string& what) {
  std::vector<corsengine::Header> list;
  for (const HeaderView& h : headers) {
    list.push_back({std::string(h.name), std::string(h.value)});
  }
  for (const Profile* profile : corsengine_fuzz::kAllProfiles) {
    const MaxAge age = corsengine::ParseMaxAge(headers, *profile);
    const corsref::MaxAge expected = corsref::ParseMaxAge(list, *profile);
    FUZZ_CHECK(corsengine_fuzz::Same(age, expected),
               what << ": " << profile->name << " gives "
                    << corsengine_fuzz::Describe(age) << ", reference "
                    << corsengine_fuzz::Describe(expected));
  }
}

const char* SourceName(MaxAge::Source s) {
  switch (s) {
    case MaxAge::Source::kAbsent:
      return "kAbsent";
    case MaxAge::Source::kValid:
      return "kValid";
    case MaxAge::Source::kInvalid:
      return "kInvalid";
    case MaxAge::Source::kNegative:
      return "kNegative";
  }
  return "?";
}

int64_t Fallback(MaxAgeFallback fallback, const Profile& profile) {
  return fallback == MaxAgeFallback::kUseDefault
             ? profile.max_age_default_seconds
             : 0;
}

// The value as a number when it is only ASCII digits and fits in int32.
bool DigitsInt32(std::string_view v, int64_t* out) {
  if (v.empty()) return false;
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
    if (n > INT32_MAX) return false;
  }
  *out = n;
  return true;
}

void CheckCommon(const MaxAge& age, const Profile& profile,
                 const std::string& what) {
  FUZZ_CHECK(age.seconds >= 0 && age.seconds <= profile.max_age_cap_seconds,
             what << ": seconds " << age.seconds << " outside [0, "
                  << profile.max_age_cap_seconds << "] (" << profile.name
                  << ", " << SourceName(age.source) << ")");
  if (age.source != MaxAge::Source::kValid) {
    FUZZ_CHECK(age.requested_seconds == 0,
               what << ": requested_seconds " << age.requested_seconds
                    << " with " << SourceName(age.source));
  }
  switch (age.source) {
    case MaxAge::Source::kAbsent:
      FUZZ_CHECK(age.seconds == profile.max_age_default_seconds,
                 what << ": kAbsent with seconds " << age.seconds);
      break;
    case MaxAge::Source::kValid: {
      FUZZ_CHECK(age.requested_seconds >= 0,
                 what << ": requested " << age.requested_seconds);
      const int64_t capped =
          age.requested_seconds < profile.max_age_cap_seconds
              ? age.requested_seconds
              : profile.max_age_cap_seconds;
      FUZZ_CHECK(age.seconds == capped,
                 what << ": " << profile.name << " kValid requested "
                      << age.requested_seconds << " gives " << age.seconds
                      << ", expected " << capped);
      break;
    }
    case MaxAge::Source::kInvalid:
      FUZZ_CHECK(age.seconds == Fallback(profile.max_age_on_invalid, profile),
                 what << ": " << profile.name << " kInvalid gives "
                      << age.seconds);
      break;
    case MaxAge::Source::kNegative:
      FUZZ_CHECK(age.seconds == Fallback(profile.max_age_on_negative, profile),
                 what << ": " << profile.name << " kNegative gives "
                      << age.seconds);
      break;
  }
}

void CheckOne(std::string_view raw) {
  const std::string trimmed = corsref::StripTabOrSpace(raw);
  // Another header first, and the name in another case: neither matters.
  const HeaderView headers[] = {{"Access-Control-Allow-Origin", "*"},
                                {"access-control-MAX-age", raw}};
  const std::string what = "value " + Quote(raw);
  CheckAgainstReference(HeaderSpan(headers), what);
  int64_t number = 0;
  const bool int32_digits = DigitsInt32(trimmed, &number);
  for (const Profile* profile : corsengine_fuzz::kAllProfiles) {
    const MaxAge age = corsengine::ParseMaxAge(HeaderSpan(headers), *profile);
    CheckCommon(age, *profile, what);
    FUZZ_CHECK((age.source == MaxAge::Source::kAbsent) == trimmed.empty(),
               what << ": " << profile->name << " gives "
                    << SourceName(age.source));
    if (age.source == MaxAge::Source::kNegative) {
      FUZZ_CHECK(trimmed.front() == '-',
                 what << ": kNegative without a '-'");
    }
    if (int32_digits) {
      FUZZ_CHECK(age.source == MaxAge::Source::kValid &&
                     age.requested_seconds == number,
                 what << ": " << profile->name << " gives "
                      << SourceName(age.source) << " requested "
                      << age.requested_seconds << " for " << number);
      if (profile == &corsengine::kSpecProfile) {
        const int64_t expected = number < profile->max_age_cap_seconds
                                     ? number
                                     : profile->max_age_cap_seconds;
        FUZZ_CHECK(age.seconds == expected,
                   what << ": spec gives " << age.seconds << ", expected "
                        << expected);
      }
    }
  }
}

void CheckTwo(std::string_view first, std::string_view second) {
  const HeaderView headers[] = {{"Access-Control-Max-Age", first},
                                {"Access-Control-Max-Age", second}};
  const std::string what = "values " + Quote(first) + ", " + Quote(second);
  CheckAgainstReference(HeaderSpan(headers), what);
  for (const Profile* profile : corsengine_fuzz::kAllProfiles) {
    const MaxAge age = corsengine::ParseMaxAge(HeaderSpan(headers), *profile);
    CheckCommon(age, *profile, what);
    FUZZ_CHECK(age.source == MaxAge::Source::kInvalid,
               what << ": " << profile->name << " gives "
                    << SourceName(age.source) << " for two headers");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  corsengine_fuzz::Trace("value = " + Quote(input));
  CheckOne(input);
  const size_t newline = input.find('\n');
  if (newline != std::string_view::npos) {
    CheckTwo(input.substr(0, newline), input.substr(newline + 1));
  }
  // No header at all.
  CheckAgainstReference(HeaderSpan(), "no header");
  for (const Profile* profile : corsengine_fuzz::kAllProfiles) {
    const MaxAge age = corsengine::ParseMaxAge(HeaderSpan(), *profile);
    FUZZ_CHECK(age.source == MaxAge::Source::kAbsent &&
                   age.seconds == profile->max_age_default_seconds,
               "no header: " << SourceName(age.source) << " " << age.seconds);
  }
  corsengine_fuzz::EndInput();
  return 0;
}
