// File: fuzz/request_fuzzer.cc
//
// What fetch() does with what script passed, before anything is sent:
// CreateRequest (the Request constructor's refusals, method normalization,
// the header list with forbidden headers dropped and no-cors filtering),
// and the method and request-header classes it is built on, under every
// profile, against the shared reference model (//tests/reference).
//
// Input layout (FuzzedDataProvider, see fuzz_util.h; the same as the start
// of preflight_fuzzer's):
//   ConsumeProfile()        unused (every profile runs), kept so seeds and
//                           preflight_fuzzer inputs share a layout
//   ConsumeRequest()        what script passed to fetch()
//
// Invariants, for each of the four profiles:
//   * CreateRequest refuses exactly when corsref::ConstructRequest does (the
//     Request constructor's steps in the Standard's order: URL parse and
//     credentials, mode "navigate", only-if-cached outside same-origin,
//     method not a token or forbidden, no-cors with a non-safelisted
//     method, a header name that is not a token or a value that is not a
//     header value once normalized), with that step's error kind and a
//     message;
//   * otherwise the method is the reference's normalized method, the URL is
//     the parsed URL (with `|` in an http(s) path as `%7C` where the profile
//     says: url_path_encodes_pipe) and the modes are copied, and the header
//     list is the
//     reference's: forbidden request-headers dropped, in no-cors mode each
//     header whose value combined with the earlier ones ("temporaryValue")
//     is not no-CORS-safelisted dropped and Range removed, repeated names
//     one entry or several as the profile says (same values, same names
//     byte-case-insensitively, and in the same case:
//     #concept-header-list-append keeps the first name's case);
//   * IsValidMethod, IsForbiddenMethod, IsCorsSafelistedMethod and
//     NormalizeMethod on the method as given; IsForbiddenRequestHeader,
//     IsCorsSafelistedRequestHeader, IsNoCorsSafelistedRequestHeader(Name),
//     IsPrivilegedNoCorsRequestHeaderName, IsCorsNonWildcardRequestHeaderName,
//     IsSimpleRangeHeaderValue, ParseMimeTypeEssence,
//     IsForbiddenResponseHeaderName and IsCorsSafelistedResponseHeaderName
//     on every header as given and normalized: all equal the reference's.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/method.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "corsengine/url.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::Expected;
using corsengine::Header;
using corsengine::Profile;
using corsengine::Request;
using corsengine_fuzz::Quote;

std::string Describe(const std::vector<Header>& headers) {
  std::string out = "[";
  for (size_t i = 0; i < headers.size(); ++i) {
    if (i > 0) out += ", ";
    out += Quote(headers[i].name) + ": " + Quote(headers[i].value);
  }
  return out + "]";
}

void CheckMethod(std::string_view method) {
  FUZZ_CHECK(corsengine::IsValidMethod(method) == corsref::IsMethod(method),
             "IsValidMethod(" << Quote(method) << ")");
  FUZZ_CHECK(corsengine::IsForbiddenMethod(method) ==
                 corsref::IsForbiddenMethod(method),
             "IsForbiddenMethod(" << Quote(method) << ")");
  FUZZ_CHECK(corsengine::IsCorsSafelistedMethod(method) ==
                 corsref::IsCorsSafelistedMethod(method),
             "IsCorsSafelistedMethod(" << Quote(method) << ")");
  FUZZ_CHECK(corsengine::NormalizeMethod(method) ==
                 corsref::NormalizeMethod(method),
             "NormalizeMethod(" << Quote(method) << ") = "
                                << Quote(corsengine::NormalizeMethod(method))
                                << ", reference "
                                << Quote(corsref::NormalizeMethod(method)));
}

