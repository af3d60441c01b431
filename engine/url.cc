// File: engine/url.cc
//
// The subset of the URL Standard's basic URL parser that CORS needs, for
// absolute URLs without a base. Step references are to
// https://url.spec.whatwg.org/ (states named as there).

#include "corsengine/url.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/internal/ascii.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace {

using internal::Is;

// Inputs longer than this are refused before any work: browsers cap URLs at
// 2 MiB (Chromium's url::kMaxURLChars); the engine uses the same bound.
constexpr size_t kMaxUrlLength = 2 * 1024 * 1024;

CorsErrorStatus UrlError(std::string_view input, std::string_view what) {
  return CorsErrorStatus(
      CorsError::kInvalidUrl, internal::Truncate(input),
      internal::StrCat(what, " in URL '", internal::Printable(input), "'"));
}

bool IsSpecialWithAuthority(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ws" ||
         scheme == "wss" || scheme == "ftp";
}

// Percent-encodes the bytes of `in` in `set` (one of the byte classes
// k...PercentEncode) onto `out`, appending the runs between them whole:
// URL parsing is the largest share of a fetch in the conformance mix.
void AppendPercentEncoded(std::string_view in, internal::ByteClass set,
                          std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  size_t run = 0;  // the first byte not yet appended
  for (size_t i = 0; i < in.size(); ++i) {
    if (!Is(in[i], set)) continue;
    const auto c = static_cast<unsigned char>(in[i]);
    const char escaped[3] = {'%', kHex[c >> 4], kHex[c & 0xF]};
    out->append(in.data() + run, i - run).append(escaped, 3);
    run = i + 1;
  }
  out->append(in.data() + run, in.size() - run);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 &&
        HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 +
                                      HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// IPv4 number parser: decimal, 0x-hex or 0-octal. Returns false on failure.
bool ParseIpv4Number(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  } else if (s.size() >= 2 && s[0] == '0') {
    s.remove_prefix(1);
    radix = 8;
  }
  if (s.empty()) {
    *out = 0;
    return true;
  }
  uint64_t v = 0;
  for (char c : s) {
    int d = HexValue(c);
    if (d < 0 || d >= radix) return false;
    v = v * radix + d;
    if (v > 0xFFFFFFFFull * 256) return false;  // far out of range already
  }
  *out = v;
  return true;
}

// "ends in a number" (https://url.spec.whatwg.org/#ends-in-a-number-checker).
bool EndsInANumber(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  const size_t dot = host.rfind('.');
  std::string_view last =
      dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (last.empty()) return false;
  if (internal::AllOf(last, internal::kDigit)) return true;
  // "0x" followed only by hex digits (any number of them) is a number too.
  return last.size() >= 2 && last[0] == '0' &&
         (last[1] == 'x' || last[1] == 'X') &&
         internal::AllOf(last.substr(2), internal::kHexDigit);
}

// IPv4 parser (https://url.spec.whatwg.org/#concept-ipv4-parser).
bool ParseIpv4(std::string_view host, std::string* out) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  uint64_t parts[4];
  size_t n = 0;
  while (true) {
    const size_t dot = host.find('.');
    std::string_view part = host.substr(0, dot);
    if (n == 4) return false;
    if (!ParseIpv4Number(part, &parts[n++])) return false;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    if (parts[i] > 255) return false;
  }
  if (parts[n - 1] >= (1ull << (8 * (5 - n)))) return false;
  uint64_t ipv4 = parts[n - 1];
  for (size_t i = 0; i + 1 < n; ++i) ipv4 += parts[i] << (8 * (3 - i));
  internal::StrAppend(out, (ipv4 >> 24) & 0xFF, ".", (ipv4 >> 16) & 0xFF, ".",
                  (ipv4 >> 8) & 0xFF, ".", ipv4 & 0xFF);
  return true;
}

