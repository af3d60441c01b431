// File: tests/reference/reference.cc
//
// The reference model (reference.h). Each function follows one definition
// of the Fetch Standard (https://fetch.spec.whatwg.org/), or of the MIME
// Sniffing Standard for MIME types, in its order; the comments quote the
// anchors and step numbers. Profile fields are read where
// docs/PROFILES.md says a browser differs. Nothing here calls the engine.

#include "tests/reference/reference.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace corsref {
namespace {

constexpr std::string_view kAccessControlAllowOrigin =
    "Access-Control-Allow-Origin";
constexpr std::string_view kAccessControlAllowCredentials =
    "Access-Control-Allow-Credentials";
constexpr std::string_view kAccessControlAllowMethods =
    "Access-Control-Allow-Methods";
constexpr std::string_view kAccessControlAllowHeaders =
    "Access-Control-Allow-Headers";
constexpr std::string_view kAccessControlExposeHeaders =
    "Access-Control-Expose-Headers";
constexpr std::string_view kAccessControlMaxAge = "Access-Control-Max-Age";

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

// A run of decimal digits without its leading zeros ("0" stays "0").
std::string_view WithoutLeadingZeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

// a > b for runs of decimal digits of any length.
bool DecimalGreater(std::string_view a, std::string_view b) {
  a = WithoutLeadingZeros(a);
  b = WithoutLeadingZeros(b);
  if (a.size() != b.size()) return a.size() > b.size();
  return a > b;
}

bool FitsInt64(std::string_view digits) {
  return !DecimalGreater(digits,
                         std::to_string(std::numeric_limits<int64_t>::max()));
}

// The number a run of digits denotes; only called on runs that fit.
int64_t DecimalValue(std::string_view digits) {
  int64_t n = 0;
  for (char c : WithoutLeadingZeros(digits)) n = n * 10 + (c - '0');
  return n;
}

bool IsOneOf(std::string_view name,
             std::initializer_list<std::string_view> candidates) {
  for (std::string_view c : candidates) {
    if (ByteCaseInsensitiveMatch(name, c)) return true;
  }
  return false;
}

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         ByteCaseInsensitiveMatch(s.substr(0, prefix.size()), prefix);
}

}  // namespace

// ===========================================================================
// Bytes

bool IsHttpTabOrSpace(char c) { return c == '\t' || c == ' '; }

bool IsHttpWhitespace(char c) {
  return c == '\t' || c == '\n' || c == '\r' || c == ' ';
}

// RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
// "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
bool IsTokenCodePoint(char c) {
  if (c >= '0' && c <= '9') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenCodePoint(c)) return false;
  }
  return true;
}

char ByteLowercase(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string ByteLowercase(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(ByteLowercase(c));
  return out;
}

bool ByteCaseInsensitiveMatch(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ByteLowercase(a[i]) != ByteLowercase(b[i])) return false;
  }
  return true;
}

