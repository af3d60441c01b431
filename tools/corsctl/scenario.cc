// File: tools/corsctl/scenario.cc

#include "tools/corsctl/scenario.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace corsctl {
namespace {

using nlohmann::json;

// A JSON reader that records the first problem with the field path instead
// of throwing.
class Reader {
 public:
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  void Fail(const std::string& path, const std::string& what) {
    if (error_.empty()) error_ = "field '" + path + "': " + what;
  }

  static std::string TypeName(const json& j) { return j.type_name(); }

  const json* Member(const json& obj, const std::string& path,
                     std::string_view key, bool required) {
    if (!ok()) return nullptr;
    if (!obj.is_object()) {
      Fail(path, "expected an object, got " + TypeName(obj));
      return nullptr;
    }
    auto it = obj.find(std::string(key));
    if (it == obj.end()) {
      if (required) Fail(Join(path, key), "missing");
      return nullptr;
    }
    return &*it;
  }

  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

  void String(const json& obj, const std::string& path, std::string_view key,
              bool required, std::string* out) {
    const json* j = Member(obj, path, key, required);
    if (!j) return;
    if (!j->is_string()) {
      Fail(Join(path, key), "expected a string, got " + TypeName(*j));
      return;
    }
    *out = j->get<std::string>();
  }

  void NullableString(const json& obj, const std::string& path,
                      std::string_view key, std::optional<std::string>* out) {
    const json* j = Member(obj, path, key, true);
    if (!j) return;
    if (j->is_null()) {
      out->reset();
    } else if (j->is_string()) {
      *out = j->get<std::string>();
    } else {
      Fail(Join(path, key), "expected a string or null, got " + TypeName(*j));
    }
  }

  template <typename Int>
  void Integer(const json& obj, const std::string& path, std::string_view key,
               bool required, Int* out) {
    const json* j = Member(obj, path, key, required);
    if (!j) return;
    if (!j->is_number_integer()) {
      Fail(Join(path, key), "expected an integer, got " + TypeName(*j));
      return;
    }
    *out = j->get<Int>();
  }

  const json* Array(const json& obj, const std::string& path,
                    std::string_view key, bool required) {
    const json* j = Member(obj, path, key, required);
    if (!j) return nullptr;
    if (!j->is_array()) {
      Fail(Join(path, key), "expected an array, got " + TypeName(*j));
      return nullptr;
    }
    return j;
  }

  void Pairs(const json& obj, const std::string& path, std::string_view key,
             bool required, std::vector<StringPair>* out) {
    const json* arr = Array(obj, path, key, required);
    if (!arr) return;
    for (size_t i = 0; i < arr->size() && ok(); ++i) {
      const json& p = (*arr)[i];
      const std::string where = Join(path, key) + "[" + std::to_string(i) + "]";
      if (!p.is_array() || p.size() != 2 || !p[0].is_string() ||
          !p[1].is_string()) {
        Fail(where, "expected a [name, value] pair of strings");
        return;
      }
      out->emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
    }
  }

  void StringList(const json& obj, const std::string& path,
                  std::string_view key, std::vector<std::string>* out) {
    const json* arr = Array(obj, path, key, true);
    if (!arr) return;
    for (size_t i = 0; i < arr->size(); ++i) {
      if (!(*arr)[i].is_string()) {
        Fail(Join(path, key) + "[" + std::to_string(i) + "]",
             "expected a string");
        return;
      }
      out->push_back((*arr)[i].get<std::string>());
    }
  }

 private:
  std::string error_;
};

// A SAX handler that only records the parser's error message, so malformed
// input is described without exceptions.
struct ErrorRecorder : nlohmann::json_sax<json> {
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    message = ex.what();
    return false;
  }
};

bool ParseJson(std::string_view line, json* out, std::string* error) {
  *out = json::parse(line.begin(), line.end(), nullptr,
                     /*allow_exceptions=*/false);
  if (!out->is_discarded()) return true;
  ErrorRecorder recorder;
  (void)json::sax_parse(line.begin(), line.end(), &recorder);
  *error = "malformed JSON: " +
           (recorder.message.empty() ? std::string("parse error")
                                     : recorder.message);
  return false;
}

json PairsToJson(const std::vector<StringPair>& pairs) {
  json arr = json::array();
  for (const auto& [name, value] : pairs) arr.push_back({name, value});
  return arr;
}

