// File: fuzz/url_fuzzer.cc
//
// Url::Parse, Origin::Parse and Origin::FromUrl over arbitrary bytes: the
// parsers every Location header and Access-Control-Allow-Origin value from a
// hostile server goes through.
//
// Input layout: the raw bytes are the URL. Each input is parsed as given and
// once more behind "http://", so most inputs also reach the host, port and
// path parsers.
//
// Invariants:
//   * canonicalization is idempotent: Parse(spec()) succeeds with the same
//     spec(), host, port and path;
//   * spec() is printable ASCII with no fragment (`#`) and never contains
//     userinfo (no `@` in the authority); for URLs with an authority it is
//     scheme "://" host [":" port] path-and-query, the scheme and host are
//     lowercase, the port is never the scheme's default, and the path starts
//     with "/";
//   * a host that "ends in a number" (URL Standard) is a canonical dotted
//     IPv4 address; SerializeWithCredentials() round-trips the credentials;
//   * Origin::FromUrl(url).Serialize() parses back (Origin::Parse) to the
//     same serialization and, for a tuple origin, the same origin;
//     Origin::Parse(input) succeeds iff the input is "null" or a URL, and
//     then agrees with FromUrl (opaque for a URL without a host);
//   * errors are kInvalidUrl / kInvalidOrigin with a bounded one-line message.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "corsengine/error.h"
#include "corsengine/origin.h"
#include "corsengine/url.h"
#include "fuzz/fuzz_util.h"

namespace {

using corsengine::CorsError;
using corsengine::Expected;
using corsengine::Origin;
using corsengine::Url;
using corsengine_fuzz::HasUpperAscii;
using corsengine_fuzz::Quote;

bool IsSpecial(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ws" ||
         scheme == "wss" || scheme == "ftp";
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// URL Standard "IPv4 number parser": does `s` parse (value not needed)?
bool IsIpv4NumberSpec(std::string_view s) {
  if (s.empty()) return false;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  } else if (s.size() >= 2 && s[0] == '0') {
    s.remove_prefix(1);
    radix = 8;
  }
  for (char c : s) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0 || d >= radix) return false;
  }
  return true;
}

