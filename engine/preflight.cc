// File: engine/preflight.cc

#include "corsengine/preflight.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "corsengine/cors_check.h"
#include "corsengine/method.h"
#include "engine/internal/ascii.h"
#include "engine/internal/hash.h"
#include "engine/internal/header_list.h"
#include "engine/internal/preflight.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace {

// The de-duplication set of a long list: hashed inline and seeded per
// process, so a hostile server's thousand names cost one pass and cannot
// be chosen to collide.
struct ViewHash {
  size_t operator()(absl::string_view v) const {
    return internal::HashBytes(v.data(), v.size(), internal::ProcessHashSeed());
  }
};
struct ViewEq {
  bool operator()(absl::string_view a, absl::string_view b) const {
    return internal::EqualsBytes(std::string_view(a.data(), a.size()),
                                 std::string_view(b.data(), b.size()));
  }
};
using SeenSet = absl::flat_hash_set<absl::string_view, ViewHash, ViewEq>;

// Whether `written` is new to `seen` (made, sized for `list_size`, on first
// use). Out of line: only long lists come here, and keeping it out of
// PreflightResult::Create keeps the common path's code small.
ABSL_ATTRIBUTE_NOINLINE bool InsertNew(std::optional<SeenSet>* seen,
                                       std::string_view written,
                                       size_t list_size) {
  if (!seen->has_value()) seen->emplace().reserve(list_size);
  return (*seen)->insert(absl::string_view(written.data(), written.size()))
      .second;
}

using internal::Printable;

MaxAge FromFallback(MaxAge::Source source, MaxAgeFallback fallback,
                    const Profile& profile) {
  MaxAge age;
  age.source = source;
  age.seconds = fallback == MaxAgeFallback::kUseDefault
                    ? profile.max_age_default_seconds
                    : 0;
  return age;
}

// The header-name half of CheckPreflightResultAllows(), over whether a
// name is `listed` (by name, in any case). One pass, each name looked up
// once. A name the profile keeps from `*` (Authorization) and that is not
// listed fails first, whichever name comes before it: a host's controls
// (embedder.h) may exempt a name, Authorization included, so this is over
// the unsafe names, not the request's headers. `*` is looked up only when
// some name is not listed.
template <typename Listed>
Expected<void> CheckHeaderNames(const PreflightResult& result,
                                const UnsafeHeaderNames& unsafe_names,
                                const Profile& profile, bool include,
                                Listed listed) {
  int star = -1;  // unknown until needed
  std::optional<std::string_view> disallowed;
  for (std::string_view name : unsafe_names) {
    if (listed(name)) continue;
    if (star < 0) star = result.HasHeaderName("*") ? 1 : 0;
    if (!profile.wildcard_covers_authorization &&
        IsCorsNonWildcardRequestHeaderName(name)) {
      // Reported first, as the Standard checks these names first; it is
      // the wildcard's rule only when a `*` would otherwise have covered it.
      if (star == 1 && !include) {
        return CorsErrorStatus(
            CorsError::kAuthorizationCoveredOnlyByWildcard, "authorization",
            "Request header field authorization is not allowed by "
            "Access-Control-Allow-Headers in the preflight response ('*' "
            "does not cover Authorization; list it by name)");
      }
      disallowed = name;
      break;
    }
    if (star == 1 && !include) continue;
    if (!disallowed) disallowed = name;
  }
  if (disallowed) {
    std::string lower(*disallowed);
    for (char& c : lower) c = internal::ToLowerAscii(c);
    return CorsErrorStatus(
        CorsError::kHeaderDisallowedByPreflightResponse, lower,
        internal::StrCat("Request header field ", Printable(lower),
                         " is not allowed by Access-Control-Allow-Headers in "
                         "the preflight response",
                         include && star == 1 ? " ('*' is a literal name when "
                                                "credentials are included)"
                                              : ""));
  }
  return {};
}

// The same when both lists are long (internal::kScannedNames): the listed
// names go through a set, built once, so the check costs the lists' sum,
// not their product. Out of line, away from the common path.
ABSL_ATTRIBUTE_NOINLINE Expected<void> CheckLongHeaderNames(
    const PreflightResult& result, const UnsafeHeaderNames& unsafe_names,
    const Profile& profile, bool include) {
  SeenSet listed;
  listed.reserve(result.header_count());
  for (size_t i = 0; i < result.header_count(); ++i) {
    const std::string_view name = result.header_name(i);  // lowercase
    listed.insert(absl::string_view(name.data(), name.size()));
  }
  std::string lowered;
  return CheckHeaderNames(result, unsafe_names, profile, include,
                          [&](std::string_view name) {
                            lowered.assign(name.data(), name.size());
                            for (char& c : lowered) {
                              c = internal::ToLowerAscii(c);
                            }
                            return listed.contains(absl::string_view(lowered));
                          });
}

}  // namespace

