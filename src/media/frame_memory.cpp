#include "media/frame_memory.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/buffer.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

#include <sys/mman.h>

#include <array>
#include <cstdint>
#include <list>
#include <mutex>

namespace classplayer::media {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kPlaneAlign = 64;  // AVX-512 loads; libavcodec's own pool aligns to this too
// Past each plane's end: what libavcodec's pool leaves for SIMD that reads or writes a
// little beyond the last row (16 bytes plus the stride alignment).
constexpr std::size_t kPlanePadding = 16 + kPlaneAlign;

void unmap_block(void* length, std::uint8_t* data) {
  munmap(data, reinterpret_cast<std::uintptr_t>(length));
}

// A picture buffer of `size` bytes: its own mapping, starting on a 2 MiB boundary so that
// whole huge pages fit in it, with the kernel asked for them.
AVBufferRef* map_block(void*, std::size_t size) {
  const std::size_t length = (size + 4095) & ~std::size_t{4095};
  // Over-map by one huge page, then give back what lies before the boundary and after the end.
  void* mapped = mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (start + kHugePage - 1) & ~(std::uintptr_t{kHugePage} - 1);
  if (aligned > start) munmap(mapped, aligned - start);
  const std::uintptr_t end = start + length + kHugePage;
  if (end > aligned + length) munmap(reinterpret_cast<void*>(aligned + length), end - (aligned + length));
  auto* block = reinterpret_cast<std::uint8_t*>(aligned);
  madvise(block, length, MADV_HUGEPAGE);  // advice only: without THP it is plain pages
  AVBufferRef* ref = av_buffer_create(block, size, unmap_block, reinterpret_cast<void*>(length), 0);
  if (!ref) munmap(block, length);
  return ref;
}

// Where each plane of a picture goes in its one block.
struct Layout {
  int width = 0, height = 0, format = AV_PIX_FMT_NONE;
  std::array<int, 4> linesize{};
  std::array<std::size_t, 4> offset{};
  int planes = 0;
  std::size_t size = 0;
  bool operator==(const Layout&) const = default;
};

bool lay_out(AVCodecContext* context, const AVFrame* frame, Layout& layout) {
  layout.width = frame->width;
  layout.height = frame->height;
  layout.format = frame->format;
  int w = frame->width, h = frame->height;
  int stride_align[AV_NUM_DATA_POINTERS];
  avcodec_align_dimensions2(context, &w, &h, stride_align);
  // Widen until every plane's line size meets its alignment (as libavcodec's own pool does:
  // never align planes one by one, which breaks decoders that assume chroma = luma / 2).
  std::array<int, 4> linesize{};
  for (int attempt = 0; attempt < 16; ++attempt) {
    if (av_image_fill_linesizes(linesize.data(), static_cast<AVPixelFormat>(frame->format), w) < 0) return false;
    bool aligned = true;
    for (int i = 0; i < 4; ++i)
      if (linesize[i] % stride_align[i] != 0 || linesize[i] % static_cast<int>(kPlaneAlign) != 0) aligned = false;
    if (aligned) break;
    w += w & ~(w - 1);  // the lowest set bit: the next coarser alignment
  }
  std::array<std::ptrdiff_t, 4> linesizes{};
  for (std::size_t i = 0; i < 4; ++i) linesizes[i] = linesize[i];
  std::array<std::size_t, 4> sizes{};
  if (av_image_fill_plane_sizes(sizes.data(), static_cast<AVPixelFormat>(frame->format), h, linesizes.data()) < 0)
    return false;
  std::size_t at = 0;
  layout.planes = 0;
  layout.linesize = linesize;
  for (std::size_t i = 0; i < 4; ++i) {
    if (sizes[i] == 0) continue;
    layout.offset[i] = at;
    at += (sizes[i] + kPlanePadding + kPlaneAlign - 1) & ~(kPlaneAlign - 1);
    layout.planes = static_cast<int>(i) + 1;
  }
  layout.size = at;
  return true;
}

// Pools by layout, shared by every decoder: the two most recent layouts are kept (a class
// mostly alternates a clip size or two); an older pool goes once its last picture is let go.
class Pools {
public:
  AVBufferRef* get(const Layout& wanted) {
    std::lock_guard lock(mutex_);
    for (auto it = pools_.begin(); it != pools_.end(); ++it) {
      if (!(it->layout == wanted)) continue;
      pools_.splice(pools_.begin(), pools_, it);  // most recent first
      return av_buffer_pool_get(it->pool);
    }
    AVBufferPool* pool = av_buffer_pool_init2(wanted.size, nullptr, map_block, nullptr);
    if (!pool) return nullptr;
    pools_.push_front({wanted, pool});
    while (pools_.size() > 2) {
      av_buffer_pool_uninit(&pools_.back().pool);  // freed when its buffers come back
      pools_.pop_back();
    }
    return av_buffer_pool_get(pool);
  }

private:
  struct Entry {
    Layout layout;
    AVBufferPool* pool;
  };
  std::mutex mutex_;
  std::list<Entry> pools_;
};

Pools& pools() {
  static Pools* shared = new Pools;  // never destroyed: decoders may outlive static teardown
  return *shared;
}

}  // namespace

int get_picture_memory(AVCodecContext* context, AVFrame* frame, int flags) {
  const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
  if (!(context->codec->capabilities & AV_CODEC_CAP_DR1) || !descriptor ||
      (descriptor->flags & (AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_PAL)) || frame->width <= 0 || frame->height <= 0)
    return avcodec_default_get_buffer2(context, frame, flags);
  Layout layout;
  if (!lay_out(context, frame, layout)) return avcodec_default_get_buffer2(context, frame, flags);
  AVBufferRef* block = pools().get(layout);  // a pool's buffers all have its layout
  if (!block) return AVERROR(ENOMEM);
  frame->buf[0] = block;
  for (int i = 0; i < 4; ++i) {
    const auto p = static_cast<std::size_t>(i);
    frame->data[i] = i < layout.planes ? block->data + layout.offset[p] : nullptr;
    frame->linesize[i] = i < layout.planes ? layout.linesize[p] : 0;
  }
  frame->extended_data = frame->data;
  return 0;
}

}  // namespace classplayer::media
