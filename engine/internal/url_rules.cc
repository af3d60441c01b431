// File: engine/internal/url_rules.cc

#include "engine/internal/url_rules.h"

#include <string>
#include <string_view>

namespace corsengine {
namespace internal {

void ApplyProfileUrlRules(const Profile& profile, Url* url_in_out) {
  const Url& url = *url_in_out;
  if (!profile.url_path_encodes_pipe || !url.IsHttpOrHttps()) return;
  const std::string_view path_and_query = url.path_and_query();
  // The query starts at the first '?': one in the path is "%3F".
  const std::string_view path =
      path_and_query.substr(0, path_and_query.find('?'));
  if (path.find('|') == std::string_view::npos) return;
  const std::string whole = url.SerializeWithCredentials();
  std::string out = whole.substr(0, whole.size() - path_and_query.size());
  for (char c : path) {
    if (c == '|') {
      out.append("%7C");
    } else {
      out.push_back(c);
    }
  }
  out.append(path_and_query.substr(path.size()));
  if (url.has_fragment()) {
    out.push_back('#');
    out.append(url.fragment());
  }
  // The result is canonical, so parsing it again changes nothing else.
  Expected<Url> encoded = Url::Parse(out);
  if (encoded.ok()) *url_in_out = std::move(encoded).value();
}

}  // namespace internal
}  // namespace corsengine
