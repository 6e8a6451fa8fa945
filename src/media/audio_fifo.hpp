#pragma once
// A fixed-capacity byte ring for decoded audio (S16 interleaved), between the audio decoder
// thread and the audio consumer. Not thread-safe by itself: ClipReader guards it with its
// mutex. Private to src/media (tests use it directly).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace classplayer::media {

class AudioFifo {
 public:
  explicit AudioFifo(std::size_t capacity_bytes = 0) : buffer_(capacity_bytes) {}

  std::size_t capacity() const { return buffer_.size(); }
  std::size_t size() const { return size_; }
  std::size_t space() const { return buffer_.size() - size_; }
  bool empty() const { return size_ == 0; }

  // Appends up to `bytes` (as many as fit); returns how many were taken.
  std::size_t write(const std::uint8_t* data, std::size_t bytes);
  // Removes up to `bytes` from the front into `out`; returns how many were copied.
  std::size_t read(std::uint8_t* out, std::size_t bytes);
  void clear() { head_ = size_ = 0; }

 private:
  std::vector<std::uint8_t> buffer_;
  std::size_t head_ = 0;  // index of the oldest byte
  std::size_t size_ = 0;
};

}  // namespace classplayer::media
