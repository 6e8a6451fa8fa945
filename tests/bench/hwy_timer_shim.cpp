// For the bench's callgrind runs only (tests/bench/bench.sh preloads it under valgrind).
// Debian's libavcodec loads libjxl, whose libhwy calibrates a timer when it is loaded, with
// the rdtscp instruction, which valgrind 3.19 cannot run: every program linking libavcodec,
// ffmpeg included, stops there. libhwy calls its TimerResolution() through its own PLT, so a
// preloaded definition takes its place. That timer is libhwy's for timing itself; decoding
// and playing do not depend on it.
#include <cstdint>

namespace hwy::platform {
std::uint64_t TimerResolution() { return 1; }
}  // namespace hwy::platform
