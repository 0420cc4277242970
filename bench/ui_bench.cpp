// UI frame benchmark (native and wasm under Node from the same source): the CPU time of
// building one frame of the real views with 100,000 cases — the case list (default sort,
// then a search), and the case form — with Dear ImGui running headless (no GPU: textures
// are acknowledged, draw lists are built but not drawn). Prints one JSON object per line.
//   kefu_ui_bench [cases] [font.ttf]
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"
#include "bench/dataset.hpp"
#include "core/file_io.hpp"
#include "imgui.h"
#include "web/theme.hpp"
#include "web/ui.hpp"

namespace {

using namespace kefu;
using kefu::bench::emit;
using kefu::bench::ms_since;
using kefu::bench::percentile;
using kefu::bench::Timer;

constexpr int64_t kNow = 1'795'000'000'000;

class HeadlessPlatform : public Platform {
public:
    void copy_to_clipboard(const std::string&) override {}
    void download_file(const std::string&, const std::string&, const std::vector<uint8_t>&) override {}
    void pick_file(const std::string&, std::function<void(PickedFile)>) override {}
    void request_sync() override {}
    double now_ms() const override { return static_cast<double>(kNow); }
    int utc_offset_minutes() const override { return 480; }
};

// The renderer's side of Dear ImGui 1.92's texture protocol, without a GPU.
void acknowledge_textures() {
    for (ImTextureData* t : ImGui::GetPlatformIO().Textures) {
        if (t->Status == ImTextureStatus_WantCreate || t->Status == ImTextureStatus_WantUpdates) {
            t->SetTexID(static_cast<ImTextureID>(1));
            t->SetStatus(ImTextureStatus_OK);
        } else if (t->Status == ImTextureStatus_WantDestroy) {
            t->SetTexID(ImTextureID_Invalid);
            t->SetStatus(ImTextureStatus_Destroyed);
        }
    }
}

double frame(const ViewContext& ctx) {
    const auto t0 = Timer::now();
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ctx.ui.probes.clear();
    ctx.ui.field_values.clear();
    draw_app_frame(ctx);
    ImGui::Render();
    const double ms = ms_since(t0);
    acknowledge_textures();
    return ms;
}

std::vector<double> frames(const ViewContext& ctx, int warmup, int measured) {
    for (int i = 0; i < warmup; ++i) frame(ctx);
    std::vector<double> out;
    for (int i = 0; i < measured; ++i) out.push_back(frame(ctx));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const size_t cases = argc > 1 ? static_cast<size_t>(std::stoul(argv[1])) : 100000;
    const std::string font_file = argc > 2 ? argv[2] : "";

    AppState state;
    bench::Rng rng(42);
    for (size_t i = 0; i < cases; ++i) {
        const nlohmann::json data = bench::make_case(rng, i, cases, kNow);
        state.records.create(kCaseType, bench::case_id(i), data, {{"1001", "张敏"}, data["description"]["at"].get<int64_t>()});
    }
    refresh_derived(state);
    // The station as the first-run screen leaves it: an administrator (SaveAgent through
    // apply(), as the app does; the PIN hash is a well-formed stand-in, nobody signs in with
    // it), signed in. Without one the app draws the first-run screen, not the case list.
    const AgentProfile admin{"9000", "王管理", Role::Admin, "", true,
                             PinHash{kPinAlgorithm, kPinIterations, "AAECAwQFBgcICQoLDA0ODw==", "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs="}, 0};
    if (!apply(state, SaveAgent{admin}, {{"9000", "王管理"}, kNow}).ok()) {
        std::fprintf(stderr, "the administrator could not be created\n");
        return 1;
    }

    Translator tr;
    for (int i = 0; i < static_cast<int>(Language::Count); ++i) {
        StringTable table;
        table.load_json(read_whole_file(std::string(KEFU_SOURCE_DIR "/assets/i18n/") + language_tag(static_cast<Language>(i)) + ".json"));
        tr.set_table(static_cast<Language>(i), std::move(table));
    }
    tr.set_language(Language::ZhCN);
    UiState ui;
    ui.font_state = FontState::Ready;
    ui.auth.state = AuthState::SignedIn;
    ui.auth.agent = admin.id;
    ui.auth.last_input_ms = static_cast<double>(kNow);
    HeadlessPlatform platform;
    const Dispatcher dispatch([](const Command&) { return ApplyResult::success(); });
    const ViewContext ctx{state, ui, tr, dispatch, platform};

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1366, 860);
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    const std::string font = font_file.empty() ? std::string() : read_whole_file(font_file);
    if (!font.empty()) {
        void* bytes = IM_ALLOC(font.size());
        std::memcpy(bytes, font.data(), font.size());
        io.Fonts->AddFontFromMemoryTTF(bytes, static_cast<int>(font.size()), 0.0f);
    } else {
        io.Fonts->AddFontDefault();
    }
    emit("ui_font_cjk", font.empty() ? 0 : 1, "bool");
    theme::apply_style(1.0f);

    ui.section = Section::Cases;
    auto list = frames(ctx, 10, 60);
    if (!ui.probes.count("cases.row.0") || ui.cases.rows.size() != cases) {
        std::fprintf(stderr, "the case list was not drawn (%zu rows)\n", ui.cases.rows.size());
        return 1;
    }
    emit("case_list_frame_p50", percentile(list, 50), "ms");
    emit("case_list_frame_p95", percentile(list, 95), "ms");

    ui.cases.search = "登录";
    frame(ctx);  // the query runs once (cached afterwards, as in the app)
    list = frames(ctx, 5, 60);
    emit("case_list_search_frame_p50", percentile(list, 50), "ms");

    open_case(ctx, state.cases.row(ui.cases.rows.at(0)).id);
    list = frames(ctx, 5, 60);
    if (!ui.probes.count("case.history")) {
        std::fprintf(stderr, "the case form was not drawn\n");
        return 1;
    }
    emit("case_form_frame_p50", percentile(list, 50), "ms");
    emit("case_form_frame_p95", percentile(list, 95), "ms");
    ImGui::DestroyContext();
    return 0;
}
