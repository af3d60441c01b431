// File: tools/corsctl/main.cc
//
// corsctl: runs CORS scenarios through corsengine. See commands.h.

#include <iostream>
#include <string>
#include <vector>

#include "tools/corsctl/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return corsctl::RunCorsctl(args, std::cin, std::cout, std::cerr);
}
