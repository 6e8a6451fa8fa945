#include "media/picture_converter.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace classplayer::media {

namespace {

bool is_full_range(const AVFrame* frame) {
  switch (frame->format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_YUVJ411P:
      return true;
    default:
      return frame->color_range == AVCOL_RANGE_JPEG;
  }
}

bool is_rgb(int format) {
  const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(format));
  return descriptor && (descriptor->flags & AV_PIX_FMT_FLAG_RGB);
}

int sws_colorspace_of(YuvMatrix matrix) { return matrix == YuvMatrix::BT709 ? SWS_CS_ITU709 : SWS_CS_ITU601; }

}  // namespace

YuvMatrix yuv_matrix_of(const AVFrame* frame) {
  switch (frame->colorspace) {
    case AVCOL_SPC_BT709:
    // SDL2 has no BT.2020 mode; BT.709 is the nearest it can show (HDR is out of scope).
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
      return YuvMatrix::BT709;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
    case AVCOL_SPC_SMPTE240M:
    case AVCOL_SPC_FCC:
      return YuvMatrix::BT601;
    default:
      // Untagged: the convention players follow is BT.709 for HD, BT.601 below it.
      return frame->height >= 720 ? YuvMatrix::BT709 : YuvMatrix::BT601;
  }
}

MediaResult<Picture> PictureConverter::convert(AVFrame* decoded, double pts_s, double duration_s) {
  if (decoded->width <= 0 || decoded->height <= 0) {
    return std::unexpected(make_media_error(MediaErrorCategory::Corrupted, "video frame without a size", path_));
  }
  Picture picture;
  picture.pts_s = pts_s;
  picture.duration_s = duration_s;
  // 0/1 means unknown: square pixels.
  if (decoded->sample_aspect_ratio.num > 0 && decoded->sample_aspect_ratio.den > 0)
    picture.sample_aspect = av_q2d(decoded->sample_aspect_ratio);
  picture.width = decoded->width;
  picture.height = decoded->height;

  const bool rgb = is_rgb(decoded->format);
  const YuvMatrix matrix = rgb ? YuvMatrix::BT601 : yuv_matrix_of(decoded);
  const bool full_range = !rgb && is_full_range(decoded);
  const bool sdl_can_show_colours = !full_range || matrix == YuvMatrix::BT601;
  const bool rows_top_down = decoded->linesize[0] > 0 && decoded->linesize[1] > 0 &&
                             (decoded->format == AV_PIX_FMT_NV12 || decoded->linesize[2] > 0);
  const bool passes_through = (decoded->format == AV_PIX_FMT_YUV420P || decoded->format == AV_PIX_FMT_YUVJ420P ||
                               decoded->format == AV_PIX_FMT_NV12) &&
                              rows_top_down && sdl_can_show_colours;

  FramePtr storage = av_frame_alloc_unique();
  if (!storage) return std::unexpected(media_error_from_averror(AVERROR(ENOMEM), "keeping a video frame", path_));

  if (passes_through) {
    av_frame_move_ref(storage.get(), decoded);
    picture.format = storage->format == AV_PIX_FMT_NV12 ? PictureFormat::NV12 : PictureFormat::IYUV;
    picture.matrix = matrix;
    picture.full_range = full_range;
  } else {
    storage->format = AV_PIX_FMT_YUV420P;
    storage->width = decoded->width;
    storage->height = decoded->height;
    if (const int err = av_frame_get_buffer(storage.get(), 0); err < 0) {
      return std::unexpected(media_error_from_averror(err, "allocating a converted frame", path_));
    }
    sws_.reset(sws_getCachedContext(sws_.release(), decoded->width, decoded->height,
                                    static_cast<AVPixelFormat>(decoded->format), decoded->width, decoded->height,
                                    AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!sws_) {
      const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(decoded->format));
      return std::unexpected(make_media_error(MediaErrorCategory::Unsupported,
                                              std::string("cannot convert pixel format ") + (name ? name : "?"), path_));
    }
    // Same matrix in and out, so only bit depth, subsampling and (for full-range BT.709) the
    // range change; RGB sources get BT.601 limited range, SDL's default.
    const bool out_full_range = full_range && sdl_can_show_colours;
    const int* coefficients = sws_getCoefficients(sws_colorspace_of(matrix));
    sws_setColorspaceDetails(sws_.get(), coefficients, full_range ? 1 : 0, coefficients, out_full_range ? 1 : 0, 0,
                             1 << 16, 1 << 16);
    const int rows = sws_scale(sws_.get(), decoded->data, decoded->linesize, 0, decoded->height, storage->data,
                               storage->linesize);
    if (rows <= 0) {
      return std::unexpected(make_media_error(MediaErrorCategory::Corrupted, "pixel conversion failed", path_));
    }
    av_frame_unref(decoded);
    picture.format = PictureFormat::IYUV;
    picture.matrix = matrix;
    picture.full_range = out_full_range;
    ++converted_count_;
  }

  const int plane_count = picture.format == PictureFormat::NV12 ? 2 : 3;
  for (int i = 0; i < plane_count; ++i) {
    picture.planes[i] = storage->data[i];
    picture.pitches[i] = storage->linesize[i];
  }
  picture.storage_ = std::move(storage);
  return picture;
}

}  // namespace classplayer::media
