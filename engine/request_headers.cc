// File: engine/request_headers.cc

#include "corsengine/request_headers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/attributes.h"
#include "corsengine/header_list.h"
#include "corsengine/method.h"
#include "engine/internal/ascii.h"

namespace corsengine {
namespace {

using internal::EqualsIgnoreCase;
using internal::EqualsLowercaseLiteral;
using internal::Is;

// #forbidden-request-header, step 1's list.
constexpr std::string_view kForbiddenRequestHeaderNames[] = {
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
};

constexpr std::string_view kMethodOverrideHeaderNames[] = {
    "x-http-method",
    "x-http-method-override",
    "x-method-override",
};

template <size_t N>
bool InList(std::string_view name, const std::string_view (&list)[N]) {
  for (std::string_view candidate : list) {
    if (EqualsIgnoreCase(name, candidate)) return true;
  }
  return false;
}

// Up to this many unsafe names are sorted by insertion.
constexpr size_t kInsertionSortLimit = 16;

// 1*DIGIT
bool IsDigits(std::string_view s) {
  return !s.empty() && internal::AllOf(s, internal::kDigit);
}

// 1*DIGIT [ "." 1*DIGIT ]
bool IsDecimal(std::string_view s) {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos) return IsDigits(s);
  return IsDigits(s.substr(0, dot)) && IsDigits(s.substr(dot + 1));
}

// Chromium's client-hint safelist (services/network/public/cpp/cors/cors.cc,
// IsCorsSafelistedHeader, "Block 2" and "Block 3"): names script can set.
std::optional<bool> ClientHintSafelisted(std::string_view name,
                                         std::string_view value) {
  if (EqualsIgnoreCase(name, "intervention")) return true;
  if (EqualsIgnoreCase(name, "device-memory") || EqualsIgnoreCase(name, "dpr") ||
      EqualsIgnoreCase(name, "downlink")) {
    return IsDecimal(value);
  }
  if (EqualsIgnoreCase(name, "width") ||
      EqualsIgnoreCase(name, "viewport-width") || EqualsIgnoreCase(name, "rtt")) {
    return IsDigits(value);
  }
  if (EqualsIgnoreCase(name, "ect")) {
    return value == "slow-2g" || value == "2g" || value == "3g" ||
           value == "4g";
  }
  if (EqualsIgnoreCase(name, "save-data")) return EqualsIgnoreCase(value, "on");
  return std::nullopt;
}

// Firefox's two Content-Type refusals the Standard does not make. Out of
// line, behind one branch, so the other profiles' safelist check stays as
// short as before.
ABSL_ATTRIBUTE_NOINLINE bool ContentTypeRefusedByProfile(
    std::string_view value, const Profile& profile) {
  if (profile.content_type_comma_is_unsafe &&
      value.find(',') != std::string_view::npos) {
    return true;
  }
  if (profile.content_type_trailing_semicolon_after_parameter_is_unsafe) {
    std::string_view trimmed = value;
    while (!trimmed.empty() && Is(trimmed.back(), internal::kHttpWhitespace)) {
      trimmed.remove_suffix(1);
    }
    if (!trimmed.empty() && trimmed.back() == ';' &&
        trimmed.find(';') != trimmed.size() - 1) {
      return true;
    }
  }
  return false;
}

// Collects ASCII digits at `*pos` (#simple-range-header-value). Returns
// false when there are none. Numbers are compared as decimal strings, so
// any length works; *fits_int64 turns false past INT64_MAX.
bool CollectNumber(std::string_view s, size_t* pos, std::string_view* digits,
                   bool* fits_int64) {
  const size_t start = *pos;
  while (*pos < s.size() && Is(s[*pos], internal::kDigit)) ++*pos;
  *digits = s.substr(start, *pos - start);
  while (digits->size() > 1 && digits->front() == '0') digits->remove_prefix(1);
  constexpr std::string_view kInt64Max = "9223372036854775807";
  if (digits->size() > kInt64Max.size() ||
      (digits->size() == kInt64Max.size() && *digits > kInt64Max)) {
    *fits_int64 = false;
  }
  return *pos > start;
}

// a <= b for decimal digit strings without leading zeros.
bool DecimalLessOrEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a <= b;
}

// Whether `value` has a CORS-unsafe request-header byte; Firefox's include
// every byte >= 0x80. Each loop tests a constant class, which a runtime
// mask would cost an instruction per byte.
bool HasUnsafeByte(std::string_view value, const Profile& profile) {
  return profile.non_ascii_header_byte_is_unsafe
             ? internal::AnyOf(value, internal::kCorsUnsafeRequestHeaderByte |
                                          internal::kNonAscii)
             : internal::AnyOf(value, internal::kCorsUnsafeRequestHeaderByte);
}