void CheckHeaderClasses(std::string_view name, std::string_view value) {
  const std::string what = Quote(name) + ": " + Quote(value);
  FUZZ_CHECK(corsengine::IsForbiddenRequestHeader(name, value) ==
                 corsref::IsForbiddenRequestHeader(name, value),
             "IsForbiddenRequestHeader(" << what << ") = "
                                         << corsengine::IsForbiddenRequestHeader(
                                                name, value));
  FUZZ_CHECK(corsengine::IsNoCorsSafelistedRequestHeaderName(name) ==
                 corsref::IsNoCorsSafelistedRequestHeaderName(name),
             "IsNoCorsSafelistedRequestHeaderName(" << Quote(name) << ")");
  FUZZ_CHECK(corsengine::IsPrivilegedNoCorsRequestHeaderName(name) ==
                 corsref::IsPrivilegedNoCorsRequestHeaderName(name),
             "IsPrivilegedNoCorsRequestHeaderName(" << Quote(name) << ")");
  FUZZ_CHECK(corsengine::IsCorsNonWildcardRequestHeaderName(name) ==
                 corsref::IsCorsNonWildcardRequestHeaderName(name),
             "IsCorsNonWildcardRequestHeaderName(" << Quote(name) << ")");
  FUZZ_CHECK(corsengine::IsForbiddenResponseHeaderName(name) ==
                 corsref::IsForbiddenResponseHeaderName(name),
             "IsForbiddenResponseHeaderName(" << Quote(name) << ")");
  FUZZ_CHECK(corsengine::IsCorsSafelistedResponseHeaderName(name) ==
                 corsref::IsCorsSafelistedResponseHeaderName(name, {}),
             "IsCorsSafelistedResponseHeaderName(" << Quote(name) << ")");
  const std::optional<corsengine::MimeTypeEssence> mime =
      corsengine::ParseMimeTypeEssence(value);
  const std::optional<std::string> mime_ref =
      corsref::ParseMimeTypeEssence(value);
  FUZZ_CHECK(mime.has_value() == mime_ref.has_value(),
             "ParseMimeTypeEssence(" << Quote(value) << ") "
                                     << (mime ? "parses" : "fails")
                                     << ", reference "
                                     << (mime_ref ? *mime_ref : "fails"));
  if (mime) {
    const std::string essence = corsref::ByteLowercase(mime->type) + "/" +
                                corsref::ByteLowercase(mime->subtype);
    FUZZ_CHECK(essence == *mime_ref, "ParseMimeTypeEssence(" << Quote(value)
                                                             << ") = "
                                                             << Quote(essence)
                                                             << ", reference "
                                                             << Quote(*mime_ref));
  }
  for (const Profile* profile : corsengine_fuzz::kAllProfiles) {
    FUZZ_CHECK(corsengine::IsCorsSafelistedRequestHeader(name, value, *profile) ==
                   corsref::IsCorsSafelistedRequestHeader(name, value, *profile),
               profile->name << ": IsCorsSafelistedRequestHeader(" << what
                             << ") = "
                             << corsengine::IsCorsSafelistedRequestHeader(
                                    name, value, *profile));
    FUZZ_CHECK(
        corsengine::IsNoCorsSafelistedRequestHeader(name, value, *profile) ==
            corsref::IsNoCorsSafelistedRequestHeader(name, value, *profile),
        profile->name << ": IsNoCorsSafelistedRequestHeader(" << what << ")");
    FUZZ_CHECK(corsengine::IsSimpleRangeHeaderValue(value, *profile) ==
                   corsref::IsSafelistedRangeValue(value, *profile),
               profile->name << ": IsSimpleRangeHeaderValue(" << Quote(value)
                             << ") = "
                             << corsengine::IsSimpleRangeHeaderValue(value,
                                                                     *profile));
  }
}

