#pragma once
// SHA-256 through OpenSSL's EVP interface (libcrypto), fed in pieces so a 4 GiB clip is hashed
// without being held in memory.
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace classplayer::content {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    std::string hex();  // 64 lowercase hex digits; call once, at the end

private:
    struct Free { void operator()(void* ctx) const; };
    std::unique_ptr<void, Free> ctx_;  // EVP_MD_CTX, kept out of this header
};

// The hash of a whole file, or "FILE: why" (the errno text) when it cannot be read.
std::expected<std::string, std::string> sha256_of_file(const std::filesystem::path& file);

}  // namespace classplayer::content
