#pragma once
#include <string>

#include "core/file_io.hpp"

namespace kefu::test {
// Reads a file of the source tree (works natively and under Node with NODERAWFS).
inline std::string read_source_file(const std::string& relative) {
    return read_whole_file(std::string(KEFU_SOURCE_DIR) + "/" + relative);
}
}  // namespace kefu::test