// URL Standard "ends in a number checker".
bool EndsInANumberSpec(std::string_view host) {
  std::string_view last;
  size_t parts = 0;
  std::string_view previous;
  std::string_view rest = host;
  while (true) {
    const size_t dot = rest.find('.');
    previous = last;
    last = rest.substr(0, dot);
    ++parts;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (last.empty()) {
    if (parts == 1) return false;
    last = previous;
  }
  if (AllDigits(last)) return true;
  return IsIpv4NumberSpec(last);
}

// A serialized IPv4 address: four decimal numbers 0-255, no leading zeros.
bool IsCanonicalIpv4(std::string_view host) {
  size_t parts = 0;
  while (true) {
    const size_t dot = host.find('.');
    const std::string_view part = host.substr(0, dot);
    if (!AllDigits(part) || part.size() > 3) return false;
    if (part.size() > 1 && part[0] == '0') return false;
    if (std::stoi(std::string(part)) > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return parts == 4;
}

void CheckMessage(const corsengine::CorsErrorStatus& error) {
  FUZZ_CHECK(!error.message.empty(), "empty error message");
  FUZZ_CHECK(error.message.size() <= 4096,
             "error message of " << error.message.size() << " bytes");
  for (char c : error.message) {
    FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20,
               "control byte in error message " << Quote(error.message));
  }
  FUZZ_CHECK(error.failed_parameter.size() <= 256,
             "failed_parameter of " << error.failed_parameter.size()
                                    << " bytes");
}

void CheckOrigin(const Url& url) {
  const Origin origin = Origin::FromUrl(url);
  const std::string& serialized = origin.Serialize();
  FUZZ_CHECK(origin.opaque() == !url.is_special(),
             "FromUrl(" << Quote(url.spec()) << ").opaque() = "
                        << origin.opaque());
  Expected<Origin> reparsed = Origin::Parse(serialized);
  FUZZ_CHECK(reparsed.ok(), "Origin::Parse(" << Quote(serialized) << ") failed: "
                                             << reparsed.error().message);
  FUZZ_CHECK(reparsed->Serialize() == serialized,
             "origin " << Quote(serialized) << " reparses as "
                       << Quote(reparsed->Serialize()));
  FUZZ_CHECK(reparsed->opaque() == origin.opaque(),
             "origin " << Quote(serialized) << " changes opaqueness");
  if (origin.opaque()) {
    FUZZ_CHECK(serialized == "null", "opaque origin serializes as "
                                         << Quote(serialized));
    FUZZ_CHECK(!origin.IsSameOriginWith(*reparsed),
               "two opaque origins from different parses are same-origin");
    FUZZ_CHECK(!origin.IsSameOriginWith(url),
               "opaque origin same-origin with a URL");
    return;
  }
  FUZZ_CHECK(origin.IsSameOriginWith(*reparsed),
             "origin " << Quote(serialized) << " is not same-origin with "
                       << "its own reparse");
  FUZZ_CHECK(origin.IsSameOriginWith(url),
             "FromUrl(" << Quote(url.spec()) << ") is not same-origin with "
                        << "the URL");
  FUZZ_CHECK(origin.scheme() == url.scheme() && origin.host() == url.host() &&
                 origin.port() == url.effective_port(),
             "origin tuple (" << Quote(origin.scheme()) << ", "
                              << Quote(origin.host()) << ", " << origin.port()
                              << ") differs from the URL's");
  std::string expected = std::string(url.scheme()) + "://" +
                         std::string(url.host());
  if (url.explicit_port() >= 0) {
    expected += ":" + std::to_string(url.explicit_port());
  }
  FUZZ_CHECK(serialized == expected,
             "origin " << Quote(serialized) << ", expected "
                       << Quote(expected));
}

void CheckUrl(std::string_view input) {
  Expected<Url> parsed = Url::Parse(input);
  Expected<Origin> origin = Origin::Parse(input);
  corsengine_fuzz::Trace("parse " + Quote(input) + " -> " +
                         (parsed.ok() ? Quote(parsed->spec())
                                      : "error " + parsed.error().message));
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error().error == CorsError::kInvalidUrl,
               "Url::Parse error kind " << parsed.error().error);
    CheckMessage(parsed.error());
    FUZZ_CHECK(origin.ok() == (input == "null"),
               "Origin::Parse(" << Quote(input) << ") ok=" << origin.ok()
                                << " but Url::Parse failed");
    if (!origin.ok()) {
      FUZZ_CHECK(origin.error().error == CorsError::kInvalidOrigin,
                 "Origin::Parse error kind " << origin.error().error);
      CheckMessage(origin.error());
    }
    return;
  }
  const Url& url = *parsed;
  const std::string_view spec = url.spec();
  const std::string_view scheme = url.scheme();

  // Shape of the serialization.
  FUZZ_CHECK(!scheme.empty() && !HasUpperAscii(scheme),
             "scheme " << Quote(scheme));
  FUZZ_CHECK(spec.size() > scheme.size() && spec.substr(0, scheme.size()) ==
                                                scheme &&
                 spec[scheme.size()] == ':',
             "spec " << Quote(spec) << " does not start with the scheme");
  for (char c : spec) {
    const auto b = static_cast<unsigned char>(c);
    FUZZ_CHECK(b >= 0x20 && b <= 0x7e,
               "spec " << Quote(spec) << " has a non-printable byte");
    FUZZ_CHECK(c != '#', "spec " << Quote(spec) << " has a fragment");
  }
  FUZZ_CHECK(url.is_special() == IsSpecial(scheme),
             "is_special() = " << url.is_special() << " for scheme "
                               << Quote(scheme));
  FUZZ_CHECK(!url.is_special() || url.has_authority(),
             "special URL " << Quote(spec) << " without an authority");
  // Userinfo: the authority is what follows "//" up to the next '/', '?' or
  // '#' (for any scheme written with "//").
  const std::string prefix = std::string(scheme) + "://";
  if (spec.substr(0, prefix.size()) == prefix) {
    const std::string_view after = spec.substr(prefix.size());
    const std::string_view authority = after.substr(0, after.find_first_of("/?#"));
    FUZZ_CHECK(authority.find('@') == std::string_view::npos,
               "spec " << Quote(spec) << " contains userinfo");
  }

  if (url.is_special()) {
    const std::string_view host = url.host();
    FUZZ_CHECK(!host.empty(), "empty host in " << Quote(spec));
    FUZZ_CHECK(!HasUpperAscii(host), "host " << Quote(host)
                                             << " is not lowercase");
    FUZZ_CHECK(spec.find(' ') == std::string_view::npos,
               "special URL spec " << Quote(spec) << " has a space");
    const int port = url.explicit_port();
    const int default_port = corsengine::DefaultPortForScheme(scheme);
    FUZZ_CHECK(port >= -1 && port <= 65535, "port " << port);
    FUZZ_CHECK(port != default_port, "default port " << port << " kept");
    FUZZ_CHECK(url.effective_port() == (port >= 0 ? port : default_port),
               "effective_port " << url.effective_port());
    const std::string_view path = url.path_and_query();
    FUZZ_CHECK(!path.empty() && path.front() == '/',
               "path " << Quote(path) << " does not start with '/'");
    std::string expected = prefix + std::string(host);
    if (port >= 0) expected += ":" + std::to_string(port);
    expected += std::string(path);
    FUZZ_CHECK(spec == expected, "spec " << Quote(spec) << " is not scheme://"
                                         << "host[:port]path = "
                                         << Quote(expected));
    if (host.front() == '[') {
      FUZZ_CHECK(host.back() == ']', "host " << Quote(host));
    } else {
      FUZZ_CHECK(!EndsInANumberSpec(host) || IsCanonicalIpv4(host),
                 "host " << Quote(host) << " ends in a number but is not an "
                         << "IPv4 address (the URL Standard parses it as "
                         << "IPv4 or fails)");
    }
  } else if (!url.has_authority()) {
    FUZZ_CHECK(url.host().empty() && url.path_and_query().empty(),
               "opaque URL with host or path");
  }

  // Idempotent canonicalization.
  Expected<Url> again = Url::Parse(spec);
  FUZZ_CHECK(again.ok(), "Parse(spec()) failed: spec " << Quote(spec) << ": "
                                                       << again.error().message);
  FUZZ_CHECK(again->spec() == spec, "spec " << Quote(spec) << " reparses as "
                                            << Quote(again->spec()));
  FUZZ_CHECK(again->host() == url.host() &&
                 again->explicit_port() == url.explicit_port() &&
                 again->path_and_query() == url.path_and_query() &&
                 again->has_authority() == url.has_authority() &&
                 again->is_special() == url.is_special(),
             "reparse of " << Quote(spec) << " changes host/port/path");
  FUZZ_CHECK(!again->has_credentials(),
             "spec " << Quote(spec) << " reparses with credentials");

  // Credentials survive SerializeWithCredentials().
  const std::string with = url.SerializeWithCredentials();
  if (!url.has_credentials()) {
    FUZZ_CHECK(with == spec, "SerializeWithCredentials " << Quote(with)
                                                         << " != spec");
  } else {
    Expected<Url> creds = Url::Parse(with);
    FUZZ_CHECK(creds.ok(), "SerializeWithCredentials " << Quote(with)
                                                       << " does not parse");
    FUZZ_CHECK(creds->spec() == spec && creds->username() == url.username() &&
                   creds->password() == url.password(),
               "credentials of " << Quote(with) << " do not round-trip");
  }

  CheckOrigin(url);

  // Origin::Parse of the same input.
  if (input == "null") {
    FUZZ_CHECK(origin.ok() && origin->opaque(), "Origin::Parse(\"null\")");
  } else if (url.is_special()) {
    FUZZ_CHECK(origin.ok(), "Origin::Parse(" << Quote(input) << ") failed: "
                                             << origin.error().message);
    FUZZ_CHECK(origin->Serialize() == Origin::FromUrl(url).Serialize(),
               "Origin::Parse " << Quote(origin->Serialize())
                                << " != FromUrl "
                                << Quote(Origin::FromUrl(url).Serialize()));
  } else {
    FUZZ_CHECK(origin.ok() && origin->opaque(),
               "Origin::Parse(" << Quote(input) << ") of a host-less URL: "
                                << (origin.ok() ? origin->Serialize()
                                                : origin.error().message));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckUrl(input);
  CheckUrl("http://" + std::string(input));
  corsengine_fuzz::EndInput();
  return 0;
}
