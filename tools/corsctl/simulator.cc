// File: tools/corsctl/simulator.cc

#include "tools/corsctl/simulator.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/corsengine.h"

namespace corsctl {
namespace {

using corsengine::Action;
using corsengine::CorsErrorStatus;
using corsengine::Expected;
using corsengine::HeaderView;
using corsengine::Profile;

// Every fetch ends within this many actions (21 redirects, each with a
// preflight, is under 50); a bound keeps a broken flow from looping.
constexpr int kMaxActionsPerStep = 64;

// WebIDL ByteString conversion: each code point must be at most U+00FF and
// becomes one byte. Returns nullopt for anything else.
std::optional<std::string> ToByteString(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      const uint32_t cp = ((c & 0x1Fu) << 6) |
                          (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      if (cp > 0xFF || cp < 0x80) return std::nullopt;
      out.push_back(static_cast<char>(cp));
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// The host's scheme fetch of a data: URL (the Fetch Standard's "data: URL
// processor"), as far as script sees it: nullopt when the processor fails
// (no comma, or a base64 body that does not decode), else the headers of
// the 200 response. Firefox's host also sends Content-Length (recorded:
// variant/data-url/).
std::optional<std::vector<StringPair>> DataUrlResponse(std::string_view url,
                                                       const Profile& profile) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  };
  std::string_view rest = url.substr(url.find(':') + 1);
  const size_t comma = rest.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view mime = rest.substr(0, comma);
  while (!mime.empty() && is_space(mime.front())) mime.remove_prefix(1);
  while (!mime.empty() && is_space(mime.back())) mime.remove_suffix(1);
  std::string body;
  const std::string_view encoded = rest.substr(comma + 1);
  for (size_t i = 0; i < encoded.size(); ++i) {
    auto hex = [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    };
    if (encoded[i] == '%' && i + 2 < encoded.size() &&
        hex(encoded[i + 1]) && hex(encoded[i + 2])) {
      body.push_back(static_cast<char>(
          std::stoi(std::string(encoded.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      body.push_back(encoded[i]);
    }
  }
  // ";base64" at the end (spaces allowed before "base64", any case).
  std::string lower(mime);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t base64_at = std::string::npos;
  if (lower.size() >= 6 && lower.compare(lower.size() - 6, 6, "base64") == 0) {
    size_t i = lower.size() - 6;
    while (i > 0 && lower[i - 1] == ' ') --i;
    if (i > 0 && lower[i - 1] == ';') base64_at = i - 1;
  }
  size_t body_size = body.size();
  if (base64_at != std::string::npos) {
    mime = mime.substr(0, base64_at);
    // Forgiving-base64 decode: only its success and size matter here.
    std::string b64;
    for (char c : body) {
      if (!is_space(c)) b64.push_back(c);
    }
    if (b64.size() % 4 == 0) {
      for (int k = 0; k < 2 && !b64.empty() && b64.back() == '='; ++k) {
        b64.pop_back();
      }
    }
    if (b64.size() % 4 == 1) return std::nullopt;
    for (char c : b64) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') {
        return std::nullopt;
      }
    }
    body_size = b64.size() * 3 / 4;
  }
  // "If mimeType starts with ';', prepend text/plain", then parse it; a
  // type that does not parse becomes text/plain;charset=US-ASCII. (Only
  // the essence is checked and lowercased here: the records compare header
  // names, not values.)
  std::string content_type(mime);
  if (!content_type.empty() && content_type.front() == ';') {
    content_type = "text/plain" + content_type;
  }
  const size_t slash = content_type.find('/');
  const size_t essence_end = std::min(content_type.find(';'), content_type.size());
  auto token = [&](size_t from, size_t to) {
    if (from >= to) return false;
    for (size_t i = from; i < to; ++i) {
      const unsigned char c = static_cast<unsigned char>(content_type[i]);
      if (!std::isalnum(c) && std::string_view("!#$%&'*+-.^_`|~").find(
                                  static_cast<char>(c)) == std::string_view::npos) {
        return false;
      }
    }
    return true;
  };
  if (slash == std::string::npos || slash > essence_end ||
      !token(0, slash) || !token(slash + 1, essence_end)) {
    content_type = "text/plain;charset=US-ASCII";
  } else {
    for (size_t i = 0; i < essence_end; ++i) {
      content_type[i] = static_cast<char>(
          std::tolower(static_cast<unsigned char>(content_type[i])));
    }
  }
  std::vector<StringPair> headers = {{"Content-Type", content_type}};
  if (profile.id == corsengine::ProfileId::kFirefox) {
    headers.push_back({"Content-Length", std::to_string(body_size)});
  }
  return headers;
}

std::string ShowHeaders(const std::vector<StringPair>& headers) {
  std::string s;
  for (const auto& [name, value] : headers) {
    s += (s.empty() ? "" : ", ") + name + ": " + value;
  }
  return s.empty() ? "(no headers)" : s;
}

std::string ShowOptional(const std::string* s) {
  return s ? *s : std::string("(absent)");
}

const ServerResponse* FindServerResponse(const Step& step,
                                         const std::string& method,
                                         const std::string& url) {
  for (const ServerResponse& r : step.server) {
    if (r.method != method) continue;
    if (r.url == url) return &r;
    // A server never sees a fragment, so an entry with one matches nothing.
    if (r.url.find('#') != std::string::npos) continue;
    // The server sees the canonical URL; compare scenario URLs the same way.
    Expected<corsengine::Url> parsed = corsengine::Url::Parse(r.url);
    if (parsed.ok() && parsed->spec() == url) return &r;
  }
  return nullptr;
}

// The origins a run can reach: those the format's servers stand on
// (127.0.0.1 and localhost, ports 8001-8003, over http) and every origin the
// scenario names (its page, its requests, its server entries). A request to
// any other origin (another host, port or scheme) finds no server in a real
// run: a network error, and nothing on the wire.
std::vector<std::string> ReachableOrigins(const Scenario& scenario) {
  std::vector<std::string> origins;
  for (const char* host : {"127.0.0.1", "localhost"}) {
    for (const char* port : {"8001", "8002", "8003"}) {
      origins.push_back(std::string("http://") + host + ":" + port);
    }
  }
  auto name = [&](std::string_view url) {
    Expected<corsengine::Url> parsed = corsengine::Url::Parse(url);
    if (!parsed.ok()) return;
    const corsengine::Origin o = corsengine::Origin::FromUrl(*parsed);
    if (!o.opaque()) origins.push_back(o.Serialize());
  };
  name(scenario.origin);
  for (const Step& step : scenario.steps) {
    name(step.request.url);
    for (const ServerResponse& r : step.server) name(r.url);
  }
  return origins;
}

bool Reaches(const std::vector<std::string>& origins, std::string_view url) {
  Expected<corsengine::Url> parsed = corsengine::Url::Parse(url);
  if (!parsed.ok()) return false;
  const std::string origin = corsengine::Origin::FromUrl(*parsed).Serialize();
  for (const std::string& o : origins) {
    if (o == origin) return true;
  }
  return false;
}

StepTruth Failed(std::string reason) {
  StepTruth t;
  t.result = "error";
  t.reason = std::move(reason);
  return t;
}

StepTruth RunStep(const Step& step, const corsengine::Origin& origin,
                  const Profile& profile, corsengine::PreflightCache* cache,
                  absl::Time now, std::vector<std::string>* explain,
                  const Transport& transport,
                  const std::vector<std::string>& reachable,
                  ScenarioTape* tape) {
  auto say = [&](std::string line) {
    if (explain) explain->push_back(std::move(line));
  };
  const ScriptRequest& q = step.request;
  say("  fetch(" + q.method + " " + q.url + ", mode " + q.mode +
      ", credentials " + q.credentials + ", redirect " + q.redirect +
      ", cache " + q.cache + ", headers " + ShowHeaders(q.headers) + ")");

  // What fetch() and the Request constructor do with script's arguments.
  corsengine::RequestInit init;
  init.origin = origin;
  init.url = q.url;
  const std::optional<std::string> method = ToByteString(q.method);
  if (!method) {
    return Failed("TypeError: the method '" + q.method +
                  "' is not a ByteString");
  }
  init.method = *method;
  std::vector<std::pair<std::string, std::string>> byte_headers;
  for (const auto& [name, value] : q.headers) {
    std::optional<std::string> n = ToByteString(name);
    std::optional<std::string> v = ToByteString(value);
    if (!n || !v) {
      return Failed("TypeError: header '" + name +
                    "' has a character beyond U+00FF (not a ByteString)");
    }
    byte_headers.emplace_back(std::move(*n), std::move(*v));
  }
  std::vector<HeaderView> header_views;
  for (const auto& [n, v] : byte_headers) header_views.push_back({n, v});
  init.headers = header_views;
  Expected<corsengine::RequestMode> mode = corsengine::ParseRequestMode(q.mode);
  if (!mode.ok()) return Failed("TypeError: " + mode.error().message);
  init.mode = *mode;
  Expected<corsengine::CredentialsMode> credentials =
      corsengine::ParseCredentialsMode(q.credentials);
  if (!credentials.ok()) {
    return Failed("TypeError: " + credentials.error().message);
  }
  init.credentials = *credentials;
  Expected<corsengine::RedirectMode> redirect =
      corsengine::ParseRedirectMode(q.redirect);
  if (!redirect.ok()) return Failed("TypeError: " + redirect.error().message);
  init.redirect = *redirect;
  Expected<corsengine::CacheMode> cache_mode =
      corsengine::ParseCacheMode(q.cache);
  if (!cache_mode.ok()) {
    return Failed("TypeError: " + cache_mode.error().message);
  }
  init.cache = *cache_mode;

  Expected<corsengine::Request> request =
      corsengine::CreateRequest(init, profile);
  StepTape* recorded = nullptr;
  if (tape != nullptr) {
    recorded = &tape->steps.emplace_back();
    recorded->now = now;
    recorded->method = *method;
    recorded->url = q.url;
    recorded->headers = byte_headers;
    recorded->mode = init.mode;
    recorded->credentials = init.credentials;
    recorded->redirect = init.redirect;
    recorded->cache = init.cache;
    recorded->created = request.ok();
  }
  if (!request.ok()) {
    say("  ! fetch() throws: " + request.error().message);
    return Failed("TypeError: " + request.error().message);
  }

  StepTruth truth;
  corsengine::Fetch fetch(std::move(request).value(), profile, cache);
  // Every answer goes to the engine through these two, which keep the tape.
  auto respond = [&](int status, corsengine::HeaderSpan headers) {
    if (recorded != nullptr) {
      HostAnswer& a = recorded->answers.emplace_back();
      a.status = status;
      for (const HeaderView& h : headers) {
        a.headers.emplace_back(std::string(h.name), std::string(h.value));
      }
    }
    return fetch.OnResponse(status, headers, now);
  };
  auto network_error = [&](std::string_view description) {
    if (recorded != nullptr) {
      HostAnswer& a = recorded->answers.emplace_back();
      a.network_error = true;
      a.description = std::string(description);
    }
    return fetch.OnNetworkError(description, now);
  };
  Action action = fetch.Start(now);
  for (int n = 0; n < kMaxActionsPerStep; ++n) {
    switch (action.kind) {
      case Action::Kind::kSendPreflight:
      case Action::Kind::kSendRequest:
      case Action::Kind::kFollowRedirect: {
        const corsengine::OutgoingRequest& out = action.request;
        if (out.http_cache_only) {
          // The simulated host keeps no HTTP cache, so nothing can answer.
          say("  -> " + out.method + " " + out.url +
              "   only-if-cached: not in the HTTP cache, not sent");
          action = network_error("only-if-cached: no stored response");
          continue;
        }
        if (out.url.rfind("data:", 0) == 0) {
          // The host's own scheme fetch: nothing goes on the wire.
          const std::optional<std::vector<StringPair>> data =
              DataUrlResponse(out.url, profile);
          if (!data) {
            say("  -> " + out.url + "   the data: URL processor fails it");
            action = network_error("data: URL the processor rejects");
            continue;
          }
          say("  -> " + out.url + "   data: URL, answered by the host (not on "
              "the wire): 200   " + ShowHeaders(*data));
          std::vector<HeaderView> views;
          for (const auto& [name, value] : *data) views.push_back({name, value});
          action = respond(200, views);
          continue;
        }
        if (!transport && !Reaches(reachable, out.url)) {
          say("  -> " + out.method + " " + out.url +
              "   no server at this origin: network error, not on the wire");
          action = network_error("no server at this origin");
          continue;
        }
        WireRequest wire;
        wire.method = out.method;
        wire.url = out.url;
        if (const std::string* v = out.FindHeader("Origin")) wire.origin = *v;
        if (const std::string* v =
                out.FindHeader(corsengine::kAccessControlRequestMethod)) {
          wire.acrm = *v;
        }
        if (const std::string* v =
                out.FindHeader(corsengine::kAccessControlRequestHeaders)) {
          wire.acrh = *v;
        }
        say("  -> " + out.method + " " + out.url + "   Origin: " +
            ShowOptional(out.FindHeader("Origin")) +
            (wire.acrm ? "   ACRM: " + *wire.acrm : "") +
            (wire.acrh ? "   ACRH: " + *wire.acrh : "") +
            (out.include_credentials ? "   (with credentials)" : ""));
        say("     why: " + action.reason);
        if (action.cache.outcome != corsengine::CacheOutcome::kNotUsed) {
          say("     cache: " +
              std::string(corsengine::ToString(action.cache.outcome)));
        }
        truth.wire.push_back(std::move(wire));
        if (transport) {
          const std::optional<WireAnswer> answer = transport(step, out);
          if (!answer) {
            say("  <- no response (network error)");
            action = network_error("no response");
            continue;
          }
          std::vector<HeaderView> views;
          for (const auto& [name, value] : answer->headers) {
            views.push_back({name, value});
          }
          say("  <- " + std::to_string(answer->status) + "   " +
              ShowHeaders(answer->headers));
          action = respond(answer->status, views);
          continue;
        }
        const ServerResponse* response =
            FindServerResponse(step, out.method, out.url);
        std::vector<HeaderView> response_headers;
        std::vector<std::string> wire_bytes;
        int status = 404;
        if (response) {
          status = response->status;
          // The server writes each character up to U+00FF as one byte (a
          // scenario's `é` is the byte 0xE9 on the wire); others as UTF-8.
          wire_bytes.reserve(2 * response->headers.size());
          for (const auto& [name, value] : response->headers) {
            wire_bytes.push_back(ToByteString(name).value_or(name));
            wire_bytes.push_back(ToByteString(value).value_or(value));
            response_headers.push_back(
                {wire_bytes[wire_bytes.size() - 2], wire_bytes.back()});
          }
          say("  <- " + std::to_string(status) + "   " +
              ShowHeaders(response->headers));
        } else {
          say("  <- 404   (no server entry for this method and URL)");
        }
        action = respond(status, response_headers);
        continue;
      }
      case Action::Kind::kWaitForPreflight:
        // Steps run one after another, so nothing else is in flight.
        truth.result = "error";
        truth.reason = "unexpected wait for an in-flight preflight: " +
                       action.reason;
        say("  = error: " + truth.reason);
        return truth;
      case Action::Kind::kDeliver: {
        const corsengine::FilteredResponse& r = action.response;
        truth.result = "ok";
        truth.type = std::string(corsengine::ToString(r.type));
        truth.status = r.status;
        truth.url = r.url;
        truth.exposed = r.header_names;
        truth.reason = action.reason;
        if (recorded != nullptr) recorded->delivered = true;
        std::string names;
        for (const std::string& h : r.header_names) {
          names += (names.empty() ? "" : ", ") + h;
        }
        say("  = ok: " + truth.type + " " + std::to_string(r.status) +
            ", script can read: " + (names.empty() ? "(no headers)" : names));
        say("     why: " + action.reason);
        return truth;
      }
      case Action::Kind::kFail: {
        const CorsErrorStatus& e = action.error;
        truth.result = "error";
        truth.reason = std::string(corsengine::CorsErrorName(e.error)) + ": " +
                       e.message;
        say("  = error: " + truth.reason);
        return truth;
      }
    }
  }
  truth.result = "error";
  truth.reason = "the fetch did not finish within " +
                 std::to_string(kMaxActionsPerStep) + " actions";
  return truth;
}

}  // namespace

std::string EngineLabel(const Profile& profile) {
  return "corsengine 0.1 (profile " + std::string(profile.name) +
         ", models " + std::string(profile.models) + ")";
}

TruthRecord Simulate(const Scenario& scenario, const Profile& profile,
                     std::vector<std::string>* explain,
                     const Transport& transport, ScenarioTape* tape) {
  TruthRecord record;
  record.name = scenario.name;
  record.browser = EngineLabel(profile);
  if (explain) {
    explain->push_back("== " + scenario.name + "   (profile " +
                       std::string(profile.name) + ", page origin " +
                       scenario.origin + ")");
  }
  Expected<corsengine::Origin> origin =
      corsengine::Origin::Parse(scenario.origin);
  // One page in one fresh browsing profile: one preflight cache shared by
  // the steps, with one shard so eviction follows the profile exactly.
  corsengine::PreflightCache::Options options;
  options.shards = 1;
  corsengine::PreflightCache cache(profile, options);
  if (tape != nullptr) tape->origin = scenario.origin;
  absl::Time now = absl::UnixEpoch();
  const std::vector<std::string> reachable = ReachableOrigins(scenario);
  for (size_t i = 0; i < scenario.steps.size(); ++i) {
    const Step& step = scenario.steps[i];
    now += absl::Milliseconds(step.after_ms);
    if (explain) {
      explain->push_back("step " + std::to_string(i + 1) + " (t = " +
                         std::to_string(absl::ToUnixMillis(now)) + " ms)");
    }
    if (!origin.ok()) {
      record.steps.push_back(Failed(origin.error().message));
      continue;
    }
    record.steps.push_back(RunStep(step, *origin, profile, &cache, now, explain,
                                   transport, reachable, tape));
  }
  return record;
}

}  // namespace corsctl
