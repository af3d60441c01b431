// File: tools/corsctl/commands.h
//
// corsctl's commands, callable from tests with string streams:
//
//   corsctl run FILE.jsonl [--profile P|all]    truth records, one per line
//   corsctl explain FILE.jsonl [--name NAME] [--profile P|all]
//   corsctl demo [--profile P]                  a bundled tour, as a table
//   corsctl compare EXPECTED.jsonl ACTUAL.jsonl agreement per family
//   corsctl probe URL --origin O [...]          a live server, every profile
//
// `--profile all` runs every profile and says where they differ.
//
// FILE may be "-" for standard input. A bad line (malformed JSON, a field of
// the wrong type, a missing field) is reported on `err` with its line number
// and field; the other lines are still processed, and the exit code is 2.

#ifndef CORSENGINE_TOOLS_CORSCTL_COMMANDS_H_
#define CORSENGINE_TOOLS_CORSCTL_COMMANDS_H_

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace corsctl {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitDisagree = 1;  // compare: some scenario disagrees
inline constexpr int kExitBadInput = 2;

// RunCorsctl()
//
// `args` excludes the program name. Files named in args are opened from the
// file system; "-" reads `in`.
int RunCorsctl(const std::vector<std::string>& args, std::istream& in,
               std::ostream& out, std::ostream& err);

// The bundled demo scenarios (tools/corsctl/demo.jsonl).
const std::string& DemoScenarios();

}  // namespace corsctl

#endif  // CORSENGINE_TOOLS_CORSCTL_COMMANDS_H_
