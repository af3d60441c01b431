// File: engine/response_filter.cc

#include "corsengine/response_filter.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/request_headers.h"
#include "engine/internal/ascii.h"

namespace corsengine {

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
  ExtractHeaderListValues(headers, kAccessControlExposeHeaders, &exposed);
  const bool all = credentials != CredentialsMode::kInclude &&
                   !exposed.failed() && exposed.Contains("*");
  for (uint32_t i = 0; i < headers.size(); ++i) {
    const std::string_view name = headers[i].name;
    if (IsForbiddenResponseHeaderName(name)) continue;
    if (all || IsCorsSafelistedResponseHeaderName(name) ||
        (!exposed.failed() && exposed.ContainsIgnoreCase(name))) {
      out->push_back(i);
    }
  }
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
