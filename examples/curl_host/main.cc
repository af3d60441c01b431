// File: examples/curl_host/main.cc
//
//   curl_host URL --origin ORIGIN [-X METHOD] [-H 'Name: value']...
//             [--credentials include] [--mode no-cors] [--profile NAME]
//             [--data BODY] [--repeat N]
//
// Fetches URL for a page of ORIGIN over real HTTP (libcurl), corsengine
// deciding every step: the preflight, the cache (--repeat shows its hits),
// redirects, the CORS check; then prints what script would see. One profile
// (chromium unless --profile says otherwise). Exit code 0 when delivered, 1
// when blocked, 2 on bad arguments.

#include <iostream>
#include <string>
#include <vector>

#include "examples/curl_host/curl_host.h"

int main(int argc, char** argv) {
  using namespace corsengine;
  std::vector<std::string> args(argv + 1, argv + argc);
  examples::ProbeOptions options;
  std::string error;
  if (!examples::ParseProbeArgs(args, &options, &error)) {
    std::cerr << "curl_host: " << error << "\n";
    return 2;
  }
  if (options.profiles.empty()) options.profiles.push_back(&kChromiumProfile);
  options.profiles.resize(1);
  examples::CurlTransport transport;
  const std::vector<examples::ProfileVerdict> verdicts =
      examples::Probe(options, transport);
  const examples::ProfileVerdict& v = verdicts.front();
  std::cout << "profile " << v.profile->name << "\n";
  for (size_t i = 0; i < v.runs.size(); ++i) {
    if (v.runs.size() > 1) std::cout << "-- fetch " << i + 1 << "\n";
    std::cout << examples::Describe(v.runs[i]);
  }
  return v.allowed() ? 0 : 1;
}
