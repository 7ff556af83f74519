// A C interface to OpenJPH (the HTJ2K reference decoder, Debian libopenjph-dev 0.9.0) that
// Swift can import. OpenJPH is C++ and reports errors by throwing; every function here
// catches them and returns a status code and the library's message instead, so no
// exception reaches Swift.
//
// OpenJPH 0.9.0 trusts its input more than a decoder of files from elsewhere may: as Debian
// builds it, some malformed headers and marker codes inside coded data fail an assertion
// (the process aborts), and an error while reading some headers leaves a stray pointer
// that is freed later. Hand it only codestreams DICOMPixels' HTJ2KCodestream has checked.
#ifndef CONCORD_COPENJPH_H
#define CONCORD_COPENJPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a call ended with.
typedef enum {
    COPENJPH_OK = 0,
    /// OpenJPH rejected the codestream; the message says why.
    COPENJPH_FAILED = 1,
    /// The line sink asked to stop.
    COPENJPH_STOPPED = 2,
} copenjph_status;

/// One component as the SIZ marker segment declares it.
typedef struct {
    uint32_t bit_depth;
    bool is_signed;
    /// Subsampling (XRsiz, YRsiz); 1 means full resolution.
    uint32_t downsampling_x;
    uint32_t downsampling_y;
} copenjph_component;

/// The main header of an HTJ2K codestream as OpenJPH reads it.
typedef struct {
    /// Image size: Xsiz - XOsiz by Ysiz - YOsiz.
    uint32_t width;
    uint32_t height;
    uint32_t component_count;
    /// The reversible 5/3 wavelet (true) or the irreversible 9/7 (false).
    bool is_reversible;
    /// Whether the multi-component (RCT/ICT) transform is on.
    bool uses_colour_transform;
} copenjph_header;

/// Receives one decoded line of `count` samples of component `component`, row `row`;
/// `samples` is valid only during the call. Returns 0 to go on, anything else to stop.
typedef int (*copenjph_line_sink)(void *context, uint32_t component, uint32_t row,
                                  const int32_t *samples, size_t count);

/// Reads the main header of the codestream in `data` into `header`, and the first
/// `component_capacity` components into `components`.
copenjph_status copenjph_read_header(const uint8_t *data, size_t size, copenjph_header *header,
                                     copenjph_component *components, size_t component_capacity,
                                     char *message, size_t message_capacity);

/// Decodes the codestream in `data` at full resolution, handing each line to `sink`:
/// rows in order, and within a row the components in order. Lines are reconstructed
/// sample values (level shift and colour transform undone; 9/7 output rounded to integers),
/// not clamped to the bit depth. Subsampled components are refused.
copenjph_status copenjph_decode(const uint8_t *data, size_t size, copenjph_line_sink sink,
                                void *context, char *message, size_t message_capacity);

#ifdef __cplusplus
}
#endif

#endif
