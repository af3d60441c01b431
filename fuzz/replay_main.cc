// File: fuzz/replay_main.cc
//
// A main() for fuzz targets built without libFuzzer (gcc, the default
// build): feeds every file named on the command line, and every regular file
// under every directory named there (recursively, in sorted order), to
// LLVMFuzzerTestOneInput() once. Prints how many inputs ran and fails when
// none did, so an empty or missing corpus cannot pass silently.
//
//   replay_main [--dict=FILE]... [-libfuzzer_flag=...]... PATH...
//
// --dict=FILE checks that FILE is a well-formed libFuzzer dictionary (each
// line blank, a `#` comment, or `[name=]"value"` with only \\, \" and \xHH
// escapes), so a broken dictionary fails `bazel test` instead of a fuzz run.
// Other arguments that start with `-` are libFuzzer flags and are ignored.
// A failing invariant aborts the process, which fails the test.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
    __attribute__((weak));

namespace {

namespace fs = std::filesystem;

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return !in.bad();
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)); }

std::string_view TrimLine(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' ||
                           line.back() == '\r')) {
    line.remove_suffix(1);
  }
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    line.remove_prefix(1);
  }
  return line;
}

// One trimmed, non-blank, non-comment dictionary line: `[name=]"value"`.
bool ValidDictEntry(std::string_view line) {
  const size_t quote = line.find('"');
  if (quote == std::string_view::npos || line.back() != '"' ||
      quote + 1 >= line.size()) {
    return false;
  }
  if (quote > 0) {
    std::string_view name = line.substr(0, quote);
    if (name.back() != '=') return false;
    name.remove_suffix(1);
    for (char c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
        return false;
      }
    }
  }
  const std::string_view body = line.substr(quote + 1, line.size() - quote - 2);
  if (body.empty()) return false;  // libFuzzer rejects empty entries
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '"') return false;  // unescaped quote inside the value
    if (static_cast<unsigned char>(c) < 0x20 ||
        static_cast<unsigned char>(c) > 0x7e) {
      return false;
    }
    if (c != '\\') continue;
    if (i + 1 >= body.size()) return false;
    const char e = body[++i];
    if (e == '\\' || e == '"') continue;
    if (e == 'x' && i + 2 < body.size() && IsHex(body[i + 1]) &&
        IsHex(body[i + 2])) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

bool CheckDict(const fs::path& path) {
  std::string text;
  if (!ReadFile(path, &text)) {
    std::fprintf(stderr, "replay: cannot read dictionary %s\n",
                 path.c_str());
    return false;
  }
  size_t entries = 0;
  size_t line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line =
        TrimLine(std::string_view(text.data() + start, end - start));
    ++line_no;
    if (!line.empty() && line.front() != '#') {
      if (!ValidDictEntry(line)) {
        std::fprintf(stderr,
                     "replay: %s:%zu: not a libFuzzer dictionary line\n",
                     path.c_str(), line_no);
        return false;
      }
      ++entries;
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  if (entries == 0) {
    std::fprintf(stderr, "replay: dictionary %s has no entries\n",
                 path.c_str());
    return false;
  }
  std::printf("replay: dictionary %s: %zu entries OK\n", path.c_str(),
              entries);
  return true;
}

void CollectFiles(const fs::path& path, std::vector<fs::path>* files,
                  bool* ok) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> found;
    for (fs::recursive_directory_iterator it(
             path, fs::directory_options::follow_directory_symlink, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec)) found.push_back(it->path());
    }
    if (ec) {
      std::fprintf(stderr, "replay: cannot list %s: %s\n", path.c_str(),
                   ec.message().c_str());
      *ok = false;
    }
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  } else if (fs::exists(path, ec)) {
    files->push_back(path);
  } else {
    std::fprintf(stderr, "replay: no such file or directory: %s\n",
                 path.c_str());
    *ok = false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  bool ok = true;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.rfind("--dict=", 0) == 0) {
      ok = CheckDict(fs::path(std::string(arg.substr(7)))) && ok;
    } else if (!arg.empty() && arg.front() == '-') {
      std::fprintf(stderr, "replay: ignoring libFuzzer flag %s\n", argv[i]);
    } else {
      CollectFiles(fs::path(std::string(arg)), &files, &ok);
    }
  }
  size_t ran = 0;
  for (const fs::path& file : files) {
    std::string bytes;
    if (!ReadFile(file, &bytes)) {
      std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
      ok = false;
      continue;
    }
    // A copy in its own allocation, so ASan sees reads past the end.
    std::vector<uint8_t> copy(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(copy.data(), copy.size());
    ++ran;
  }
  std::printf("replay: ran %zu input(s)\n", ran);
  if (ran == 0) {
    std::fprintf(stderr, "replay: no inputs ran\n");
    return 1;
  }
  return ok ? 0 : 1;
}