// #parse-a-mime-type's type and subtype, before they are checked to be
// tokens: false when there is no '/'. The subtype ends at ';', its trailing
// HTTP whitespace removed; parameters cannot make the parse fail.
bool SplitMimeType(std::string_view input, MimeTypeEssence* out) {
  input = internal::TrimHttpWhitespace(input);
  size_t slash = 0;
  while (slash < input.size() && input[slash] != '/') ++slash;
  if (slash == input.size()) return false;
  const std::string_view subtype = input.substr(slash + 1);
  size_t end = 0;
  while (end < subtype.size() && subtype[end] != ';') ++end;
  while (end > 0 && Is(subtype[end - 1], internal::kHttpWhitespace)) --end;
  *out = MimeTypeEssence{input.substr(0, slash), subtype.substr(0, end)};
  return true;
}

// Whether `value` parses as a MIME type whose essence is one of the three a
// CORS-safelisted Content-Type may have. Those are tokens, so a type and
// subtype equal to them need no token check of their own.
bool IsSafelistedContentTypeEssence(std::string_view value) {
  MimeTypeEssence mime;
  if (!SplitMimeType(value, &mime)) return false;
  const std::string_view type = mime.type;
  const std::string_view subtype = mime.subtype;
  switch (type.size()) {
    case 11:
      return EqualsLowercaseLiteral(type, "application") &&
             EqualsLowercaseLiteral(subtype, "x-www-form-urlencoded");
    case 9:
      return EqualsLowercaseLiteral(type, "multipart") &&
             EqualsLowercaseLiteral(subtype, "form-data");
    case 4:
      return EqualsLowercaseLiteral(type, "text") &&
             EqualsLowercaseLiteral(subtype, "plain");
    default:
      return false;
  }
}

}  // namespace

bool IsForbiddenRequestHeader(std::string_view name, std::string_view value) {
  if (InList(name, kForbiddenRequestHeaderNames)) return true;
  if (internal::StartsWithIgnoreCase(name, "proxy-") ||
      internal::StartsWithIgnoreCase(name, "sec-")) {
    return true;
  }
  if (InList(name, kMethodOverrideHeaderNames)) {
    // "get, decode, and split" the value; any forbidden method forbids it.
    for (const std::string& method : DecodeAndSplit(value)) {
      if (IsForbiddenMethod(method)) return true;
    }
  }
  return false;
}

bool IsForbiddenResponseHeaderName(std::string_view name) {
  switch (name.size()) {
    case 10:
      return EqualsLowercaseLiteral(name, "set-cookie");
    case 11:
      return EqualsLowercaseLiteral(name, "set-cookie2");
    default:
      return false;
  }
}

std::optional<MimeTypeEssence> ParseMimeTypeEssence(std::string_view input) {
  MimeTypeEssence mime;
  if (!SplitMimeType(input, &mime) || !internal::IsToken(mime.type) ||
      !internal::IsToken(mime.subtype)) {
    return std::nullopt;
  }
  return mime;
}

bool IsSimpleRangeHeaderValue(std::string_view value, const Profile& profile) {
  // #simple-range-header-value, allowWhitespace = false.
  constexpr std::string_view kBytes = "bytes";
  if (value.size() < kBytes.size()) return false;
  const std::string_view unit = value.substr(0, kBytes.size());
  if (profile.range_unit_case_insensitive ? !EqualsIgnoreCase(unit, kBytes)
                                          : unit != kBytes) {
    return false;
  }
  size_t pos = kBytes.size();
  if (pos >= value.size() || value[pos] != '=') return false;
  ++pos;
  bool fits = true;
  // WebKit takes one '+' before a number; it must be followed by digits.
  const auto plus = [&] {
    if (profile.range_number_allows_plus_sign && pos < value.size() &&
        value[pos] == '+') {
      ++pos;
      return true;
    }
    return false;
  };
  std::string_view start, end;
  const bool start_plus = plus();
  const bool has_start = CollectNumber(value, &pos, &start, &fits);
  if (start_plus && !has_start) return false;
  if (pos >= value.size() || value[pos] != '-') return false;
  ++pos;
  const bool end_plus = plus();
  const bool has_end = CollectNumber(value, &pos, &end, &fits);
  if (end_plus && !has_end) return false;
  if (pos != value.size()) return false;
  if (profile.range_numbers_fit_int64 && !fits) return false;
  // CORS-safelisted only with a start (no suffix range), and start <= end.
  if (!has_start) return false;
  if (has_end && !DecimalLessOrEqual(start, end)) return false;
  return true;
}

