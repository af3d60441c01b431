// File: tests/conformance/conformance_test.cc
//
// The engine against real browsers: every public scenario is run through
// corsctl's simulator (the code behind `corsctl run`) and compared with what
// Chromium 156, Firefox ESR 153 and WebKitGTK 2.50 did on the wire, by
// FORMAT.md's rules.
//
// A scenario must agree when it needs neither a preflight cache shared
// between steps nor a redirect to be followed (one step, and no 3xx response
// with a Location in its server table): the stateless core decides it alone.
// The others are run and counted, and must not crash, but are not required
// to agree until the cache and redirects exist.

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "corsengine/profile.h"
#include "gtest/gtest.h"
#include "tools/corsctl/scenario.h"
#include "tools/corsctl/simulator.h"

namespace {

using corsctl::Scenario;
using corsctl::TruthRecord;

constexpr char kDir[] = "tests/conformance/";

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

const std::vector<Scenario>& Scenarios() {
  static const auto* const scenarios = [] {
    auto* v = new std::vector<Scenario>;
    for (const std::string& line : ReadLines(std::string(kDir) + "scenarios.jsonl")) {
      Scenario s;
      std::string error;
      if (corsctl::ParseScenario(line, &s, &error)) v->push_back(std::move(s));
      else ADD_FAILURE() << "bad scenario line: " << error;
    }
    return v;
  }();
  return *scenarios;
}

const std::map<std::string, TruthRecord>& Truth(const std::string& browser) {
  static auto* const cache = new std::map<std::string, std::map<std::string, TruthRecord>>;
  auto it = cache->find(browser);
  if (it != cache->end()) return it->second;
  std::map<std::string, TruthRecord>& records = (*cache)[browser];
  for (const std::string& line : ReadLines(std::string(kDir) + browser + ".jsonl")) {
    TruthRecord r;
    std::string error;
    if (corsctl::ParseTruthRecord(line, &r, &error)) records[r.name] = std::move(r);
    else ADD_FAILURE() << "bad truth line: " << error;
  }
  return records;
}

bool NeedsCacheOrRedirects(const Scenario& s) {
  if (s.steps.size() > 1) return true;
  for (const auto& step : s.steps) {
    for (const auto& response : step.server) {
      if (response.status >= 300 && response.status <= 399) {
        for (const auto& [name, value] : response.headers) {
          if (name == "Location" || name == "location") return true;
        }
      }
    }
  }
  return false;
}

struct Case {
  std::string browser;
  const corsengine::Profile* profile;
  const Scenario* scenario;
};

std::vector<Case> StatelessCases() {
  std::vector<Case> cases;
  const std::pair<const char*, const corsengine::Profile*> browsers[] = {
      {"chromium", &corsengine::kChromiumProfile},
      {"firefox", &corsengine::kFirefoxProfile},
      {"webkit", &corsengine::kWebKitProfile},
  };
  for (const auto& [browser, profile] : browsers) {
    for (const Scenario& s : Scenarios()) {
      if (!NeedsCacheOrRedirects(s)) cases.push_back({browser, profile, &s});
    }
  }
  return cases;
}

class StatelessConformance : public testing::TestWithParam<Case> {};

TEST_P(StatelessConformance, AgreesWithBrowser) {
  const Case& c = GetParam();
  const auto& truth = Truth(c.browser);
  auto it = truth.find(c.scenario->name);
  ASSERT_NE(it, truth.end()) << "no " << c.browser << " record";
  const TruthRecord ours = corsctl::Simulate(*c.scenario, *c.profile);
  std::string why;
  EXPECT_TRUE(corsctl::RecordsAgree(it->second, ours, &why))
      << c.scenario->name << " (" << c.browser << "): " << why << "\n  ours: "
      << corsctl::SerializeTruthRecord(ours);
}

std::string CaseName(const testing::TestParamInfo<Case>& info) {
  std::string name = info.param.browser + "_";
  for (char c : info.param.scenario->name) {
    name += (isalnum(static_cast<unsigned char>(c)) ? c : '_');
  }
  return name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(PublicCorpus, StatelessConformance,
                         testing::ValuesIn(StatelessCases()), CaseName);

// The public stateless subset the corpus ships with is exactly what the rule
// above selects, so the rule is not hiding a scenario.
TEST(Conformance, StatelessRuleCoversShippedSubset) {
  std::set<std::string> selected;
  for (const Scenario& s : Scenarios()) {
    if (!NeedsCacheOrRedirects(s)) selected.insert(s.name);
  }
  for (const std::string& line :
       ReadLines(std::string(kDir) + "subset-stateless.scenarios.jsonl")) {
    Scenario s;
    std::string error;
    ASSERT_TRUE(corsctl::ParseScenario(line, &s, &error)) << error;
    EXPECT_TRUE(selected.count(s.name)) << s.name;
  }
}

// The spec profile follows the Fetch Standard where Chromium does not. On the
// stateless scenarios it may differ from Chromium's record only where
// docs/PROFILES.md explains why; a new difference fails here until it is.
TEST(Conformance, SpecProfileDiffersFromChromiumOnlyWhereDocumented) {
  const std::map<std::string, std::string> documented = {
      {"acah/star/authorization-and-custom/credentials-same-origin",
       "wildcard_covers_authorization"},
      {"safelist/content-type/twice/GET", "combine_repeated_request_headers"},
      {"safelist/total/accept-appended-2x100/GET",
       "combine_repeated_request_headers"},
  };
  std::set<std::string> differing;
  for (const Scenario& s : Scenarios()) {
    if (NeedsCacheOrRedirects(s)) continue;
    const TruthRecord ours = corsctl::Simulate(s, corsengine::kSpecProfile);
    std::string why;
    if (!corsctl::RecordsAgree(Truth("chromium").at(s.name), ours, &why)) {
      differing.insert(s.name);
      EXPECT_TRUE(documented.count(s.name))
          << "undocumented spec/chromium difference: " << s.name << ": " << why;
    }
  }
  for (const auto& [name, field] : documented) {
    EXPECT_TRUE(differing.count(name))
        << name << " no longer differs; update docs/PROFILES.md (" << field << ")";
  }
}

// Every scenario, stateless or not, runs to a record for every profile, and
// the agreement per family is printed for the log.
TEST(Conformance, ReportAgreementPerFamily) {
  const std::pair<const char*, const corsengine::Profile*> browsers[] = {
      {"chromium", &corsengine::kChromiumProfile},
      {"firefox", &corsengine::kFirefoxProfile},
      {"webkit", &corsengine::kWebKitProfile},
  };
  for (const auto& [browser, profile] : browsers) {
    std::map<std::string, std::pair<int, int>> families;  // agree, total
    int agree = 0;
    int stateless_disagree = 0;
    for (const Scenario& s : Scenarios()) {
      const TruthRecord ours = corsctl::Simulate(s, *profile);
      ASSERT_EQ(ours.steps.size(), s.steps.size()) << s.name;
      auto it = Truth(browser).find(s.name);
      ASSERT_NE(it, Truth(browser).end()) << s.name;
      std::string why;
      const bool ok = corsctl::RecordsAgree(it->second, ours, &why);
      auto& f = families[corsctl::FamilyOf(s.name)];
      f.first += ok;
      f.second += 1;
      agree += ok;
      if (!ok && !NeedsCacheOrRedirects(s)) ++stateless_disagree;
    }
    std::printf("%s: %d / %zu scenarios agree\n", browser, agree,
                Scenarios().size());
    for (const auto& [family, counts] : families) {
      std::printf("  %-14s %3d / %3d\n", family.c_str(), counts.first,
                  counts.second);
    }
    EXPECT_EQ(stateless_disagree, 0) << browser;
  }
}

}  // namespace
