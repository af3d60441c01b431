// File: examples/curl_host/curl_host.h
//
// An example host: real HTTP with libcurl, every CORS decision left to
// corsengine. `CurlTransport` puts one OutgoingRequest on the wire exactly
// as the engine built it (no redirects followed by curl, cookies only when
// the engine says credentials go along); `RunFetch` drives one Fetch to its
// end with it. The command-line program (main.cc) and `corsctl probe` are
// built on these two.

#ifndef CORSENGINE_EXAMPLES_CURL_HOST_CURL_HOST_H_
#define CORSENGINE_EXAMPLES_CURL_HOST_CURL_HOST_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/corsengine.h"
#include "corsengine/embedder.h"

namespace corsengine::examples {

struct HttpResult {
  bool ok = false;    // false: no response (error says why)
  std::string error;
  int status = 0;
  std::vector<Header> headers;  // the final response's, in order
  std::string body;
};

class CurlTransport {
 public:
  CurlTransport();
  ~CurlTransport();
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Sends `request`; `body` goes with methods other than GET, HEAD and
  // OPTIONS. Times out after `timeout`.
  HttpResult Send(const OutgoingRequest& request, std::string_view body,
                  absl::Duration timeout = absl::Seconds(10));

 private:
  void* share_;  // CURLSH*: the cookie jar shared by credentialed requests
};

// One step of a fetch, for printing.
struct Step {
  Action::Kind kind;
  std::string method;
  std::string url;
  int status = 0;  // of its response; 0 when none
  std::string reason;
};

struct FetchOutcome {
  Action final;  // kDeliver or kFail
  std::vector<Step> steps;
  int preflights_sent = 0;
  int requests_sent = 0;
};

// Drives `fetch` to kDeliver or kFail, sending with `transport`. `clock`
// gives `now` for each call (absl::Now by default).
FetchOutcome RunFetch(Fetch& fetch, CurlTransport& transport,
                      std::string_view body = {},
                      const std::function<absl::Time()>& clock = {});

// What a console prints for `outcome`: each step, then the response script
// sees or the error.
std::string Describe(const FetchOutcome& outcome);

// --- Probing a live server (the curl_host program and `corsctl probe`) ---

struct ProbeOptions {
  std::string url;
  std::string origin;
  std::string method = "GET";
  std::vector<Header> headers;
  CredentialsMode credentials = CredentialsMode::kSameOrigin;
  RequestMode mode = RequestMode::kCors;
  std::string body;
  int repeat = 1;  // the same fetch again, on the same cache
  std::vector<const Profile*> profiles;  // empty: the caller's default
};

// Parses `URL --origin ORIGIN [-X METHOD] [-H 'Name: value']...
// [--credentials omit|same-origin|include] [--mode cors|no-cors|same-origin]
// [--profile NAME|all]... [--data BODY] [--repeat N]`. False with *error set
// on a malformed argument.
bool ParseProbeArgs(const std::vector<std::string>& args, ProbeOptions* out,
                    std::string* error);

struct ProfileVerdict {
  const Profile* profile = nullptr;
  std::vector<FetchOutcome> runs;  // one per repeat
  bool allowed() const {
    return !runs.empty() && runs.back().final.kind == Action::Kind::kDeliver;
  }
};

// Each profile in turn, with its own fresh preflight cache: the request
// `repeat` times over real HTTP.
std::vector<ProfileVerdict> Probe(const ProbeOptions& options,
                                  CurlTransport& transport);

// One line per profile (allowed, and what script reads; or blocked, and
// why), then whether the browsers agree.
std::string ReportProbe(const std::vector<ProfileVerdict>& verdicts);

}  // namespace corsengine::examples

#endif  // CORSENGINE_EXAMPLES_CURL_HOST_CURL_HOST_H_
