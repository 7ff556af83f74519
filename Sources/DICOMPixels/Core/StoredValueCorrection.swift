import DICOM

/// What to do with the bits above Bits Stored once a frame is decoded — the one step every
/// decoder's output goes through, native and codec alike, so that Concord returns what
/// pydicom's `pixel_array(..., raw=True)` returns.
///
/// pydicom 3.0 (`pixels/decoders/base.py`, `Decoder.as_array`) applies exactly one of:
/// - JPEG 2000 and HTJ2K, MONOCHROME1/2 only: when the codestream's signedness (SIZ)
///   differs from Pixel Representation, shift left then right by
///   `8 × container bytes − codestream precision`;
/// - JPEG-LS, Pixel Representation 1 only: the same shift with the JPEG-LS precision
///   (JPEG-LS cannot store signed samples, so they arrive as unsigned);
/// - every other transfer syntax, integer Pixel Data with Bits Stored < Bits Allocated:
///   shift by `Bits Allocated − Bits Stored`.
///
/// The right shift is arithmetic for signed data (the sign bit is extended) and logical for
/// unsigned data (the unused high bits are cleared). Float and Double Float Pixel Data are
/// never changed. Applying a correction twice gives the same result as once, so a codec that
/// already extended the sign is not harmed.
///
/// ```swift
/// var samples: [UInt8] = [0xFF, 0x0F]                       // 0x0FFF, 12 bits stored
/// let d = PixelDescription(rows: 1, columns: 1, bitsAllocated: 16, bitsStored: 12, isSigned: true)
/// let correction = StoredValueCorrection(description: d, transferSyntax: "1.2.840.10008.1.2.1", frame: nil)
/// correction.apply(to: &samples, description: d)            // [0xFF, 0xFF]: -1
/// ```
public struct StoredValueCorrection: Equatable, Sendable {
    /// Bits shifted out at the top and back in; 0 leaves the samples alone.
    public var shift: Int

    public init(shift: Int) {
        self.shift = shift
    }

    /// The JPEG 2000 transfer syntaxes, HTJ2K included, whose codestreams carry their own sign.
    public static let jpeg2000TransferSyntaxes: Set<String> = [
        "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93",
        "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
    ]
    public static let jpegLSTransferSyntaxes: Set<String> = ["1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"]

    /// Decides the correction for one frame. `frame` is the encoded frame a codec decoded,
    /// whose header gives the JPEG 2000 / JPEG-LS precision; nil (or an unreadable header)
    /// falls back to Bits Stored and Pixel Representation, as pydicom does.
    public init(description: PixelDescription, transferSyntax: String, frame: EncodedFrame?) {
        let containerBits = description.bytesPerSample * 8
        var shift = 0
        if description.storage == .integer {
            if Self.jpeg2000TransferSyntaxes.contains(transferSyntax) {
                let isMonochrome = description.photometricInterpretation == "MONOCHROME1"
                    || description.photometricInterpretation == "MONOCHROME2"
                let header = frame.flatMap(CodestreamHeader.jpeg2000)
                let isSigned = header?.isSigned ?? description.isSigned
                let precision = header?.precision ?? description.bitsStored
                if isMonochrome, isSigned != description.isSigned { shift = containerBits - precision }
            } else if Self.jpegLSTransferSyntaxes.contains(transferSyntax) {
                let precision = frame.flatMap(CodestreamHeader.jpeg)?.precision ?? description.bitsStored
                if description.isSigned { shift = containerBits - precision }
            } else if description.bitsAllocated > description.bitsStored {
                shift = description.bitsAllocated - description.bitsStored
            }
        }
        // A precision wider than the container cannot be corrected (numpy's result would be
        // platform-defined); leave such samples as decoded.
        self.shift = (1..<containerBits).contains(shift) ? shift : 0
    }

    /// Corrects `samples`, little-endian containers of `description.bytesPerSample` bytes.
    public func apply(to samples: inout [UInt8], description: PixelDescription) {
        samples.withUnsafeMutableBytes { apply(to: $0, description: description) }
    }

    /// Corrects the samples in `buffer`, little-endian containers of
    /// `description.bytesPerSample` bytes.
    public func apply(to buffer: UnsafeMutableRawBufferPointer, description: PixelDescription) {
        guard shift > 0 else { return }
        StoredBits.normalize(buffer, bytesPerSample: description.bytesPerSample,
                             bitsStored: description.bytesPerSample * 8 - shift, isSigned: description.isSigned)
    }
}
