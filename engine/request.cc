// File: engine/request.cc

#include "corsengine/request.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "corsengine/method.h"
#include "corsengine/request_headers.h"
#include "engine/internal/ascii.h"
#include "engine/internal/strings.h"
#include "engine/internal/url_rules.h"

namespace corsengine {
namespace {

using internal::Printable;

template <typename Enum, size_t N>
Expected<Enum> ParseEnum(std::string_view s,
                         const std::pair<std::string_view, Enum> (&table)[N],
                         CorsError error, std::string_view what) {
  for (const auto& [name, value] : table) {
    if (s == name) return value;
  }
  std::string expected;
  for (const auto& [name, value] : table) {
    internal::StrAppend(&expected, expected.empty() ? "" : ", ", "'", name, "'");
  }
  return CorsErrorStatus(error, internal::Truncate(s),
                         internal::StrCat("'", Printable(s), "' is not a valid ",
                                      what, " (expected one of ", expected,
                                      ")"));
}

constexpr std::pair<std::string_view, RequestMode> kModes[] = {
    {"cors", RequestMode::kCors},
    {"no-cors", RequestMode::kNoCors},
    {"same-origin", RequestMode::kSameOrigin},
    {"navigate", RequestMode::kNavigate},
};
constexpr std::pair<std::string_view, CredentialsMode> kCredentials[] = {
    {"omit", CredentialsMode::kOmit},
    {"same-origin", CredentialsMode::kSameOrigin},
    {"include", CredentialsMode::kInclude},
};
constexpr std::pair<std::string_view, RedirectMode> kRedirects[] = {
    {"follow", RedirectMode::kFollow},
    {"error", RedirectMode::kError},
    {"manual", RedirectMode::kManual},
};
constexpr std::pair<std::string_view, CacheMode> kCaches[] = {
    {"default", CacheMode::kDefault},
    {"no-store", CacheMode::kNoStore},
    {"reload", CacheMode::kReload},
    {"no-cache", CacheMode::kNoCache},
    {"force-cache", CacheMode::kForceCache},
    {"only-if-cached", CacheMode::kOnlyIfCached},
};

template <typename Enum, size_t N>
std::string_view EnumName(Enum v,
                          const std::pair<std::string_view, Enum> (&table)[N]) {
  for (const auto& [name, value] : table) {
    if (v == value) return name;
  }
  return "?";
}

// Headers "append" for a request (#concept-headers-append), with the
// profile's choice of one combined entry or one entry per call. `first`,
// when given, maps each lowercased name in `list` to its first entry, so
// that a host's long list is appended in linear time.
void AppendHeader(std::string_view name, std::string_view value,
                  const Profile& profile, std::vector<Header>* list,
                  absl::flat_hash_map<std::string, size_t>* first) {
  // #concept-header-list-append: "If list contains name, then set name to
  // the first such header's name."
  size_t found = list->size();
  if (first != nullptr) {
    std::string lower(name);
    for (char& c : lower) c = internal::ToLowerAscii(c);
    found = first->try_emplace(std::move(lower), list->size()).first->second;
  } else {
    for (size_t i = 0; i < list->size(); ++i) {
      if (internal::EqualsIgnoreCase((*list)[i].name, name)) {
        found = i;
        break;
      }
    }
  }
  if (found == list->size()) {
    list->push_back(Header{std::string(name), std::string(value)});
  } else if (profile.combine_repeated_request_headers) {
    internal::StrAppend(&(*list)[found].value, ", ", value);
  } else {
    list->push_back(Header{(*list)[found].name, std::string(value)});
  }
}

// A header that is no header (#header-name, #header-value), as an error;
// `value` is already normalized.
std::optional<CorsErrorStatus> InvalidHeader(std::string_view name,
                                             std::string_view value) {
  if (!IsValidHeaderName(name)) {
    return CorsErrorStatus(CorsError::kInvalidHeaderName,
                           internal::Truncate(name),
                           internal::StrCat("'", Printable(name),
                                            "' is not a valid HTTP header name"));
  }
  if (!IsValidHeaderValue(value)) {
    return CorsErrorStatus(
        CorsError::kInvalidHeaderValue, internal::Truncate(name),
        internal::StrCat("'", Printable(value),
                         "' is not a valid HTTP header value for '",
                         Printable(name), "'"));
  }
  return std::nullopt;
}

// The value the header list would hold for `name` after appending `value`
// (the no-cors guard's "temporaryValue").
std::string CombinedWith(const std::vector<Header>& list,
                         std::string_view name, std::string_view value) {
  std::string combined;
  bool any = false;
  for (const Header& h : list) {
    if (!internal::EqualsIgnoreCase(h.name, name)) continue;
    if (any) combined.append(", ");
    combined.append(h.value);
    any = true;
  }
  if (any) combined.append(", ");
  combined.append(value);
  return combined;
}

}  // namespace

const std::string* OutgoingRequest::FindHeader(std::string_view name) const {
  for (const Header& h : headers) {
    if (internal::EqualsIgnoreCase(h.name, name)) return &h.value;
  }
  return nullptr;
}

Expected<RequestMode> ParseRequestMode(std::string_view s) {
  return ParseEnum(s, kModes, CorsError::kInvalidRequestMode, "request mode");
}
Expected<CredentialsMode> ParseCredentialsMode(std::string_view s) {
  return ParseEnum(s, kCredentials, CorsError::kInvalidCredentialsMode,
                   "credentials mode");
}
Expected<RedirectMode> ParseRedirectMode(std::string_view s) {
  return ParseEnum(s, kRedirects, CorsError::kInvalidRedirectMode,
                   "redirect mode");
}
Expected<CacheMode> ParseCacheMode(std::string_view s) {
  return ParseEnum(s, kCaches, CorsError::kInvalidCacheMode, "cache mode");
}
std::string_view ToString(RequestMode mode) { return EnumName(mode, kModes); }
std::string_view ToString(CredentialsMode mode) {
  return EnumName(mode, kCredentials);
}
std::string_view ToString(RedirectMode mode) {
  return EnumName(mode, kRedirects);
}
std::string_view ToString(CacheMode mode) { return EnumName(mode, kCaches); }

Expected<Request> CreateRequest(const RequestInit& init,
                                const Profile& profile) {
  Expected<Url> url = Url::Parse(init.url);
  if (!url.ok()) return std::move(url).take_error();
  internal::ApplyProfileUrlRules(profile, &*url);
  if (url->has_credentials()) {
    return CorsErrorStatus(
        CorsError::kUrlContainsCredentials, url->spec(),
        internal::StrCat("Request cannot be constructed from a URL that includes "
                     "credentials: '",
                     Printable(init.url), "'"));
  }
  if (init.mode == RequestMode::kNavigate) {
    return CorsErrorStatus(CorsError::kInvalidRequestMode, "navigate",
                           "Cannot construct a Request with a RequestInit "
                           "whose mode member is set as 'navigate'");
  }
  if (init.cache == CacheMode::kOnlyIfCached &&
      init.mode != RequestMode::kSameOrigin) {
    return CorsErrorStatus(
        CorsError::kOnlyIfCachedRequiresSameOrigin, ToString(init.mode),
        internal::StrCat("cache mode 'only-if-cached' can be set only with "
                     "'same-origin' mode, not '",
                     ToString(init.mode), "'"));
  }
  if (!IsValidMethod(init.method)) {
    return CorsErrorStatus(
        CorsError::kInvalidMethod, internal::Truncate(init.method),
        internal::StrCat("'", Printable(init.method),
                     "' is not a valid HTTP method"));
  }
  if (IsForbiddenMethod(init.method)) {
    return CorsErrorStatus(
        CorsError::kForbiddenMethod, init.method,
        internal::StrCat("'", Printable(init.method),
                     "' HTTP method is unsupported (forbidden method)"));
  }
  Request request;
  request.origin = init.origin;
  request.url = std::move(url).value();
  request.method = std::string(NormalizeMethod(init.method));
  request.mode = init.mode;
  request.credentials = init.credentials;
  request.redirect = init.redirect;
  request.cache = init.cache;
  request.referrer_policy = init.referrer_policy;
  request.top_level_site = std::string(init.top_level_site);
  request.use_cors_preflight = init.use_cors_preflight;

  const bool no_cors = init.mode == RequestMode::kNoCors;
  if (no_cors && !IsCorsSafelistedMethod(request.method)) {
    return CorsErrorStatus(
        CorsError::kMethodNotAllowedInNoCorsMode, request.method,
        internal::StrCat("'", Printable(request.method),
                     "' is unsupported in no-cors mode (only GET, HEAD and "
                     "POST are)"));
  }

  request.headers.reserve(init.headers.size());
  // Short lists are scanned; a long one is indexed by name. (In no-cors
  // mode the list stays short: only four names are kept, and each one's
  // combined value is at most 128 bytes.)
  absl::flat_hash_map<std::string, size_t> first_of_name;
  absl::flat_hash_map<std::string, size_t>* const first =
      init.headers.size() > internal::kScannedNames ? &first_of_name : nullptr;
  for (const HeaderView& h : init.headers) {
    const std::string_view value = NormalizeHeaderValue(h.value);
    if (std::optional<CorsErrorStatus> error = InvalidHeader(h.name, value)) {
      return *std::move(error);
    }
    if (IsForbiddenRequestHeader(h.name, value)) continue;
    if (no_cors && !IsNoCorsSafelistedRequestHeader(
                       h.name, CombinedWith(request.headers, h.name, value),
                       profile)) {
      continue;
    }
    AppendHeader(h.name, value, profile, &request.headers, first);
  }
  for (const HeaderView& h : init.cors_exempt_headers) {
    const std::string_view value = NormalizeHeaderValue(h.value);
    if (std::optional<CorsErrorStatus> error = InvalidHeader(h.name, value)) {
      return *std::move(error);
    }
    request.cors_exempt_headers.push_back(
        Header{std::string(h.name), std::string(value)});
  }
  if (no_cors) {
    // "remove privileged no-CORS request-headers".
    std::vector<Header>& list = request.headers;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [](const Header& h) {
                                return IsPrivilegedNoCorsRequestHeaderName(
                                    h.name);
                              }),
               list.end());
  }
  // The body, after the headers, as the constructor takes it.
  if (init.body != RequestBody::kNone &&
      (request.method == kMethodGet || request.method == kMethodHead)) {
    return CorsErrorStatus(
        CorsError::kBodyWithGetOrHead, request.method,
        internal::StrCat("Request with ", request.method,
                         " method cannot have a body"));
  }
  if (init.body == RequestBody::kStream) {
    // "If inputOrInitBody's source is null": cors or same-origin only, and
    // the use-CORS-preflight flag is set.
    if (init.mode != RequestMode::kCors &&
        init.mode != RequestMode::kSameOrigin) {
      return CorsErrorStatus(
          CorsError::kStreamBodyNeedsCorsMode, ToString(init.mode),
          internal::StrCat("A request with a stream body needs mode 'cors' "
                           "or 'same-origin', not '",
                           ToString(init.mode), "'"));
    }
    request.use_cors_preflight = true;
  }
  request.body = init.body;
  return request;
}

}  // namespace corsengine
