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

TruthRecord Simulate(const Scenario& scenario,
                     const corsengine::Profile& profile,
                     std::vector<std::string>* explain = nullptr,
                     const Transport& transport = {});

// The record's "browser" field for a profile, e.g.
// "corsengine 0.1 (profile chromium, models Chromium 156)".
std::string EngineLabel(const corsengine::Profile& profile);

}  // namespace corsctl

#endif  // CORSENGINE_TOOLS_CORSCTL_SIMULATOR_H_