bool NeedsCorsPreflight(const Request& request, const Profile& profile,
                        UnsafeHeaderNames* unsafe_names) {
  CorsUnsafeRequestHeaderNames(request.headers, profile, unsafe_names);
  return request.use_cors_preflight ||
         !IsCorsSafelistedMethod(request.method) || !unsafe_names->empty();
}

OutgoingRequest BuildPreflightRequest(const Request& request,
                                      std::string_view serialized_origin,
                                      const UnsafeHeaderNames& unsafe_names) {
  OutgoingRequest preflight;
  preflight.method = std::string(kMethodOptions);
  preflight.url = std::string(request.url.spec());
  preflight.include_credentials = false;
  preflight.headers.reserve(4);
  preflight.headers.push_back(Header{"Origin", std::string(serialized_origin)});
  preflight.headers.push_back(Header{"Accept", "*/*"});
  preflight.headers.push_back(
      Header{std::string(kAccessControlRequestMethod), request.method});
  if (!unsafe_names.empty()) {
    Header acrh{std::string(kAccessControlRequestHeaders), std::string()};
    AppendAccessControlRequestHeaders(unsafe_names, &acrh.value);
    preflight.headers.push_back(std::move(acrh));
  }
  return preflight;
}

namespace {

// ParseMaxAge() once its headers are found: `count` of them, the first's
// value trimmed of tabs and spaces.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline MaxAge MaxAgeOf(size_t count,
                                                    std::string_view value,
                                                    const Profile& profile) {
  if (count == 0 || (count == 1 && value.empty())) {
    MaxAge age;
    age.seconds = profile.max_age_default_seconds;
    return age;
  }
  if (count > 1) {
    return FromFallback(MaxAge::Source::kInvalid, profile.max_age_on_invalid,
                        profile);
  }
  std::string_view digits = value;
  const bool negative = digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() || !internal::AllOf(digits, internal::kDigit)) {
    return FromFallback(MaxAge::Source::kInvalid, profile.max_age_on_invalid,
                        profile);
  }
  // delta-seconds: parse, saturating at the profile's parser limit.
  // A digit overflows when seconds * 10 + d would pass the limit; tested
  // without a division per digit, and without overflowing int64 itself.
  const int64_t limit = profile.max_age_parse_limit;
  const int64_t tenth = limit / 10;
  int64_t seconds = 0;
  bool overflow = false;
  for (char c : digits) {
    const int d = c - '0';
    if (seconds > tenth || seconds * 10 > limit - d) {
      overflow = true;
      break;
    }
    seconds = seconds * 10 + d;
  }
  if (overflow && profile.max_age_overflow_is_invalid) {
    return FromFallback(MaxAge::Source::kInvalid, profile.max_age_on_invalid,
                        profile);
  }
  if (overflow) seconds = profile.max_age_parse_limit;
  if (negative) {
    // "-0" is zero in every parser that accepts a sign.
    if (seconds == 0 && profile.max_age_on_negative ==
                            MaxAgeFallback::kDoNotCache) {
      MaxAge age;
      age.source = MaxAge::Source::kValid;
      return age;
    }
    return FromFallback(MaxAge::Source::kNegative, profile.max_age_on_negative,
                        profile);
  }
  MaxAge age;
  age.source = MaxAge::Source::kValid;
  age.requested_seconds = seconds;
  age.seconds = seconds < profile.max_age_cap_seconds
                    ? seconds
                    : profile.max_age_cap_seconds;
  return age;
}

}  // namespace

MaxAge ParseMaxAge(HeaderSpan response_headers, const Profile& profile) {
  // "extract header list values" for a singleton: several headers fail.
  std::string_view value;
  size_t count = 0;
  for (const HeaderView& h : response_headers) {
    if (internal::EqualsLowercaseLiteral(h.name, "access-control-max-age") &&
        ++count == 1) {
      value = internal::TrimTabOrSpace(h.value);
    }
  }
  return MaxAgeOf(count, value, profile);
}

