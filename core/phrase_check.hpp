// The phrase checker: what an agent must never say or write (the seeds' 严禁 rules: uncivil
// words, blaming other departments, refusing the customer outright, promising what cannot
// be promised, telling the customer they do not matter), each with its reason and a better
// way to say it. It warns; it never blocks.
//
// All phrases are found in one pass over the text (Aho–Corasick over the folded bytes), not
// one substring scan per phrase. Text and phrases are folded as search folds them (case,
// full-width, common traditional characters). Chinese has no word boundaries, so a Chinese
// phrase matches anywhere; a Latin phrase only as whole words ("no" is not in "know"). A
// phrase can list exceptions, longer words that contain it harmlessly (保证 in 保证金).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace kefu {

struct Phrase {
    std::string text;
    std::string reason;
    std::string suggestion;
    std::vector<std::string> exceptions;
    bool operator==(const Phrase& o) const {
        return text == o.text && reason == o.reason && suggestion == o.suggestion && exceptions == o.exceptions;
    }
};

struct PhraseHit {
    uint32_t begin = 0, end = 0;  // bytes of the original text
    uint32_t phrase = 0;          // index into PhraseChecker::phrases()
};

class PhraseChecker {
public:
    PhraseChecker() = default;
    // Empty phrases and repeats (after folding) are skipped and listed in skipped().
    explicit PhraseChecker(std::vector<Phrase> phrases);

    // Every hit, in text order (overlapping phrases each reported).
    std::vector<PhraseHit> check(std::string_view text) const;
    const std::vector<Phrase>& phrases() const { return phrases_; }
    const std::vector<std::string>& skipped() const { return skipped_; }

private:
    struct Node {
        std::vector<std::pair<uint8_t, uint32_t>> next;  // sorted by byte
        uint32_t fail = 0;
        std::vector<uint32_t> out;  // phrases ending here (own and by suffix)
    };
    uint32_t step(uint32_t state, uint8_t byte) const;

    std::vector<Phrase> phrases_;
    std::vector<std::string> folded_;  // each phrase folded
    std::vector<std::vector<std::string>> folded_exceptions_;
    std::vector<bool> latin_;  // whole words only
    std::vector<Node> nodes_;
    std::vector<std::string> skipped_;
};

// Folds text as the search does and keeps, for every folded byte, where it came from.
std::string fold_text(std::string_view text, std::vector<uint32_t>* origin = nullptr);

// The default list (zh-CN and English), written from the seeds' rules.
std::vector<Phrase> default_phrases();

// The phrase list as stored (config record "phrases") and read back; reading skips entries
// that are not objects with a string "text".
nlohmann::json phrases_to_json(const std::vector<Phrase>& phrases);
std::vector<Phrase> phrases_from_json(const nlohmann::json& j);

}  // namespace kefu
