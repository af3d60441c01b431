// File: examples/curl_host/scenarios_over_loopback_test.cc
//
// The recorded conformance scenarios, over real sockets: each scenario's
// server tables are put on three loopback HTTP servers (standing for the
// scenarios' ports 8001, 8002 and 8003), the curl host sends every request
// the engine asks for, and the outcome must agree with what each browser
// did (tests/conformance/*.jsonl), wire included. Each server's own log
// must also show exactly the requests the record says reached the wire.
//
// A scenario takes part when every URL in it is plain http on 127.0.0.1 or
// localhost at one of those ports (no https, no other hosts, no userinfo):
// what loopback can serve. Ports are rewritten on the way in and back on
// the way out.

#include <array>
#include <cctype>
#include <iostream>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "corsengine/profile.h"
#include "examples/curl_host/curl_host.h"
#include "gtest/gtest.h"
#include "tests/loopback/loopback_server.h"
#include "tools/corsctl/scenario.h"
#include "tools/corsctl/simulator.h"

namespace {

using corsctl::Scenario;
using corsctl::TruthRecord;
using corsengine::loopback::LoggedRequest;
using corsengine::loopback::LoopbackAnswer;
using corsengine::loopback::LoopbackServer;

constexpr char kDir[] = "tests/conformance/";
constexpr std::array<const char*, 3> kPorts = {"8001", "8002", "8003"};

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

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t at = s->find(from); at != std::string::npos;
       at = s->find(from, at + to.size())) {
    s->replace(at, from.size(), to);
  }
}

// Every string of a scenario, for scanning and rewriting.
template <typename F>
void ForEachString(Scenario* s, F f) {
  f(&s->origin);
  for (corsctl::Step& step : s->steps) {
    f(&step.request.url);
    for (auto& [n, v] : step.request.headers) f(&v);
    for (corsctl::ServerResponse& r : step.server) {
      f(&r.url);
      for (auto& [n, v] : r.headers) f(&v);
    }
  }
}

// Whether every "scheme://authority" in `s` is http on a loopback host at
// one of the scenario ports.
bool ServableOverLoopback(Scenario s) {
  bool ok = true;
  ForEachString(&s, [&](std::string* text) {
    for (size_t at = text->find("://"); at != std::string::npos;
         at = text->find("://", at + 3)) {
      size_t begin = at;
      while (begin > 0 && std::isalpha(static_cast<unsigned char>((*text)[begin - 1]))) {
        --begin;
      }
      const std::string scheme = text->substr(begin, at - begin);
      size_t end = at + 3;
      while (end < text->size() && std::string("/?#, ").find((*text)[end]) ==
                                       std::string::npos) {
        ++end;
      }
      const std::string authority = text->substr(at + 3, end - at - 3);
      bool known = false;
      for (const char* port : kPorts) {
        known |= authority == std::string("127.0.0.1:") + port ||
                 authority == std::string("localhost:") + port;
      }
      ok &= scheme == "http" && known;
    }
  });
  return ok;
}

class ScenariosOverLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto& s : servers_) {
      ASSERT_TRUE(s.ok());
      s.set_bare(true);
    }
  }

  // Scenario ports -> this run's ports, for every host spelling.
  void Rewrite(std::string* text, bool back) const {
    for (size_t i = 0; i < kPorts.size(); ++i) {
      const std::string ours = std::to_string(servers_[i].port());
      for (const char* host : {"127.0.0.1:", "localhost:"}) {
        const std::string scenario_form = host + std::string(kPorts[i]);
        const std::string our_form = host + ours;
        if (back) {
          ReplaceAll(text, our_form, scenario_form);
        } else {
          ReplaceAll(text, scenario_form, our_form);
        }
      }
    }
  }

  LoopbackServer* ServerFor(const std::string& url) {
    // A URL's authority ends at "/" (URLs the engine sends always have a
    // path).
    for (size_t i = 0; i < kPorts.size(); ++i) {
      if (url.find(":" + std::to_string(servers_[i].port()) + "/") !=
          std::string::npos) {
        return &servers_[i];
      }
    }
    return nullptr;
  }

  // Runs `scenario` under `profile` over the servers; returns the record
  // with the scenario's ports, and checks the servers' logs against it.
  TruthRecord Run(Scenario scenario, const corsengine::Profile& profile) {
    ForEachString(&scenario, [&](std::string* t) { Rewrite(t, false); });
    for (auto& s : servers_) {
      s.ClearAnswers();
      s.ClearLog();
    }
    corsengine::examples::CurlTransport transport;
    const corsctl::Step* configured = nullptr;
    corsctl::Transport send = [&](const corsctl::Step& step,
                                  const corsengine::OutgoingRequest& request)
        -> std::optional<corsctl::WireAnswer> {
      if (configured != &step) {
        configured = &step;
        for (auto& s : servers_) s.ClearAnswers();
        // The first entry for a method and URL answers (FORMAT.md).
        std::set<std::string> answered;
        for (const corsctl::ServerResponse& r : step.server) {
          corsengine::Expected<corsengine::Url> url = corsengine::Url::Parse(r.url);
          if (!url.ok()) continue;
          if (!answered.insert(r.method + " " + std::string(url->spec())).second) {
            continue;
          }
          LoopbackServer* server = ServerFor(std::string(url->spec()));
          if (server == nullptr) continue;
          LoopbackAnswer answer;
          answer.status = r.status;
          for (const auto& [n, v] : r.headers) answer.headers.push_back({n, v});
          server->Answer(r.method, std::string(url->path_and_query()), answer);
        }
      }
      const corsengine::examples::HttpResult result = transport.Send(request, "");
      if (!result.ok) return std::nullopt;
      corsctl::WireAnswer answer;
      answer.status = result.status;
      for (const corsengine::Header& h : result.headers) {
        answer.headers.emplace_back(h.name, h.value);
      }
      ++requests_sent_;
      return answer;
    };
    TruthRecord record = corsctl::Simulate(scenario, profile, nullptr, send);

    // What the servers received must be the record's wire, server by server.
    for (size_t i = 0; i < kPorts.size(); ++i) {
      std::vector<std::string> expected, got;
      for (const auto& step : record.steps) {
        for (const corsctl::WireRequest& w : step.wire) {
          if (ServerFor(w.url) != &servers_[i]) continue;
          corsengine::Expected<corsengine::Url> url = corsengine::Url::Parse(w.url);
          expected.push_back(w.method + " " + std::string(url->path_and_query()) +
                             " " + w.origin.value_or("-") + " " +
                             w.acrm.value_or("-") + " " + w.acrh.value_or("-"));
        }
      }
      for (const LoggedRequest& r : servers_[i].log()) {
        const std::string* o = r.Find("Origin");
        const std::string* m = r.Find("Access-Control-Request-Method");
        const std::string* h = r.Find("Access-Control-Request-Headers");
        got.push_back(r.method + " " + r.target + " " + (o ? *o : "-") + " " +
                      (m ? *m : "-") + " " + (h ? *h : "-"));
      }
      EXPECT_EQ(got, expected) << scenario.name << ": server " << kPorts[i];
    }

    for (auto& step : record.steps) {
      for (corsctl::WireRequest& w : step.wire) {
        Rewrite(&w.url, true);
        if (w.origin) Rewrite(&*w.origin, true);
      }
      Rewrite(&step.url, true);
    }
    return record;
  }

  std::array<LoopbackServer, 3> servers_;
  int requests_sent_ = 0;
};

TEST_F(ScenariosOverLoopback, EveryServableScenarioAgreesWithEachBrowser) {
  std::vector<Scenario> scenarios;
  for (const std::string& line : ReadLines(std::string(kDir) + "scenarios.jsonl")) {
    Scenario s;
    std::string error;
    ASSERT_TRUE(corsctl::ParseScenario(line, &s, &error)) << error;
    if (ServableOverLoopback(s)) scenarios.push_back(std::move(s));
  }
  // Most of the corpus is plain loopback HTTP; a filter gone wrong must not
  // quietly leave nothing to test.
  ASSERT_GE(scenarios.size(), 400u);

  for (const char* browser : {"chromium", "firefox", "webkit"}) {
    std::map<std::string, TruthRecord> truth;
    for (const std::string& line : ReadLines(std::string(kDir) + browser + ".jsonl")) {
      TruthRecord r;
      std::string error;
      ASSERT_TRUE(corsctl::ParseTruthRecord(line, &r, &error)) << error;
      truth[r.name] = std::move(r);
    }
    const corsengine::Profile& profile = *corsengine::FindProfile(browser);
    int agree = 0;
    for (const Scenario& s : scenarios) {
      const TruthRecord actual = Run(s, profile);
      std::string why;
      ASSERT_EQ(truth.count(s.name), 1u) << s.name;
      if (corsctl::RecordsAgree(truth[s.name], actual, &why)) {
        ++agree;
      } else {
        ADD_FAILURE() << browser << " " << s.name << ": " << why;
      }
    }
    std::cout << browser << ": " << agree << "/" << scenarios.size()
              << " scenarios agree over loopback sockets\n";
  }
  std::cout << requests_sent_ << " requests sent over loopback\n";
}

}  // namespace
