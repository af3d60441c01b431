// File: tools/corsctl/commands.cc

#include "tools/corsctl/commands.h"

#include <algorithm>
#include <fstream>
#include <istream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "corsengine/profile.h"
#include "nlohmann/json.hpp"
#include "examples/curl_host/curl_host.h"
#include "tools/corsctl/scenario.h"
#include "tools/corsctl/simulator.h"

namespace corsctl {
namespace {

constexpr char kUsage[] =
    "usage:\n"
    "  corsctl run FILE.jsonl [--profile spec|chromium|firefox|webkit|all]\n"
    "  corsctl explain FILE.jsonl [--name NAME] [--profile P|all]\n"
    "  corsctl demo [--profile P]\n"
    "  corsctl compare EXPECTED.jsonl ACTUAL.jsonl\n"
    "  corsctl probe URL --origin ORIGIN [-X METHOD] [-H 'Name: value']...\n"
    "                [--credentials omit|same-origin|include] [--mode M]\n"
    "                [--profile P|all]... [--data BODY] [--repeat N] [-v]\n"
    "FILE may be '-' for standard input. The default profile is spec; probe\n"
    "sends real requests (libcurl) and judges them under every profile.\n";

struct Options {
  std::string command;
  std::vector<std::string> files;
  const corsengine::Profile* profile = &corsengine::kSpecProfile;
  bool all_profiles = false;  // --profile all (run, explain)
  std::string name;
};

// The profiles `--profile all` runs: the three browsers, then the Standard.
const std::vector<const corsengine::Profile*>& AllProfiles() {
  static const auto* const all = new std::vector<const corsengine::Profile*>{
      &corsengine::kChromiumProfile, &corsengine::kFirefoxProfile,
      &corsengine::kWebKitProfile, &corsengine::kSpecProfile};
  return *all;
}

// Where the profiles' records of one scenario differ: one line per pair
// that disagrees (browsers first), empty when all agree.
std::vector<std::string> Differences(
    const std::vector<const corsengine::Profile*>& profiles,
    const std::vector<TruthRecord>& records) {
  std::vector<std::string> out;
  for (size_t a = 0; a < records.size(); ++a) {
    for (size_t b = a + 1; b < records.size(); ++b) {
      std::string why;
      if (!RecordsAgree(records[a], records[b], &why)) {
        out.push_back(std::string(profiles[a]->name) + " vs " +
                      std::string(profiles[b]->name) + ": " + why);
      }
    }
  }
  return out;
}

bool ParseOptions(const std::vector<std::string>& args, Options* o,
                  std::ostream& err) {
  if (args.empty()) {
    err << kUsage;
    return false;
  }
  o->command = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) {
        err << "corsctl: " << a << " needs a value\n";
        return false;
      }
      *out = args[++i];
      return true;
    };
    if (a == "--profile") {
      std::string p;
      if (!value(&p)) return false;
      if (p == "all") {
        o->all_profiles = true;
        continue;
      }
      o->profile = corsengine::FindProfile(p);
      if (!o->profile) {
        err << "corsctl: unknown profile '" << p
            << "' (spec, chromium, firefox or webkit)\n";
        return false;
      }
    } else if (a.rfind("--profile=", 0) == 0) {
      o->profile = corsengine::FindProfile(a.substr(10));
      if (!o->profile) {
        err << "corsctl: unknown profile '" << a.substr(10) << "'\n";
        return false;
      }
    } else if (a == "--name") {
      if (!value(&o->name)) return false;
    } else if (a.rfind("--", 0) == 0) {
      err << "corsctl: unknown option '" << a << "'\n" << kUsage;
      return false;
    } else {
      o->files.push_back(a);
    }
  }
  return true;
}