bool PreflightResult::HasMethod(std::string_view method) const {
  for (const Slice& s : methods_) {
    if (internal::EqualsBytes(View(s), method)) return true;
  }
  return false;
}

bool PreflightResult::HasHeaderName(std::string_view name) const {
  const size_t n = name.size();
  // Stored names are lowercase. Those of 8 to 16 bytes, the usual ones,
  // inline.
  for (const Slice& s : headers_) {
    if (s.size != n) continue;
    if (n >= 8 && n <= 16) {
      if (internal::swar::EqualTwoWords(name.data(), chars() + s.begin, n,
                                        internal::swar::Lower(),
                                        internal::swar::Same())) {
        return true;
      }
      continue;
    }
    if (internal::EqualsLowercase(name, View(s))) return true;
  }
  return false;
}

PreflightResult::PreflightResult(const PreflightResult& other)
    : heap_(other.storage_size_ <= kInlineChars
                ? nullptr
                : new char[other.storage_size_]),
      storage_size_(other.storage_size_),
      methods_(other.methods_),
      headers_(other.headers_),
      credentials_(other.credentials_),
      max_age_(other.max_age_) {
  if (storage_size_ != 0) {
    std::memcpy(mutable_chars(), other.chars(), storage_size_);
  }
}

PreflightResult& PreflightResult::operator=(const PreflightResult& other) {
  if (this != &other) *this = PreflightResult(other);
  return *this;
}

PreflightResult PreflightResult::Create(const HeaderListValues& methods,
                                        const HeaderListValues& header_names,
                                        bool credentials, MaxAge max_age) {
  size_t total = 0;
  for (std::string_view m : methods.items) total += m.size();
  for (std::string_view h : header_names.items) total += h.size();
  PreflightResult result(total == 0 ? 0 : total + internal::kCopySlack);
  // No allocation when the names fit in the object, one otherwise; items
  // written in place, each kept once. Long lists (a hostile server's)
  // de-duplicate through a hash set so the cost stays linear. Names are copied
  // as whole words, whose last store may run kCopySlack bytes past the name:
  // the buffer has that much room.
  char* const buffer = result.mutable_chars();
  size_t at = 0;
  // Slices hold 32-bit offsets: names past 4 GiB in all are dropped, which
  // fails closed (a dropped name allows nothing). No HTTP stack delivers
  // such a response; the bound keeps a host that builds one defined.
  constexpr size_t kMaxStorage = uint32_t{0xFFFFFFFF};
  // Both lists are checked against what is already written, which is
  // byte-exact for methods and lowercased for names: plain equality either
  // way. A bit per size (mod 64) spares the scan for a size not seen yet,
  // the usual case.
  std::optional<SeenSet> seen;
  auto add = [&](std::string_view written, auto& kept, uint64_t& sizes,
                 size_t list_size) {
    if (written.size() > kMaxStorage - at) return;
    if (list_size > internal::kScannedNames) {
      if (!InsertNew(&seen, written, list_size)) return;
    } else {
      const uint64_t bit = uint64_t{1} << (written.size() & 63);
      if ((sizes & bit) != 0) {
        for (Slice s : kept) {
          if (internal::EqualsBytes(
                  std::string_view(buffer + s.begin, s.size), written)) {
            return;
          }
        }
      }
      sizes |= bit;
    }
    kept.emplace_back(static_cast<uint32_t>(at),
                      static_cast<uint32_t>(written.size()));
    at += written.size();
  };
  uint64_t method_sizes = 0;
  for (std::string_view m : methods.items) {
    internal::CopyWordsWithSlack(m.data(), m.size(), buffer + at,
                                 internal::swar::Same());
    add(std::string_view(buffer + at, m.size()), result.methods_, method_sizes,
        methods.items.size());
  }
  seen.reset();
  uint64_t header_sizes = 0;
  for (std::string_view h : header_names.items) {
    internal::CopyWordsWithSlack(h.data(), h.size(), buffer + at,
                                 internal::swar::Lower());
    add(std::string_view(buffer + at, h.size()), result.headers_, header_sizes,
        header_names.items.size());
  }
  result.storage_size_ = static_cast<uint32_t>(at);
  result.credentials_ = credentials;
  result.max_age_ = max_age;
  return result;
}

