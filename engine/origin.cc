// File: engine/origin.cc

#include "corsengine/origin.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/internal/ascii.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace {

uint64_t NextOpaqueId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

Origin::Origin() : serialized_("null"), opaque_id_(NextOpaqueId()) {}

std::string_view Origin::scheme() const {
  if (opaque_) return {};
  return std::string_view(serialized_).substr(0, scheme_len_);
}

std::string_view Origin::host() const {
  if (opaque_) return {};
  return std::string_view(serialized_)
      .substr(host_begin_, host_end_ - host_begin_);
}

Origin Origin::FromUrl(const Url& url) {
  Origin origin;
  if (!url.is_special()) return origin;
  origin.opaque_ = false;
  origin.opaque_id_ = 0;
  origin.serialized_.clear();
  const std::string_view scheme = url.scheme();
  internal::StrAppend(&origin.serialized_, scheme, "://");
  origin.scheme_len_ = static_cast<uint32_t>(scheme.size());
  origin.host_begin_ = static_cast<uint32_t>(origin.serialized_.size());
  origin.serialized_.append(url.host());
  origin.host_end_ = static_cast<uint32_t>(origin.serialized_.size());
  if (url.explicit_port() >= 0) {
    internal::StrAppend(&origin.serialized_, ":", url.explicit_port());
  }
  origin.port_ = url.effective_port();
  return origin;
}

Expected<Origin> Origin::Parse(std::string_view input) {
  if (input == "null") return Origin();
  Expected<Url> url = Url::Parse(input);
  if (!url.ok()) {
    return CorsErrorStatus(
        CorsError::kInvalidOrigin, internal::Truncate(input),
        internal::StrCat("invalid origin: ", url.error().message));
  }
  return FromUrl(*url);
}

bool Origin::IsSameOriginWith(const Origin& other) const {
  if (opaque_ || other.opaque_) {
    return opaque_ && other.opaque_ && opaque_id_ == other.opaque_id_;
  }
  return serialized_ == other.serialized_;
}

bool Origin::IsSameOriginWith(const Url& url) const {
  if (opaque_ || !url.is_special()) return false;
  // Compare without building the URL's origin: scheme, host, port.
  return scheme() == url.scheme() && host() == url.host() &&
         port_ == url.effective_port();
}

}  // namespace corsengine