std::string StripTabOrSpace(std::string_view s) {
  while (!s.empty() && IsHttpTabOrSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsHttpTabOrSpace(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string WireValue(std::string_view raw) { return StripTabOrSpace(raw); }

// ===========================================================================
// Header names, values and lists

// #header-name: "a byte sequence that matches the field-name token
// production".
bool IsHeaderName(std::string_view name) { return IsToken(name); }

// #header-value: "has no leading or trailing HTTP tab or space bytes" ...
// "contains no 0x00 (NUL) or HTTP newline bytes". (Values the Headers
// class accepts are normalized first, so this is also "no leading or
// trailing HTTP whitespace".)
bool IsHeaderValue(std::string_view value) {
  if (!value.empty() &&
      (IsHttpWhitespace(value.front()) || IsHttpWhitespace(value.back()))) {
    return false;
  }
  for (char c : value) {
    if (c == '\0' || c == '\n' || c == '\r') return false;
  }
  return true;
}

// #concept-header-value-normalize: "remove any leading and trailing HTTP
// whitespace bytes".
std::string NormalizeHeaderValue(std::string_view value) {
  while (!value.empty() && IsHttpWhitespace(value.front())) {
    value.remove_prefix(1);
  }
  while (!value.empty() && IsHttpWhitespace(value.back())) {
    value.remove_suffix(1);
  }
  return std::string(value);
}

size_t CountHeaders(const HeaderList& list, std::string_view name) {
  size_t n = 0;
  for (const Header& h : list) {
    if (ByteCaseInsensitiveMatch(h.name, name)) ++n;
  }
  return n;
}

std::optional<std::string> FirstValue(const HeaderList& list,
                                      std::string_view name) {
  for (const Header& h : list) {
    if (ByteCaseInsensitiveMatch(h.name, name)) return WireValue(h.value);
  }
  return std::nullopt;
}

// #concept-header-list-get:
//   1. If list does not contain name, then return null.
//   2. Return the values of all headers in list whose name is a
//      byte-case-insensitive match for name, separated from each other by
//      0x2C 0x20, in order.
std::optional<std::string> Get(const HeaderList& list, std::string_view name) {
  if (CountHeaders(list, name) == 0) return std::nullopt;
  std::string combined;
  bool first = true;
  for (const Header& h : list) {
    if (!ByteCaseInsensitiveMatch(h.name, name)) continue;
    if (!first) combined += ", ";
    combined += WireValue(h.value);
    first = false;
  }
  return combined;
}

namespace {

// #collect-an-http-quoted-string with extract-value false: returns the code
// points from the opening quote to `position`, inclusive.
std::string CollectHttpQuotedString(std::string_view input, size_t* position) {
  // 1. Let positionStart be position.
  const size_t position_start = *position;
  // 3. Assert: the code point at position within input is U+0022 (").
  // 4. Advance position by 1.
  ++*position;
  // 5. While true:
  while (true) {
    // 5.1 Collect code points that are not U+0022 (") or U+005C (\).
    while (*position < input.size() && input[*position] != '"' &&
           input[*position] != '\\') {
      ++*position;
    }
    // 5.2 If position is past the end of input, then break.
    if (*position >= input.size()) break;
    // 5.3 Let quoteOrBackslash be the code point at position.
    const char quote_or_backslash = input[*position];
    // 5.4 Advance position by 1.
    ++*position;
    // 5.5 If quoteOrBackslash is U+005C (\), then:
    if (quote_or_backslash == '\\') {
      // 5.5.1 If position is past the end of input, then ... break.
      if (*position >= input.size()) break;
      // 5.5.2-3 Append the code point at position; advance position by 1.
      ++*position;
    } else {
      // 5.6 Otherwise: assert quoteOrBackslash is U+0022 ("); break.
      break;
    }
  }
  // 7. Return the code points from positionStart to position, inclusive.
  return std::string(input.substr(position_start, *position - position_start));
}

}  // namespace

// #header-value-get-decode-and-split ("get, decode, and split" a value).
std::vector<std::string> GetDecodeAndSplitValue(std::string_view input) {
  // 1. isomorphic decode (bytes stay bytes here).
  // 2. Let position be a position variable for input.
  size_t position = 0;
  // 3. Let values be a list of strings, initially « ».
  std::vector<std::string> values;
  // 4. Let temporaryValue be the empty string.
  std::string temporary_value;
  // 5. While true:
  while (true) {
    // 5.1 Collect code points that are not U+0022 (") or U+002C (,).
    while (position < input.size() && input[position] != '"' &&
           input[position] != ',') {
      temporary_value.push_back(input[position]);
      ++position;
    }
    // 5.2 If position is not past the end of input and the code point at
    // position is U+0022 ("):
    if (position < input.size() && input[position] == '"') {
      // 5.2.1 Append the result of collecting an HTTP quoted string.
      temporary_value += CollectHttpQuotedString(input, &position);
      // 5.2.2 If position is not past the end of input, then continue.
      if (position < input.size()) continue;
    }
    // 5.3 Remove all HTTP tab or space from the start and end.
    // 5.4 Append temporaryValue to values.
    values.push_back(StripTabOrSpace(temporary_value));
    // 5.5 Set temporaryValue to the empty string.
    temporary_value.clear();
    // 5.6 If position is past the end of input, then return values.
    if (position >= input.size()) return values;
    // 5.7 Assert: the code point at position is U+002C (,).
    // 5.8 Advance position by 1.
    ++position;
  }
}

// #concept-header-list-get-decode-split:
//   1. Let value be the result of getting name from list.
//   2. If value is null, then return null.
//   3. Return the result of getting, decoding, and splitting value.
std::optional<std::vector<std::string>> GetDecodeAndSplit(
    const HeaderList& list, std::string_view name) {
  const std::optional<std::string> value = Get(list, name);
  if (!value) return std::nullopt;
  return GetDecodeAndSplitValue(*value);
}

bool ListValues::Contains(std::string_view item) const {
  for (const std::string& v : values) {
    if (v == item) return true;
  }
  return false;
}

bool ListValues::ContainsIgnoringCase(std::string_view item) const {
  for (const std::string& v : values) {
    if (ByteCaseInsensitiveMatch(v, item)) return true;
  }
  return false;
}

// #extract-header-list-values, for names whose ABNF is `#token`:
//   1. If list does not contain name, then return null.
//   2. (Not a singleton.)
//   3. Let values be an empty list.
//   4. For each header whose name is name: let extract be the result of
//      extracting header values from header; if failure, return failure;
//      append each value in extract, in order, to values.
//   5. Return values.
// "extracting header values" parses by the ABNF: RFC 9110 5.6.1's
// `#element` = [ element ] *( OWS "," OWS [ element ] ), empty elements
// allowed, each element a token.
ListValues ExtractTokenListValues(const HeaderList& list,
                                  std::string_view name) {
  ListValues out;
  if (CountHeaders(list, name) == 0) return out;  // step 1: null
  out.state = ListValues::State::kList;
  for (const Header& h : list) {
    if (!ByteCaseInsensitiveMatch(h.name, name)) continue;
    const std::string value = WireValue(h.value);
    // Split at every comma; OWS around each element; skip empty elements.
    size_t start = 0;
    while (true) {
      const size_t comma = value.find(',', start);
      const std::string element = StripTabOrSpace(std::string_view(value).substr(
          start, comma == std::string::npos ? std::string::npos
                                            : comma - start));
      if (!element.empty()) {
        if (!IsToken(element)) {
          ListValues failure;
          failure.state = ListValues::State::kFailure;
          failure.invalid = element;
          return failure;
        }
        out.values.push_back(element);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// ===========================================================================
// Methods (#methods)

// #concept-method: "a byte sequence that matches the method token
// production".
bool IsMethod(std::string_view method) { return IsToken(method); }

// #cors-safelisted-method: `GET`, `HEAD`, or `POST` (byte for byte).
bool IsCorsSafelistedMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "POST";
}

// #forbidden-method: "a byte-case-insensitive match for `CONNECT`, `TRACE`,
// or `TRACK`".
bool IsForbiddenMethod(std::string_view method) {
  return IsOneOf(method, {"CONNECT", "TRACE", "TRACK"});
}

// #concept-method-normalize: "If method is a byte-case-insensitive match for
// `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST`, or `PUT`, byte-uppercase it."
std::string NormalizeMethod(std::string_view method) {
  for (std::string_view m : {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"}) {
    if (ByteCaseInsensitiveMatch(method, m)) return std::string(m);
  }
  return std::string(method);
}

// ===========================================================================
// Request-header classes

// #cors-unsafe-request-header-byte: "byte is less than 0x20 and is not 0x09
// HT", or "byte is 0x22 ("), 0x28 (left parenthesis), 0x29 (right
// parenthesis), 0x3A (:), 0x3C (<), 0x3E (>), 0x3F (?), 0x40 (@), 0x5B ([),
// 0x5C (\), 0x5D (]), 0x7B ({), 0x7D (}), or 0x7F DEL."
bool IsCorsUnsafeRequestHeaderByte(unsigned char byte) {
  if (byte < 0x20 && byte != 0x09) return true;
  switch (byte) {
    case 0x22: case 0x28: case 0x29: case 0x3A: case 0x3C: case 0x3E:
    case 0x3F: case 0x40: case 0x5B: case 0x5C: case 0x5D: case 0x7B:
    case 0x7D: case 0x7F:
      return true;
    default:
      return false;
  }
}

// MIME Sniffing, #parse-a-mime-type, steps 1-10 (parameters never make it
// fail, so they are not examined).
std::optional<std::string> ParseMimeTypeEssence(std::string_view input) {
  // 1. Remove any leading and trailing HTTP whitespace from input.
  while (!input.empty() && IsHttpWhitespace(input.front())) {
    input.remove_prefix(1);
  }
  while (!input.empty() && IsHttpWhitespace(input.back())) {
    input.remove_suffix(1);
  }
  // 2. Let position be a position variable for input.
  size_t position = 0;
  // 3. Let type be the result of collecting code points that are not U+002F (/).
  std::string type;
  while (position < input.size() && input[position] != '/') {
    type.push_back(input[position++]);
  }
  // 4. If type is the empty string or does not solely contain HTTP token
  // code points, then return failure.
  if (!IsToken(type)) return std::nullopt;
  // 5. If position is past the end of input, then return failure.
  if (position >= input.size()) return std::nullopt;
  // 6. Advance position by 1. (This skips past U+002F (/).)
  ++position;
  // 7. Let subtype be the result of collecting code points that are not
  // U+003B (;).
  std::string subtype;
  while (position < input.size() && input[position] != ';') {
    subtype.push_back(input[position++]);
  }
  // 8. Remove any trailing HTTP whitespace from subtype.
  while (!subtype.empty() && IsHttpWhitespace(subtype.back())) {
    subtype.pop_back();
  }
  // 9. If subtype is the empty string or does not solely contain HTTP token
  // code points, then return failure.
  if (!IsToken(subtype)) return std::nullopt;
  // 10. type and subtype, in ASCII lowercase.
  return ByteLowercase(type) + "/" + ByteLowercase(subtype);
}

// #simple-range-header-value ("parse a single range header value" with
// allowWhitespace false), then #cors-safelisted-request-header's
// "If rangeValue[0] is null, then return false".
bool IsSafelistedRangeValue(std::string_view data, const Profile& profile) {
  // 2. If data does not start with "bytes", then return failure.
  //    (PROFILES.md range_unit_case_insensitive: WebKit accepts `BYTES`.)
  constexpr std::string_view kBytes = "bytes";
  if (data.size() < kBytes.size()) return false;
  const std::string_view unit = data.substr(0, kBytes.size());
  if (profile.range_unit_case_insensitive ? !ByteCaseInsensitiveMatch(unit, kBytes)
                                          : unit != kBytes) {
    return false;
  }
  // 3. Let position point at the 5th code point of data.
  size_t position = kBytes.size();
  // 5. If the code point at position is not U+003D (=), return failure.
  if (position >= data.size() || data[position] != '=') return false;
  // 6. Advance position by 1.
  ++position;
  // (PROFILES.md range_number_allows_plus_sign: WebKit takes one '+'
  // before each number, which must then have digits.)
  const auto plus = [&] {
    if (profile.range_number_allows_plus_sign && position < data.size() &&
        data[position] == '+') {
      ++position;
      return true;
    }
    return false;
  };
  // 8. Let rangeStart be the result of collecting ASCII digits.
  const bool start_plus = plus();
  std::string range_start;
  while (position < data.size() && IsAsciiDigit(data[position])) {
    range_start.push_back(data[position++]);
  }
  if (start_plus && range_start.empty()) return false;
  // 9. rangeStartValue: rangeStart as a decimal number, or null if empty.
  // 11. If the code point at position is not U+002D (-), return failure.
  if (position >= data.size() || data[position] != '-') return false;
  // 12. Advance position by 1.
  ++position;
  // 14. Let rangeEnd be the result of collecting ASCII digits.
  const bool end_plus = plus();
  std::string range_end;
  while (position < data.size() && IsAsciiDigit(data[position])) {
    range_end.push_back(data[position++]);
  }
  if (end_plus && range_end.empty()) return false;
  // 15. rangeEndValue: rangeEnd as a decimal number, or null if empty.
  // 16. If position is not past the end of data, then return failure.
  if (position < data.size()) return false;
  // 17. If rangeEndValue and rangeStartValue are null, return failure.
  if (range_start.empty() && range_end.empty()) return false;
  // 18. If both are numbers and rangeStartValue > rangeEndValue, failure.
  if (!range_start.empty() && !range_end.empty() &&
      DecimalGreater(range_start, range_end)) {
    return false;
  }
  // PROFILES.md range_numbers_fit_int64: the browsers' parsers refuse
  // numbers beyond int64 (the Standard reads any decimal number).
  if (profile.range_numbers_fit_int64 &&
      ((!range_start.empty() && !FitsInt64(range_start)) ||
       (!range_end.empty() && !FitsInt64(range_end)))) {
    return false;
  }
  // Safelist: "If rangeValue[0] is null, then return false."
  return !range_start.empty();
}

// Chromium's IsCorsSafelistedHeader "Block 2" and "Block 3" (PROFILES.md
// safelist_client_hint_headers): `Intervention` with any value; `DPR`,
// `Device-Memory` and `Downlink` with 1*DIGIT [ "." 1*DIGIT ]; `Width`,
// `Viewport-Width` and `RTT` with 1*DIGIT; `ECT` with an effective
// connection type; `Save-Data` with `on`.
std::optional<bool> ClientHintSafelisted(std::string_view name,
                                         std::string_view value) {
  auto decimal = [](std::string_view v) {
    const size_t dot = v.find('.');
    if (dot == std::string_view::npos) return AllDigits(v);
    return AllDigits(v.substr(0, dot)) && AllDigits(v.substr(dot + 1));
  };
  if (ByteCaseInsensitiveMatch(name, "intervention")) return true;
  if (IsOneOf(name, {"device-memory", "dpr", "downlink"})) return decimal(value);
  if (IsOneOf(name, {"width", "viewport-width", "rtt"})) return AllDigits(value);
  if (ByteCaseInsensitiveMatch(name, "ect")) {
    return value == "slow-2g" || value == "2g" || value == "3g" ||
           value == "4g";
  }
  if (ByteCaseInsensitiveMatch(name, "save-data")) {
    return ByteCaseInsensitiveMatch(value, "on");
  }
  return std::nullopt;
}

// #cors-safelisted-request-header, given name and value:
bool IsCorsSafelistedRequestHeader(std::string_view name,
                                   std::string_view value,
                                   const Profile& profile) {
  // 1. If value's length is greater than 128, then return false.
  if (value.size() > 128) return false;
  // 2. Byte-lowercase name and switch on the result:
  const std::string lower = ByteLowercase(name);
  // A CORS-unsafe request-header byte; under the profile's
  // non_ascii_header_byte_is_unsafe, also any byte 0x80 or above.
  const auto unsafe_byte = [&](char c) {
    const unsigned char byte = static_cast<unsigned char>(c);
    return IsCorsUnsafeRequestHeaderByte(byte) ||
           (profile.non_ascii_header_byte_is_unsafe && byte >= 0x80);
  };
  if (lower == "accept") {
    // If value contains a CORS-unsafe request-header byte, return false.
    for (char c : value) {
      if (unsafe_byte(c)) return false;
    }
    return true;
  }
  if (lower == "accept-language" || lower == "content-language") {
    // If value contains a byte that is not in the range 0x30 (0) to 0x39
    // (9), inclusive, is not in the range 0x41 (A) to 0x5A (Z), inclusive,
    // is not in the range 0x61 (a) to 0x7A (z), inclusive, and is not 0x20
    // (SP), 0x2A (*), 0x2C (,), 0x2D (-), 0x2E (.), 0x3B (;), or 0x3D (=),
    // then return false.
    for (char c : value) {
      const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                      (c >= 'a' && c <= 'z') ||
                      std::string_view(" *,-.;=").find(c) != std::string_view::npos;
      if (!ok) return false;
    }
    return true;
  }
  if (lower == "content-type") {
    // 1. If value contains a CORS-unsafe request-header byte, return false.
    for (char c : value) {
      if (unsafe_byte(c)) return false;
    }
    // content_type_comma_is_unsafe: a comma anywhere, too.
    if (profile.content_type_comma_is_unsafe &&
        value.find(',') != std::string_view::npos) {
      return false;
    }
    // content_type_trailing_semicolon_after_parameter_is_unsafe: a last
    // non-whitespace ';' that is not the first ';'.
    if (profile.content_type_trailing_semicolon_after_parameter_is_unsafe) {
      const size_t last = value.find_last_not_of(" \t\r\n");
      if (last != std::string_view::npos && value[last] == ';' &&
          value.find(';') != last) {
        return false;
      }
    }
    // 2. Let mimeType be the result of parsing the result of isomorphic
    // decoding value. 3. If mimeType is failure, then return false.
    const std::optional<std::string> essence = ParseMimeTypeEssence(value);
    if (!essence) return false;
    // 4. If mimeType's essence is not "application/x-www-form-urlencoded",
    // "multipart/form-data", or "text/plain", then return false.
    return *essence == "application/x-www-form-urlencoded" ||
           *essence == "multipart/form-data" || *essence == "text/plain";
  }
  if (lower == "range") {
    // 1-2. rangeValue: parse a single range header value (false); failure
    // → false. 3. If rangeValue[0] is null, then return false.
    return IsSafelistedRangeValue(value, profile);
  }
  // Otherwise: return false, except for the profile's extra names.
  if (profile.safelist_client_hint_headers) {
    if (std::optional<bool> hint = ClientHintSafelisted(name, value)) {
      return *hint;
    }
  }
  return false;
}

// #no-cors-safelisted-request-header-name: `Accept`, `Accept-Language`,
// `Content-Language`, `Content-Type`.
bool IsNoCorsSafelistedRequestHeaderName(std::string_view name) {
  return IsOneOf(name,
                 {"Accept", "Accept-Language", "Content-Language", "Content-Type"});
}

// #no-cors-safelisted-request-header: the name is one, and (name, value) is
// a CORS-safelisted request-header.
bool IsNoCorsSafelistedRequestHeader(std::string_view name,
                                     std::string_view value,
                                     const Profile& profile) {
  return IsNoCorsSafelistedRequestHeaderName(name) &&
         IsCorsSafelistedRequestHeader(name, value, profile);
}

// #privileged-no-cors-request-header-name: `Range`.
bool IsPrivilegedNoCorsRequestHeaderName(std::string_view name) {
  return ByteCaseInsensitiveMatch(name, "Range");
}

// #cors-non-wildcard-request-header-name: `Authorization`.
bool IsCorsNonWildcardRequestHeaderName(std::string_view name) {
  return ByteCaseInsensitiveMatch(name, "Authorization");
}

// #forbidden-request-header, given (name, value):
bool IsForbiddenRequestHeader(std::string_view name, std::string_view value) {
  // 1. If name is a byte-case-insensitive match for one of these:
  if (IsOneOf(name, {"Accept-Charset", "Accept-Encoding",
                     "Access-Control-Request-Headers",
                     "Access-Control-Request-Method", "Connection",
                     "Content-Length", "Cookie", "Cookie2", "Date", "DNT",
                     "Expect", "Host", "Keep-Alive", "Origin", "Referer",
                     "Set-Cookie", "TE", "Trailer", "Transfer-Encoding",
                     "Upgrade", "Via"})) {
    return true;
  }
  // 2. If name when byte-lowercased starts with `proxy-` or `sec-`.
  if (StartsWithIgnoringCase(name, "proxy-") ||
      StartsWithIgnoringCase(name, "sec-")) {
    return true;
  }
  // 3. If name is a byte-case-insensitive match for `X-HTTP-Method`,
  // `X-HTTP-Method-Override`, or `X-Method-Override`:
  if (IsOneOf(name,
              {"X-HTTP-Method", "X-HTTP-Method-Override", "X-Method-Override"})) {
    // 3.1 Let parsedValues be the result of getting, decoding, and
    // splitting value.
    // 3.2 For each method of parsedValues: if the isomorphic encoding of
    // method is a forbidden method, then return true.
    for (const std::string& method : GetDecodeAndSplitValue(value)) {
      if (IsForbiddenMethod(method)) return true;
    }
  }
  // 4. Return false.
  return false;
}

// #forbidden-response-header-name: `Set-Cookie`, `Set-Cookie2`.
bool IsForbiddenResponseHeaderName(std::string_view name) {
  return IsOneOf(name, {"Set-Cookie", "Set-Cookie2"});
}

// #request-body-header-name.
bool IsRequestBodyHeaderName(std::string_view name) {
  return IsOneOf(name, {"Content-Encoding", "Content-Language",
                        "Content-Location", "Content-Type"});
}

// #cors-safelisted-response-header-name, given a list of header names list:
// `Cache-Control`, `Content-Language`, `Content-Length`, `Content-Type`,
// `Expires`, `Last-Modified`, `Pragma`, and "any item in list that is not a
// forbidden response-header name".
bool IsCorsSafelistedResponseHeaderName(std::string_view name,
                                        const std::vector<std::string>& list) {
  if (IsOneOf(name, {"Cache-Control", "Content-Language", "Content-Length",
                     "Content-Type", "Expires", "Last-Modified", "Pragma"})) {
    return true;
  }
  for (const std::string& item : list) {
    if (ByteCaseInsensitiveMatch(name, item) &&
        !IsForbiddenResponseHeaderName(item)) {
      return true;
    }
  }
  return false;
}

// #cors-unsafe-request-header-names, given a header list headers:
std::vector<std::string> CorsUnsafeRequestHeaderNames(const HeaderList& headers,
                                                      const Profile& profile) {
  // 1. Let unsafeNames be a new list.
  std::vector<std::string> unsafe_names;
  // 2. Let potentiallyUnsafeNames be a new list.
  std::vector<std::string> potentially_unsafe_names;
  // 3. Let safelistValueSize be 0.
  size_t safelist_value_size = 0;
  // 4. For each header of headers:
  for (const Header& header : headers) {
    // 4.1 If header is not a CORS-safelisted request-header, then append
    // header's name to unsafeNames.
    if (!IsCorsSafelistedRequestHeader(header.name, header.value, profile)) {
      unsafe_names.push_back(header.name);
    } else {
      // 4.2 Otherwise, append header's name to potentiallyUnsafeNames and
      // increase safelistValueSize by header's value's length.
      potentially_unsafe_names.push_back(header.name);
      safelist_value_size += header.value.size();
    }
  }
  // 5. If safelistValueSize is greater than 1024, then for each name of
  // potentiallyUnsafeNames, append name to unsafeNames.
  // (PROFILES.md safelisted_total_limit: the limit, 0 for none.)
  if (profile.safelisted_total_limit > 0 &&
      safelist_value_size > profile.safelisted_total_limit) {
    for (const std::string& name : potentially_unsafe_names) {
      unsafe_names.push_back(name);
    }
  }
  // 6. Return the result of convert header names to a sorted-lowercase set
  // with unsafeNames: each name byte-lowercased into an ordered set, sorted
  // with byte less than. (PROFILES.md deduplicate_unsafe_header_names:
  // Firefox keeps a repeated name.)
  std::vector<std::string> lowered;
  for (const std::string& name : unsafe_names) {
    const std::string lower = ByteLowercase(name);
    if (profile.deduplicate_unsafe_header_names &&
        std::find(lowered.begin(), lowered.end(), lower) != lowered.end()) {
      continue;
    }
    lowered.push_back(lower);
  }
  std::sort(lowered.begin(), lowered.end());
  return lowered;
}

// #cors-preflight-fetch step 5.1: "the items in headers separated from each
// other by `,`".
std::string AccessControlRequestHeadersValue(
    const std::vector<std::string>& names) {
  std::string value;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) value += ",";
    value += names[i];
  }
  return value;
}

// ===========================================================================
// The Request constructor

namespace {

// #concept-header-list-append: "1. If list contains name, then set name to
// the first such header's name. 2. Append (name, value) to list."
// PROFILES.md combine_repeated_request_headers: Chromium and WebKit keep one
// entry whose value is both joined with ", ".
void HeaderListAppend(HeaderList* list, std::string name, std::string value,
                      const Profile& profile) {
  for (Header& h : *list) {
    if (!ByteCaseInsensitiveMatch(h.name, name)) continue;
    if (profile.combine_repeated_request_headers) {
      h.value += ", " + value;
      return;
    }
    name = h.name;
    break;
  }
  list->push_back(Header{std::move(name), std::move(value)});
}

// "getting" a name from a request's own header list (values already
// normalized, so no wire trimming).
std::optional<std::string> GetFromRequestList(const HeaderList& list,
                                              std::string_view name) {
  std::optional<std::string> combined;
  for (const Header& h : list) {
    if (!ByteCaseInsensitiveMatch(h.name, name)) continue;
    if (combined) {
      *combined += ", " + h.value;
    } else {
      combined = h.value;
    }
  }
  return combined;
}

}  // namespace

// #dom-request, for fetch(url, init) with a string URL and init given.
ConstructedRequest ConstructRequest(const RequestInput& input,
                                    const Profile& profile) {
  using Refusal = ConstructedRequest::Refusal;
  ConstructedRequest out;
  auto refuse = [&out](Refusal r) {
    out.refusal = r;
    out.method.clear();
    out.headers.clear();
    return out;
  };
  // 5.1-5.3: parse the URL; "If parsedURL is failure, then throw"; "If
  // parsedURL includes credentials, then throw".
  if (!input.url_parses) return refuse(Refusal::kInvalidUrl);
  if (input.url_has_credentials) return refuse(Refusal::kUrlHasCredentials);
  // "If mode is "navigate", then throw a TypeError."
  if (input.mode == RequestMode::kNavigate) return refuse(Refusal::kNavigateMode);
  // "If request's cache mode is "only-if-cached" and request's mode is not
  // "same-origin", then throw a TypeError."
  if (input.cache == CacheMode::kOnlyIfCached &&
      input.mode != RequestMode::kSameOrigin) {
    return refuse(Refusal::kOnlyIfCachedNotSameOrigin);
  }
  // "If init["method"] exists": "If method is not a method or method is a
  // forbidden method, then throw a TypeError." "Normalize method."
  if (!IsMethod(input.method)) return refuse(Refusal::kInvalidMethod);
  if (IsForbiddenMethod(input.method)) return refuse(Refusal::kForbiddenMethod);
  out.method = NormalizeMethod(input.method);
  // "If this's request's mode is "no-cors": If this's request's method is
  // not a CORS-safelisted method, then throw a TypeError. Set this's
  // headers's guard to "request-no-cors"."
  const bool no_cors = input.mode == RequestMode::kNoCors;
  if (no_cors && !IsCorsSafelistedMethod(out.method)) {
    return refuse(Refusal::kNoCorsMethod);
  }
  // "fill this's headers with headers": append each (name, value).
  for (const Header& header : input.headers) {
    // #concept-headers-append
    // 1. Normalize value.
    const std::string value = NormalizeHeaderValue(header.value);
    // 2. "validate" (#headers-validate):
    //   1. If name is not a header name or value is not a header value,
    //      then throw a TypeError.
    if (!IsHeaderName(header.name)) return refuse(Refusal::kInvalidHeaderName);
    if (!IsHeaderValue(value)) return refuse(Refusal::kInvalidHeaderValue);
    //   3. If guard is "request" and (name, value) is a forbidden
    //      request-header, then return false. ("request-no-cors" too: the
    //      Request constructor's headers start with guard "request" and the
    //      forbidden check applies to both.)
    if (IsForbiddenRequestHeader(header.name, value)) continue;
    // 3. If guard is "request-no-cors":
    if (no_cors) {
      // 3.1 Let temporaryValue be the result of getting name from headers's
      // header list. 3.2 If null, set it to value. 3.3 Otherwise, set it to
      // temporaryValue, followed by 0x2C 0x20, followed by value.
      std::optional<std::string> temporary =
          GetFromRequestList(out.headers, header.name);
      const std::string temporary_value =
          temporary ? *temporary + ", " + value : value;
      // 3.4 If (name, temporaryValue) is not a no-CORS-safelisted
      // request-header, then return.
      if (!IsNoCorsSafelistedRequestHeader(header.name, temporary_value,
                                           profile)) {
        continue;
      }
    }
    // 4. Append (name, value) to headers's header list.
    HeaderListAppend(&out.headers, header.name, value, profile);
    // 5. If guard is "request-no-cors", then remove privileged no-CORS
    // request-headers from headers.
    if (no_cors) {
      HeaderList kept;
      for (Header& h : out.headers) {
        if (!IsPrivilegedNoCorsRequestHeaderName(h.name)) kept.push_back(h);
      }
      out.headers = std::move(kept);
    }
  }
  return out;
}

bool NeedsCorsPreflight(std::string_view method, const HeaderList& headers,
                        bool use_cors_preflight, const Profile& profile) {
  // #main-fetch, the CORS branch: "request's use-CORS-preflight flag is
  // set" or "request's unsafe-request flag is set and either request's
  // method is not a CORS-safelisted method or CORS-unsafe request-header
  // names with request's header list is not empty".
  return use_cors_preflight || !IsCorsSafelistedMethod(method) ||
         !CorsUnsafeRequestHeaderNames(headers, profile).empty();
}

// ===========================================================================
// The CORS check

// #concept-cors-check, for a request and response:
CorsCheckFailure CorsCheck(const HeaderList& response_headers,
                           std::string_view serialized_origin,
                           CredentialsMode credentials) {
  const bool include = credentials == CredentialsMode::kInclude;
  // 1. Let origin be the result of getting `Access-Control-Allow-Origin`.
  const std::optional<std::string> origin =
      Get(response_headers, kAccessControlAllowOrigin);
  // 2. If origin is null, then return failure.
  if (!origin) return CorsCheckFailure::kNoAllowOrigin;
  // 3. If request's credentials mode is not "include" and origin is `*`,
  // then return success.
  if (!include && *origin == "*") return CorsCheckFailure::kNone;
  // 4. If the result of byte-serializing a request origin with request is
  // not origin, then return failure.
  if (serialized_origin != *origin) {
    return *origin == "*" ? CorsCheckFailure::kWildcardWithCredentials
                          : CorsCheckFailure::kOriginMismatch;
  }
  // 5. If request's credentials mode is not "include", return success.
  if (!include) return CorsCheckFailure::kNone;
  // 6. Let credentials be the result of getting
  // `Access-Control-Allow-Credentials`.
  const std::optional<std::string> allow_credentials =
      Get(response_headers, kAccessControlAllowCredentials);
  // 7. If credentials is `true`, then return success.
  if (allow_credentials && *allow_credentials == "true") {
    return CorsCheckFailure::kNone;
  }
  // 8. Return failure.
  return allow_credentials ? CorsCheckFailure::kAllowCredentialsNotTrue
                           : CorsCheckFailure::kNoAllowCredentials;
}

// ===========================================================================
// Access-Control-Max-Age

MaxAge ParseMaxAge(const HeaderList& response_headers, const Profile& profile) {
  auto fallback = [&profile](MaxAge::Source source,
                             corsengine::MaxAgeFallback what) {
    MaxAge age;
    age.source = source;
    age.seconds = what == corsengine::MaxAgeFallback::kUseDefault
                      ? profile.max_age_default_seconds
                      : 0;
    return age;
  };
  MaxAge absent;
  absent.seconds = profile.max_age_default_seconds;
  // 7.8 "Let max-age be the result of extracting header list values given
  // `Access-Control-Max-Age`": 1. null when absent (7.9: then 5) ...
  const size_t count = CountHeaders(response_headers, kAccessControlMaxAge);
  if (count == 0) return absent;
  // ... 2. "If the ABNF for name allows a single header and list contains
  // more than one, then return failure" (7.9: failure, then 5; PROFILES.md
  // max_age_on_invalid says what the browser does instead).
  if (count > 1) {
    return fallback(MaxAge::Source::kInvalid, profile.max_age_on_invalid);
  }
  // count == 1, so the value is there; value_or keeps gcc -O2 from warning
  // that a disengaged optional could be read.
  const std::string value =
      FirstValue(response_headers, kAccessControlMaxAge).value_or("");
  // An empty value: PROFILES.md max_age_default_seconds, "absent or empty".
  if (value.empty()) return absent;
  // delta-seconds = 1*DIGIT. Browsers' integer parsers also take a leading
  // "-" (PROFILES.md max_age_on_negative).
  const bool negative = value.front() == '-';
  const std::string_view digits =
      negative ? std::string_view(value).substr(1) : std::string_view(value);
  if (!AllDigits(digits)) {
    return fallback(MaxAge::Source::kInvalid, profile.max_age_on_invalid);
  }
  // PROFILES.md max_age_parse_limit / max_age_overflow_is_invalid: a
  // number beyond the parser's limit is invalid, or read as the limit.
  const std::string limit = std::to_string(profile.max_age_parse_limit);
  const bool beyond_limit = DecimalGreater(digits, limit);
  if (beyond_limit && profile.max_age_overflow_is_invalid) {
    return fallback(MaxAge::Source::kInvalid, profile.max_age_on_invalid);
  }
  const int64_t number =
      beyond_limit ? profile.max_age_parse_limit : DecimalValue(digits);
  if (negative) {
    // "-0": a parser that takes a sign reads zero, which is "not cached"
    // like every negative number there; the Standard's "-0" is not
    // delta-seconds, so the default.
    if (number == 0 &&
        profile.max_age_on_negative == corsengine::MaxAgeFallback::kDoNotCache) {
      MaxAge zero;
      zero.source = MaxAge::Source::kValid;
      return zero;
    }
    return fallback(MaxAge::Source::kNegative, profile.max_age_on_negative);
  }
  // 7.10 "If max-age is greater than an imposed limit on max-age, then set
  // max-age to the imposed limit." (PROFILES.md max_age_cap_seconds.)
  MaxAge age;
  age.source = MaxAge::Source::kValid;
  age.requested_seconds = number;
  age.seconds = std::min(number, profile.max_age_cap_seconds);
  return age;
}

// ===========================================================================
// The CORS-preflight fetch's verdict

PreflightVerdict JudgePreflight(const PreflightRequest& request,
                                std::string_view serialized_origin, int status,
                                const HeaderList& response_headers,
                                const Profile& profile) {
  using Step = PreflightVerdict::Step;
  PreflightVerdict verdict;
  const bool include = request.credentials == CredentialsMode::kInclude;
  // 7. "If a CORS check for request and response returns success and
  // response's status is an ok status":
  verdict.cors = CorsCheck(response_headers, serialized_origin,
                           request.credentials);
  if (verdict.cors != CorsCheckFailure::kNone) {
    verdict.step = Step::kCorsCheck;
    return verdict;
  }
  if (status < 200 || status > 299) {  // #ok-status: 200 to 299
    verdict.step = Step::kStatus;
    return verdict;
  }
  // 7.1 Let methods be the result of extracting header list values given
  // `Access-Control-Allow-Methods`.
  ListValues methods =
      ExtractTokenListValues(response_headers, kAccessControlAllowMethods);
  // 7.2 Let headerNames be ... `Access-Control-Allow-Headers`.
  const ListValues header_names =
      ExtractTokenListValues(response_headers, kAccessControlAllowHeaders);
  // 7.3 If either methods or headerNames is failure, return a network error.
  if (methods.state == ListValues::State::kFailure) {
    verdict.step = Step::kInvalidAllowMethods;
    verdict.failed_value = methods.invalid;
    return verdict;
  }
  if (header_names.state == ListValues::State::kFailure) {
    verdict.step = Step::kInvalidAllowHeaders;
    verdict.failed_value = header_names.invalid;
    return verdict;
  }
  // 7.4 If methods is null and request's use-CORS-preflight flag is set,
  // then set methods to a new list containing request's method.
  if (methods.state == ListValues::State::kNull && request.use_cors_preflight) {
    methods.state = ListValues::State::kList;
    methods.values = {request.method};
  }
  // What the cache would be given (7.11-7.15), and Max-Age (7.8-7.10).
  verdict.parsed = true;
  for (const std::string& m : methods.values) {
    if (std::find(verdict.result.methods.begin(), verdict.result.methods.end(),
                  m) == verdict.result.methods.end()) {
      verdict.result.methods.push_back(m);
    }
  }
  for (const std::string& h : header_names.values) {
    const std::string lower = ByteLowercase(h);
    if (std::find(verdict.result.header_names.begin(),
                  verdict.result.header_names.end(),
                  lower) == verdict.result.header_names.end()) {
      verdict.result.header_names.push_back(lower);
    }
  }
  verdict.result.credentials = include;
  verdict.result.max_age = ParseMaxAge(response_headers, profile);
  // 7.5 If request's method is not in methods, request's method is not a
  // CORS-safelisted method, and request's credentials mode is "include" or
  // methods does not contain `*`, then return a network error.
  if (!methods.Contains(request.method) &&
      !IsCorsSafelistedMethod(request.method) &&
      (include || !methods.Contains("*"))) {
    verdict.step = Step::kMethodNotAllowed;
    verdict.failed_value = request.method;
    return verdict;
  }
  // 7.6 If one of request's header list's names is a CORS non-wildcard
  // request-header name and is not a byte-case-insensitive match for an
  // item in headerNames, then return a network error.
  // (PROFILES.md wildcard_covers_authorization: the browsers skip this.)
  if (!profile.wildcard_covers_authorization) {
    for (const Header& h : request.headers) {
      if (IsCorsNonWildcardRequestHeaderName(h.name) &&
          !header_names.ContainsIgnoringCase(h.name)) {
        verdict.step = Step::kAuthorizationNotListed;
        verdict.failed_value = "authorization";
        return verdict;
      }
    }
  }
  // 7.7 For each unsafeName of the CORS-unsafe request-header names with
  // request's header list, if unsafeName is not a byte-case-insensitive
  // match for an item in headerNames and request's credentials mode is
  // "include" or headerNames does not contain `*`, return a network error.
  for (const std::string& unsafe_name :
       CorsUnsafeRequestHeaderNames(request.headers, profile)) {
    if (!header_names.ContainsIgnoringCase(unsafe_name) &&
        (include || !header_names.Contains("*"))) {
      verdict.step = Step::kHeaderNotAllowed;
      verdict.failed_value = unsafe_name;
      return verdict;
    }
  }
  return verdict;
}

// ===========================================================================
// Filtered responses

std::vector<bool> ReadableHeaders(const HeaderList& response_headers,
                                  ResponseType type,
                                  CredentialsMode credentials) {
  std::vector<bool> readable(response_headers.size(), false);
  switch (type) {
    case ResponseType::kBasic:
      // #concept-filtered-response-basic: "header list excludes any headers
      // in internal response's header list whose name is a forbidden
      // response-header name".
      for (size_t i = 0; i < response_headers.size(); ++i) {
        readable[i] = !IsForbiddenResponseHeaderName(response_headers[i].name);
      }
      break;
    case ResponseType::kCors: {
      // #main-fetch, response tainting "cors":
      //   1. Let headerNames be the result of extracting header list values
      //      given `Access-Control-Expose-Headers`.
      //   2. If request's credentials mode is not "include" and headerNames
      //      contains `*`, then set response's CORS-exposed header-name list
      //      to all unique header names in response's header list.
      //   3. Otherwise, if headerNames is non-null or failure, then set
      //      response's CORS-exposed header-name list to headerNames.
      //      (Read as "neither null nor failure": a list that fails to
      //      parse exposes nothing.)
      const ListValues header_names =
          ExtractTokenListValues(response_headers, kAccessControlExposeHeaders);
      std::vector<std::string> exposed;
      if (header_names.state == ListValues::State::kList) {
        if (credentials != CredentialsMode::kInclude &&
            header_names.Contains("*")) {
          for (const Header& h : response_headers) exposed.push_back(h.name);
        } else {
          exposed = header_names.values;
        }
      }
      // #concept-filtered-response-cors: "header list excludes any headers
      // in internal response's header list whose name is not a
      // CORS-safelisted response-header name, given internal response's
      // CORS-exposed header-name list".
      for (size_t i = 0; i < response_headers.size(); ++i) {
        readable[i] = IsCorsSafelistedResponseHeaderName(
            response_headers[i].name, exposed);
      }
      break;
    }
    case ResponseType::kOpaque:          // #concept-filtered-response-opaque
    case ResponseType::kOpaqueRedirect:  // ...-opaque-redirect
    case ResponseType::kError:           // a network error has no headers
      break;
  }
  return readable;
}

std::vector<std::string> ReadableHeaderNames(const HeaderList& response_headers,
                                             const std::vector<bool>& readable) {
  std::vector<std::string> names;
  for (size_t i = 0; i < response_headers.size(); ++i) {
    if (!readable[i]) continue;
    const std::string lower = ByteLowercase(response_headers[i].name);
    if (std::find(names.begin(), names.end(), lower) == names.end()) {
      names.push_back(lower);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// ===========================================================================
// The CORS-preflight cache

bool CacheUsableFor(const Profile& profile, CacheMode cache,
                    std::string_view url, std::string_view serialized_origin) {
  // cache_honors_request_cache_mode: "no-store, no-cache and reload neither
  // use nor fill the cache".
  if (profile.cache_honors_request_cache_mode &&
      (cache == CacheMode::kNoStore || cache == CacheMode::kNoCache ||
       cache == CacheMode::kReload)) {
    return false;
  }
  // cache_max_url_length: "URLs this long are never cached".
  if (profile.cache_max_url_length > 0 &&
      url.size() >= profile.cache_max_url_length) {
    return false;
  }
  // cache_null_origin: "requests whose origin serializes to null use the
  // cache" (or never).
  if (!profile.cache_null_origin && serialized_origin == "null") return false;
  return true;
}

PreflightCacheModel::PreflightCacheModel(const Profile& profile,
                                         size_t max_entries)
    : profile_(profile),
      max_entries_(max_entries),
      warming_up_(profile.cache_drops_new_keys_until_repeat) {}

PreflightCacheModel::Entry* PreflightCacheModel::Find(const CacheKey& key,
                                                      bool credentials_key) {
  for (Entry& e : entries_) {
    if (e.key.partition == key.partition && e.key.origin == key.origin &&
        e.key.url == key.url && e.credentials_key == credentials_key) {
      return &e;
    }
  }
  return nullptr;
}

void PreflightCacheModel::Remove(const Entry* entry) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (&entries_[i] == entry) {
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

PreflightCacheModel::Entry* PreflightCacheModel::FindOrCreate(
    const CacheKey& key, bool credentials_key) {
  Entry* e = Find(key, credentials_key);
  if (e == nullptr) {
    Entry fresh;
    fresh.key = key;
    fresh.credentials_key = credentials_key;
    fresh.expiry = std::numeric_limits<int64_t>::min();
    entries_.push_back(std::move(fresh));
    e = &entries_.back();
  }
  e->last_used = ++clock_;
  return e;
}

// README "The preflight cache": "expired entries go first, then the least
// recently used".
void PreflightCacheModel::KeepWithinBound(int64_t now) {
  if (max_entries_ == 0 || entries_.size() <= max_entries_) return;
  std::vector<Entry> live;
  for (Entry& e : entries_) {
    if (e.expiry > now) live.push_back(std::move(e));
  }
  entries_ = std::move(live);
  while (entries_.size() > max_entries_) {
    const Entry* oldest = &entries_.front();
    for (const Entry& e : entries_) {
      if (e.last_used < oldest->last_used) oldest = &e;
    }
    Remove(oldest);
  }
}

bool PreflightCacheModel::Serves(const Item& item, std::string_view name,
                                 bool is_header, bool include,
                                 int64_t now) const {
  // #concept-cache-match: the item is alive, and its credentials is true,
  // or false and the request's credentials mode is not "include".
  if (item.expiry <= now || (!item.credentials && include)) return false;
  // #concept-cache-match-method: "its method is method or `*`";
  // #concept-cache-match-header: "its header name is a
  // byte-case-insensitive match for headerName" or "its header name is `*`
  // and headerName is not a CORS non-wildcard request-header name"
  // (PROFILES.md cache_wildcard_covers_authorization: WebKit's does).
  if (is_header ? ByteCaseInsensitiveMatch(item.name, name) : item.name == name) {
    return true;
  }
  if (item.name != "*") return false;
  if (is_header && IsCorsNonWildcardRequestHeaderName(name) &&
      !profile_.cache_wildcard_covers_authorization) {
    return false;
  }
  // PROFILES.md cache_wildcard: when a cached `*` counts.
  switch (profile_.cache_wildcard) {
    case corsengine::CachedWildcard::kLiteral:
      return false;
    case corsengine::CachedWildcard::kIfRequestUncredentialed:
      return !include;
    case corsengine::CachedWildcard::kIfEntryUncredentialed:
      return !item.credentials;
  }
  return false;
}

Lookup PreflightCacheModel::LookupRequest(
    const CacheKey& key, std::string_view method,
    const std::vector<std::string>& unsafe_names, CredentialsMode credentials,
    int64_t now, bool use_cors_preflight) {
  const bool include = credentials == CredentialsMode::kInclude;
  const bool per_key = profile_.cache_model == corsengine::CacheModel::kPerKey;
  Lookup result;
  // The key: cache_credentials_must_match puts the credentials mode in it.
  Entry* e = Find(key, profile_.cache_credentials_must_match && include);
  if (e == nullptr) {
    result.outcome = LookupOutcome::kMiss;
    return result;
  }
  // "Cache entries must be removed after the seconds specified in their
  // max-age field have passed since storing the entry."
  if (e->expiry <= now) {
    Remove(e);
    result.outcome = LookupOutcome::kStale;
    return result;
  }
  // Per key (PROFILES.md cache_model), the whole result made without
  // credentials never serves "include" (UncredentialedResultNeverServes-
  // Include), whatever the request needs from it.
  auto fail = [&](std::string not_covered, bool is_method) -> Lookup& {
    result.outcome = LookupOutcome::kHitAndFail;
    result.not_covered = std::move(not_covered);
    result.not_covered_is_method = is_method;
    // PROFILES.md cache_evict_on_hit_and_fail.
    if (profile_.cache_evict_on_hit_and_fail) Remove(e);
    return result;
  };
  // #http-fetch step 4.1: "There is no method cache entry match for
  // request's method using request, and either request's method is not a
  // CORS-safelisted method or request's use-CORS-preflight flag is set".
  // PROFILES.md: cache_preflight_flag_needs_method_entry (the browsers
  // exempt safelisted methods whatever the flag) and
  // cache_head_needs_method_entry (Firefox exempts only GET and POST).
  const bool method_needs_entry =
      !IsCorsSafelistedMethod(method) ||
      (use_cors_preflight && profile_.cache_preflight_flag_needs_method_entry) ||
      (profile_.cache_head_needs_method_entry && method == "HEAD");
  if (method_needs_entry) {
    bool covered = false;
    for (const Item& item : e->methods) {
      if (Serves(item, method, /*is_header=*/false, include, now)) covered = true;
    }
    if (!covered) return fail(std::string(method), true);
  }
  // "... or there is at least one item in the CORS-unsafe request-header
  // names with request's header list for which there is no header-name
  // cache entry match using request."
  for (const std::string& name : unsafe_names) {
    bool covered = false;
    for (const Item& item : e->headers) {
      if (Serves(item, name, /*is_header=*/true, include, now)) covered = true;
    }
    if (!covered) return fail(ByteLowercase(name), false);
  }
  if (per_key && include && !e->credentials) {
    Lookup& failed = fail("credentials", false);
    failed.not_covered_is_credentials = true;
    return failed;
  }
  e->last_used = ++clock_;
  result.outcome = LookupOutcome::kHit;
  return result;
}

void PreflightCacheModel::Store(const CacheKey& key,
                                const PreflightResult& result, int64_t now) {
  // PROFILES.md cache_drops_new_keys_until_repeat: "a fresh cache keeps no
  // result until it is given one for a key it was given one for before"
  // (remembering at most 1,024 keys).
  if (warming_up_) {
    bool repeat = false;
    for (const CacheKey& k : dropped_keys_) {
      if (k.partition == key.partition && k.origin == key.origin &&
          k.url == key.url) {
        repeat = true;
      }
    }
    if (!repeat && dropped_keys_.size() < 1024) {
      dropped_keys_.push_back(key);
      return;
    }
    warming_up_ = false;
    dropped_keys_.clear();
  }
  const bool credentials = result.credentials;
  const bool credentials_key = profile_.cache_credentials_must_match && credentials;
  const int64_t seconds = result.max_age.seconds;
  auto items = [&](const std::vector<std::string>& names, int64_t expiry) {
    std::vector<Item> out;
    for (const std::string& n : names) out.push_back(Item{n, credentials, expiry});
    return out;
  };
  if (profile_.cache_model == corsengine::CacheModel::kPerKey) {
    // PROFILES.md cache_model kPerKey: "one result per (partition, origin,
    // URL), replaced whole by the next preflight"; a result that may not be
    // cached leaves nothing behind.
    Entry* e = Find(key, credentials_key);
    if (seconds <= 0) {
      if (e != nullptr) Remove(e);
      return;
    }
    e = FindOrCreate(key, credentials_key);
    e->expiry = now + seconds;
    e->credentials = credentials;
    e->methods = items(result.methods, e->expiry);
    e->headers = items(result.header_names, e->expiry);
    KeepWithinBound(now);
    return;
  }
  // kPerItem: #cors-preflight-fetch steps 7.12-7.15: for each method (header
  // name) "for which there is a method (header-name) cache entry match
  // using request, set matching entry's max-age to max-age", otherwise
  // "create a new cache entry". The match is the lookup's (Serves): an item
  // made with credentials is refreshed by a preflight made without, and a
  // `*` the wildcard rule counts is refreshed by any name it covers. A
  // refreshed item counts its max-age from now. Max-Age 0 (PROFILES.md
  // cache_zero_max_age_expires_entries) only expires what it matches, and
  // Firefox's leaves the cache alone.
  if (seconds <= 0 && !profile_.cache_zero_max_age_expires_entries) return;
  if (seconds <= 0 && Find(key, credentials_key) == nullptr) return;
  Entry* e = FindOrCreate(key, credentials_key);
  const int64_t expiry = now + seconds;
  auto update = [&](std::vector<Item>* list, const std::string& name,
                    bool is_header) {
    bool matched = false;
    const size_t old_count = list->size();
    for (size_t n = 0; n < old_count; ++n) {
      Item& item = (*list)[n];
      if (Serves(item, name, is_header, credentials, now)) {
        item.expiry = expiry;
        matched = true;
      }
    }
    if (!matched && seconds > 0) list->push_back(Item{name, credentials, expiry});
  };
  for (const std::string& m : result.methods) update(&e->methods, m, false);
  for (const std::string& h : result.header_names) update(&e->headers, h, true);
  // Items whose max-age has passed are gone; so is an entry left with none
  // (a per-item cache holds nothing for a preflight that allowed nothing).
  auto drop_expired = [now](std::vector<Item>* list) {
    std::vector<Item> live;
    for (Item& item : *list) {
      if (item.expiry > now) live.push_back(std::move(item));
    }
    *list = std::move(live);
  };
  drop_expired(&e->methods);
  drop_expired(&e->headers);
  if (e->methods.empty() && e->headers.empty()) {
    Remove(e);
    return;
  }
  // The entry is stale once its longest-lived item is.
  e->expiry = std::numeric_limits<int64_t>::min();
  for (const Item& item : e->methods) e->expiry = std::max(e->expiry, item.expiry);
  for (const Item& item : e->headers) e->expiry = std::max(e->expiry, item.expiry);
  KeepWithinBound(now);
}

void PreflightCacheModel::ClearEntries(const CacheKey& key) {
  // #concept-cache-clear: entries whose key, byte-serialized origin and URL
  // are the request's (with and without credentials).
  std::vector<Entry> kept;
  for (Entry& e : entries_) {
    if (!(e.key.partition == key.partition && e.key.origin == key.origin &&
          e.key.url == key.url)) {
      kept.push_back(std::move(e));
    }
  }
  entries_ = std::move(kept);
}

void PreflightCacheModel::Clear() { entries_.clear(); }

void PreflightCacheModel::ClearPartition(std::string_view partition) {
  std::vector<Entry> kept;
  for (Entry& e : entries_) {
    if (e.key.partition != partition) kept.push_back(std::move(e));
  }
  entries_ = std::move(kept);
}

void PreflightCacheModel::ClearOrigin(std::string_view origin) {
  std::vector<Entry> kept;
  for (Entry& e : entries_) {
    if (e.key.origin != origin) kept.push_back(std::move(e));
  }
  entries_ = std::move(kept);
}

}  // namespace corsref