Expected<PreflightResult> ParsePreflightResponse(
    const Request& request, std::string_view serialized_origin, int status,
    HeaderSpan response_headers, const Profile& profile) {
  // "If a CORS check for request and response returns success and
  // response's status is an ok status". The check comes first, as in
  // Chromium, so a server that forgot CORS hears about CORS.
  Expected<void> access =
      CheckCorsAccess(response_headers, serialized_origin, request.credentials,
                      CheckedResponse::kPreflight, profile);
  if (!access.ok()) return std::move(access).take_error();
  return internal::ParsePreflightLists(request, status, response_headers,
                                       profile);
}

namespace internal {

// What ParsePreflightLists() builds, for a usual response: each list
// element is written into the result's own buffer as the tokenizer finds
// it, with no list of views in between and no second pass over them.
// Declines (false; `out` is then discarded) whatever it leaves to the
// general path, which decides it the same way: a list that fails (the
// general path reports it), values too long for the inline buffer, or more
// than kScannedNames names kept in one list (the general path's set).
struct PreflightResultAccess {
  static bool ParseInline(const Request& request, HeaderSpan headers,
                          const Profile& profile, PreflightResult* out) {
    using Slice = PreflightResult::Slice;
    // Each list's slices gather here and go into the result's vectors at
    // the end, one append per list rather than one call per element.
    struct Kept {
      uint32_t size = 0;
      // As in Create(): a bit per size (mod 64) spares the scan of a list
      // for a size not kept yet, the usual case.
      uint64_t sizes = 0;
      Slice slices[kScannedNames];
    };
    char* const buffer = out->inline_;
    size_t at = 0;
    bool fits = true;
    // Writes one element at `at`, through `fold`, and keeps it unless its
    // list has it already. The caller has checked that the element's value
    // and the copy's slack fit.
    const auto keep = [&](const char* start, size_t size, auto fold,
                          Kept& kept) {
      CopyWordsWithSlack(start, size, buffer + at, fold);
      const std::string_view written(buffer + at, size);
      const uint64_t bit = uint64_t{1} << (size & 63);
      if ((kept.sizes & bit) != 0) {
        for (uint32_t i = 0; i < kept.size; ++i) {
          const Slice s = kept.slices[i];
          if (EqualsBytes(std::string_view(buffer + s.begin, s.size),
                          written)) {
            return;
          }
        }
      }
      kept.sizes |= bit;
      if (kept.size == kScannedNames) {
        fits = false;
        return;
      }
      kept.slices[kept.size++] =
          Slice(static_cast<uint32_t>(at), static_cast<uint32_t>(size));
      at += size;
    };
    Kept methods_kept;
    Kept headers_kept;
    bool methods_present = false;
    std::string_view max_age_value;
    size_t max_age_count = 0;
    std::string_view invalid;
    for (const HeaderView& h : headers) {
      const bool methods =
          EqualsLowercaseLiteral(h.name, "access-control-allow-methods");
      if (methods ||
          EqualsLowercaseLiteral(h.name, "access-control-allow-headers")) {
        // The elements of a value are disjoint parts of it.
        if (h.value.size() + kCopySlack > PreflightResult::kInlineChars - at) {
          return false;
        }
        const bool parsed =
            methods ? ForEachListElement(
                          h.value,
                          [&](const char* start, size_t size) {
                            keep(start, size, swar::Same(), methods_kept);
                          },
                          &invalid)
                    : ForEachListElement(
                          h.value,
                          [&](const char* start, size_t size) {
                            keep(start, size, swar::Lower(), headers_kept);
                          },
                          &invalid);
        if (!parsed || !fits) return false;
        methods_present |= methods;
      } else if (EqualsLowercaseLiteral(h.name, "access-control-max-age") &&
                 ++max_age_count == 1) {
        max_age_value = TrimTabOrSpace(h.value);
      }
    }
    // "If methods is null and request's use-CORS-preflight flag is set, then
    // set methods to a new list containing request's method."
    if (!methods_present && request.use_cors_preflight) {
      const std::string& method = request.method;
      if (method.size() + kCopySlack > PreflightResult::kInlineChars - at) {
        return false;
      }
      keep(method.data(), method.size(), swar::Same(), methods_kept);
    }
    out->methods_.assign(methods_kept.slices,
                         methods_kept.slices + methods_kept.size);
    out->headers_.assign(headers_kept.slices,
                         headers_kept.slices + headers_kept.size);
    out->storage_size_ = static_cast<uint32_t>(at);
    out->credentials_ = request.credentials == CredentialsMode::kInclude;
    out->max_age_ = MaxAgeOf(max_age_count, max_age_value, profile);
    return true;
  }
};

Expected<PreflightResult> ParsePreflightLists(const Request& request,
                                              int status,
                                              HeaderSpan response_headers,
                                              const Profile& profile) {
  if (!IsOkStatus(status)) {
    return CorsErrorStatus(
        CorsError::kPreflightInvalidStatus, std::to_string(status),
        internal::StrCat("Response to preflight request does not have an HTTP "
                         "ok status: ",
                         status));
  }
  {
    // Default-initialized: the inline bytes are written, not zeroed first.
    PreflightResult result;
    if (PreflightResultAccess::ParseInline(request, response_headers, profile,
                                           &result)) {
      return result;
    }
  }

  // One pass over the headers for both lists and Max-Age (AddListValue:
  // a failed list takes no more values); Allow-Methods' failure is reported
  // first wherever its header stands.
  HeaderListValues methods;
  HeaderListValues header_names;
  std::string_view max_age_value;
  size_t max_age_count = 0;
  for (const HeaderView& h : response_headers) {
    if (EqualsLowercaseLiteral(h.name, "access-control-allow-methods")) {
      AddListValue(h.value, &methods);
    } else if (EqualsLowercaseLiteral(h.name, "access-control-allow-headers")) {
      AddListValue(h.value, &header_names);
    } else if (EqualsLowercaseLiteral(h.name, "access-control-max-age") &&
               ++max_age_count == 1) {
      max_age_value = TrimTabOrSpace(h.value);
    }
  }
  if (methods.failed()) {
    return CorsErrorStatus(
        CorsError::kInvalidAllowMethodsPreflightResponse,
        internal::Truncate(methods.invalid_item),
        internal::StrCat("Access-Control-Allow-Methods in the preflight "
                         "response has an invalid method token '",
                         Printable(methods.invalid_item), "'"));
  }
  if (header_names.failed()) {
    return CorsErrorStatus(
        CorsError::kInvalidAllowHeadersPreflightResponse,
        internal::Truncate(header_names.invalid_item),
        internal::StrCat("Access-Control-Allow-Headers in the preflight "
                         "response has an invalid header-name token '",
                         Printable(header_names.invalid_item), "'"));
  }
  // "If methods is null and request's use-CORS-preflight flag is set, then
  // set methods to a new list containing request's method."
  if (methods.absent() && request.use_cors_preflight) {
    methods.items.push_back(request.method);
  }
  return PreflightResult::Create(
      methods, header_names, request.credentials == CredentialsMode::kInclude,
      MaxAgeOf(max_age_count, max_age_value, profile));
}

}  // namespace internal

