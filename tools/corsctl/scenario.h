// File: tools/corsctl/scenario.h
//
// The scenario and truth-record formats of tests/conformance/FORMAT.md, read
// and written with nlohmann-json. Reading never throws: a malformed line
// gives a message naming the line and the field.

#ifndef CORSENGINE_TOOLS_CORSCTL_SCENARIO_H_
#define CORSENGINE_TOOLS_CORSCTL_SCENARIO_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corsctl {

using StringPair = std::pair<std::string, std::string>;

// What script passed to fetch(), as written in the scenario (UTF-8 text;
// converting it to bytes is fetch()'s job, done by the simulator).
struct ScriptRequest {
  std::string method = "GET";
  std::string url;
  std::string mode = "cors";
  std::string credentials = "same-origin";
  std::string redirect = "follow";
  std::string cache = "no-store";
  std::vector<StringPair> headers;
};

struct ServerResponse {
  std::string method;
  std::string url;
  int status = 200;
  std::vector<StringPair> headers;
};

struct Step {
  int64_t after_ms = 0;
  ScriptRequest request;
  std::vector<ServerResponse> server;
};

struct Scenario {
  std::string name;
  std::string origin;
  std::vector<Step> steps;
};

struct WireRequest {
  std::string method;
  std::string url;
  std::optional<std::string> origin;
  std::optional<std::string> acrm;
  std::optional<std::string> acrh;

  friend bool operator==(const WireRequest& a, const WireRequest& b) {
    return a.method == b.method && a.url == b.url && a.origin == b.origin &&
           a.acrm == b.acrm && a.acrh == b.acrh;
  }
};

struct StepTruth {
  std::vector<WireRequest> wire;
  // "ok" or "error".
  std::string result;
  std::string type;
  int status = 0;
  std::string url;
  std::vector<std::string> exposed;
  std::string reason;  // never compared
};

struct TruthRecord {
  std::string name;
  std::string browser;
  std::vector<StepTruth> steps;
};

// ParseScenario() / ParseTruthRecord()
//
// One JSON line. On failure returns false and sets *error to "field 'x':
// what is wrong" (the caller adds the line number).
bool ParseScenario(std::string_view line, Scenario* out, std::string* error);
bool ParseTruthRecord(std::string_view line, TruthRecord* out,
                      std::string* error);

// One JSON line, no trailing newline.
std::string SerializeTruthRecord(const TruthRecord& record);
std::string SerializeScenario(const Scenario& scenario);

// Comparing by FORMAT.md's rules: every step agrees on wire, result and,
// for ok steps, type, status, url and exposed. `why` says where they part.
bool RecordsAgree(const TruthRecord& expected, const TruthRecord& actual,
                  std::string* why);
bool StepsAgree(const StepTruth& expected, const StepTruth& actual,
                std::string* why);

// The scenario family: the name up to its first '/'.
std::string FamilyOf(std::string_view name);

}  // namespace corsctl

#endif  // CORSENGINE_TOOLS_CORSCTL_SCENARIO_H_