json Nullable(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}

}  // namespace

bool ParseScenario(std::string_view line, Scenario* out, std::string* error) {
  json j;
  if (!ParseJson(line, &j, error)) return false;
  Reader r;
  if (!j.is_object()) r.Fail("(line)", "expected an object");
  r.String(j, "", "name", true, &out->name);
  r.String(j, "", "origin", true, &out->origin);
  const json* steps = r.Array(j, "", "steps", true);
  for (size_t i = 0; steps && i < steps->size() && r.ok(); ++i) {
    const json& s = (*steps)[i];
    const std::string path = "steps[" + std::to_string(i) + "]";
    Step step;
    r.Integer(s, path, "after_ms", false, &step.after_ms);
    if (r.ok() && step.after_ms < 0) r.Fail(path + ".after_ms", "negative");
    const json* req = r.Member(s, path, "request", true);
    if (req) {
      const std::string rp = path + ".request";
      ScriptRequest& q = step.request;
      r.String(*req, rp, "method", false, &q.method);
      r.String(*req, rp, "url", true, &q.url);
      r.String(*req, rp, "mode", false, &q.mode);
      r.String(*req, rp, "credentials", false, &q.credentials);
      r.String(*req, rp, "redirect", false, &q.redirect);
      r.String(*req, rp, "cache", false, &q.cache);
      r.Pairs(*req, rp, "headers", false, &q.headers);
    }
    const json* server = r.Array(s, path, "server", false);
    for (size_t k = 0; server && k < server->size() && r.ok(); ++k) {
      const json& e = (*server)[k];
      const std::string sp = path + ".server[" + std::to_string(k) + "]";
      ServerResponse resp;
      r.String(e, sp, "method", true, &resp.method);
      r.String(e, sp, "url", true, &resp.url);
      r.Integer(e, sp, "status", true, &resp.status);
      if (r.ok() && (resp.status < 100 || resp.status > 999)) {
        r.Fail(sp + ".status", "not an HTTP status code");
      }
      r.Pairs(e, sp, "headers", false, &resp.headers);
      step.server.push_back(std::move(resp));
    }
    out->steps.push_back(std::move(step));
  }
  if (!r.ok()) *error = r.error();
  return r.ok();
}

bool ParseTruthRecord(std::string_view line, TruthRecord* out,
                      std::string* error) {
  json j;
  if (!ParseJson(line, &j, error)) return false;
  Reader r;
  if (!j.is_object()) r.Fail("(line)", "expected an object");
  r.String(j, "", "name", true, &out->name);
  r.String(j, "", "browser", false, &out->browser);
  const json* steps = r.Array(j, "", "steps", true);
  for (size_t i = 0; steps && i < steps->size() && r.ok(); ++i) {
    const json& s = (*steps)[i];
    const std::string path = "steps[" + std::to_string(i) + "]";
    StepTruth step;
    const json* wire = r.Array(s, path, "wire", true);
    for (size_t k = 0; wire && k < wire->size() && r.ok(); ++k) {
      const std::string wp = path + ".wire[" + std::to_string(k) + "]";
      WireRequest w;
      r.String((*wire)[k], wp, "method", true, &w.method);
      r.String((*wire)[k], wp, "url", true, &w.url);
      r.NullableString((*wire)[k], wp, "origin", &w.origin);
      r.NullableString((*wire)[k], wp, "acrm", &w.acrm);
      r.NullableString((*wire)[k], wp, "acrh", &w.acrh);
      step.wire.push_back(std::move(w));
    }
    r.String(s, path, "result", true, &step.result);
    r.String(s, path, "reason", false, &step.reason);
    if (r.ok() && step.result == "ok") {
      r.String(s, path, "type", true, &step.type);
      r.Integer(s, path, "status", true, &step.status);
      r.String(s, path, "url", true, &step.url);
      r.StringList(s, path, "exposed", &step.exposed);
    }
    out->steps.push_back(std::move(step));
  }
  if (!r.ok()) *error = r.error();
  return r.ok();
}

