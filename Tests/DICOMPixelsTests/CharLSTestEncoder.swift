import CCharLS
import DICOM
@testable import DICOMPixels

/// Synthetic JPEG-LS codestreams made with CharLS's own encoder, and CharLS's decode of
/// them: the peer the Swift decoder must match byte for byte.
struct CharLSTestImage {
    var columns: Int
    var rows: Int
    var bits: Int
    var components = 1
    var interleave = CHARLS_INTERLEAVE_MODE_NONE
    var near = 0
    /// Custom preset parameters (MAXVAL, T1, T2, T3, RESET); nil for the defaults.
    var presets: charls_jpegls_pc_parameters?
    var colourTransform = CHARLS_COLOR_TRANSFORMATION_NONE

    enum Content { case random, smooth, flatRuns }

    var description: PixelDescription {
        PixelDescription(rows: rows, columns: columns, samplesPerPixel: components,
                         bitsAllocated: bits <= 8 ? 8 : 16, bitsStored: bits)
    }

    var maxValue: Int {
        if let presets, presets.maximum_sample_value > 0 { return Int(presets.maximum_sample_value) }
        return (1 << bits) - 1
    }

    /// Samples of `content` (0...MAXVAL) from a fixed seed, in CharLS's input layout for the
    /// interleave mode, one or two bytes each.
    func samples(_ content: Content, seed: UInt64) -> [UInt8] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let count = rows * columns * components
        let top = maxValue
        var values = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let x = (i / components) % columns, y = (i / components) / columns
            switch content {
            case .random:
                values[i] = next() % (top + 1)
            case .smooth:
                let ramp = (x * 7 + y * 3) * (top + 1) / (7 * max(columns, 2) + 3 * max(rows, 2))
                values[i] = min(top, max(0, ramp + next() % 5 - 2))
            case .flatRuns:
                // Long runs of one level with the odd spike, so run mode codes most samples.
                values[i] = next() % 97 == 0 ? next() % (top + 1) : ((y / 5) % 2 == 0 ? top / 3 : top)
            }
        }
        let width = bits <= 8 ? 1 : 2
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * width)
        for v in values {
            bytes.append(UInt8(truncatingIfNeeded: v))
            if width == 2 { bytes.append(UInt8(truncatingIfNeeded: v >> 8)) }
        }
        return bytes
    }

    /// The codestream CharLS writes for `samples`.
    func encode(_ samples: [UInt8]) throws -> [UInt8] {
        guard let encoder = charls_jpegls_encoder_create() else { throw CharLSTestError("no encoder") }
        defer { charls_jpegls_encoder_destroy(encoder) }
        var info = charls_frame_info(width: UInt32(columns), height: UInt32(rows), bits_per_sample: Int32(bits),
                                     component_count: Int32(components))
        try check(charls_jpegls_encoder_set_frame_info(encoder, &info))
        try check(charls_jpegls_encoder_set_near_lossless(encoder, Int32(near)))
        try check(charls_jpegls_encoder_set_interleave_mode(encoder, interleave))
        try check(charls_jpegls_encoder_set_color_transformation(encoder, colourTransform))
        if var presets { try check(charls_jpegls_encoder_set_preset_coding_parameters(encoder, &presets)) }
        var size = 0
        try check(charls_jpegls_encoder_get_estimated_destination_size(encoder, &size))
        var output = [UInt8](repeating: 0, count: size + 1024)
        try output.withUnsafeMutableBytes { out in
            guard let destination = out.baseAddress else { throw CharLSTestError("no output") }
            try check(charls_jpegls_encoder_set_destination_buffer(encoder, destination, out.count))
            try samples.withUnsafeBytes { input in
                guard let source = input.baseAddress else { throw CharLSTestError("no samples") }
                try check(charls_jpegls_encoder_encode_from_buffer(encoder, source, input.count, 0))
            }
        }
        var written = 0
        try check(charls_jpegls_encoder_get_bytes_written(encoder, &written))
        return Array(output.prefix(written))
    }

    private func check(_ status: charls_jpegls_errc) throws {
        guard status == CHARLS_JPEGLS_ERRC_SUCCESS else { throw CharLSTestError("CharLS error \(status.rawValue) for \(self)") }
    }
}

struct CharLSTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Decoding one codestream with each decoder.
enum JPEGLSDecoding {
    /// The Swift decoder's output, or its failure.
    static func swift(_ codestream: [UInt8], _ description: PixelDescription) -> Result<[UInt8], JPEGLSFailure> {
        decode(codestream, description) { (input, output) throws(JPEGLSFailure) in
            try JPEGLSCodestreamDecoder.decode(input, description: description, into: output)
        }
    }

    /// CharLS's output, or its failure.
    static func charLS(_ codestream: [UInt8], _ description: PixelDescription) -> Result<[UInt8], JPEGLSFailure> {
        decode(codestream, description) { (input, output) throws(JPEGLSFailure) in
            var destination = FrameDestination(output)
            try JPEGLSCharLSDecoder.decode(input, description: description, into: &destination)
        }
    }

    private static func decode(_ codestream: [UInt8], _ description: PixelDescription,
                               _ body: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) throws(JPEGLSFailure) -> Void)
        -> Result<[UInt8], JPEGLSFailure> {
        var output = [UInt8](repeating: 0xA5, count: description.decodedFrameLength)
        let outcome = codestream.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                Result { () throws(JPEGLSFailure) in try body(input, out) }
            }
        }
        return outcome.map { output }
    }
}
