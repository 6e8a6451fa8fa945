# Cross build for 64-bit ARM (Raspberry Pi 4/5, RK3566-class boards) on a Debian 12 x86 machine:
#   platform/setup-debian.sh --arm64-cross        # the cross g++, qemu-user, the :arm64 -dev packages
#   cmake -S . -B build-arm64 --toolchain platform/toolchain-aarch64.cmake
# platform/cross-build-arm64.sh does both, builds, and runs the unit tests under qemu.
#
# Debian's multiarch layout: arm64 libraries sit beside the host's in /usr/lib/aarch64-linux-gnu
# (installed as pkg:arm64), so there is no separate sysroot. What keeps the host's x86-64 libraries
# out is the library architecture (find_library, find_package look in lib/aarch64-linux-gnu)
# and pkg-config reading only the arm64 .pc files.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Programs (pkg-config, ffmpeg for the test media) are the host's; libraries, headers and CMake
# package files are the target's. The root is "/" as multiarch keeps both architectures there.
set(CMAKE_FIND_ROOT_PATH /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Without this, pkg-config also reads the host's /usr/lib/x86_64-linux-gnu/pkgconfig and hands
# out x86-64 link lines. /usr/share/pkgconfig holds architecture-independent .pc files only.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# Test binaries (and Catch2's test discovery at build time) run through qemu-user; binfmt may not
# be registered, so the emulator is named here. "-L /" makes qemu load the arm64 libc of the
# multiarch install (libc6:arm64, the same one the -dev packages were built against). Never
# "-L /usr/aarch64-linux-gnu": that is the cross compiler's own libc, and with its loader any
# program that starts a thread spins forever under qemu (and ignores SIGTERM).
find_program(CLASSPLAYER_QEMU_AARCH64 NAMES qemu-aarch64 qemu-aarch64-static)
if(CLASSPLAYER_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${CLASSPLAYER_QEMU_AARCH64};-L;/")
else()
  message(WARNING "qemu-aarch64 not found: the arm64 build works, its tests cannot run here "
                  "(platform/setup-debian.sh --arm64-cross installs qemu-user)")
endif()
