#include "media/audio_fifo.hpp"

#include <algorithm>
#include <cstring>

namespace classplayer::media {

std::size_t AudioFifo::write(const std::uint8_t* data, std::size_t bytes) {
  const std::size_t count = std::min(bytes, space());
  if (count == 0) return 0;
  const std::size_t tail = (head_ + size_) % buffer_.size();
  const std::size_t first = std::min(count, buffer_.size() - tail);  // up to the wrap
  std::memcpy(buffer_.data() + tail, data, first);
  if (count > first) std::memcpy(buffer_.data(), data + first, count - first);
  size_ += count;
  return count;
}

std::size_t AudioFifo::read(std::uint8_t* out, std::size_t bytes) {
  const std::size_t count = std::min(bytes, size_);
  if (count == 0) return 0;
  const std::size_t first = std::min(count, buffer_.size() - head_);
  std::memcpy(out, buffer_.data() + head_, first);
  if (count > first) std::memcpy(out + first, buffer_.data(), count - first);
  head_ = (head_ + count) % buffer_.size();
  size_ -= count;
  if (size_ == 0) head_ = 0;  // keeps the next write contiguous
  return count;
}

}  // namespace classplayer::media
