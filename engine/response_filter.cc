// File: engine/response_filter.cc

#include "corsengine/response_filter.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "corsengine/request_headers.h"
#include "engine/internal/ascii.h"
#include "engine/internal/header_list.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace {

enum class NameClass : uint8_t { kOther, kSafelisted, kForbidden };

// #cors-safelisted-response-header-name and #forbidden-response-header-name
// in one dispatch on length (the same lists as request_headers.cc, inlined
// here because this loop runs for every header of every CORS response).
inline NameClass Classify(std::string_view name) {
  using internal::EqualsLowercaseLiteral;
  switch (name.size()) {
    case 6:
      return EqualsLowercaseLiteral(name, "pragma") ? NameClass::kSafelisted
                                                    : NameClass::kOther;
    case 7:
      return EqualsLowercaseLiteral(name, "expires") ? NameClass::kSafelisted
                                                     : NameClass::kOther;
    case 10:
      return EqualsLowercaseLiteral(name, "set-cookie") ? NameClass::kForbidden
                                                        : NameClass::kOther;
    case 11:
      return EqualsLowercaseLiteral(name, "set-cookie2") ? NameClass::kForbidden
                                                         : NameClass::kOther;
    case 12:
      return EqualsLowercaseLiteral(name, "content-type")
                 ? NameClass::kSafelisted
                 : NameClass::kOther;
    case 13:
      return EqualsLowercaseLiteral(name, "cache-control") ||
                     EqualsLowercaseLiteral(name, "last-modified")
                 ? NameClass::kSafelisted
                 : NameClass::kOther;
    case 14:
      return EqualsLowercaseLiteral(name, "content-length")
                 ? NameClass::kSafelisted
                 : NameClass::kOther;
    case 16:
      return EqualsLowercaseLiteral(name, "content-language")
                 ? NameClass::kSafelisted
                 : NameClass::kOther;
    default:
      return NameClass::kOther;
  }
}

// Appends the index of each header script may read: no forbidden
// response-header, and safelisted, or every name exposed (`all`), or
// `exposed(name)`.
template <typename Exposed>
void AppendReadable(HeaderSpan headers, bool all, ReadableHeaderIndices* out,
                    Exposed exposed) {
  for (uint32_t i = 0; i < headers.size(); ++i) {
    const std::string_view name = headers[i].name;
    const NameClass cls = Classify(name);
    if (cls == NameClass::kForbidden) continue;
    if (all || cls == NameClass::kSafelisted) {
      out->push_back(i);
      continue;
    }
    if (exposed(name)) out->push_back(i);
  }
}

// ComputeReadableHeaders() for a long exposed list (a hostile server's):
// names are looked up in a set, so the cost is linear in headers plus
// names rather than their product. Out of line, away from the common path.
ABSL_ATTRIBUTE_NOINLINE void AppendExposedLongList(
    HeaderSpan headers, const HeaderListValues& exposed,
    ReadableHeaderIndices* out) {
  std::vector<std::string> lowered;
  lowered.reserve(exposed.items.size());
  for (std::string_view item : exposed.items) {
    std::string lower(item);
    for (char& c : lower) c = internal::ToLowerAscii(c);
    lowered.push_back(std::move(lower));
  }
  const absl::flat_hash_set<absl::string_view> exposed_set(lowered.begin(),
                                                           lowered.end());
  std::string lower;
  AppendReadable(headers, /*all=*/false, out, [&](std::string_view name) {
    lower.assign(name.data(), name.size());
    for (char& c : lower) c = internal::ToLowerAscii(c);
    return exposed_set.contains(lower);
  });
}

}  // namespace

std::string_view ToString(ResponseType type) {
  switch (type) {
    case ResponseType::kBasic:
      return "basic";
    case ResponseType::kCors:
      return "cors";
    case ResponseType::kOpaque:
      return "opaque";
    case ResponseType::kOpaqueRedirect:
      return "opaqueredirect";
    case ResponseType::kError:
      return "error";
  }
  return "error";
}

void ComputeReadableHeaders(HeaderSpan headers, ResponseType type,
                            CredentialsMode credentials,
                            ReadableHeaderIndices* out,
                            const Profile& profile) {
  (void)profile;  // The three browsers and the Standard agree here.
  out->clear();
  switch (type) {
    case ResponseType::kOpaque:
    case ResponseType::kOpaqueRedirect:
    case ResponseType::kError:
      return;
    case ResponseType::kBasic:
      // #concept-filtered-response-basic: all but forbidden response-headers.
      for (uint32_t i = 0; i < headers.size(); ++i) {
        if (!IsForbiddenResponseHeaderName(headers[i].name)) out->push_back(i);
      }
      return;
    case ResponseType::kCors:
      break;
  }
  // #main-fetch: the CORS-exposed header-name list.
  HeaderListValues exposed;
  internal::ExtractHeaderListValuesOf(headers, "access-control-expose-headers",
                                      &exposed);
  const bool all = credentials != CredentialsMode::kInclude &&
                   !exposed.failed() && exposed.Contains("*");
  if (!all && !exposed.failed() &&
      exposed.items.size() > internal::kScannedNames) {
    AppendExposedLongList(headers, exposed, out);
    return;
  }
  // The lengths of the exposed names, as a bit set: most header names match
  // none of them, and are passed over on one test.
  uint64_t lengths = 0;
  bool long_names = false;
  if (!exposed.failed()) {
    for (std::string_view item : exposed.items) {
      if (item.size() < 64) {
        lengths |= uint64_t{1} << item.size();
      } else {
        long_names = true;
      }
    }
  }
  AppendReadable(headers, all, out, [&](std::string_view name) {
    const bool maybe_exposed = name.size() < 64
                                   ? ((lengths >> name.size()) & 1) != 0
                                   : long_names;
    return maybe_exposed && exposed.ContainsIgnoreCase(name);
  });
}

std::vector<std::string> ReadableHeaderNames(
    HeaderSpan headers, const ReadableHeaderIndices& readable) {
  std::vector<std::string> names;
  names.reserve(readable.size());
  for (uint32_t i : readable) {
    std::string name(headers[i].name);
    for (char& c : name) c = internal::ToLowerAscii(c);
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace corsengine
