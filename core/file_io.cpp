#include "core/file_io.hpp"

#include <fstream>
#include <sstream>

namespace kefu {

std::string read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace kefu