void CheckCreate(const corsengine_fuzz::FuzzRequest& init,
                 const Profile& profile) {
  corsref::RequestInput input;
  const Expected<corsengine::Url> url = corsengine::Url::Parse(init.url);
  input.url_parses = url.ok();
  input.url_has_credentials = url.ok() && url->has_credentials();
  input.method = init.method;
  input.headers = init.headers;
  input.mode = init.mode;
  input.cache = init.cache;
  const corsref::ConstructedRequest expected =
      corsref::ConstructRequest(input, profile);
  const Expected<Request> got = corsengine_fuzz::MakeRequest(init, profile);
  const std::string what = std::string(profile.name) + ": ";

  if (!got.ok()) {
    FUZZ_CHECK(expected.refusal != corsref::ConstructedRequest::Refusal::kNone,
               what << "CreateRequest refused (" << got.error().error << ": "
                    << got.error().message << "), the reference creates "
                    << Quote(expected.method) << " "
                    << Describe(expected.headers));
    FUZZ_CHECK(got.error().error == corsengine_fuzz::ToCorsError(expected.refusal),
               what << "refused with " << got.error().error
                    << ", the reference at the step of "
                    << corsengine_fuzz::ToCorsError(expected.refusal) << " ("
                    << got.error().message << ")");
    FUZZ_CHECK(!got.error().message.empty(), what << "empty message");
    return;
  }
  FUZZ_CHECK(expected.refusal == corsref::ConstructedRequest::Refusal::kNone,
             what << "CreateRequest accepted; the reference refuses at the "
                     "step of "
                  << corsengine_fuzz::ToCorsError(expected.refusal));
  const Request& r = *got;
  FUZZ_CHECK(r.method == expected.method,
             what << "method " << Quote(r.method) << ", reference "
                  << Quote(expected.method));
  std::string expected_url(url->spec());
  if (profile.url_path_encodes_pipe && url->IsHttpOrHttps()) {
    const std::string_view rest = url->path_and_query();
    const size_t path_end = rest.find('?');
    std::string path(rest.substr(0, path_end));
    for (size_t at = path.find('|'); at != std::string::npos;
         at = path.find('|', at + 3)) {
      path.replace(at, 1, "%7C");
    }
    expected_url = std::string(url->spec().substr(0, url->spec().size() - rest.size())) +
                   path +
                   std::string(path_end == std::string_view::npos
                                   ? std::string_view()
                                   : rest.substr(path_end));
  }
  FUZZ_CHECK(r.url.spec() == expected_url,
             what << "URL " << Quote(r.url.spec()) << ", expected "
                  << Quote(expected_url));
  FUZZ_CHECK(r.mode == init.mode && r.credentials == init.credentials &&
                 r.redirect == init.redirect && r.cache == init.cache &&
                 r.use_cors_preflight == init.use_cors_preflight,
             what << "modes not copied");
  bool same_ignoring_case = r.headers.size() == expected.headers.size();
  bool same_case = same_ignoring_case;
  for (size_t i = 0; same_ignoring_case && i < r.headers.size(); ++i) {
    same_ignoring_case =
        corsref::ByteCaseInsensitiveMatch(r.headers[i].name,
                                          expected.headers[i].name) &&
        r.headers[i].value == expected.headers[i].value;
    same_case = same_case && r.headers[i].name == expected.headers[i].name;
  }
  FUZZ_CHECK(same_ignoring_case, what << "headers " << Describe(r.headers)
                                      << ", reference "
                                      << Describe(expected.headers));
  FUZZ_CHECK(same_case, what << "header names " << Describe(r.headers)
                             << ", reference (the first name's case, "
                                "#concept-header-list-append) "
                             << Describe(expected.headers));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput();
  FuzzedDataProvider fdp(data, size);
  (void)corsengine_fuzz::ConsumeProfile(fdp);
  const corsengine_fuzz::FuzzRequest init = corsengine_fuzz::ConsumeRequest(fdp);
  corsengine_fuzz::TraceRequest(init);

  CheckMethod(init.method);
  for (const Header& h : init.headers) {
    CheckHeaderClasses(h.name, h.value);
    const std::string normalized = corsref::NormalizeHeaderValue(h.value);
    if (normalized != h.value) CheckHeaderClasses(h.name, normalized);
  }
  for (const Profile* profile : corsengine_fuzz::kAllProfiles) {
    CheckCreate(init, *profile);
  }
  corsengine_fuzz::EndInput();
  return 0;
}
