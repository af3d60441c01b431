#!/usr/bin/env bash
# Writes a C++ source defining corsctl::DemoScenarios() from demo.jsonl, so
# the binary carries its demo and `corsctl demo` works from any directory.
set -euo pipefail
in="$1"
out="$2"
{
  echo '// Generated from tools/corsctl/demo.jsonl by embed_demo.sh.'
  echo '#include <string>'
  echo '#include "tools/corsctl/commands.h"'
  echo 'namespace corsctl {'
  echo 'const std::string& DemoScenarios() {'
  echo '  static const std::string* const kDemo = new std::string(R"CORSCTLDEMO('
  cat "$in"
  echo ')CORSCTLDEMO");'
  echo '  return *kDemo;'
  echo '}'
  echo '}  // namespace corsctl'
} > "$out"
