// File: engine/embedder.cc

#include "corsengine/embedder.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "engine/internal/ascii.h"

namespace corsengine {

bool OriginAccessPattern::Matches(const Url& destination) const {
  if (destination.scheme() != scheme) return false;
  const std::string_view host_name = destination.host();
  if (host_name.empty()) return false;
  bool host_ok = host_name == host;
  if (!host_ok && include_subdomains && !host.empty() &&
      host_name.size() > host.size() + 1) {
    const size_t dot = host_name.size() - host.size() - 1;
    host_ok = host_name[dot] == '.' && host_name.substr(dot + 1) == host;
  }
  if (!host_ok) return false;
  return !port.has_value() || destination.effective_port() == int{*port};
}

namespace {

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
  by_source_[source.Serialize()].allow.push_back(std::move(pattern));
  return true;
}

bool OriginAccessList::AddBlockPattern(const Origin& source,
                                       OriginAccessPattern pattern) {
  if (source.opaque()) return false;
  absl::MutexLock lock(&mu_);
  by_source_[source.Serialize()].block.push_back(std::move(pattern));
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

bool EmbedderControls::IsCorsEnabledScheme(std::string_view scheme) const {
  for (const std::string& s : cors_enabled_schemes) {
    if (internal::EqualsIgnoreCase(s, scheme)) return true;
  }
  return false;
}

bool EmbedderControls::IsExemptFromPreflight(std::string_view name) const {
  for (const std::string& n : extra_safelisted_header_names) {
    if (internal::EqualsIgnoreCase(n, name)) return true;
  }
  for (const std::string& n : cors_exempt_header_names) {
    if (internal::EqualsIgnoreCase(n, name)) return true;
  }
  return false;
}

}  // namespace corsengine
