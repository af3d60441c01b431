// File: examples/curl_host/curl_host.cc

#include "examples/curl_host/curl_host.h"

#include <curl/curl.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

namespace corsengine::examples {
namespace {

struct Response {
  std::vector<Header> headers;
  std::string body;
};

// Header lines of the (only) response: curl follows nothing, so one block;
// a new status line starts it over (1xx interim responses).
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (line.substr(0, 5) == "HTTP/") {
    r->headers.clear();
  } else if (const size_t colon = line.find(':');
             colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    r->headers.push_back(
        Header{std::string(line.substr(0, colon)), std::string(value)});
  }
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<Response*>(user)->body.append(data, size * count);
  return size * count;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

CurlTransport::CurlTransport() {
  static CurlGlobal global;
  CURLSH* share = curl_share_init();
  if (share != nullptr) curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
  share_ = share;
}

CurlTransport::~CurlTransport() {
  if (share_ != nullptr) curl_share_cleanup(static_cast<CURLSH*>(share_));
}

HttpResult CurlTransport::Send(const OutgoingRequest& request,
                               std::string_view body, absl::Duration timeout) {
  HttpResult result;
  if (request.http_cache_only) {
    result.error = "only-if-cached: this host keeps no HTTP cache";
    return result;
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    result.error = "curl_easy_init failed";
    return result;
  }
  Response response;
  curl_slist* headers = nullptr;
  for (const Header& h : request.headers) {
    const std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
    headers = curl_slist_append(headers, line.c_str());
  }
  // curl adds only transport headers (Host, Accept, Content-Length); not
  // Expect, which would change what the server sees.
  headers = curl_slist_append(headers, "Expect:");
  const std::string url = request.url;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // the engine follows
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(timeout)));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  if (request.include_credentials && share_ != nullptr) {
    curl_easy_setopt(curl, CURLOPT_SHARE, static_cast<CURLSH*>(share_));
    curl_easy_setopt(curl, CURLOPT_COOKIEFILE, "");  // in memory only
  }
  const std::string& method = request.method;
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method != "OPTIONS" && !body.empty()) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    }
  }
  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.ok = true;
    result.status = static_cast<int>(status);
    result.headers = std::move(response.headers);
    result.body = std::move(response.body);
  } else {
    result.error = curl_easy_strerror(code);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return result;
}

FetchOutcome RunFetch(Fetch& fetch, CurlTransport& transport,
                      std::string_view body,
                      const std::function<absl::Time()>& clock) {
  auto now = [&] { return clock ? clock() : absl::Now(); };
  FetchOutcome outcome;
  Action a = fetch.Start(now());
  while (true) {
    Step step{a.kind, a.request.method, a.request.url, 0, a.reason};
    if (a.kind == Action::Kind::kSendPreflight ||
        a.kind == Action::Kind::kSendRequest ||
        a.kind == Action::Kind::kFollowRedirect) {
      (a.kind == Action::Kind::kSendPreflight ? outcome.preflights_sent
                                              : outcome.requests_sent)++;
      const HttpResult r = transport.Send(
          a.request, a.kind == Action::Kind::kSendPreflight ? "" : body);
      step.status = r.ok ? r.status : 0;
      outcome.steps.push_back(std::move(step));
      if (!r.ok) {
        a = fetch.OnNetworkError(r.error, now());
        continue;
      }
      const std::vector<HeaderView> views = ViewsOf(r.headers);
      a = fetch.OnResponse(r.status, views, now());
      continue;
    }
    if (a.kind == Action::Kind::kWaitForPreflight) {
      // One fetch at a time: nothing else can finish that flight.
      outcome.steps.push_back(std::move(step));
      a = Action();
      a.kind = Action::Kind::kFail;
      a.error = CorsErrorStatus(CorsError::kUnexpectedCall, "",
                                "waiting for a preflight no fetch is sending");
      break;
    }
    outcome.steps.push_back(std::move(step));
    break;
  }
  outcome.final = std::move(a);
  return outcome;
}

std::string Describe(const FetchOutcome& outcome) {
  std::string out;
  for (const Step& s : outcome.steps) {
    if (s.kind == Action::Kind::kDeliver || s.kind == Action::Kind::kFail) break;
    out += std::string(ToString(s.kind)) + ": " + s.method + " " + s.url;
    out += s.status > 0 ? " -> " + std::to_string(s.status) : " -> no response";
    out += "\n    (" + s.reason + ")\n";
  }
  const Action& a = outcome.final;
  if (a.kind == Action::Kind::kDeliver) {
    out += "delivered: " + std::string(ToString(a.response.type)) + " " +
           std::to_string(a.response.status) + " " + a.response.url + "\n";
    out += "script may read:";
    for (const std::string& n : a.response.header_names) out += " " + n;
    out += a.response.header_names.empty() ? " (nothing)\n" : "\n";
  } else {
    out += "failed: " + std::string(CorsErrorName(a.error.error)) + ": " +
           a.error.message + "\n";
  }
  return out;
}

