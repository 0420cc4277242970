// Whole-file reading for tools, tests and embedded assets (std only; in the browser the
// path is on Emscripten's virtual file system, natively and under Node a real one).
#pragma once
#include <string>

namespace kefu {

// The file's bytes, or an empty string when it cannot be read.
std::string read_whole_file(const std::string& path);

}  // namespace kefu
