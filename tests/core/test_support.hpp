#pragma once
#include <string>

#include "core/calendar.hpp"
#include "core/file_io.hpp"

namespace kefu::test {
// Reads a file of the source tree (works natively and under Node with NODERAWFS).
inline std::string read_source_file(const std::string& relative) {
    return read_whole_file(std::string(KEFU_SOURCE_DIR) + "/" + relative);
}
// The shipped working calendar (assets/calendars/cn-2026.json); empty-handed if it does not parse.
inline WorkCalendar shipped_calendar() {
    WorkCalendar cal;
    if (!parse_calendar(nlohmann::json::parse(read_source_file("assets/calendars/cn-2026.json")), cal).empty()) return {};
    return cal;
}
}  // namespace kefu::test

#include <atomic>
#include <chrono>
#include <filesystem>

namespace kefu::test {
// A fresh folder under the system temp dir, removed when the object goes away.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = (std::filesystem::temp_directory_path() /
                 ("kefu-test-" + std::to_string(stamp) + "-" + std::to_string(counter++))).string();
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};
}  // namespace kefu::test
