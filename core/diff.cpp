#include "core/diff.hpp"

#include <algorithm>

namespace kefu {

namespace {

std::vector<std::string_view> split_lines(std::string_view t) {
    std::vector<std::string_view> lines;
    size_t at = 0;
    while (at <= t.size()) {
        const size_t nl = t.find('\n', at);
        lines.push_back(t.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
        if (nl == std::string_view::npos) break;
        at = nl + 1;
    }
    return lines;
}

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
    const std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
    // The common head and tail need no table.
    size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
    const size_t n = a.size() - head - tail, m = b.size() - head - tail;

    std::vector<DiffLine> out;
    out.reserve(head + tail + n + m);
    for (size_t i = 0; i < head; ++i) out.push_back({DiffLine::Same, std::string(a[i])});
    if ((n + 1) * (m + 1) > kMaxDiffCells) {
        for (size_t i = 0; i < n; ++i) out.push_back({DiffLine::Removed, std::string(a[head + i])});
        for (size_t j = 0; j < m; ++j) out.push_back({DiffLine::Added, std::string(b[head + j])});
    } else {
        // lcs[i * (m + 1) + j]: common lines of the middle parts a[i..] and b[j..]
        std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
        auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i] == b[head + j]) {
                out.push_back({DiffLine::Same, std::string(a[head + i])});
                ++i, ++j;
            } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
                out.push_back({DiffLine::Added, std::string(b[head + j++])});
            } else {
                out.push_back({DiffLine::Removed, std::string(a[head + i++])});
            }
        }
    }
    for (size_t k = tail; k-- > 0;) out.push_back({DiffLine::Same, std::string(a[a.size() - 1 - k])});
    return out;
}

}  // namespace kefu
