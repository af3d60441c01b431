// File: include/corsengine/url.h
//
// A checked, canonical absolute URL: what a CORS decision needs from the URL
// Standard (https://url.spec.whatwg.org/#concept-basic-url-parser) and no
// more. Special schemes (http, https, ws, wss, ftp) are parsed in full: host
// canonicalization (lowercase, percent-decoding, IPv4 in all its WHATWG
// forms, compressed IPv6), default-port elision, dot segments and
// percent-encoding of path and query. Other schemes are parsed as the
// Standard's non-special URLs (an opaque host and a path, or an opaque path)
// and have opaque origins, which is what CORS needs to refuse them.
//
// Out of scope, and reported as an error rather than guessed: relative URLs,
// and hosts that need IDNA (non-ASCII domains). Url is a value type and
// thread-compatible.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_URL_H_
#define CORSENGINE_INCLUDE_CORSENGINE_URL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "corsengine/error.h"

namespace corsengine {

class Url {
 public:
  // An empty URL: spec() is empty and it has no authority. A placeholder
  // only; every real URL comes from Parse().
  Url() = default;

  // Url::Parse()
  //
  // Parses an absolute URL. Errors are `kInvalidUrl` with a message naming
  // the part that is wrong, e.g. "invalid port '65536' in URL
  // 'http://a.example:65536/'".
  static Expected<Url> Parse(std::string_view input);

  // Url::Parse(input, base)
  //
  // Parses `input` against `base`, as a Location header is: absolute URLs
  // as above; "//host/p", "/p", "p", "../p", "?q", "#f" and "" resolved
  // against `base` (#concept-basic-url-parser with a base URL, for bases
  // with an authority). The result carries no fragment from `base`.
  static Expected<Url> Parse(std::string_view input, const Url& base);

  // The serialization without credentials and without fragment: the URL as a
  // browser puts it on the wire and reports it to script.
  std::string_view spec() const {
    return std::string_view(spec_).substr(0, spec_end_);
  }
  // spec() and then, when the URL has a fragment (even an empty one), '#'
  // and the fragment: the URL Standard's serialization, which is what URLs
  // are compared by where fragments count (the preflight cache's key).
  std::string_view href() const { return spec_; }

  std::string_view scheme() const { return std::string_view(spec_).substr(0, scheme_len_); }
  // http or https: the only schemes CORS fetches over.
  bool IsHttpOrHttps() const;
  // http, https, ws, wss and ftp: the special schemes whose URLs have a
  // (scheme, host, port) origin. (file is special in the URL Standard but
  // its origin is opaque, so it is treated like any other scheme here.)
  bool is_special() const { return special_; }
  // Whether the URL has an authority ("//host"): always for special
  // schemes, and for other schemes written with "//".
  bool has_authority() const { return has_authority_; }

  bool has_credentials() const { return !username_.empty() || !password_.empty(); }
  std::string_view username() const { return username_; }
  std::string_view password() const { return password_; }

  // Serialized host: lowercase domain, dotted IPv4, or "[v6]" for special
  // URLs; the percent-encoded opaque host for others. Empty without an
  // authority.
  std::string_view host() const;
  // The port written in the URL, or -1 when absent or the scheme's default.
  int explicit_port() const { return explicit_port_; }
  // The port a connection goes to (the scheme's default when not written).
  int effective_port() const;

  // Path and query, e.g. "/r/x?y=1". Empty for URLs without an authority.
  std::string_view path_and_query() const;
  // The fragment without its '#'; empty when absent or empty.
  std::string_view fragment() const {
    return has_fragment_ ? std::string_view(spec_).substr(spec_end_ + 1)
                         : std::string_view();
  }
  bool has_fragment() const { return has_fragment_; }

  // The serialization including credentials (never put this on the wire).
  std::string SerializeWithCredentials() const;

  friend bool operator==(const Url& a, const Url& b) {
    return a.spec_ == b.spec_ && a.username_ == b.username_ &&
           a.password_ == b.password_;
  }
  friend bool operator!=(const Url& a, const Url& b) { return !(a == b); }

 private:
  // Sets where spec() ends, then appends "#" and `fragment` if there is one.
  void EndWithFragment(bool has_fragment, std::string_view fragment);

  std::string spec_;  // spec(), then "#" and the fragment if there is one
  std::string username_;
  std::string password_;
  uint32_t spec_end_ = 0;  // where spec() ends in spec_
  bool has_fragment_ = false;
  uint32_t scheme_len_ = 0;
  uint32_t host_begin_ = 0;
  uint32_t host_end_ = 0;
  uint32_t path_begin_ = 0;
  int explicit_port_ = -1;
  bool has_authority_ = false;
  bool special_ = false;
};

// DefaultPortForScheme()
//
// 80 for http and ws, 443 for https and wss, 21 for ftp, -1 otherwise.
int DefaultPortForScheme(std::string_view scheme);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_URL_H_
