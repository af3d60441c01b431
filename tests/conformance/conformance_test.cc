// File: tests/conformance/conformance_test.cc
//
// The engine against real browsers: every public scenario is run through
// corsctl's simulator (the code behind `corsctl run`) and compared with what
// Chromium 156, Firefox ESR 153 and WebKitGTK 2.50 did on the wire, by
// FORMAT.md's rules.
//
// Under each browser's profile every scenario must agree with that browser:
// the stateless core, the preflight cache shared by a scenario's steps, and
// redirects. The agreement is also printed per family, and for the
// stateless scenarios (one step, no 3xx with a Location) on their own.

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

std::vector<Case> RequiredCases() {
  std::vector<Case> cases;
  const std::pair<const char*, const corsengine::Profile*> browsers[] = {
      {"chromium", &corsengine::kChromiumProfile},
      {"firefox", &corsengine::kFirefoxProfile},
      {"webkit", &corsengine::kWebKitProfile},
  };
  for (const auto& [browser, profile] : browsers) {
    for (const Scenario& s : Scenarios()) cases.push_back({browser, profile, &s});
  }
  return cases;
}

class Conformance : public testing::TestWithParam<Case> {};

TEST_P(Conformance, AgreesWithBrowser) {
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

INSTANTIATE_TEST_SUITE_P(PublicCorpus, Conformance,
                         testing::ValuesIn(RequiredCases()), CaseName);

// The public stateless subset the corpus ships with is exactly what the rule
// above selects, so the rule is not hiding a scenario.
TEST(ConformanceCorpus, StatelessRuleCoversShippedSubset) {
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

// The spec profile follows the Fetch Standard where Chromium does not. It
// may differ from Chromium's record only where docs/PROFILES.md explains why
// (the profile field named here); a new difference fails until it is.
TEST(ConformanceCorpus, SpecProfileDiffersFromChromiumOnlyWhereDocumented) {
  const std::map<std::string, std::string> documented = {
      {"acah/star/authorization-and-custom/credentials-same-origin",
       "wildcard_covers_authorization"},
      {"safelist/content-type/twice/GET", "combine_repeated_request_headers"},
      {"safelist/total/accept-appended-2x100/GET",
       "combine_repeated_request_headers"},
      {"cache/max-age--1/immediate", "max_age_on_negative"},
      {"cache-primed/max-age--1", "max_age_on_negative"},
      {"cache/method-not-covered", "cache_model"},
      {"cache/actual-fails-then-same", "cache_cleared_when_actual_fails"},
      {"cache-primed/star-headers-then-authorization",
       "wildcard_covers_authorization"},
      {"cache-mode/no-store/second-step", "cache_honors_request_cache_mode"},
      {"cache-mode/no-cache/second-step", "cache_honors_request_cache_mode"},
      {"cache-mode/reload/second-step", "cache_honors_request_cache_mode"},
      {"cache-mode/default-then-no-store-then-default",
       "cache_honors_request_cache_mode"},
      {"redirect/userinfo/same-to-same", "redirect_credentials_always_fail"},
      {"redirect/userinfo/no-cors", "redirect_credentials_always_fail"},
      {"redirect/302-location-empty", "empty_location"},
  };
  std::set<std::string> differing;
  for (const Scenario& s : Scenarios()) {
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
TEST(ConformanceCorpus, ReportAgreementPerFamily) {
  const std::pair<const char*, const corsengine::Profile*> browsers[] = {
      {"chromium", &corsengine::kChromiumProfile},
      {"firefox", &corsengine::kFirefoxProfile},
      {"webkit", &corsengine::kWebKitProfile},
  };
  for (const auto& [browser, profile] : browsers) {
    std::map<std::string, std::pair<int, int>> families;  // agree, total
    int agree = 0;
    int stateless_agree = 0;
    int stateless = 0;
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
      if (!NeedsCacheOrRedirects(s)) {
        ++stateless;
        stateless_agree += ok;
      }
    }
    std::printf("%s: %d / %zu scenarios agree (stateless %d / %d)\n", browser,
                agree, Scenarios().size(), stateless_agree, stateless);
    for (const auto& [family, counts] : families) {
      std::printf("  %-14s %3d / %3d\n", family.c_str(), counts.first,
                  counts.second);
    }
    EXPECT_EQ(agree, static_cast<int>(Scenarios().size())) << browser;
  }
}

}  // namespace