Expected<void> CheckPreflightResultAllows(const PreflightResult& result,
                                          const Request& request,
                                          const UnsafeHeaderNames& unsafe_names,
                                          const Profile& profile) {
  const bool include = request.credentials == CredentialsMode::kInclude;
  if (!result.HasMethod(request.method) &&
      !IsCorsSafelistedMethod(request.method) &&
      (include || !result.HasMethod("*"))) {
    return CorsErrorStatus(
        CorsError::kMethodDisallowedByPreflightResponse, request.method,
        internal::StrCat("Method ", Printable(request.method),
                         " is not allowed by Access-Control-Allow-Methods in "
                         "the preflight response",
                         include && result.HasMethod("*")
                             ? " ('*' is a literal name when credentials are "
                               "included)"
                             : ""));
  }
  if (unsafe_names.size() > internal::kScannedNames &&
      result.header_count() > internal::kScannedNames) {
    return CheckLongHeaderNames(result, unsafe_names, profile, include);
  }
  return CheckHeaderNames(result, unsafe_names, profile, include,
                          [&result](std::string_view name) {
                            return result.HasHeaderName(name);
                          });
}

Expected<PreflightResult> ValidatePreflightResponse(
    const Request& request, std::string_view serialized_origin,
    const UnsafeHeaderNames& unsafe_names, int status,
    HeaderSpan response_headers, const Profile& profile) {
  // One named result returned on every path, so it is built in the
  // caller's slot (NRVO) rather than moved out.
  Expected<PreflightResult> result = ParsePreflightResponse(
      request, serialized_origin, status, response_headers, profile);
  if (result.ok()) {
    Expected<void> allowed =
        CheckPreflightResultAllows(*result, request, unsafe_names, profile);
    if (!allowed.ok()) result = std::move(allowed).take_error();
  }
  return result;
}

}  // namespace corsengine
