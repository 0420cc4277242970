#include "core/file_io.hpp"

#include <cstdio>

namespace kefu {

std::string read_whole_file(const std::string& path) {
    // One fread into a sized buffer: stream-buffer copies are slow in the wasm build.
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return {};
    std::string out;
    if (std::fseek(f, 0, SEEK_END) == 0) {
        const long size = std::ftell(f);
        // A directory opens too on some systems and reports a nonsense size: refuse it.
        if (size > 0 && size < (1L << 30)) {
            out.resize(static_cast<size_t>(size));
            std::rewind(f);
            out.resize(std::fread(out.data(), 1, out.size(), f));
        }
    }
    std::fclose(f);
    return out;
}

}  // namespace kefu
