#include "ui/png_writer.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
}

#include <fstream>
#include <memory>

namespace classplayer::ui {
namespace {

struct CodecContextDeleter {
    void operator()(AVCodecContext* context) const noexcept { avcodec_free_context(&context); }
};
struct FrameDeleter {
    void operator()(AVFrame* frame) const noexcept { av_frame_free(&frame); }
};
struct PacketDeleter {
    void operator()(AVPacket* packet) const noexcept { av_packet_free(&packet); }
};
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;

std::string av_error_text(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

}  // namespace

std::expected<void, std::string> write_png_rgb24(const std::filesystem::path& path,
                                                 const uint8_t* pixels, int width, int height,
                                                 int pitch_bytes) {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (codec == nullptr) return std::unexpected("libavcodec has no PNG encoder");
    CodecContextPtr context(avcodec_alloc_context3(codec));
    FramePtr frame(av_frame_alloc());
    PacketPtr packet(av_packet_alloc());
    if (!context || !frame || !packet) return std::unexpected("out of memory");

    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_RGB24;
    context->time_base = AVRational{1, 1};
    if (int err = avcodec_open2(context.get(), codec, nullptr); err < 0)
        return std::unexpected("cannot open the PNG encoder: " + av_error_text(err));

    frame->format = AV_PIX_FMT_RGB24;
    frame->width = width;
    frame->height = height;
    if (int err = av_frame_get_buffer(frame.get(), 0); err < 0)
        return std::unexpected("cannot allocate a frame: " + av_error_text(err));
    av_image_copy_plane(frame->data[0], frame->linesize[0], pixels, pitch_bytes, width * 3,
                        height);

    if (int err = avcodec_send_frame(context.get(), frame.get()); err < 0)
        return std::unexpected("PNG encoding failed: " + av_error_text(err));
    avcodec_send_frame(context.get(), nullptr);  // flush: one picture, one packet

    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return std::unexpected("cannot write " + path.string());
    bool wrote_any = false;
    while (true) {
        const int err = avcodec_receive_packet(context.get(), packet.get());
        if (err == AVERROR_EOF || err == AVERROR(EAGAIN)) break;
        if (err < 0) return std::unexpected("PNG encoding failed: " + av_error_text(err));
        out.write(reinterpret_cast<const char*>(packet->data), packet->size);
        wrote_any = true;
        av_packet_unref(packet.get());
    }
    out.close();
    if (!wrote_any) return std::unexpected("the PNG encoder produced no data");
    if (!out) return std::unexpected("cannot write " + path.string());
    return {};
}

}  // namespace classplayer::ui