bool IsCorsSafelistedRequestHeader(std::string_view name,
                                   std::string_view value,
                                   const Profile& profile) {
  if (value.size() > kMaxSafelistedValueLength) return false;
  // Dispatch on length: of the Standard's five names, no two share one.
  switch (name.size()) {
    case 6:
      if (EqualsLowercaseLiteral(name, "accept"))
        return !HasUnsafeByte(value, profile);
      break;
    case 15:
      if (EqualsLowercaseLiteral(name, "accept-language")) {
        return internal::AllOf(value, internal::kLanguageValue);
      }
      break;
    case 16:
      if (EqualsLowercaseLiteral(name, "content-language")) {
        return internal::AllOf(value, internal::kLanguageValue);
      }
      break;
    case 12:
      if (EqualsLowercaseLiteral(name, "content-type")) {
        // The essence first: the common unsafe type (application/json)
        // fails it before the byte scan. All three tests must pass.
        return IsSafelistedContentTypeEssence(value) &&
               !HasUnsafeByte(value, profile) &&
               !((profile.content_type_comma_is_unsafe ||
                  profile
                      .content_type_trailing_semicolon_after_parameter_is_unsafe) &&
                 ContentTypeRefusedByProfile(value, profile));
      }
      break;
    case 5:
      if (EqualsLowercaseLiteral(name, "range"))
        return IsSimpleRangeHeaderValue(value, profile);
      break;
    default:
      break;
  }
  if (profile.safelist_client_hint_headers) {
    if (std::optional<bool> hint = ClientHintSafelisted(name, value)) {
      return *hint;
    }
  }
  return false;
}

bool IsNoCorsSafelistedRequestHeaderName(std::string_view name) {
  return EqualsIgnoreCase(name, "accept") ||
         EqualsIgnoreCase(name, "accept-language") ||
         EqualsIgnoreCase(name, "content-language") ||
         EqualsIgnoreCase(name, "content-type");
}

bool IsNoCorsSafelistedRequestHeader(std::string_view name,
                                     std::string_view value,
                                     const Profile& profile) {
  return IsNoCorsSafelistedRequestHeaderName(name) &&
         IsCorsSafelistedRequestHeader(name, value, profile);
}

bool IsPrivilegedNoCorsRequestHeaderName(std::string_view name) {
  return EqualsIgnoreCase(name, "range");
}

bool IsCorsNonWildcardRequestHeaderName(std::string_view name) {
  return EqualsIgnoreCase(name, "authorization");
}

bool IsCorsSafelistedResponseHeaderName(std::string_view name) {
  // Dispatch on length: no two of the seven names share one but two.
  switch (name.size()) {
    case 6:
      return EqualsLowercaseLiteral(name, "pragma");
    case 7:
      return EqualsLowercaseLiteral(name, "expires");
    case 12:
      return EqualsLowercaseLiteral(name, "content-type");
    case 13:
      return EqualsLowercaseLiteral(name, "cache-control") ||
             EqualsLowercaseLiteral(name, "last-modified");
    case 14:
      return EqualsLowercaseLiteral(name, "content-length");
    case 16:
      return EqualsLowercaseLiteral(name, "content-language");
    default:
      return false;
  }
}

void CorsUnsafeRequestHeaderNames(absl::Span<const Header> headers,
                                  const Profile& profile,
                                  UnsafeHeaderNames* out) {
  out->clear();
  size_t safelisted_value_size = 0;
  size_t safelisted_count = 0;
  // Each name goes in as its pointer and size, not as a view built on the
  // stack: the vector's out-of-line append reads a view as one 16-byte
  // load, which two 8-byte stores just before cannot forward to.
  for (const Header& h : headers) {
    if (IsCorsSafelistedRequestHeader(h.name, h.value, profile)) {
      safelisted_value_size += h.value.size();
      ++safelisted_count;
    } else {
      out->emplace_back(h.name.data(), h.name.size());
    }
  }
  if (safelisted_count > 0 && profile.safelisted_total_limit > 0 &&
      safelisted_value_size > profile.safelisted_total_limit) {
    for (const Header& h : headers) {
      if (IsCorsSafelistedRequestHeader(h.name, h.value, profile)) {
        out->emplace_back(h.name.data(), h.name.size());
      }
    }
  }
  // "convert header names to a sorted-lowercase set". A request has a few
  // unsafe names: insertion sort, in place, without std::sort's calls.
  const auto less = [](std::string_view a, std::string_view b) {
    return internal::CompareIgnoreCase(a, b) < 0;
  };
  std::string_view* const names = out->data();
  const size_t count = out->size();
  if (count > kInsertionSortLimit) {
    std::sort(names, names + count, less);
  } else {
    for (size_t i = 1; i < count; ++i) {
      const std::string_view name = names[i];
      size_t j = i;
      for (; j > 0 && less(name, names[j - 1]); --j) names[j] = names[j - 1];
      names[j] = name;
    }
  }
  if (profile.deduplicate_unsafe_header_names) {
    out->erase(std::unique(out->begin(), out->end(),
                           [](std::string_view a, std::string_view b) {
                             return EqualsIgnoreCase(a, b);
                           }),
               out->end());
  }
}

void AppendAccessControlRequestHeaders(const UnsafeHeaderNames& names,
                                       std::string* out) {
  bool first = true;
  for (std::string_view name : names) {
    if (!first) out->push_back(',');
    first = false;
    for (char c : name) out->push_back(internal::ToLowerAscii(c));
  }
}

}  // namespace corsengine
