#include "media/jpeg_image.hpp"

#include <algorithm>
#include <cmath>

#include "media/av_handles.hpp"
#include "media/media_error.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
}

namespace classplayer::media {

namespace {

std::string why(int err, std::string_view what) { return media_error_from_averror(err, what, "screenshot").message; }

// Fits (w, h) within (max_w, max_h), the shape kept, never enlarged; even sizes (4:2:0).
std::pair<int, int> fitted(int w, int h, int max_w, int max_h) {
    const double scale = std::min({1.0, static_cast<double>(max_w) / w, static_cast<double>(max_h) / h});
    const int out_w = std::max(2, static_cast<int>(std::lround(w * scale)) & ~1);
    const int out_h = std::max(2, static_cast<int>(std::lround(h * scale)) & ~1);
    return {out_w, out_h};
}

}  // namespace

std::expected<Jpeg, std::string> encode_jpeg(const RgbImage& image, int max_width, int max_height, int quality) {
    if (image.width < 2 || image.height < 2 || max_width < 2 || max_height < 2 ||
        image.rgb.size() < static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3)
        return std::unexpected("screenshot: no picture to encode");
    const auto [width, height] = fitted(image.width, image.height, max_width, max_height);

    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (codec == nullptr) return std::unexpected("libavcodec has no JPEG encoder");
    CodecContextPtr context = avcodec_alloc_context3_unique(codec);
    FramePtr frame = av_frame_alloc_unique();
    PacketPtr packet = av_packet_alloc_unique();
    if (!context || !frame || !packet) return std::unexpected("screenshot: out of memory");

    // Full-range 4:2:0, what JPEG viewers expect; a fixed quality (qscale) rather than a bit rate.
    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_YUVJ420P;
    context->color_range = AVCOL_RANGE_JPEG;
    context->time_base = AVRational{1, 1};
    context->flags |= AV_CODEC_FLAG_QSCALE;
    context->global_quality = FF_QP2LAMBDA * std::clamp(quality, 2, 31);
    if (int err = avcodec_open2(context.get(), codec, nullptr); err < 0)
        return std::unexpected(why(err, "opening the JPEG encoder"));

    frame->format = AV_PIX_FMT_YUVJ420P;
    frame->width = width;
    frame->height = height;
    frame->quality = context->global_quality;
    if (int err = av_frame_get_buffer(frame.get(), 0); err < 0) return std::unexpected(why(err, "allocating"));

    // Area averaging: a 1080p screen shrunk fourfold keeps its text legible rather than aliased.
    SwsContextPtr scaler(sws_getContext(image.width, image.height, AV_PIX_FMT_RGB24, width, height,
                                        AV_PIX_FMT_YUVJ420P, SWS_AREA, nullptr, nullptr, nullptr));
    if (!scaler) return std::unexpected("screenshot: libswscale cannot scale to the JPEG");
    const uint8_t* source[1] = {image.rgb.data()};
    const int source_pitch[1] = {image.width * 3};
    sws_scale(scaler.get(), source, source_pitch, 0, image.height, frame->data, frame->linesize);

    if (int err = avcodec_send_frame(context.get(), frame.get()); err < 0)
        return std::unexpected(why(err, "encoding JPEG"));
    avcodec_send_frame(context.get(), nullptr);
    std::vector<std::uint8_t> bytes;
    while (true) {
        const int err = avcodec_receive_packet(context.get(), packet.get());
        if (err == AVERROR_EOF || err == AVERROR(EAGAIN)) break;
        if (err < 0) return std::unexpected(why(err, "encoding JPEG"));
        bytes.insert(bytes.end(), packet->data, packet->data + packet->size);
        av_packet_unref(packet.get());
    }
    if (bytes.empty()) return std::unexpected("screenshot: the JPEG encoder produced no data");
    return Jpeg{std::move(bytes), width, height};
}

std::expected<RgbImage, std::string> decode_jpeg(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) return std::unexpected("JPEG: no data");
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
    if (codec == nullptr) return std::unexpected("libavcodec has no JPEG decoder");
    CodecContextPtr context = avcodec_alloc_context3_unique(codec);
    FramePtr frame = av_frame_alloc_unique();
    PacketPtr packet = av_packet_alloc_unique();
    if (!context || !frame || !packet) return std::unexpected("JPEG: out of memory");
    if (int err = avcodec_open2(context.get(), codec, nullptr); err < 0)
        return std::unexpected(why(err, "opening the JPEG decoder"));
    if (av_new_packet(packet.get(), static_cast<int>(bytes.size())) < 0) return std::unexpected("JPEG: out of memory");
    std::copy(bytes.begin(), bytes.end(), packet->data);
    if (int err = avcodec_send_packet(context.get(), packet.get()); err < 0)
        return std::unexpected(why(err, "decoding JPEG"));
    avcodec_send_packet(context.get(), nullptr);
    if (int err = avcodec_receive_frame(context.get(), frame.get()); err < 0)
        return std::unexpected(why(err, "decoding JPEG"));

    RgbImage image;
    image.width = frame->width;
    image.height = frame->height;
    image.rgb.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3);
    // JPEG's "J" formats are full-range 4:2:0 under an old name libswscale warns about: named
    // as the plain format, with the range said to the converter instead.
    auto format = static_cast<AVPixelFormat>(frame->format);
    const bool full_range = format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P;
    if (format == AV_PIX_FMT_YUVJ420P) format = AV_PIX_FMT_YUV420P;
    if (format == AV_PIX_FMT_YUVJ422P) format = AV_PIX_FMT_YUV422P;
    if (format == AV_PIX_FMT_YUVJ444P) format = AV_PIX_FMT_YUV444P;
    SwsContextPtr converter(sws_getContext(frame->width, frame->height, format, image.width, image.height,
                                           AV_PIX_FMT_RGB24, SWS_POINT, nullptr, nullptr, nullptr));
    if (!converter) return std::unexpected("JPEG: libswscale cannot convert it");
    if (full_range) {
        const int* coefficients = sws_getCoefficients(SWS_CS_ITU601);
        sws_setColorspaceDetails(converter.get(), coefficients, 1, coefficients, 1, 0, 1 << 16, 1 << 16);
    }
    uint8_t* target[1] = {image.rgb.data()};
    const int target_pitch[1] = {image.width * 3};
    sws_scale(converter.get(), frame->data, frame->linesize, 0, frame->height, target, target_pitch);
    return image;
}

}  // namespace classplayer::media
