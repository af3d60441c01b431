// File: bench/conformance_mix_benchmark.cc
//
// A realistic mix: every step of the public conformance scenarios
// (tests/conformance/scenarios.jsonl), replayed through the engine alone.
// corsctl's simulator runs each scenario once, outside the timing, and
// keeps a tape of what the engine was handed: the request in bytes and
// each answer the host fed back. The timed loop then does, per step, what
// a host's network stack asks of the engine: CreateRequest(), a Fetch, and
// its walk through the preflight cache, preflights, redirects and the CORS
// check to the response script sees or the error, with the tape's answers.
// Each scenario starts in a fresh cache (a new browsing profile), as the
// conformance runs do, and every replay must end as its recording did.
//
//   ./bazelw run -c opt //bench:conformance_mix_benchmark
//   bazel-bin/bench/conformance_mix_benchmark --scenarios=PATH  (elsewhere)

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "bench/alloc_counter.h"
#include "benchmark/benchmark.h"
#include "corsengine/corsengine.h"
#include "tools/corsctl/scenario.h"
#include "tools/corsctl/simulator.h"

namespace corsengine {
namespace {

std::string& ScenariosPath() {
  static std::string* const path =
      new std::string("tests/conformance/scenarios.jsonl");
  return *path;
}

// One recorded step, with the views the engine takes laid out once.
struct ReplayStep {
  const corsctl::StepTape* tape;
  std::vector<HeaderView> request_headers;
  std::vector<std::vector<HeaderView>> answers;
};

struct ReplayScenario {
  Origin origin;
  std::vector<ReplayStep> steps;
};

struct Mix {
  std::vector<corsctl::ScenarioTape> tapes;
  std::vector<ReplayScenario> scenarios;
  size_t steps = 0;
  std::string error;  // why there is no mix
};

std::vector<HeaderView> Views(const std::vector<corsctl::StringPair>& pairs) {
  std::vector<HeaderView> views;
  views.reserve(pairs.size());
  for (const auto& [name, value] : pairs) views.push_back({name, value});
  return views;
}

Mix LoadMix(const Profile& profile) {
  Mix mix;
  std::ifstream in(ScenariosPath());
  if (!in) {
    mix.error = "cannot read " + ScenariosPath() + " (pass --scenarios=PATH)";
    return mix;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    corsctl::Scenario scenario;
    std::string error;
    if (!corsctl::ParseScenario(line, &scenario, &error)) {
      mix.error = ScenariosPath() + ": " + error;
      return mix;
    }
    mix.tapes.emplace_back();
    corsctl::Simulate(scenario, profile, nullptr, {}, &mix.tapes.back());
  }
  // The tapes are complete before any view into them is taken.
  for (const corsctl::ScenarioTape& tape : mix.tapes) {
    Expected<Origin> origin = Origin::Parse(tape.origin);
    if (!origin.ok() || tape.steps.empty()) continue;
    ReplayScenario& s = mix.scenarios.emplace_back();
    s.origin = *origin;
    for (const corsctl::StepTape& step : tape.steps) {
      ReplayStep& r = s.steps.emplace_back();
      r.tape = &step;
      r.request_headers = Views(step.headers);
      for (const corsctl::HostAnswer& a : step.answers) {
        r.answers.push_back(Views(a.headers));
      }
      ++mix.steps;
    }
  }
  if (mix.steps == 0) mix.error = "no steps in " + ScenariosPath();
  return mix;
}

bool IsSend(Action::Kind kind) {
  return kind == Action::Kind::kSendPreflight ||
         kind == Action::Kind::kSendRequest ||
         kind == Action::Kind::kFollowRedirect;
}

// One step as a host would run it, with the tape's answers. False when the
// engine did not do what it did when the tape was made.
bool Replay(const ReplayScenario& scenario, const ReplayStep& step,
            const Profile& profile, PreflightCache* cache) {
  const corsctl::StepTape& tape = *step.tape;
  RequestInit init;
  init.origin = scenario.origin;
  init.url = tape.url;
  init.method = tape.method;
  init.headers = step.request_headers;
  init.mode = tape.mode;
  init.credentials = tape.credentials;
  init.redirect = tape.redirect;
  init.cache = tape.cache;
  Expected<Request> request = CreateRequest(init, profile);
  if (!request.ok()) return !tape.created;
  Fetch fetch(std::move(request).value(), profile, cache);
  Action action = fetch.Start(tape.now);
  size_t next = 0;
  while (IsSend(action.kind)) {
    if (next == tape.answers.size()) return false;
    const corsctl::HostAnswer& answer = tape.answers[next];
    action =
        answer.network_error
            ? fetch.OnNetworkError(answer.description, tape.now)
            : fetch.OnResponse(answer.status, step.answers[next], tape.now);
    ++next;
  }
  benchmark::DoNotOptimize(action);
  return tape.created && next == tape.answers.size() &&
         (action.kind == Action::Kind::kDeliver) == tape.delivered;
}

// One operation is one step (one fetch() of a scenario), in the corpus's
// order; a scenario's first step makes its fresh cache.
void BM_ConformanceMix(benchmark::State& state, const Profile* profile) {
  const Mix mix = LoadMix(*profile);
  if (!mix.error.empty()) {
    state.SkipWithError(mix.error.c_str());
    return;
  }
  PreflightCache::Options options;
  options.shards = 1;  // as the conformance runs: the profile's exact order
  std::unique_ptr<PreflightCache> cache;
  size_t scenario = 0;
  size_t step = 0;
  bool same = true;
  const uint64_t before = bench::AllocationCount();
  for (auto _ : state) {
    const ReplayScenario& s = mix.scenarios[scenario];
    if (step == 0) cache = std::make_unique<PreflightCache>(*profile, options);
    same &= Replay(s, s.steps[step], *profile, cache.get());
    if (++step == s.steps.size()) {
      step = 0;
      if (++scenario == mix.scenarios.size()) scenario = 0;
    }
  }
  const uint64_t allocs = bench::AllocationCount() - before;
  state.SetItemsProcessed(state.iterations());
  state.counters["allocs_per_op"] = benchmark::Counter(
      static_cast<double>(allocs) / static_cast<double>(state.iterations()));
  state.counters["steps"] = benchmark::Counter(static_cast<double>(mix.steps));
  if (!same) state.SkipWithError("a replay parted from its recording");
}
BENCHMARK_CAPTURE(BM_ConformanceMix, chromium, &kChromiumProfile);
BENCHMARK_CAPTURE(BM_ConformanceMix, firefox, &kFirefoxProfile);
BENCHMARK_CAPTURE(BM_ConformanceMix, webkit, &kWebKitProfile);

}  // namespace
}  // namespace corsengine

int main(int argc, char** argv) {
  constexpr std::string_view kFlag = "--scenarios=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    if (arg.substr(0, kFlag.size()) == kFlag) {
      corsengine::ScenariosPath() = std::string(arg.substr(kFlag.size()));
      for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
      --argc;
      break;
    }
  }
  // As in cors_benchmark: Debian's Abseil keeps absl::Mutex's deadlock
  // detector on, which a host in production turns off (each scenario's
  // cache makes and destroys mutexes).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
