// A host in C++ built against an installed corsengine with plain c++
// (package/install_test.sh): one preflighted fetch, offline.

#include <corsengine/corsengine.h>

#include <iostream>
#include <vector>

int main() {
  using namespace corsengine;
  RequestInit init;
  init.origin = *Origin::Parse("https://app.example");
  init.url = "https://api.example/items";
  init.method = "PUT";
  Expected<Request> request = CreateRequest(init, kWebKitProfile);
  if (!request.ok()) return 1;
  PreflightCache cache(kWebKitProfile);
  Fetch fetch(std::move(request).value(), kWebKitProfile, &cache);
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  Action a = fetch.Start(now);
  bool ok = a.kind == Action::Kind::kSendPreflight;
  const std::vector<HeaderView> preflight = {
      {"Access-Control-Allow-Origin", "https://app.example"},
      {"Access-Control-Allow-Methods", "PUT"}};
  a = fetch.OnResponse(204, preflight, now);
  ok = ok && a.kind == Action::Kind::kSendRequest;
  a = fetch.OnResponse(200, {{"Access-Control-Allow-Origin", "*"}}, now);
  ok = ok && a.kind == Action::Kind::kDeliver && cache.size() == 1;
  std::cout << (ok ? "c++ consumer: ok" : "c++ consumer: FAILED") << "\n";
  return ok ? 0 : 1;
}
