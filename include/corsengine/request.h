// File: include/corsengine/request.h
//
// A request as CORS sees it (https://fetch.spec.whatwg.org/#concept-request):
// who asks (origin), for what (URL, method, headers), and how (mode,
// credentials, redirect and cache modes). `CreateRequest()` does what the
// `Request` constructor and `fetch()` do with what script passed: it refuses
// what they refuse (with the error a console would show instead of a bare
// TypeError), drops the headers they drop silently, and normalizes the
// method and header values. Hosts that build requests themselves may fill a
// `Request` directly; the engine then trusts it as already valid.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_REQUEST_H_
#define CORSENGINE_INCLUDE_CORSENGINE_REQUEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/origin.h"
#include "corsengine/profile.h"
#include "corsengine/url.h"

namespace corsengine {

// #concept-request-mode. `kNavigate` exists because it is a valid RequestMode
// string; fetch() refuses it.
enum class RequestMode : uint8_t { kCors, kNoCors, kSameOrigin, kNavigate };
// #concept-request-credentials-mode
enum class CredentialsMode : uint8_t { kOmit, kSameOrigin, kInclude };
// #concept-request-redirect-mode
enum class RedirectMode : uint8_t { kFollow, kError, kManual };
// #concept-request-cache-mode
enum class CacheMode : uint8_t {
  kDefault,
  kNoStore,
  kReload,
  kNoCache,
  kForceCache,
  kOnlyIfCached,
};

// #concept-request-referrer-policy, as far as the Origin header needs it.
enum class ReferrerPolicy : uint8_t {
  kStrictOriginWhenCrossOrigin,  // the default
  kNoReferrer,
  kNoReferrerWhenDowngrade,
  kOrigin,
  kOriginWhenCrossOrigin,
  kSameOrigin,
  kStrictOrigin,
  kUnsafeUrl,
};

// What the request's body is (#concept-request-body), as far as fetch()'s
// checks and redirects care: none; bytes that can be sent again (a string,
// a buffer, a Blob, FormData, URLSearchParams: the body's source is not
// null); or a ReadableStream, which is read once (its source is null).
enum class RequestBody : uint8_t { kNone, kReplayable, kStream };

// The WebIDL enum strings ("cors", "no-cors", ...): exact, case-sensitive,
// as fetch() converts them. Unknown strings are kInvalid*Mode errors.
Expected<RequestMode> ParseRequestMode(std::string_view s);
Expected<CredentialsMode> ParseCredentialsMode(std::string_view s);
Expected<RedirectMode> ParseRedirectMode(std::string_view s);
Expected<CacheMode> ParseCacheMode(std::string_view s);
std::string_view ToString(RequestMode mode);
std::string_view ToString(CredentialsMode mode);
std::string_view ToString(RedirectMode mode);
std::string_view ToString(CacheMode mode);

// What script hands to fetch(url, init), already converted to bytes
// (ByteString: header names and values and the method hold bytes 0x00-0xFF).
struct RequestInit {
  Origin origin;  // the requesting document's origin
  std::string_view url;
  std::string_view method = "GET";
  absl::Span<const HeaderView> headers;  // as set, in order
  RequestMode mode = RequestMode::kCors;
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  RedirectMode redirect = RedirectMode::kFollow;
  CacheMode cache = CacheMode::kDefault;
  ReferrerPolicy referrer_policy = ReferrerPolicy::kStrictOriginWhenCrossOrigin;
  // The network partition key's top-level site (#network-partition-key);
  // empty means the request's own origin is top-level.
  std::string_view top_level_site;
  // #use-cors-preflight-flag: set when an upload has listeners; forces a
  // preflight. A stream body sets it too.
  bool use_cors_preflight = false;
  // The body. GET and HEAD have none (kBodyWithGetOrHead). A stream needs
  // mode cors or same-origin (kStreamBodyNeedsCorsMode), sets the
  // use-CORS-preflight flag, and fails a redirect that would send it again
  // (any but 303: kRedirectWithStreamBody). The host sends the body with
  // each request whose method is not GET or HEAD, never with a preflight.
  // A Content-Type the body implies (a Blob's type, a form's boundary) is
  // the host's to put in `headers` first: fetch() adds it before CORS
  // looks. The rules are the Standard's, in every profile; of the three
  // browsers only Chromium (105 on) sends request streams: Firefox takes
  // no ReadableStream as a request body, and WebKit's fetch() rejects a
  // request with one (web-features "fetch-request-streams",
  // whatwg/fetch#1470), so hosts emulating them never pass kStream.
  RequestBody body = RequestBody::kNone;
  // Headers the host adds itself (Chromium's cors_exempt_headers, e.g.
  // X-Client-Data): sent with the request and its redirects (not its
  // preflights), never seen by CORS, each in place of script's header of
  // its name. Each name must be one the fetch's EmbedderControls list in
  // cors_exempt_header_names, and no forbidden request-header name. Script's
  // headers go in `headers`, whatever their names.
  absl::Span<const HeaderView> cors_exempt_headers;
};

// A valid request. Header names keep the case script used; values are
// normalized; repeated names are one entry or several as the profile says.
struct Request {
  Origin origin;
  Url url;
  std::string method;
  std::vector<Header> headers;
  RequestMode mode = RequestMode::kCors;
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  RedirectMode redirect = RedirectMode::kFollow;
  CacheMode cache = CacheMode::kDefault;
  ReferrerPolicy referrer_policy = ReferrerPolicy::kStrictOriginWhenCrossOrigin;
  std::string top_level_site;
  bool use_cors_preflight = false;
  // kNone once a redirect has made the method GET (the body is dropped).
  RequestBody body = RequestBody::kNone;
  std::vector<Header> cors_exempt_headers;  // RequestInit's, normalized
};

// A request for the host to put on the wire: the engine says exactly which
// method, URL (never with credentials) and headers, and whether credentials
// (cookies, HTTP auth, client certificates) go with it. The host adds its
// own transport headers (Host, User-Agent, ...), never CORS ones.
struct OutgoingRequest {
  std::string method;
  std::string url;
  std::vector<Header> headers;
  bool include_credentials = false;
  // Cache mode only-if-cached, where the profile keeps it off the network:
  // the host answers from its HTTP cache or calls OnNetworkError(), and
  // sends nothing.
  bool http_cache_only = false;

  // The value of the first header named `name`, or nullptr.
  const std::string* FindHeader(std::string_view name) const;
};

// CreateRequest()
//
// The Request constructor's checks and header filling (#dom-request and
// #concept-headers-append), in its order:
//   * the URL must parse and have no credentials (kInvalidUrl,
//     kUrlContainsCredentials);
//   * mode "navigate" is refused (kInvalidRequestMode);
//   * the method must be a token and not forbidden (kInvalidMethod,
//     kForbiddenMethod), then is normalized;
//   * no-cors needs a CORS-safelisted method
//     (kMethodNotAllowedInNoCorsMode); only-if-cached needs same-origin mode;
//   * each header name must be a token and each value, once stripped of
//     leading and trailing HTTP whitespace, free of NUL, CR and LF
//     (kInvalidHeaderName, kInvalidHeaderValue);
//   * forbidden request-headers are dropped; in no-cors mode so is each
//     header that would not leave its name no-CORS-safelisted, and `Range`;
//   * then the body: none on GET or HEAD (kBodyWithGetOrHead), a stream
//     only in cors or same-origin mode (kStreamBodyNeedsCorsMode), where it
//     sets the use-CORS-preflight flag.
Expected<Request> CreateRequest(const RequestInit& init,
                                const Profile& profile = kSpecProfile);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_REQUEST_H_
