// File: include/corsengine/embedder.h
//
// What an embedder may change about CORS for the pages it hosts, scoped to
// one set of controls handed to its fetches (never process-wide: WebKit had
// to undo a global allow list, BROWSER-CORS-FACTS.md §7):
//
//   * origin access lists: per source origin, allow and block patterns with
//     priorities, as Chromium's OriginAccessList; a destination the list
//     allows is fetched as if same-origin (no CORS, response tainting basic);
//   * schemes besides http and https that CORS may fetch (an app's own
//     scheme), instead of failing with kCorsDisabledScheme;
//   * extra CORS-safelisted request-header names (Android WebView's): script
//     headers of these names never make a request need a preflight;
//   * CORS-exempt header names (Chromium's cors_exempt_header_list): the
//     names the host may give its own headers, which it passes apart from
//     script's (RequestInit::cors_exempt_headers) and CORS never sees;
//   * an observer that sees each preflight sent, each cache outcome and each
//     failure, with the engine's reason.
//
// An empty EmbedderControls changes nothing. Thread safety: the access list
// may be changed while fetches read it (it has its own lock); the other
// fields must be set before the controls are shared, and the observer is
// called on whichever thread drives the fetch.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_EMBEDDER_H_
#define CORSENGINE_INCLUDE_CORSENGINE_EMBEDDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "corsengine/error.h"
#include "corsengine/origin.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/request.h"
#include "corsengine/url.h"

namespace corsengine {

// Chromium's CorsOriginAccessMatchPriority, lowest first.
enum class AccessPriority : uint8_t { kDefault = 1, kLow, kMedium, kHigh, kMax };

// Which destinations a pattern covers: the scheme exactly; the host exactly,
// or (include_subdomains) it and every name that ends in "." + host (not
// for a host that is an IP address), and with an empty host every host;
// any port, or exactly `port` (the scheme's default when the URL has none).
// Lists keep scheme and host ASCII-lowercased, as URLs serialize them.
struct OriginAccessPattern {
  std::string scheme;
  std::string host;
  bool include_subdomains = false;
  std::optional<uint16_t> port;
  AccessPriority priority = AccessPriority::kDefault;

  bool Matches(const Url& destination) const;
};

class OriginAccessList {
 public:
  enum class AccessState : uint8_t { kNotListed, kAllowed, kBlocked };

  OriginAccessList() = default;
  OriginAccessList(const OriginAccessList&) = delete;
  OriginAccessList& operator=(const OriginAccessList&) = delete;

  // Patterns for requests whose origin is `source`. Scheme and host are
  // compared as URLs serialize them (lowercase); an opaque source is refused
  // (false), as it can be no key.
  bool AddAllowPattern(const Origin& source, OriginAccessPattern pattern);
  bool AddBlockPattern(const Origin& source, OriginAccessPattern pattern);
  void ClearForOrigin(const Origin& source);
  void Clear();

  // CheckAccessState()
  //
  // Chromium's rule: an opaque source is kBlocked; a source with no patterns,
  // or none that match, is kNotListed; a matching allow pattern wins only if
  // its priority is above every matching block pattern's.
  AccessState CheckAccessState(const Origin& source, const Url& destination) const;

 private:
  struct Patterns {
    std::vector<OriginAccessPattern> allow;
    std::vector<OriginAccessPattern> block;
  };
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Patterns> by_source_ ABSL_GUARDED_BY(mu_);
};

// Told of a fetch's decisions as they are made (Action::reason says why).
class FetchObserver {
 public:
  virtual ~FetchObserver() = default;
  virtual void OnPreflightSent(const Request& request,
                               const OutgoingRequest& preflight,
                               std::string_view reason) {
    (void)request, (void)preflight, (void)reason;
  }
  // Every lookup that happened (never kNotUsed).
  virtual void OnCacheOutcome(const Request& request,
                              const CacheLookup& lookup) {
    (void)request, (void)lookup;
  }
  virtual void OnFailure(const Request& request, const CorsErrorStatus& error,
                         std::string_view reason) {
    (void)request, (void)error, (void)reason;
  }
};

struct EmbedderControls {
  OriginAccessList origin_access;
  // Lowercase scheme names, e.g. "app".
  std::vector<std::string> cors_enabled_schemes;
  // Header names, any case.
  std::vector<std::string> extra_safelisted_header_names;
  std::vector<std::string> cors_exempt_header_names;
  FetchObserver* observer = nullptr;

  bool IsCorsEnabledScheme(std::string_view scheme) const;
  // Whether `name` is listed (case-insensitive).
  bool IsExtraSafelisted(std::string_view name) const;
  bool IsCorsExempt(std::string_view name) const;
};

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_EMBEDDER_H_
