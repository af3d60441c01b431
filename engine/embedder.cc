// File: engine/embedder.cc

#include "corsengine/embedder.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "engine/internal/ascii.h"

namespace corsengine {

namespace {

// A pattern's host as the IP address a URL would read it as ("0.1" is
// 0.0.0.1, "[0:0::1]" is [::1]); none when it is a domain. Such a pattern
// matches that address only, never as a parent domain (Chromium's
// OriginAccessEntry).
std::optional<std::string> IpAddressOf(std::string_view host) {
  Expected<Url> url = Url::Parse(std::string("http://") + std::string(host) + "/");
  if (!url.ok()) return std::nullopt;
  const std::string_view parsed = url->host();
  if (parsed.empty() ||
      (parsed.front() != '[' &&
       parsed.find_first_not_of("0123456789.") != std::string_view::npos)) {
    return std::nullopt;
  }
  return std::string(parsed);
}

}  // namespace

bool OriginAccessPattern::Matches(const Url& destination) const {
  if (destination.scheme() != scheme) return false;
  const std::string_view host_name = destination.host();
  if (host_name.empty()) return false;
  // With subdomains, an empty host stands for every host, IP addresses too
  // (Chromium: an extension's https://*/* permission).
  bool host_ok = host_name == host || (include_subdomains && host.empty());
  if (!host_ok && !host.empty()) {
    if (const std::optional<std::string> ip = IpAddressOf(host)) {
      host_ok = host_name == *ip;
    } else if (include_subdomains && host_name.size() > host.size() + 1) {
      const size_t dot = host_name.size() - host.size() - 1;
      host_ok = host_name[dot] == '.' && host_name.substr(dot + 1) == host;
    }
  }
  if (!host_ok) return false;
  return !port.has_value() || destination.effective_port() == int{*port};
}

namespace {

// Scheme and host as URLs serialize them: ASCII lowercase, so that a
// pattern written "HTTPS" / "A.example" matches.
OriginAccessPattern Lowercased(OriginAccessPattern pattern) {
  for (char& c : pattern.scheme) c = internal::ToLowerAscii(c);
  for (char& c : pattern.host) c = internal::ToLowerAscii(c);
  return pattern;
}

// The highest priority among the patterns matching `destination`; 0 when
// none does (below AccessPriority::kDefault).
int HighestMatch(const std::vector<OriginAccessPattern>& patterns,
                 const Url& destination) {
  int best = 0;
  for (const OriginAccessPattern& p : patterns) {
    if (p.Matches(destination)) best = std::max(best, static_cast<int>(p.priority));
  }
  return best;
}

}  // namespace

bool OriginAccessList::AddAllowPattern(const Origin& source,
                                       OriginAccessPattern pattern) {
  if (source.opaque()) return false;
  absl::MutexLock lock(&mu_);
  by_source_[source.Serialize()].allow.push_back(Lowercased(std::move(pattern)));
  return true;
}

bool OriginAccessList::AddBlockPattern(const Origin& source,
                                       OriginAccessPattern pattern) {
  if (source.opaque()) return false;
  absl::MutexLock lock(&mu_);
  by_source_[source.Serialize()].block.push_back(Lowercased(std::move(pattern)));
  return true;
}

void OriginAccessList::ClearForOrigin(const Origin& source) {
  absl::MutexLock lock(&mu_);
  by_source_.erase(source.Serialize());
}

void OriginAccessList::Clear() {
  absl::MutexLock lock(&mu_);
  by_source_.clear();
}

OriginAccessList::AccessState OriginAccessList::CheckAccessState(
    const Origin& source, const Url& destination) const {
  if (source.opaque()) return AccessState::kBlocked;
  absl::MutexLock lock(&mu_);
  if (by_source_.empty()) return AccessState::kNotListed;
  const auto it = by_source_.find(source.Serialize());
  if (it == by_source_.end()) return AccessState::kNotListed;
  const int allow = HighestMatch(it->second.allow, destination);
  const int block = HighestMatch(it->second.block, destination);
  if (block == 0) return allow == 0 ? AccessState::kNotListed : AccessState::kAllowed;
  return allow > block ? AccessState::kAllowed : AccessState::kBlocked;
}

namespace {

bool Listed(const std::vector<std::string>& names, std::string_view name) {
  for (const std::string& n : names) {
    if (internal::EqualsIgnoreCase(n, name)) return true;
  }
  return false;
}

}  // namespace

bool EmbedderControls::IsCorsEnabledScheme(std::string_view scheme) const {
  return Listed(cors_enabled_schemes, scheme);
}

bool EmbedderControls::IsExtraSafelisted(std::string_view name) const {
  return Listed(extra_safelisted_header_names, name);
}

bool EmbedderControls::IsCorsExempt(std::string_view name) const {
  return Listed(cors_exempt_header_names, name);
}

}  // namespace corsengine
