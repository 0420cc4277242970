#include "core/file_io.hpp"

#include <doctest/doctest.h>

#include "tests/core/test_support.hpp"

TEST_CASE("read_whole_file returns the bytes, or empty for a missing file") {
    const std::string text = kefu::test::read_source_file("assets/i18n/zh-CN.json");
    CHECK(text.size() > 100);
    CHECK(text.find("\"nav.cases\": \"工单\"") != std::string::npos);
    CHECK(kefu::read_whole_file(std::string(KEFU_SOURCE_DIR) + "/no/such/file.json").empty());
}
