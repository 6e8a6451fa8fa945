// The draw path allocates nothing of ours once warmed up: on a Pi a class runs for an hour at
// 30-60 frames a second, and the heap should not churn. SDL's own allocations use malloc and
// are not counted; every C++ allocation in this binary goes through the counter below.
#include "ui_test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

// These replace the global operators, so malloc/free underneath is the matching pair; GCC
// cannot see that and warns.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
    return ::operator new(size, tag);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

using namespace classplayer::ui;
using namespace classplayer::ui::test;

TEST_CASE("Drawing a warmed-up view allocates nothing", "[ui][performance]") {
    auto screen = headless_screen(640, 360);
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_green);
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    const auto kind = GENERATE(ViewKind::Card, ViewKind::Clip, ViewKind::Breathing,
                               ViewKind::ClipError, ViewKind::Ended);
    View view;
    view.kind = kind;
    view.title = "Latissimus dorsi stretch";
    view.lines = {"Hold the chair back, arm straight.", "Lean your chest forward."};
    view.step_number = 6;
    view.step_count = 8;
    view.class_progress = 0.7;
    view.class_left_s = 300;
    view.reason = "Balance: the chair-supported variant";
    view.rep_label = "Rep 2 of 6";
    view.side_label = "Right side";
    view.set_label = "Set 1 of 2";
    view.hold_left_s = 12.0;
    view.caption = "Switch sides";
    view.breath_number = 3;
    view.breath_count = 6;
    view.next_up = "Next: Closing";
    view.paused = true;

    screen->upload_picture(picture.view(0, handover));
    screen->draw(view, 0.0);  // warm up: text rendered and cached
    screen->present();

    allocations = 0;
    counting = true;
    for (int frame = 1; frame <= 20; ++frame) {
        screen->upload_picture(picture.view(0, handover));
        view.breathing_phase_progress = frame / 20.0;
        screen->draw(view, frame / 30.0);
        screen->present();
    }
    counting = false;
    CHECK(allocations == 0);
}