// IPv6 parser (https://url.spec.whatwg.org/#concept-ipv6-parser) and
// serializer (#concept-ipv6-serializer).
bool ParseIpv6(std::string_view in, std::string* out) {
  std::array<uint16_t, 8> address{};
  int piece = 0;
  int compress = -1;
  size_t p = 0;
  auto at = [&](size_t i) -> int {
    return i < in.size() ? static_cast<unsigned char>(in[i]) : -1;
  };
  if (at(p) == ':') {
    if (at(p + 1) != ':') return false;
    p += 2;
    compress = ++piece;
  }
  while (at(p) != -1) {
    if (piece == 8) return false;
    if (at(p) == ':') {
      if (compress != -1) return false;
      ++p;
      compress = ++piece;
      continue;
    }
    int value = 0;
    int length = 0;
    while (length < 4 && at(p) != -1 && HexValue(static_cast<char>(at(p))) >= 0) {
      value = value * 0x10 + HexValue(static_cast<char>(at(p)));
      ++p;
      ++length;
    }
    if (at(p) == '.') {
      if (length == 0) return false;
      p -= length;
      if (piece > 6) return false;
      int numbers_seen = 0;
      while (at(p) != -1) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (at(p) == '.' && numbers_seen < 4) {
            ++p;
          } else {
            return false;
          }
        }
        if (at(p) == -1 || !Is(static_cast<char>(at(p)), internal::kDigit)) {
          return false;
        }
        while (at(p) != -1 && Is(static_cast<char>(at(p)), internal::kDigit)) {
          const int number = at(p) - '0';
          if (ipv4_piece == -1) {
            ipv4_piece = number;
          } else if (ipv4_piece == 0) {
            return false;
          } else {
            ipv4_piece = ipv4_piece * 10 + number;
          }
          if (ipv4_piece > 255) return false;
          ++p;
        }
        address[piece] = static_cast<uint16_t>(address[piece] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece;
      }
      if (numbers_seen != 4) return false;
      break;
    } else if (at(p) == ':') {
      ++p;
      if (at(p) == -1) return false;
    } else if (at(p) != -1) {
      return false;
    }
    address[piece] = static_cast<uint16_t>(value);
    ++piece;
  }
  if (compress != -1) {
    int swaps = piece - compress;
    piece = 7;
    while (piece != 0 && swaps > 0) {
      std::swap(address[piece], address[compress + swaps - 1]);
      --piece;
      --swaps;
    }
  } else if (piece != 8) {
    return false;
  }
  // Serialize: compress the first longest run of two or more zero pieces.
  int best_start = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (address[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && address[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  out->push_back('[');
  bool ignore0 = false;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    if (ignore0 && address[i] == 0) continue;
    ignore0 = false;
    if (best_start == i) {
      out->append(i == 0 ? "::" : ":");
      ignore0 = true;
      continue;
    }
    char buf[4];
    int len = 0;
    uint16_t v = address[i];
    do {
      buf[len++] = kHex[v & 0xF];
      v >>= 4;
    } while (v != 0);
    while (len > 0) out->push_back(buf[--len]);
    if (i != 7) out->push_back(':');
  }
  out->push_back(']');
  return true;
}

// Host parser for special schemes (https://url.spec.whatwg.org/#host-parsing),
// without IDNA: ASCII domains are lowercased, anything non-ASCII is refused.
// Appends the host to `out`; on failure `out` may end in part of it (the
// caller drops the URL).
bool ParseHost(std::string_view input, std::string* out, std::string* why) {
  if (!input.empty() && input.front() == '[') {
    if (input.back() != ']') {
      *why = "unterminated IPv6 address";
      return false;
    }
    if (!ParseIpv6(input.substr(1, input.size() - 2), out)) {
      *why = "invalid IPv6 address";
      return false;
    }
    return true;
  }
  // Decoded into a copy only when there is a '%'; otherwise the domain is
  // checked and lowercased where it is kept, with no string in between.
  std::string decoded;
  std::string_view domain = input;
  if (input.find('%') != std::string_view::npos) {
    decoded = PercentDecode(input);
    domain = decoded;
  }
  const size_t begin = out->size();
  out->append(domain.data(), domain.size());
  for (size_t i = begin; i < out->size(); ++i) {
    char& c = (*out)[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      *why = "non-ASCII host (IDNA is not supported)";
      return false;
    }
    if (Is(c, internal::kForbiddenDomain)) {
      *why =
          internal::StrCat("forbidden host code point '",
                           internal::Printable(std::string_view(&c, 1)), "'");
      return false;
    }
    c = internal::ToLowerAscii(c);
  }
  if (domain.empty()) {
    *why = "empty host";
    return false;
  }
  const std::string_view ascii(out->data() + begin, out->size() - begin);
  if (EndsInANumber(ascii)) {
    const std::string host(ascii);
    out->resize(begin);
    if (!ParseIpv4(host, out)) {
      *why = "invalid IPv4 address";
      return false;
    }
  }
  return true;
}

bool IsSingleDot(std::string_view s) {
  return s == "." || internal::EqualsIgnoreCase(s, "%2e");
}
bool IsDoubleDot(std::string_view s) {
  return s == ".." || internal::EqualsIgnoreCase(s, ".%2e") ||
         internal::EqualsIgnoreCase(s, "%2e.") ||
         internal::EqualsIgnoreCase(s, "%2e%2e");
}

// Path state: segments split on '/' (and '\\' for special URLs), dot
// segments resolved, bytes in the path percent-encode set encoded. A special
// URL's empty path is "/"; a non-special URL's may stay empty.
void AppendPath(std::string_view path, bool special, std::string* out) {
  if (path.empty() && !special) return;
  // The segments are serialized ("/a/b") straight into `out`, from `base`
  // on; ".." cuts back to the last '/' at or after `base`.
  std::string& spec = *out;
  const size_t base = spec.size();
  auto separator = [&](char c) { return c == '/' || (special && c == '\\'); };
  size_t start = 0;
  if (!path.empty() && separator(path[0])) start = 1;
  while (true) {
    size_t end = start;
    while (end < path.size() && !separator(path[end])) ++end;
    const std::string_view seg = path.substr(start, end - start);
    const bool last = end >= path.size();
    if (IsDoubleDot(seg)) {
      const size_t slash = spec.rfind('/');
      if (slash != std::string::npos && slash >= base) spec.resize(slash);
      if (last) spec.push_back('/');
    } else if (IsSingleDot(seg)) {
      if (last) spec.push_back('/');
    } else {
      spec.push_back('/');
      AppendPercentEncoded(seg, internal::kPathPercentEncode, &spec);
    }
    if (last) break;
    start = end + 1;
  }
  if (spec.size() == base) spec.push_back('/');
}

// Opaque-host parser (#concept-opaque-host-parser) for non-special URLs.
bool ParseOpaqueHost(std::string_view input, std::string* out,
                     std::string* why) {
  if (!input.empty() && input.front() == '[') {
    if (input.back() != ']' || !ParseIpv6(input.substr(1, input.size() - 2), out)) {
      *why = "invalid IPv6 address";
      return false;
    }
    return true;
  }
  for (char c : input) {
    if (c != '%' && Is(c, internal::kForbiddenHost)) {
      *why = internal::StrCat("forbidden host code point '",
                              internal::Printable(std::string_view(&c, 1)), "'");
      return false;
    }
  }
  AppendPercentEncoded(input, internal::kC0ControlPercentEncode, out);
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

int DefaultPortForScheme(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return -1;
}

bool Url::IsHttpOrHttps() const {
  const std::string_view s = scheme();
  return s == "http" || s == "https";
}

std::string_view Url::host() const {
  return std::string_view(spec_).substr(host_begin_, host_end_ - host_begin_);
}

int Url::effective_port() const {
  return explicit_port_ >= 0 ? explicit_port_ : DefaultPortForScheme(scheme());
}

std::string_view Url::path_and_query() const {
  if (!has_authority_) return {};
  return spec().substr(path_begin_);
}

std::string Url::SerializeWithCredentials() const {
  const std::string_view spec = this->spec();
  if (!has_authority_ || !has_credentials()) return std::string(spec);
  std::string out(spec.substr(0, host_begin_));
  out.append(username_);
  if (!password_.empty()) internal::StrAppend(&out, ":", password_);
  out.push_back('@');
  out.append(spec.substr(host_begin_));
  return out;
}

void Url::EndWithFragment(bool has_fragment, std::string_view fragment) {
  spec_end_ = static_cast<uint32_t>(spec_.size());
  has_fragment_ = has_fragment;
  if (has_fragment) {
    spec_.push_back('#');
    spec_.append(fragment);
  }
}

namespace {

// Percent-encoding can triple the input; the bound is on the result too.
Expected<Url> BoundedAfterEncoding(Url&& url, std::string_view original) {
  if (url.href().size() > kMaxUrlLength) {
    return UrlError(original.substr(0, 64), "URL longer than 2 MiB once encoded");
  }
  return std::move(url);
}

// The basic URL parser's steps 1-3: strip leading and trailing C0 control
// or space, then remove every ASCII tab or newline. Copies into `storage`
// only when there is one to remove (rare); otherwise the result is a view
// of `input`, and parsing allocates nothing for it.
std::string_view TrimAndRemoveTabsAndNewlines(std::string_view input,
                                              std::string* storage) {
  while (!input.empty() && static_cast<unsigned char>(input.front()) <= 0x20) {
    input.remove_prefix(1);
  }
  while (!input.empty() && static_cast<unsigned char>(input.back()) <= 0x20) {
    input.remove_suffix(1);
  }
  auto removed = [](char c) { return c == '\t' || c == '\n' || c == '\r'; };
  if (std::none_of(input.begin(), input.end(), removed)) return input;
  storage->reserve(input.size());
  for (char c : input) {
    if (!removed(c)) storage->push_back(c);
  }
  return *storage;
}

}  // namespace

Expected<Url> Url::Parse(std::string_view original) {
  if (original.size() > kMaxUrlLength) {
    return UrlError(original.substr(0, 64), "URL longer than 2 MiB");
  }
  std::string cleaned;
  const std::string_view in = TrimAndRemoveTabsAndNewlines(original, &cleaned);

  // Scheme state.
  size_t colon = 0;
  if (in.empty() || !Is(in[0], internal::kAlpha)) {
    return UrlError(original, "missing scheme (only absolute URLs are accepted)");
  }
  while (colon < in.size() &&
         (Is(in[colon], internal::kAlpha) || Is(in[colon], internal::kDigit) ||
          in[colon] == '+' || in[colon] == '-' || in[colon] == '.')) {
    ++colon;
  }
  if (colon >= in.size() || in[colon] != ':') {
    return UrlError(original, "missing scheme (only absolute URLs are accepted)");
  }
  Url url;
  url.spec_.reserve(in.size() + 8);
  for (size_t i = 0; i < colon; ++i) {
    url.spec_.push_back(internal::ToLowerAscii(in[i]));
  }
  url.scheme_len_ = static_cast<uint32_t>(colon);
  url.spec_.push_back(':');
  std::string_view rest = in.substr(colon + 1);

  url.special_ = IsSpecialWithAuthority(url.scheme());
  if (!url.special_ && !StartsWith(rest, "//")) {
    // Opaque path state: the origin of such a URL is opaque, which is all
    // CORS needs; the query and fragment get their own percent-encode sets.
    const size_t hash = rest.find('#');
    std::string fragment;
    if (hash != std::string_view::npos) {
      AppendPercentEncoded(rest.substr(hash + 1),
                           internal::kFragmentPercentEncode, &fragment);
    }
    const size_t question = rest.find('?');
    const size_t path_end = std::min(question, hash);
    const std::string_view path = rest.substr(0, path_end);
    // A space right before '?' or '#' is encoded, so the path does not end
    // in a space that reparsing would strip.
    const bool space_at_end =
        !path.empty() && path.back() == ' ' && path_end != rest.npos;
    AppendPercentEncoded(space_at_end ? path.substr(0, path.size() - 1) : path,
                         internal::kC0ControlPercentEncode, &url.spec_);
    if (space_at_end) url.spec_.append("%20");
    if (question != std::string_view::npos && question < hash) {
      url.spec_.push_back('?');
      AppendPercentEncoded(
          rest.substr(question + 1,
                      hash == rest.npos ? rest.npos : hash - question - 1),
          internal::kQueryPercentEncode, &url.spec_);
    }
    url.EndWithFragment(hash != std::string_view::npos, fragment);
    return BoundedAfterEncoding(std::move(url), original);
  }

  // Special authority ignore slashes state, or "//" of a non-special URL.
  if (url.special_) {
    while (!rest.empty() && (rest.front() == '/' || rest.front() == '\\')) {
      rest.remove_prefix(1);
    }
  } else {
    rest.remove_prefix(2);
  }
  url.spec_.append("//");
  url.has_authority_ = true;
  auto is_separator = [&](char c) {
    return c == '/' || (url.special_ && c == '\\');
  };

  // Authority state: ends at the first '/', '?' or '#' ('\' too if special).
  size_t auth_end = 0;
  while (auth_end < rest.size() && !is_separator(rest[auth_end]) &&
         rest[auth_end] != '?' && rest[auth_end] != '#') {
    ++auth_end;
  }
  std::string_view authority = rest.substr(0, auth_end);
  rest.remove_prefix(auth_end);

  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const size_t pw = userinfo.find(':');
    AppendPercentEncoded(userinfo.substr(0, pw),
                         internal::kUserinfoPercentEncode, &url.username_);
    if (pw != std::string_view::npos) {
      AppendPercentEncoded(userinfo.substr(pw + 1),
                           internal::kUserinfoPercentEncode, &url.password_);
    }
    authority.remove_prefix(at + 1);
  }

  // Host state: the port starts at the first ':' outside brackets.
  size_t port_colon = std::string_view::npos;
  bool in_brackets = false;
  for (size_t i = 0; i < authority.size(); ++i) {
    if (authority[i] == '[') in_brackets = true;
    if (authority[i] == ']') in_brackets = false;
    if (authority[i] == ':' && !in_brackets) {
      port_colon = i;
      break;
    }
  }
  const std::string_view host_in = authority.substr(0, port_colon);
  if (host_in.empty() && (url.special_ || url.has_credentials() ||
                          port_colon != std::string_view::npos)) {
    return UrlError(original, "empty host");
  }
  url.host_begin_ = static_cast<uint32_t>(url.spec_.size());
  std::string why;
  if (url.special_) {
    if (!ParseHost(host_in, &url.spec_, &why)) return UrlError(original, why);
  } else if (!ParseOpaqueHost(host_in, &url.spec_, &why)) {
    return UrlError(original, why);
  }
  url.host_end_ = static_cast<uint32_t>(url.spec_.size());

  if (port_colon != std::string_view::npos) {
    const std::string_view port = authority.substr(port_colon + 1);
    if (!port.empty()) {
      if (!internal::AllOf(port, internal::kDigit)) {
        return UrlError(original, internal::StrCat("invalid port '",
                                                   internal::Printable(port), "'"));
      }
      uint32_t value = 0;
      for (char c : port) {
        value = value * 10 + static_cast<uint32_t>(c - '0');
        if (value > 65535) {
          return UrlError(original,
                          internal::StrCat("invalid port '",
                                           internal::Printable(port), "'"));
        }
      }
      if (static_cast<int>(value) != DefaultPortForScheme(url.scheme())) {
        url.explicit_port_ = static_cast<int>(value);
        internal::StrAppend(&url.spec_, ":", value);
      }
    }
  }

  // Path, query and fragment states.
  url.path_begin_ = static_cast<uint32_t>(url.spec_.size());
  size_t path_end = 0;
  while (path_end < rest.size() && rest[path_end] != '?' &&
         rest[path_end] != '#') {
    ++path_end;
  }
  AppendPath(rest.substr(0, path_end), url.special_, &url.spec_);
  rest.remove_prefix(path_end);
  if (!rest.empty() && rest.front() == '?') {
    const size_t hash = rest.find('#');
    url.spec_.push_back('?');
    const std::string_view query =
        rest.substr(1, hash == std::string_view::npos ? std::string_view::npos
                                                      : hash - 1);
    if (url.special_) {
      AppendPercentEncoded(query, internal::kSpecialQueryPercentEncode,
                           &url.spec_);
    } else {
      AppendPercentEncoded(query, internal::kQueryPercentEncode, &url.spec_);
    }
    rest.remove_prefix(hash == std::string_view::npos ? rest.size() : hash);
  }
  std::string fragment;
  const bool has_fragment = !rest.empty() && rest.front() == '#';
  if (has_fragment) {
    AppendPercentEncoded(rest.substr(1), internal::kFragmentPercentEncode,
                         &fragment);
  }
  url.EndWithFragment(has_fragment, fragment);
  return BoundedAfterEncoding(std::move(url), original);
}

Expected<Url> Url::Parse(std::string_view input, const Url& base) {
  // Trim as the parser does before deciding whether `input` is absolute.
  std::string cleaned;
  std::string_view rel = TrimAndRemoveTabsAndNewlines(input, &cleaned);

  // Absolute when it starts with a scheme, except "http:path" against an
  // http base, which the Standard reads as relative.
  size_t colon = 0;
  if (!rel.empty() && Is(rel[0], internal::kAlpha)) {
    while (colon < rel.size() &&
           (Is(rel[colon], internal::kAlpha) || Is(rel[colon], internal::kDigit) ||
            rel[colon] == '+' || rel[colon] == '-' || rel[colon] == '.')) {
      ++colon;
    }
  }
  if (colon > 0 && colon < rel.size() && rel[colon] == ':') {
    const bool same_special_scheme =
        base.is_special() &&
        internal::EqualsIgnoreCase(rel.substr(0, colon), base.scheme());
    std::string_view after = rel.substr(colon + 1);
    // "special relative or authority state": only "//" starts an authority;
    // anything else is relative to the base.
    auto slash = [](char c) { return c == '/' || c == '\\'; };
    const bool authority =
        after.size() >= 2 && slash(after[0]) && slash(after[1]);
    if (!same_special_scheme || authority) return Parse(rel);
    rel = after;
  }
  if (!base.has_authority()) {
    if (!rel.empty() && rel.front() == '#') {
      return Parse(internal::StrCat(base.spec(), rel));
    }
    return UrlError(input, internal::StrCat("relative URL against '",
                                            base.spec(),
                                            "', which cannot be a base"));
  }
  auto is_slash = [&](char c) {
    return c == '/' || (base.is_special() && c == '\\');
  };
  const std::string with_credentials = base.SerializeWithCredentials();
  const std::string_view b = with_credentials;
  // The base's "scheme://userinfo@host:port" and its path and query.
  const size_t path_at = b.size() - base.path_and_query().size();
  const std::string_view authority_part = b.substr(0, path_at);
  std::string_view path_and_query = b.substr(path_at);
  const std::string_view path =
      path_and_query.substr(0, path_and_query.find('?'));
  std::string joined;
  if (rel.size() >= 2 && is_slash(rel[0]) && is_slash(rel[1])) {
    joined = internal::StrCat(base.scheme(), ":", rel);
  } else if (!rel.empty() && is_slash(rel[0])) {
    joined = internal::StrCat(authority_part, rel);
  } else if (rel.empty()) {
    joined = std::string(b);
  } else if (rel.front() == '?') {
    joined = internal::StrCat(authority_part, path, rel);
  } else if (rel.front() == '#') {
    joined = internal::StrCat(b, rel);
  } else {
    const size_t last_slash = path.rfind('/');
    const std::string_view dir =
        last_slash == std::string_view::npos ? std::string_view("/")
                                             : path.substr(0, last_slash + 1);
    joined = internal::StrCat(authority_part, dir, rel);
  }
  return Parse(joined);
}

}  // namespace corsengine
