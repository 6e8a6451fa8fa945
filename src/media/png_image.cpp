#include "media/png_image.hpp"

#include <fstream>
#include <iterator>

#include "media/av_handles.hpp"
#include "media/media_error.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>
}

namespace classplayer::media {

namespace {
std::string why(int err, std::string_view what, const std::filesystem::path& path) {
    return media_error_from_averror(err, what, path.string()).message;
}
}  // namespace

std::expected<void, std::string> write_png_rgb24(const std::filesystem::path& path, const std::uint8_t* pixels,
                                                 int width, int height, int pitch_bytes) {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (codec == nullptr) return std::unexpected("libavcodec has no PNG encoder");
    CodecContextPtr context = avcodec_alloc_context3_unique(codec);
    FramePtr frame = av_frame_alloc_unique();
    PacketPtr packet = av_packet_alloc_unique();
    if (!context || !frame || !packet) return std::unexpected("out of memory");

    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_RGB24;
    context->time_base = AVRational{1, 1};
    if (int err = avcodec_open2(context.get(), codec, nullptr); err < 0)
        return std::unexpected(why(err, "opening the PNG encoder", path));

    frame->format = AV_PIX_FMT_RGB24;
    frame->width = width;
    frame->height = height;
    if (int err = av_frame_get_buffer(frame.get(), 0); err < 0) return std::unexpected(why(err, "allocating", path));
    av_image_copy_plane(frame->data[0], frame->linesize[0], pixels, pitch_bytes, width * 3, height);

    if (int err = avcodec_send_frame(context.get(), frame.get()); err < 0)
        return std::unexpected(why(err, "encoding PNG", path));
    avcodec_send_frame(context.get(), nullptr);  // flush: one picture, one packet

    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return std::unexpected("cannot write " + path.string());
    bool wrote_any = false;
    while (true) {
        const int err = avcodec_receive_packet(context.get(), packet.get());
        if (err == AVERROR_EOF || err == AVERROR(EAGAIN)) break;
        if (err < 0) return std::unexpected(why(err, "encoding PNG", path));
        out.write(reinterpret_cast<const char*>(packet->data), packet->size);
        wrote_any = true;
        av_packet_unref(packet.get());
    }
    out.close();
    if (!wrote_any) return std::unexpected("the PNG encoder produced no data for " + path.string());
    if (!out) return std::unexpected("cannot write " + path.string());
    return {};
}

std::expected<RgbImage, std::string> read_png_rgb24(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(path.string() + ": cannot open");
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (bytes.empty()) return std::unexpected(path.string() + ": empty file");

    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_PNG);
    if (codec == nullptr) return std::unexpected("libavcodec has no PNG decoder");
    CodecContextPtr context = avcodec_alloc_context3_unique(codec);
    FramePtr frame = av_frame_alloc_unique();
    PacketPtr packet = av_packet_alloc_unique();
    if (!context || !frame || !packet) return std::unexpected("out of memory");
    if (int err = avcodec_open2(context.get(), codec, nullptr); err < 0)
        return std::unexpected(why(err, "opening the PNG decoder", path));
    if (av_new_packet(packet.get(), static_cast<int>(bytes.size())) < 0) return std::unexpected("out of memory");
    std::copy(bytes.begin(), bytes.end(), packet->data);
    if (int err = avcodec_send_packet(context.get(), packet.get()); err < 0)
        return std::unexpected(why(err, "decoding PNG", path));
    avcodec_send_packet(context.get(), nullptr);
    if (int err = avcodec_receive_frame(context.get(), frame.get()); err < 0)
        return std::unexpected(why(err, "decoding PNG", path));
    if (frame->format != AV_PIX_FMT_RGB24 && frame->format != AV_PIX_FMT_RGBA)
        return std::unexpected(path.string() + ": not an RGB PNG");

    const int bytes_per_pixel = frame->format == AV_PIX_FMT_RGB24 ? 3 : 4;
    RgbImage image;
    image.width = frame->width;
    image.height = frame->height;
    image.rgb.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3);
    for (int y = 0; y < image.height; ++y) {
        const std::uint8_t* row = frame->data[0] + static_cast<std::ptrdiff_t>(y) * frame->linesize[0];
        std::uint8_t* to = image.rgb.data() + static_cast<std::ptrdiff_t>(y) * image.width * 3;
        for (int x = 0; x < image.width; ++x)
            for (int c = 0; c < 3; ++c) to[x * 3 + c] = row[x * bytes_per_pixel + c];
    }
    return image;
}

}  // namespace classplayer::media