// Reads JSONL from `path` ("-" = `in`), calling `line_fn(line_no, text)` for
// each non-blank line. Returns false if the file cannot be opened.
template <typename Fn>
bool ForEachLine(const std::string& path, std::istream& in, std::ostream& err,
                 Fn line_fn) {
  std::ifstream file;
  std::istream* stream = &in;
  if (path != "-") {
    file.open(path);
    if (!file) {
      err << "corsctl: cannot open '" << path << "'\n";
      return false;
    }
    stream = &file;
  }
  std::string line;
  int line_no = 0;
  while (std::getline(*stream, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    line_fn(line_no, line);
  }
  return true;
}

// Calls `fn(scenario)` for each scenario line of `path`, streaming (a large
// file is never held whole). A bad line is reported with its number and
// field, and sets *bad; the others still run. Returns false if the file
// cannot be opened.
template <typename Fn>
bool ForEachScenario(const std::string& path, std::istream& in,
                     std::ostream& err, bool* bad, Fn fn) {
  return ForEachLine(path, in, err, [&](int line_no, const std::string& line) {
    Scenario s;
    std::string error;
    if (ParseScenario(line, &s, &error)) {
      fn(s);
    } else {
      err << path << ":" << line_no << ": " << error << "\n";
      *bad = true;
    }
  });
}

int Run(const Options& o, std::istream& in, std::ostream& out,
        std::ostream& err) {
  if (o.files.size() != 1) {
    err << kUsage;
    return kExitBadInput;
  }
  bool bad = false;
  const bool opened =
      ForEachScenario(o.files[0], in, err, &bad, [&](const Scenario& s) {
        if (!o.all_profiles) {
          out << SerializeTruthRecord(Simulate(s, *o.profile)) << "\n";
          return;
        }
        // One line per scenario: each profile's record, and where they
        // differ ("will this work everywhere?").
        std::vector<TruthRecord> records;
        for (const corsengine::Profile* p : AllProfiles()) {
          records.push_back(Simulate(s, *p));
        }
        nlohmann::json line;
        line["name"] = s.name;
        for (size_t i = 0; i < records.size(); ++i) {
          line["records"][std::string(AllProfiles()[i]->name)] =
              nlohmann::json::parse(SerializeTruthRecord(records[i]));
        }
        const std::vector<std::string> diff = Differences(AllProfiles(), records);
        std::vector<std::string> browser_diff;
        for (const std::string& d : diff) {
          if (d.find("spec") == std::string::npos) browser_diff.push_back(d);
        }
        line["browsers_agree"] = browser_diff.empty();
        line["differences"] = diff;
        out << line.dump() << "\n";
      });
  return (!opened || bad) ? kExitBadInput : kExitOk;
}

int Explain(const Options& o, std::istream& in, std::ostream& out,
            std::ostream& err) {
  if (o.files.size() != 1) {
    err << kUsage;
    return kExitBadInput;
  }
  bool bad = false;
  bool found = false;
  const bool opened =
      ForEachScenario(o.files[0], in, err, &bad, [&](const Scenario& s) {
        if (!o.name.empty() && s.name != o.name) return;
        found = true;
        if (!o.all_profiles) {
          std::vector<std::string> lines;
          Simulate(s, *o.profile, &lines);
          for (const std::string& l : lines) out << l << "\n";
          out << "\n";
          return;
        }
        std::vector<TruthRecord> records;
        for (const corsengine::Profile* p : AllProfiles()) {
          std::vector<std::string> lines;
          records.push_back(Simulate(s, *p, &lines));
          for (const std::string& l : lines) out << l << "\n";
          out << "\n";
        }
        const std::vector<std::string> diff = Differences(AllProfiles(), records);
        if (diff.empty()) {
          out << "== " << s.name << ": every profile does the same\n\n";
        } else {
          out << "== " << s.name << ": the profiles differ\n";
          for (const std::string& d : diff) out << "   " << d << "\n";
          out << "\n";
        }
      });
  if (opened && !o.name.empty() && !found) {
    err << "corsctl: no scenario named '" << o.name << "'\n";
    return kExitBadInput;
  }
  return (!opened || bad) ? kExitBadInput : kExitOk;
}

std::string Fit(std::string s, size_t width) {
  if (s.size() > width) s = s.substr(0, width - 3) + "...";
  s.resize(width, ' ');
  return s;
}

int Demo(const Options& o, std::ostream& out, std::ostream& err) {
  if (o.all_profiles) {
    err << "corsctl: demo shows one profile; run or explain take --profile all\n";
    return kExitBadInput;
  }
  std::istringstream demo(DemoScenarios());
  bool bad = false;
  std::vector<Scenario> scenarios;
  ForEachScenario("-", demo, err, &bad,
                  [&](const Scenario& s) { scenarios.push_back(s); });
  out << "corsctl demo: everyday cross-origin fetches from "
      << (scenarios.empty() ? std::string("?") : scenarios[0].origin)
      << ", profile " << o.profile->name << " (" << o.profile->models
      << ")\n\n";
  out << " #  " << Fit("what the page does", 50) << Fit("on the wire", 24)
      << Fit("script sees", 16) << "why\n";
  out << std::string(130, '-') << "\n";
  int n = 0;
  for (const Scenario& s : scenarios) {
    const TruthRecord r = Simulate(s, *o.profile);
    const StepTruth& t = r.steps.back();
    std::string wire;
    for (const StepTruth& step : r.steps) {
      if (!wire.empty()) wire += " | ";
      std::string hop;
      for (const WireRequest& w : step.wire) {
        hop += (hop.empty() ? "" : ", ") + w.method;
      }
      wire += hop.empty() ? "(nothing)" : hop;
    }
    std::string seen = t.result == "ok" ? t.type + " " + std::to_string(t.status)
                                        : "TypeError";
    if (t.result == "ok" && !t.exposed.empty()) {
      seen += " +" + std::to_string(t.exposed.size()) + "h";
    }
    std::string num = std::to_string(++n);
    out << (num.size() < 2 ? " " : "") << num << "  " << Fit(s.name, 50)
        << Fit(wire, 24) << Fit(seen, 16) << t.reason << "\n";
  }
  out << "\n'+Nh': script can read N response headers; '|' separates the "
         "steps of a scenario (the page fetches again, the preflight cache "
         "kept). "
         "Run 'corsctl explain' on tools/corsctl/demo.jsonl for each step, "
         "or try --profile spec|chromium|firefox|webkit.\n";
  return bad ? kExitBadInput : kExitOk;
}

int Compare(const Options& o, std::istream& in, std::ostream& out,
            std::ostream& err) {
  if (o.files.size() != 2) {
    err << kUsage;
    return kExitBadInput;
  }
  bool bad = false;
  std::map<std::string, TruthRecord> expected;
  std::vector<std::string> order;
  auto load = [&](const std::string& path,
                  std::map<std::string, TruthRecord>* into,
                  std::vector<std::string>* names) {
    return ForEachLine(path, in, err, [&](int line_no, const std::string& l) {
      TruthRecord r;
      std::string error;
      if (!ParseTruthRecord(l, &r, &error)) {
        err << path << ":" << line_no << ": " << error << "\n";
        bad = true;
        return;
      }
      if (names) names->push_back(r.name);
      (*into)[r.name] = std::move(r);
    });
  };
  std::map<std::string, TruthRecord> actual;
  if (!load(o.files[0], &expected, &order) || !load(o.files[1], &actual, nullptr)) {
    return kExitBadInput;
  }
  struct Tally {
    int agree = 0, disagree = 0, missing = 0;
  };
  std::map<std::string, Tally> families;
  Tally total;
  for (const std::string& name : order) {
    Tally& f = families[FamilyOf(name)];
    auto it = actual.find(name);
    if (it == actual.end()) {
      ++f.missing;
      ++total.missing;
      out << "MISSING  " << name << "\n";
      continue;
    }
    std::string why;
    if (RecordsAgree(expected[name], it->second, &why)) {
      ++f.agree;
      ++total.agree;
    } else {
      ++f.disagree;
      ++total.disagree;
      out << "DISAGREE " << name << ": " << why << "\n";
    }
  }
  out << "\nfamily            agree  disagree  missing\n";
  for (const auto& [family, t] : families) {
    out << Fit(family, 18) << Fit(std::to_string(t.agree), 7)
        << Fit(std::to_string(t.disagree), 10)
        << t.missing << "\n";
  }
  out << Fit("total", 18) << Fit(std::to_string(total.agree), 7)
      << Fit(std::to_string(total.disagree), 10)
      << total.missing << "\n";
  if (bad) return kExitBadInput;
  return (total.disagree || total.missing) ? kExitDisagree
                                                                 : kExitOk;
}

// corsctl probe: the real preflight and request to a live server, judged
// under each profile (all four unless --profile says otherwise).
int Probe(const std::vector<std::string>& args, std::ostream& out,
          std::ostream& err) {
  std::vector<std::string> rest;
  bool verbose = false;
  for (const std::string& a : args) {
    if (a == "-v" || a == "--verbose") {
      verbose = true;
    } else {
      rest.push_back(a);
    }
  }
  corsengine::examples::ProbeOptions options;
  std::string error;
  if (!corsengine::examples::ParseProbeArgs(rest, &options, &error)) {
    err << "corsctl probe: " << error << "\n" << kUsage;
    return kExitBadInput;
  }
  if (options.profiles.empty()) {
    for (const char* name : {"chromium", "firefox", "webkit", "spec"}) {
      options.profiles.push_back(corsengine::FindProfile(name));
    }
  }
  corsengine::examples::CurlTransport transport;
  const std::vector<corsengine::examples::ProfileVerdict> verdicts =
      corsengine::examples::Probe(options, transport);
  if (verbose) {
    for (const auto& v : verdicts) {
      out << "== " << v.profile->name << "\n";
      for (const auto& run : v.runs) out << corsengine::examples::Describe(run);
    }
    out << "==\n";
  }
  out << corsengine::examples::ReportProbe(verdicts);
  for (const auto& v : verdicts) {
    if (!v.allowed()) return kExitDisagree;
  }
  return kExitOk;
}

}  // namespace

int RunCorsctl(const std::vector<std::string>& args, std::istream& in,
               std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "probe") {
    return Probe(std::vector<std::string>(args.begin() + 1, args.end()), out,
                 err);
  }
  Options o;
  if (!ParseOptions(args, &o, err)) return kExitBadInput;
  if (o.command == "run") return Run(o, in, out, err);
  if (o.command == "explain") return Explain(o, in, out, err);
  if (o.command == "demo") return Demo(o, out, err);
  if (o.command == "compare") return Compare(o, in, out, err);
  if (o.command == "help" || o.command == "--help" || o.command == "-h") {
    out << kUsage;
    return kExitOk;
  }
  err << "corsctl: unknown command '" << o.command << "'\n" << kUsage;
  return kExitBadInput;
}

}  // namespace corsctl