std::string SerializeTruthRecord(const TruthRecord& record) {
  json steps = json::array();
  for (const StepTruth& s : record.steps) {
    json wire = json::array();
    for (const WireRequest& w : s.wire) {
      wire.push_back(json{{"method", w.method},
                          {"url", w.url},
                          {"origin", Nullable(w.origin)},
                          {"acrm", Nullable(w.acrm)},
                          {"acrh", Nullable(w.acrh)}});
    }
    json step = json::object();
    step["wire"] = std::move(wire);
    step["result"] = s.result;
    if (s.result == "ok") {
      step["type"] = s.type;
      step["status"] = s.status;
      step["url"] = s.url;
      step["exposed"] = s.exposed;
    }
    if (!s.reason.empty()) step["reason"] = s.reason;
    steps.push_back(std::move(step));
  }
  json j = json::object();
  j["name"] = record.name;
  j["browser"] = record.browser;
  j["steps"] = std::move(steps);
  // Invalid UTF-8 from a hostile scenario is replaced, never thrown.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SerializeScenario(const Scenario& scenario) {
  json steps = json::array();
  for (const Step& s : scenario.steps) {
    json server = json::array();
    for (const ServerResponse& e : s.server) {
      server.push_back(json{{"method", e.method},
                            {"url", e.url},
                            {"status", e.status},
                            {"headers", PairsToJson(e.headers)}});
    }
    const ScriptRequest& q = s.request;
    steps.push_back(json{{"after_ms", s.after_ms},
                         {"request",
                          {{"method", q.method},
                           {"url", q.url},
                           {"mode", q.mode},
                           {"credentials", q.credentials},
                           {"redirect", q.redirect},
                           {"cache", q.cache},
                           {"headers", PairsToJson(q.headers)}}},
                         {"server", std::move(server)}});
  }
  json j = json{{"name", scenario.name},
                {"origin", scenario.origin},
                {"steps", std::move(steps)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

std::string Show(const std::optional<std::string>& s) {
  return s ? "'" + *s + "'" : "null";
}

std::string Show(const WireRequest& w) {
  return w.method + " " + w.url + " origin=" + Show(w.origin) +
         " acrm=" + Show(w.acrm) + " acrh=" + Show(w.acrh);
}

}  // namespace

bool StepsAgree(const StepTruth& expected, const StepTruth& actual,
                std::string* why) {
  if (expected.wire.size() != actual.wire.size()) {
    *why = "wire has " + std::to_string(actual.wire.size()) +
           " requests, expected " + std::to_string(expected.wire.size());
    for (size_t i = 0; i < expected.wire.size(); ++i) {
      *why += "; expected[" + std::to_string(i) + "] " + Show(expected.wire[i]);
    }
    for (size_t i = 0; i < actual.wire.size(); ++i) {
      *why += "; actual[" + std::to_string(i) + "] " + Show(actual.wire[i]);
    }
    return false;
  }
  for (size_t i = 0; i < expected.wire.size(); ++i) {
    if (!(expected.wire[i] == actual.wire[i])) {
      *why = "wire[" + std::to_string(i) + "] is " + Show(actual.wire[i]) +
             ", expected " + Show(expected.wire[i]);
      return false;
    }
  }
  if (expected.result != actual.result) {
    *why = "result is " + actual.result + ", expected " + expected.result;
    return false;
  }
  if (expected.result != "ok") return true;
  if (expected.type != actual.type) {
    *why = "type is " + actual.type + ", expected " + expected.type;
    return false;
  }
  if (expected.status != actual.status) {
    *why = "status is " + std::to_string(actual.status) + ", expected " +
           std::to_string(expected.status);
    return false;
  }
  if (expected.url != actual.url) {
    *why = "url is '" + actual.url + "', expected '" + expected.url + "'";
    return false;
  }
  if (expected.exposed != actual.exposed) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s = "[";
      for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i];
      return s + "]";
    };
    *why = "exposed is " + join(actual.exposed) + ", expected " +
           join(expected.exposed);
    return false;
  }
  return true;
}

bool RecordsAgree(const TruthRecord& expected, const TruthRecord& actual,
                  std::string* why) {
  if (expected.steps.size() != actual.steps.size()) {
    *why = "has " + std::to_string(actual.steps.size()) + " steps, expected " +
           std::to_string(expected.steps.size());
    return false;
  }
  for (size_t i = 0; i < expected.steps.size(); ++i) {
    std::string step_why;
    if (!StepsAgree(expected.steps[i], actual.steps[i], &step_why)) {
      *why = "step " + std::to_string(i + 1) + ": " + step_why;
      return false;
    }
  }
  return true;
}

std::string FamilyOf(std::string_view name) {
  return std::string(name.substr(0, name.find('/')));
}

}  // namespace corsctl
