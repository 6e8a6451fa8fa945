#pragma once
// Memory for the pictures software video decoders write into (AVCodecContext::get_buffer2).
//
// libavcodec's own pool zeroes each new picture buffer and takes it from malloc in 4 KiB
// pages. A clip's first pictures each need a new buffer, and on a virtual machine a fault
// per 4 KiB page is slow: a 1080p picture's 3 MB cost some 12 ms to zero and fault, three of
// them before H.264 with B-frames shows its first picture. Here buffers come in blocks
// aligned to 2 MiB with transparent huge pages asked for (one fault per 2 MiB; measured
// 25 ms -> under 1 ms for 8 MB on a 2-core VM), are not zeroed (every decoder writes the
// whole picture), and are kept by layout across clips, so a class's next clip of the same
// size allocates nothing. Private to src/media.
extern "C" {
struct AVCodecContext;
struct AVFrame;
}

namespace classplayer::media {

// For AVCodecContext::get_buffer2 of a software video decoder. Falls back to libavcodec's
// own allocator for decoders that do not take caller memory (no AV_CODEC_CAP_DR1).
int get_picture_memory(AVCodecContext* context, AVFrame* frame, int flags);

}  // namespace classplayer::media