bool ParseProbeArgs(const std::vector<std::string>& args, ProbeOptions* out,
                    std::string* error) {
  auto value = [&](size_t* i, const std::string& flag) -> const std::string* {
    if (*i + 1 >= args.size()) {
      *error = flag + " needs a value";
      return nullptr;
    }
    return &args[++*i];
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const std::string* v = nullptr;
    if (a == "--origin") {
      if ((v = value(&i, a)) == nullptr) return false;
      out->origin = *v;
    } else if (a == "-X" || a == "--request") {
      if ((v = value(&i, a)) == nullptr) return false;
      out->method = *v;
    } else if (a == "-H" || a == "--header") {
      if ((v = value(&i, a)) == nullptr) return false;
      const size_t colon = v->find(':');
      if (colon == std::string::npos || colon == 0) {
        *error = "-H wants 'Name: value', got '" + *v + "'";
        return false;
      }
      std::string_view val = std::string_view(*v).substr(colon + 1);
      while (!val.empty() && val.front() == ' ') val.remove_prefix(1);
      out->headers.push_back(Header{v->substr(0, colon), std::string(val)});
    } else if (a == "--credentials") {
      if ((v = value(&i, a)) == nullptr) return false;
      Expected<CredentialsMode> m = ParseCredentialsMode(*v);
      if (!m.ok()) {
        *error = m.error().message;
        return false;
      }
      out->credentials = *m;
    } else if (a == "--mode") {
      if ((v = value(&i, a)) == nullptr) return false;
      Expected<RequestMode> m = ParseRequestMode(*v);
      if (!m.ok()) {
        *error = m.error().message;
        return false;
      }
      out->mode = *m;
    } else if (a == "--profile") {
      if ((v = value(&i, a)) == nullptr) return false;
      if (*v == "all") {
        for (ProfileId id : {ProfileId::kChromium, ProfileId::kFirefox,
                             ProfileId::kWebKit, ProfileId::kSpec}) {
          out->profiles.push_back(&GetProfile(id));
        }
      } else if (const Profile* p = FindProfile(*v)) {
        out->profiles.push_back(p);
      } else {
        *error = "unknown profile '" + *v +
                 "' (spec, chromium, firefox, webkit or all)";
        return false;
      }
    } else if (a == "--data") {
      if ((v = value(&i, a)) == nullptr) return false;
      out->body = *v;
    } else if (a == "--repeat") {
      if ((v = value(&i, a)) == nullptr) return false;
      char* end = nullptr;
      const long n = std::strtol(v->c_str(), &end, 10);
      if (end == v->c_str() || *end != '\0' || n < 1 || n > 100) {
        *error = "--repeat wants 1 to 100, got '" + *v + "'";
        return false;
      }
      out->repeat = static_cast<int>(n);
    } else if (!a.empty() && a[0] == '-') {
      *error = "unknown option '" + a + "'";
      return false;
    } else if (out->url.empty()) {
      out->url = a;
    } else {
      *error = "one URL only (got '" + out->url + "' and '" + a + "')";
      return false;
    }
  }
  if (out->url.empty()) {
    *error = "no URL given";
    return false;
  }
  if (out->origin.empty()) {
    *error = "--origin is required (the page's origin, e.g. https://app.example)";
    return false;
  }
  return true;
}

std::vector<ProfileVerdict> Probe(const ProbeOptions& options,
                                  CurlTransport& transport) {
  std::vector<ProfileVerdict> verdicts;
  for (const Profile* profile : options.profiles) {
    ProfileVerdict verdict;
    verdict.profile = profile;
    PreflightCache cache(*profile);
    for (int i = 0; i < options.repeat; ++i) {
      FetchOutcome outcome;
      Expected<Origin> origin = Origin::Parse(options.origin);
      const std::vector<HeaderView> headers = ViewsOf(options.headers);
      RequestInit init;
      init.url = options.url;
      init.method = options.method;
      init.headers = headers;
      init.mode = options.mode;
      init.credentials = options.credentials;
      // Bytes, so a redirect may send them again; fetch() refuses them on
      // GET and HEAD, and so does the probe.
      init.body = options.body.empty() ? RequestBody::kNone
                                       : RequestBody::kReplayable;
      if (origin.ok()) init.origin = *origin;
      Expected<Request> request = origin.ok() ? CreateRequest(init, *profile)
                                              : Expected<Request>(origin.error());
      if (!request.ok()) {
        outcome.final.kind = Action::Kind::kFail;
        outcome.final.error = request.error();
        outcome.final.reason = "fetch() rejects the request";
      } else {
        Fetch fetch(std::move(request).value(), *profile, &cache);
        outcome = RunFetch(fetch, transport, options.body);
      }
      verdict.runs.push_back(std::move(outcome));
    }
    verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

std::string ReportProbe(const std::vector<ProfileVerdict>& verdicts) {
  std::string out;
  size_t allowed = 0;
  for (const ProfileVerdict& v : verdicts) {
    std::string line = std::string(v.profile->name) + ": ";
    if (v.runs.empty()) continue;
    const FetchOutcome& last = v.runs.back();
    int preflights = 0;
    for (const FetchOutcome& r : v.runs) preflights += r.preflights_sent;
    if (v.allowed()) {
      ++allowed;
      const FilteredResponse& r = last.final.response;
      line += "allowed (" + std::string(ToString(r.type)) + " " +
              std::to_string(r.status) + "; script reads";
      for (const std::string& n : r.header_names) line += " " + n;
      if (r.header_names.empty()) line += " nothing";
      line += ")";
    } else {
      line += "blocked: " + std::string(CorsErrorName(last.final.error.error)) +
              ": " + last.final.error.message;
    }
    line += " [" + std::to_string(v.runs.size()) + " fetch" +
            (v.runs.size() == 1 ? "" : "es") + ", " +
            std::to_string(preflights) + " preflight" +
            (preflights == 1 ? "" : "s") + "]\n";
    out += line;
  }
  if (verdicts.size() > 1) {
    out += allowed == verdicts.size() ? "every profile allows it\n"
           : allowed == 0             ? "every profile blocks it\n"
                                      : "the profiles differ: check each browser\n";
  }
  return out;
}

}  // namespace corsengine::examples
