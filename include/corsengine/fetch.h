// File: include/corsengine/fetch.h
//
// One fetch, sans I/O. The host starts a `Fetch` with a valid Request; the
// engine answers with the next `Action`: send this preflight, send this
// request, follow this redirect, deliver this filtered response, or fail.
// The host performs sends itself and feeds each response back with
// `OnResponse()`. The engine never opens a socket, reads a clock or starts a
// thread; `now` arrives with every call.
//
//   Fetch fetch(std::move(request), kChromiumProfile);
//   Action a = fetch.Start(now);
//   while (a.kind == Action::Kind::kSendPreflight ||
//          a.kind == Action::Kind::kSendRequest ||
//          a.kind == Action::Kind::kFollowRedirect) {
//     HttpResponse r = host.Send(a.request);
//     a = fetch.OnResponse(r.status, r.headers, now);
//   }
//   // a.kind is kDeliver (a.response) or kFail (a.error).
//
// A Fetch is thread-compatible: one thread at a time. After kDeliver or kFail
// it is done, and every further call answers kFail with kUnexpectedCall.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_FETCH_H_
#define CORSENGINE_INCLUDE_CORSENGINE_FETCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/preflight.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "corsengine/response_filter.h"

namespace corsengine {

// What script receives.
struct FilteredResponse {
  ResponseType type = ResponseType::kError;
  int status = 0;  // 0 for opaque and opaqueredirect
  std::string url;  // empty for opaque
  // The headers script may read, in the order received, and their sorted,
  // lowercased, unique names.
  std::vector<Header> headers;
  std::vector<std::string> header_names;
};

struct Action {
  enum class Kind : uint8_t {
    kSendPreflight,   // send `request` (an OPTIONS preflight)
    kSendRequest,     // send `request`
    kFollowRedirect,  // send `request`, the next hop of a redirect
    kDeliver,         // hand `response` to script
    kFail,            // reject with `error` (script sees a TypeError)
  };
  Kind kind = Kind::kFail;
  OutgoingRequest request;
  FilteredResponse response;
  CorsErrorStatus error;
  // One line on why the engine chose this action, for logs and `corsctl
  // explain`.
  std::string reason;
};
std::string_view ToString(Action::Kind kind);

class Fetch {
 public:
  explicit Fetch(Request request, const Profile& profile = kSpecProfile);

  Fetch(const Fetch&) = delete;
  Fetch& operator=(const Fetch&) = delete;
  Fetch(Fetch&&) = default;
  Fetch& operator=(Fetch&&) = default;

  // Start()
  //
  // The first action: main fetch's choice of path (#main-fetch): basic for a
  // same-origin URL, opaque for no-cors, a network error for same-origin
  // mode across origins or a scheme CORS cannot fetch, otherwise CORS with
  // or without a preflight.
  Action Start(absl::Time now);

  // OnResponse()
  //
  // The response to the last request sent: its status and headers as
  // received (values untrimmed is fine). `headers` need only outlive the
  // call.
  Action OnResponse(int status, HeaderSpan headers, absl::Time now);

  // OnNetworkError()
  //
  // The last request got no response (DNS, TCP, TLS ...).
  Action OnNetworkError(std::string_view description);

  bool done() const { return state_ == State::kDone; }
  const Request& request() const { return request_; }
  ResponseTainting tainting() const { return tainting_; }

 private:
  enum class State : uint8_t {
    kNotStarted,
    kAwaitingPreflight,
    kAwaitingResponse,
    kDone,
  };

  Action SendActual(std::string reason);
  Action Deliver(int status, HeaderSpan headers, std::string reason);
  Action Fail(CorsErrorStatus error);
  Action OnPreflightResponse(int status, HeaderSpan headers);
  Action OnActualResponse(int status, HeaderSpan headers);
  const std::string& SerializedOrigin() const;

  Request request_;
  const Profile* profile_;
  State state_ = State::kNotStarted;
  ResponseTainting tainting_ = ResponseTainting::kBasic;
  UnsafeHeaderNames unsafe_names_;
};

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_FETCH_H_
