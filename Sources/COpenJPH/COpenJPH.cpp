// The C interface of COpenJPH.h over OpenJPH's C++ API.

#include "COpenJPH.h"

#include <cstdio>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>

// ojph_arch.h first: the other headers use its OJPH_EXPORT without including it.
#include <openjph/ojph_arch.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_message.h>
#include <openjph/ojph_params.h>

namespace {

// OpenJPH 0.9.0 reports an error by printing it to its error stream and throwing a
// std::runtime_error that says only "ojph error"; its configure_error/warning/info hooks
// for custom handlers are empty functions in that release, so the message can only be
// had from the stream. The streams are glibc cookie streams: unbuffered, so every piece
// printed reaches `collect` on the thread that printed it, and each thread keeps its own
// text — frames are decoded in parallel.
thread_local std::string lastMessage;

ssize_t collect(void *, const char *bytes, size_t count) {
    lastMessage.append(bytes, count);
    return static_cast<ssize_t>(count);
}

ssize_t discard(void *, const char *, size_t count) {
    return static_cast<ssize_t>(count);
}

FILE *openStream(cookie_write_function_t *write) {
    cookie_io_functions_t functions = {nullptr, write, nullptr, nullptr};
    FILE *stream = fopencookie(nullptr, "w", functions);
    if (stream != nullptr) setvbuf(stream, nullptr, _IONBF, 0);
    return stream;
}

// The streams are process-wide, so they are set once; without them OpenJPH would write
// to the process's stdout and stderr.
void installStreams() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (FILE *errors = openStream(collect)) ojph::set_error_stream(errors);
        if (FILE *warnings = openStream(discard)) ojph::set_warning_stream(warnings);
        if (FILE *information = openStream(discard)) ojph::set_info_stream(information);
    });
}

// "ojph error 0x000300A1 at ojph_codestream.cpp:4067: Error decoding a codeblock\n"
// becomes "Error decoding a codeblock".
std::string reason(const char *fallback) {
    std::string text = lastMessage;
    size_t colon = text.find(": ");
    if (text.rfind("ojph error", 0) == 0 && colon != std::string::npos) text.erase(0, colon + 2);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text.empty() ? std::string(fallback) : text;
}

void copyMessage(const char *text, char *message, size_t capacity) {
    if (message == nullptr || capacity == 0) return;
    std::snprintf(message, capacity, "%s", text);
}

// Runs `body`, turning any exception into COPENJPH_FAILED and its message.
template <typename Body>
copenjph_status guarded(char *message, size_t capacity, Body body) {
    copyMessage("", message, capacity);
    lastMessage.clear();
    try {
        installStreams();
        return body();
    } catch (const std::exception &error) {
        copyMessage(reason(error.what()).c_str(), message, capacity);
    } catch (...) {
        copyMessage(reason("OpenJPH failed without a message").c_str(), message, capacity);
    }
    return COPENJPH_FAILED;
}

} // namespace

extern "C" copenjph_status copenjph_read_header(const uint8_t *data, size_t size, copenjph_header *header,
                                                copenjph_component *components, size_t component_capacity,
                                                char *message, size_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        ojph::mem_infile file;
        file.open(data, size);
        ojph::codestream codestream;
        codestream.read_headers(&file);
        ojph::param_siz siz = codestream.access_siz();
        ojph::param_cod cod = codestream.access_cod();
        ojph::point extent = siz.get_image_extent(), offset = siz.get_image_offset();
        header->width = extent.x - offset.x;
        header->height = extent.y - offset.y;
        header->component_count = siz.get_num_components();
        header->is_reversible = cod.is_reversible();
        header->uses_colour_transform = cod.is_using_color_transform();
        for (ojph::ui32 c = 0; c < header->component_count && c < component_capacity; ++c) {
            ojph::point downsampling = siz.get_downsampling(c);
            components[c] = copenjph_component{siz.get_bit_depth(c), siz.is_signed(c), downsampling.x, downsampling.y};
        }
        return COPENJPH_OK;
    });
}

extern "C" copenjph_status copenjph_decode(const uint8_t *data, size_t size, copenjph_line_sink sink,
                                           void *context, char *message, size_t message_capacity) {
    return guarded(message, message_capacity, [&] {
        ojph::mem_infile file;
        file.open(data, size);
        ojph::codestream codestream;
        codestream.read_headers(&file);
        ojph::param_siz siz = codestream.access_siz();
        const ojph::ui32 components = siz.get_num_components();
        for (ojph::ui32 c = 0; c < components; ++c) {
            ojph::point downsampling = siz.get_downsampling(c);
            if (downsampling.x != 1 || downsampling.y != 1) {
                throw std::runtime_error("subsampled components are not supported");
            }
        }
        const ojph::ui32 height = siz.get_image_extent().y - siz.get_image_offset().y;
        // Line by line, every component of a row before the next row: the order the
        // colour transform needs, and the one an interleaved output is written in.
        codestream.set_planar(false);
        codestream.create();
        for (ojph::ui32 row = 0; row < height; ++row) {
            for (ojph::ui32 c = 0; c < components; ++c) {
                ojph::ui32 component = 0;
                ojph::line_buf *line = codestream.pull(component);
                if (line == nullptr) throw std::runtime_error("OpenJPH returned no line");
                if (sink(context, component, row, line->i32, line->size) != 0) return COPENJPH_STOPPED;
            }
        }
        return COPENJPH_OK;
    });
}
