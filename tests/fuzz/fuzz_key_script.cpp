// libFuzzer target: bytes as a --keys script (lines "SECONDS KEY").
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    classplayer::fuzz::key_script_bytes(data, size);
    return 0;
}
