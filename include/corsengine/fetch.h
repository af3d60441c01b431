// File: include/corsengine/fetch.h
//
// One fetch, sans I/O: the walk of https://fetch.spec.whatwg.org/#main-fetch
// through preflights, the preflight cache and redirects, to the response
// script sees. The host starts a `Fetch` with a valid Request; the engine
// answers with the next `Action`: send this preflight, send this request,
// follow this redirect, wait for a preflight another fetch already sent,
// deliver this filtered response, or fail. The host performs each send itself
// and feeds the response back with `OnResponse()`. The engine never opens a
// socket, reads a clock or starts a thread; `now` arrives with every call.
//
//   PreflightCache cache(kChromiumProfile);          // one per browsing profile
//   Fetch fetch(std::move(request), kChromiumProfile, &cache);
//   Action a = fetch.Start(now);
//   while (a.kind == Action::Kind::kSendPreflight ||
//          a.kind == Action::Kind::kSendRequest ||
//          a.kind == Action::Kind::kFollowRedirect) {
//     HttpResponse r = host.Send(a.request);
//     a = fetch.OnResponse(r.status, r.headers, now);
//   }
//   // kDeliver (a.response) or kFail (a.error); or kWaitForPreflight, below.
//
// Coalescing: with a cache, a fetch whose preflight is already in flight for
// another fetch gets kWaitForPreflight with `wait_id`. When that other
// fetch's preflight ends, the action it returns carries `finished_flight ==
// wait_id`; the host then calls `Resume()` on each waiting fetch, which judges
// the shared response itself (its credentials mode may differ) or, if the
// leader got none, sends its own preflight. A host that drops a fetch waiting
// on its preflight response should resume that fetch's followers as if the
// flight finished; they will send their own.
//
// A `data:` URL (fetch() allows one in every mode) comes back as kSendRequest
// too: the host answers it with its own scheme fetch (the Standard's data:
// URL processor: 200 and a Content-Type, or OnNetworkError() for a URL it
// rejects), and the response is basic. Nothing goes on the wire.
//
// A Fetch is thread-compatible: one thread at a time. After kDeliver or kFail
// it is done, and every further call answers kFail with kUnexpectedCall.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_FETCH_H_
#define CORSENGINE_INCLUDE_CORSENGINE_FETCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/embedder.h"
#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/preflight.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "corsengine/response_filter.h"

namespace corsengine {

// The most redirects a fetch follows (#http-redirect-fetch: the 21st fails).
inline constexpr int kMaxRedirects = 20;

// What script receives.
struct FilteredResponse {
  ResponseType type = ResponseType::kError;
  int status = 0;   // 0 for opaque and opaqueredirect
  std::string url;  // the final URL; empty for opaque
  // The headers script may read, in the order received, and their sorted,
  // lowercased, unique names.
  std::vector<Header> headers;
  std::vector<std::string> header_names;
};

struct Action {
  enum class Kind : uint8_t {
    kSendPreflight,     // send `request` (an OPTIONS preflight)
    kSendRequest,       // send `request`
    kFollowRedirect,    // send `request`, the next hop of a redirect
    kWaitForPreflight,  // wait for flight `wait_id`, then call Resume()
    kDeliver,           // hand `response` to script
    kFail,              // reject with `error` (script sees a TypeError)
  };
  Kind kind = Kind::kFail;
  OutgoingRequest request;
  FilteredResponse response;
  CorsErrorStatus error;
  // One line on why the engine chose this action, for logs and `corsctl
  // explain`.
  std::string reason;
  // What the preflight cache said when this action was decided (kNotUsed
  // when no lookup happened).
  CacheLookup cache;
  // kWaitForPreflight: the flight waited on. kSendPreflight: the flight this
  // preflight leads (0 when nothing can wait on it).
  uint64_t wait_id = 0;
  // Non-zero: the flight with this id has ended; resume its waiters.
  uint64_t finished_flight = 0;
};
std::string_view ToString(Action::Kind kind);

class Fetch {
 public:
  // `cache` may be null (no preflight cache); when given it must outlive
  // the Fetch, and should have been made for the same profile. `controls`
  // (embedder.h) may be null (none); when given they must outlive the Fetch.
  explicit Fetch(Request request, const Profile& profile = kSpecProfile,
                 PreflightCache* cache = nullptr,
                 const EmbedderControls* controls = nullptr);

  Fetch(const Fetch&) = delete;
  Fetch& operator=(const Fetch&) = delete;
  Fetch(Fetch&&) = default;
  Fetch& operator=(Fetch&&) = default;

