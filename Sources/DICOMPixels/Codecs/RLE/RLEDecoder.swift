import DICOM

/// Decodes RLE Lossless frames (transfer syntax 1.2.840.10008.1.2.5, PS3.5 Annex G).
///
/// A frame is a 64-byte header (segment count and up to 15 segment offsets, little-endian)
/// followed by PackBits-compressed segments. Each segment holds one byte of every pixel for
/// one sample, most significant byte first: 16-bit RGB has six segments R-high, R-low,
/// G-high, G-low, B-high, B-low. The decoder writes those bytes straight into their place in
/// the interleaved little-endian output, so no intermediate planes are allocated.
///
/// Values above Bits Stored are masked (unsigned) or sign-extended (signed), as pydicom does.
///
/// ```swift
/// let pixels = try RLEDecoder().decode(frame, description: description,
///                                      transferSyntax: "1.2.840.10008.1.2.5")
/// ```
public struct RLEDecoder: FrameDecoder {
    /// Bits above Bits Stored are cleared or sign-extended as each sample is written.
    public var correctsStoredValues: Bool { true }

    /// The transfer syntax this decoder handles.
    public static let transferSyntaxUID = "1.2.840.10008.1.2.5"

    public init() {}

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        try frame.decoded(by: RLEDecoder.decode, description: description, transferSyntax: transferSyntax)
    }

    /// Decodes into `output`; see ``FrameDecoder/decode(_:description:transferSyntax:into:)``.
    public func decode(_ frame: EncodedFrame, description: PixelDescription, transferSyntax: String,
                       into output: UnsafeMutableRawBufferPointer) throws(PixelDataError) {
        var destination = FrameDestination(output)
        try frame.decode(by: RLEDecoder.decode, description: description, transferSyntax: transferSyntax, into: &destination)
    }

    /// Decodes one RLE frame held in `input` into interleaved little-endian samples in
    /// `destination`, once the segments are known to fill the frame.
    static func decode(_ input: UnsafeRawBufferPointer, description: PixelDescription,
                       into destination: inout FrameDestination) throws(RLEFailure) {
        let bitsAllocated = description.bitsAllocated
        guard bitsAllocated > 0, bitsAllocated % 8 == 0 else {
            throw RLEFailure("RLE needs Bits Allocated to be a multiple of 8, not \(bitsAllocated)")
        }
        guard description.rows > 0, description.columns > 0, description.samplesPerPixel > 0 else {
            throw RLEFailure("the image has no pixels (\(description.rows) x \(description.columns), "
                             + "\(description.samplesPerPixel) samples)")
        }
        let bytesPerSample = bitsAllocated / 8
        let expectedSegments = description.samplesPerPixel * bytesPerSample
        guard expectedSegments <= 15 else {
            throw RLEFailure("\(description.samplesPerPixel) samples of \(bitsAllocated) bits need "
                             + "\(expectedSegments) segments; RLE allows at most 15")
        }
        let (pixels, o1) = description.rows.multipliedReportingOverflow(by: description.columns)
        let (length, o2) = pixels.multipliedReportingOverflow(by: expectedSegments)
        guard !o1, !o2 else { throw RLEFailure("the image dimensions overflow") }

        guard input.count >= 64, let base = input.baseAddress else {
            throw RLEFailure("the frame has \(input.count) bytes, shorter than the 64-byte RLE header")
        }
        let segmentCount = Int(readUInt32LE(base, 0))
        guard segmentCount <= 15 else {
            throw RLEFailure("the RLE header declares \(segmentCount) segments; at most 15 are allowed")
        }
        guard segmentCount == expectedSegments else {
            throw RLEFailure("the RLE header declares \(segmentCount) segments but \(description.samplesPerPixel) "
                             + "samples of \(bitsAllocated) bits need \(expectedSegments)")
        }
        // Offsets are read as given; a segment runs to the next offset (or the end of the
        // frame). Offsets past the end or out of order give an empty segment, which then
        // fails the length check below with a message naming the segment.
        var offsets = [Int](repeating: 0, count: segmentCount + 1)
        for i in 0..<segmentCount { offsets[i] = Int(readUInt32LE(base, 4 + 4 * i)) }
        offsets[segmentCount] = input.count
        // A 2-byte replicate run yields at most 128 bytes, so a segment shorter than
        // pixels / 64 cannot fill its plane. Checking first keeps a corrupt frame from
        // allocating an output its bytes could never fill.
        for segment in 0..<segmentCount {
            let start = min(offsets[segment], input.count)
            let available = max(0, min(offsets[segment + 1], input.count) - start)
            guard available >= (pixels + 63) / 64 else {
                throw RLEFailure("segment \(segment + 1) of \(segmentCount) has \(available) bytes, too few "
                                 + "for \(pixels) pixels")
            }
        }

        // Each segment is decoded contiguously into its own plane (runs become memcpy and
        // memset), then the planes are interleaved into samples in one pass.
        var failure: RLEFailure?
        let planes = [UInt8](unsafeUninitializedCapacity: length) { planeBuffer, initialized in
            initialized = length
            guard let plane = planeBuffer.baseAddress else { return }
            for segment in 0..<segmentCount where failure == nil {
                let start = min(offsets[segment], input.count)
                let end = max(start, min(offsets[segment + 1], input.count))
                let produced = PackBits.decode(source: base + start, count: end - start,
                                               into: plane + segment * pixels, stride: 1, length: pixels)
                if produced < pixels {
                    failure = RLEFailure("segment \(segment + 1) of \(segmentCount) decodes to \(produced) bytes; "
                                         + "\(pixels) are needed")
                }
            }
        }
        if let failure { throw failure }

        guard destination.count == length else {
            throw RLEFailure("the output holds \(destination.count) bytes; the frame needs \(length)")
        }
        destination.write { output in
            guard let out = output.bindMemory(to: UInt8.self).baseAddress else { return }
            planes.withUnsafeBufferPointer { planeBuffer in
                guard let plane = planeBuffer.baseAddress else { return }
                interleave(plane, into: out, pixels: pixels, segments: segmentCount, bytesPerSample: bytesPerSample)
            }
            // pydicom clears or sign-fills the bits above Bits Stored even with raw=True.
            StoredBits.normalize(output, bytesPerSample: bytesPerSample,
                                 bitsStored: description.bitsStored, isSigned: description.isSigned)
        }
    }

    /// Writes segment planes as interleaved little-endian samples. Segment `k` is byte
    /// `k % bytesPerSample` of sample `k / bytesPerSample`, counted from the most significant
    /// end (PS3.5 G.2). One 16-bit sample, the common CT/MR case, gets a loop the compiler
    /// vectorises.
    private static func interleave(_ plane: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>,
                                   pixels: Int, segments: Int, bytesPerSample: Int) {
        if segments == 1 {
            out.update(from: plane, count: pixels)
            return
        }
        if segments == 2, bytesPerSample == 2 {
            let high = plane, low = plane + pixels
            let words = UnsafeMutableRawPointer(out)
            for i in 0..<pixels {
                let word = UInt16(high[i]) << 8 | UInt16(low[i])
                words.storeBytes(of: word.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
            return
        }
        for segment in 0..<segments {
            let sample = segment / bytesPerSample
            let byteInSample = bytesPerSample - 1 - segment % bytesPerSample
            var d = out + sample * bytesPerSample + byteInSample
            let s = plane + segment * pixels
            for i in 0..<pixels {
                d.pointee = s[i]
                d += segments
            }
        }
    }

    @inline(__always)
    private static func readUInt32LE(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

/// Why an RLE frame could not be decoded; becomes `PixelDataError.corruptFrame`.
struct RLEFailure: CodecFailure {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
