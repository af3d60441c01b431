// File: include/corsengine/origin.h
//
// An origin (https://html.spec.whatwg.org/#concept-origin): a tuple
// (scheme, host, port) or opaque. CORS compares origins by their
// serialization byte for byte (Fetch "byte-serializing a request origin"),
// so an Origin keeps its canonical serialization ready: scheme and host
// lowercase, the default port elided, "null" when opaque.
//
// Origin is a value type; copies are cheap enough for per-fetch use and it is
// thread-compatible. Two opaque origins are the same origin only if one is a
// copy of the other (each CreateOpaque() call makes a new identity).

#ifndef CORSENGINE_INCLUDE_CORSENGINE_ORIGIN_H_
#define CORSENGINE_INCLUDE_CORSENGINE_ORIGIN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "corsengine/error.h"
#include "corsengine/url.h"

namespace corsengine {

class Origin {
 public:
  // A new opaque origin.
  Origin();
  static Origin CreateOpaque() { return Origin(); }

  // Origin::Parse()
  //
  // Accepts "null" (a new opaque origin), a serialized origin such as
  // "https://a.example:8443", or any absolute URL, whose origin is taken
  // (user:pass@ is recognised and ignored, as is the path; a URL whose
  // scheme has no host, such as data:, gives a new opaque origin). Errors
  // are `kInvalidOrigin` naming what is wrong.
  static Expected<Origin> Parse(std::string_view input);

  // Origin::FromUrl()
  //
  // The URL's origin: a tuple for http, https, ws, wss and ftp URLs, opaque
  // for every other scheme.
  static Origin FromUrl(const Url& url);

  bool opaque() const { return opaque_; }
  std::string_view scheme() const;
  std::string_view host() const;
  // The effective port (the scheme's default when the serialization omits
  // it); -1 for opaque origins.
  int port() const { return port_; }

  // Serialize()
  //
  // The ASCII serialization: "scheme://host[:port]" or "null".
  const std::string& Serialize() const { return serialized_; }

  // IsSameOriginWith()
  //
  // HTML's "same origin": equal tuples, or the same opaque identity.
  bool IsSameOriginWith(const Origin& other) const;
  bool IsSameOriginWith(const Url& url) const;

  friend bool operator==(const Origin& a, const Origin& b) {
    return a.IsSameOriginWith(b);
  }
  friend bool operator!=(const Origin& a, const Origin& b) {
    return !(a == b);
  }

 private:
  std::string serialized_;
  uint64_t opaque_id_ = 0;
  uint32_t scheme_len_ = 0;
  uint32_t host_begin_ = 0;
  uint32_t host_end_ = 0;
  int port_ = -1;
  bool opaque_ = true;
};

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_ORIGIN_H_