  // Start()
  //
  // The first action: main fetch's choice of path (#main-fetch): basic for a
  // same-origin URL, opaque for no-cors, a network error for same-origin
  // mode across origins or a scheme CORS cannot fetch, otherwise CORS with
  // or without a preflight (after asking the cache).
  Action Start(absl::Time now);

  // OnResponse()
  //
  // The response to the last request sent: its status and headers as
  // received. `headers` need only outlive the call. Interim (1xx) responses
  // are the host's to skip; one given here means the exchange ended with
  // it, which is a network error (101 as the profile says).
  Action OnResponse(int status, HeaderSpan headers, absl::Time now);

  // OnNetworkError()
  //
  // The last request got no response (DNS, TCP, TLS ...).
  Action OnNetworkError(std::string_view description, absl::Time now);

  // Resume()
  //
  // After kWaitForPreflight, once the flight's leader has finished.
  Action Resume(absl::Time now);

  bool done() const { return state_ == State::kDone; }
  const Request& request() const { return request_; }
  ResponseTainting tainting() const { return tainting_; }
  int redirect_count() const { return redirect_count_; }
  // The byte-serialized request origin now: "null" once a redirect has
  // tainted it.
  const std::string& SerializedOrigin() const;

 private:
  enum class State : uint8_t {
    kNotStarted,
    kAwaitingPreflight,
    kWaitingForFlight,
    kAwaitingResponse,
    kDone,
  };

  Action StartStep(absl::Time now);
  Action OnResponseStep(int status, HeaderSpan headers, absl::Time now);
  Action OnNetworkErrorStep(std::string_view description, absl::Time now);
  Action ResumeStep(absl::Time now);
  // Tells the controls' observer about `action`, then returns it.
  Action Observed(Action action) const;
  // The CORS-unsafe request-header names, less those the controls exempt.
  void UnsafeNames(UnsafeHeaderNames* out) const;
  // The names this hop's preflight lists and is checked and cached by: the
  // unsafe names, less the body headers where the profile omits them.
  void PreflightNames(UnsafeHeaderNames* out) const;
  void OmitBodyNamesFromPreflight(UnsafeHeaderNames* names) const;
  Action MainFetch(absl::Time now, bool redirected);
  Action RequestPreflight(absl::Time now, CacheLookup lookup);
  Action SendActual(Action::Kind kind, std::string reason);
  Action JudgePreflight(int status, HeaderSpan headers, absl::Time now);
  Action OnActualResponse(int status, HeaderSpan headers, absl::Time now);
  // `referrer_policy`: the redirect's Referrer-Policy, when the profile
  // applies it (Profile::redirect_referrer_policy).
  Action FollowRedirect(int status, std::string_view location,
                        std::optional<ReferrerPolicy> referrer_policy,
                        absl::Time now);
  Action Deliver(ResponseType type, int status, HeaderSpan headers,
                 std::string reason);
  Action Fail(CorsErrorStatus error);
  // A CORS-with-preflight fetch of this hop failed: "clear cache entries".
  // `cors_check_failed`: a response or redirect failed the CORS check, or
  // the CORS request ended in a network error, which clears even without a
  // preflight in some profiles
  // (Profile::cache_cleared_when_any_cors_check_fails).
  void ClearCacheAfterFailure(bool preflight_failed,
                              bool cors_check_failed = false);
  PreflightCacheKey CacheKey() const;
  // The origin a preflight carries and is judged against.
  const std::string& PreflightOrigin() const;

  Request request_;  // its URL is the current URL; method and headers
                     // change as redirects require
  const Profile* profile_;
  PreflightCache* cache_;
  const EmbedderControls* controls_;
  State state_ = State::kNotStarted;
  ResponseTainting tainting_ = ResponseTainting::kBasic;
  bool origin_tainted_ = false;   // redirect-taint is not "same-origin"
  bool no_cors_origin_null_ = false;
  bool started_same_origin_ = false;  // the first hop was same-origin
  bool origin_header_sent_ = false;   // an earlier hop carried Origin
  int redirect_count_ = 0;
  bool any_hop_preflighted_ = false;  // makeCORSPreflight for some hop so far
  // Profile::redirect_after_same_origin_start_fails: this hop's request is
  // not sent.
  bool refuse_hop_ = false;
  // Profile::method_change_keeps_body_headers: the method became GET at the
  // redirect to this hop, so its preflight omits the body headers.
  bool preflight_omits_body_headers_ = false;
  bool hop_uses_cache_ = false;
  uint64_t finished_flight_ = 0;  // to report on the next action
  PreflightFlightTicket ticket_;
  std::string null_origin_ = "null";
};

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_FETCH_H_
