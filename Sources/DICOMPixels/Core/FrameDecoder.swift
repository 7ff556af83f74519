import DICOM

/// Decodes one frame into stored pixel values.
///
/// The output layout is the same for every decoder, and is what pydicom's
/// `pixel_array(..., raw=True)` returns: samples interleaved in row-major order
/// (row, column, sample) whatever the Planar Configuration or the codec's own order, each
/// sample in a little-endian container of `description.bytesPerSample` bytes (1-bit data
/// unpacked to one byte per sample), exactly `description.decodedFrameLength` bytes, values
/// as the codestream stores them (no colour conversion, no rescale).
///
/// Bits above Bits Stored need no care: ``PixelData`` passes every decoder's output
/// through ``StoredValueCorrection``, which masks or sign-extends them as pydicom does
/// (including the JPEG 2000 and JPEG-LS sign corrections). A decoder that already
/// sign-extends gets the same result, since the correction is idempotent.
///
/// A decoder returns a new array from ``decode(_:description:transferSyntax:)``. One that
/// can write straight into memory it is given also implements
/// ``decode(_:description:transferSyntax:into:)``, which ``PixelData/allFrames()`` calls
/// with each frame's place in the volume; the default decodes into an array and copies it.
///
/// ```swift
/// struct MyRLEDecoder: FrameDecoder {
///     func decode(_ frame: EncodedFrame, description: PixelDescription,
///                 transferSyntax: String) throws(PixelDataError) -> [UInt8] {
///         try frame.withContiguousBytes { bytes throws(PixelDataError) in
///             // … decode `bytes`, or throw .corruptFrame(transferSyntax:index:reason:)
///             [UInt8](repeating: 0, count: description.decodedFrameLength)
///         }
///     }
/// }
/// ```
public protocol FrameDecoder: Sendable {
    func decode(_ frame: EncodedFrame, description: PixelDescription,
                transferSyntax: String) throws(PixelDataError) -> [UInt8]

    /// Decodes into `output`: `description.decodedFrameLength` bytes of memory that may be
    /// uninitialised and that the decoder must fill completely when it does not throw.
    func decode(_ frame: EncodedFrame, description: PixelDescription, transferSyntax: String,
                into output: UnsafeMutableRawBufferPointer) throws(PixelDataError)

    /// True when ``decode(_:description:transferSyntax:)`` already applies the stored-bits
    /// correction itself (default: false).
    var correctsStoredValues: Bool { get }
}

extension FrameDecoder {
    /// Most decoders hand back the codestream's values and leave the bits above Bits Stored to
    /// ``StoredValueCorrection``; the Swift codecs clear or sign-extend them while writing each
    /// sample, so ``PixelData`` skips a second pass over their frames.
    public var correctsStoredValues: Bool { false }

    /// Decodes into a new array and copies it into `output`.
    public func decode(_ frame: EncodedFrame, description: PixelDescription, transferSyntax: String,
                       into output: UnsafeMutableRawBufferPointer) throws(PixelDataError) {
        let samples = try decode(frame, description: description, transferSyntax: transferSyntax)
        try FrameOutput.check(samples.count, frame: frame.index, description: description,
                              transferSyntax: transferSyntax)
        guard output.count == samples.count else {
            throw .wrongOutputSize(index: frame.index, expected: samples.count, actual: output.count)
        }
        samples.withUnsafeBytes { output.copyMemory(from: $0) }
    }
}
