#pragma once
#include <fstream>
#include <sstream>
#include <string>

namespace kefu::test {
// Reads a file of the source tree (works natively and under Node with NODERAWFS).
inline std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(KEFU_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}
}  // namespace kefu::test
