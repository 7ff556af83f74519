import DICOM

/// Decodes JPEG-LS frames — lossless (1.2.840.10008.1.2.4.80) and near-lossless
/// (1.2.840.10008.1.2.4.81) — with a Swift decoder, and CharLS for what it declines.
///
/// Handles 2 to 16 bits per sample and 1 or 3 components in any interleave mode (none,
/// line, sample); the output is always interleaved (row, column, sample), in little-endian
/// containers of Bits Allocated, as pydicom's `pixel_array(..., raw=True)` returns it.
/// JPEG-LS has no notion of sign, so when Pixel Representation is 1 the samples are
/// sign-extended from the codestream's precision, as pydicom does.
///
/// Which decoder handles what, and why:
/// - The Swift decoder (``JPEGLSCodestreamDecoder``, written from ITU-T T.87) takes every
///   codestream it implements: lossless and near-lossless, default or custom thresholds
///   and RESET (LSE type 1), restart intervals, all interleave modes. It is the
///   first choice for speed: on the 512 × 512 12-bit CT of `Benchmarks/DecodePixels`,
///   CharLS 2.4.1 (Debian 12) takes 5.78 ms a frame, the Swift decoder 3.3–3.6 ms on one
///   core (whole frames through `PixelData`, against CharLS called directly).
/// - CharLS gets only the codestreams the Swift decoder declines while reading their
///   headers: LSE mapping tables (types 2 and 3), a MAXVAL below 2^P − 1, oversize
///   dimensions (LSE type 4, DNL), point transforms, subsampling, the HP colour transform
///   and unusual markers. A damaged
///   codestream is reported, never retried with CharLS (CharLS 2.4.1 can hang on some).
///
/// ```swift
/// let pixels = try JPEGLSDecoder().decode(frame, description: description,
///                                         transferSyntax: "1.2.840.10008.1.2.4.80")
/// ```
public struct JPEGLSDecoder: FrameDecoder {
    /// The transfer syntaxes this decoder handles: lossless and near-lossless.
    public static let transferSyntaxUIDs = ["1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"]

    /// The decoder that decoded a codestream.
    enum Engine: Equatable {
        case swift
        case charLS
    }

    public init() {}

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try frame.decoded(by: JPEGLSDecoder.decode, description: description, transferSyntax: transferSyntax)
    }

    /// Decodes into `output`; see ``FrameDecoder/decode(_:description:transferSyntax:into:)``.
    public func decode(_ frame: EncodedFrame, description: PixelDescription, transferSyntax: String,
                       into output: UnsafeMutableRawBufferPointer) throws(PixelDataError) {
        var destination = FrameDestination(output)
        try frame.decode(by: JPEGLSDecoder.decode, description: description, transferSyntax: transferSyntax, into: &destination)
    }

    /// Decodes one JPEG-LS codestream held in `input` into `destination`. The frame's memory
    /// is only asked for once the codestream's frame header has been checked against the data set.
    static func decode(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                       into destination: inout FrameDestination) throws(JPEGLSFailure) {
        _ = try decodeNamingEngine(input, description: description, into: &destination)
    }

    /// ``decode(_:description:into:)``, saying which decoder did it.
    static func decodeNamingEngine(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                                   into destination: inout FrameDestination) throws(JPEGLSFailure) -> Engine {
        let rows = description.rows, columns = description.columns, spp = description.samplesPerPixel
        guard description.storage == .integer, description.bitsAllocated == 8 || description.bitsAllocated == 16 else {
            throw JPEGLSFailure("JPEG-LS samples need Bits Allocated 8 or 16, not \(description.bitsAllocated)")
        }
        guard rows > 0, columns > 0, spp == 1 || spp == 3 else {
            throw JPEGLSFailure("the image has no pixels or an unsupported Samples per Pixel "
                                + "(\(rows) x \(columns), \(spp) samples)")
        }
        do {
            try JPEGLSCodestreamDecoder.checkFrameHeader(input, description: description)
            try destination.write { (output) throws(JPEGLSFailure) in
                try JPEGLSCodestreamDecoder.decode(input, description: description, into: output)
            }
            return .swift
        } catch {
            guard error.isUnsupported else { throw error }
            try JPEGLSCharLSDecoder.decode(input, description: description, into: &destination)
            return .charLS
        }
    }
}
