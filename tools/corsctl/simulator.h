// File: tools/corsctl/simulator.h
//
// The host corsctl embeds: it plays a scenario's page and servers around the
// engine. For each step it converts what script passed to fetch() into
// bytes, asks the engine for a Request and a Fetch, answers every request
// the engine sends from the step's server table, and records what reached
// the wire and what script saw. All CORS decisions are the engine's.

#ifndef CORSENGINE_TOOLS_CORSCTL_SIMULATOR_H_
#define CORSENGINE_TOOLS_CORSCTL_SIMULATOR_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "tools/corsctl/scenario.h"

namespace corsctl {

// Simulate()
//
// Runs every step of `scenario` under `profile` with a virtual clock that
// advances by each step's after_ms. When `explain` is not null, appends a
// human-readable account: each request on the wire, each response, each
// decision and its reason.
//
// `transport`, when given, answers each request the engine sends instead of
// the step's server table (a test puts the table on real loopback servers
// and sends over real sockets); no answer (nullopt) is a network error.
struct WireAnswer {
  int status = 0;
  std::vector<StringPair> headers;
};
using Transport = std::function<std::optional<WireAnswer>(
    const Step& step, const corsengine::OutgoingRequest& request)>;

// `tape`, when given, gets what the engine was handed, so that the run can
// be replayed without this host (bench/conformance_mix_benchmark.cc).
struct HostAnswer {
  bool network_error = false;  // else a response
  std::string description;     // for a network error
  int status = 0;
  std::vector<StringPair> headers;  // as bytes on the wire
};
struct StepTape {
  absl::Time now;
  // The request as fetch() passed it to the engine, in bytes.
  std::string method;
  std::string url;
  std::vector<StringPair> headers;
  corsengine::RequestMode mode = corsengine::RequestMode::kCors;
  corsengine::CredentialsMode credentials =
      corsengine::CredentialsMode::kSameOrigin;
  corsengine::RedirectMode redirect = corsengine::RedirectMode::kFollow;
  corsengine::CacheMode cache = corsengine::CacheMode::kDefault;
  bool created = false;  // CreateRequest() accepted it
  // Each answer the host fed back, in order, and how the fetch ended.
  std::vector<HostAnswer> answers;
  bool delivered = false;
};
struct ScenarioTape {
  std::string origin;           // the page's, serialized
  std::vector<StepTape> steps;  // the steps that reached the engine
};

TruthRecord Simulate(const Scenario& scenario,
                     const corsengine::Profile& profile,
                     std::vector<std::string>* explain = nullptr,
                     const Transport& transport = {},
                     ScenarioTape* tape = nullptr);

// The record's "browser" field for a profile, e.g.
// "corsengine 0.1 (profile chromium, models Chromium 156)".
std::string EngineLabel(const corsengine::Profile& profile);

}  // namespace corsctl

#endif  // CORSENGINE_TOOLS_CORSCTL_SIMULATOR_H_
