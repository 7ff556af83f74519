import DICOM

/// Uncompressed (native) pixel data → the common output layout of ``FrameDecoder``, with
/// pydicom's `pixel_array(..., raw=True)` semantics:
/// - Bits Allocated 1: unpacked to one byte (0 or 1) per sample, least significant bit first;
///   a frame may start inside a byte (see ``EncodedFrame/bitOffset``);
/// - 8, 16, 32, 64 bits and 32/64-bit floats: copied into little-endian containers, swapping
///   each sample when the transfer syntax is big-endian (and each byte pair of 8-bit data
///   stored as OW there, which Explicit VR Big Endian writes as 16-bit words);
/// - YBR_FULL_422: chroma subsampling removed, `Y1 Y2 Cb Cr` → `Y1 Cb Cr Y2 Cb Cr`;
/// - Planar Configuration 1: planes interleaved into `R G B R G B …`.
///
/// The unused-bit correction is not applied here: ``PixelData`` applies
/// ``StoredValueCorrection`` to every decoder's output.
///
/// ```swift
/// let decoder = NativeDecoder(byteOrder: .bigEndian)
/// let samples = try decoder.decode(frame, description: description,
///                                  transferSyntax: "1.2.840.10008.1.2.2")
/// ```
public struct NativeDecoder: FrameDecoder {
    public enum ByteOrder: Sendable {
        case littleEndian, bigEndian
    }

    public let byteOrder: ByteOrder
    /// Swap each byte pair before reading 8-bit samples (OW in Explicit VR Big Endian,
    /// pydicom's `be_swap_ow`). The frame must then start at an even offset of the value,
    /// with ``EncodedFrame/bitOffset`` skipping to the first sample.
    public let swapsBytePairs: Bool

    public init(byteOrder: ByteOrder, swapsBytePairs: Bool = false) {
        self.byteOrder = byteOrder
        self.swapsBytePairs = swapsBytePairs
    }

    public func decode(_ frame: EncodedFrame, description: PixelDescription,
                       transferSyntax: String) throws(PixelDataError) -> [UInt8] {
        let isYBR422 = description.photometricInterpretation == "YBR_FULL_422"
        if isYBR422 {
            guard description.bitsAllocated >= 8 else {
                throw .invalidAttribute(.bitsAllocated, keyword: "BitsAllocated", reason: "is 1; YBR_FULL_422 needs whole bytes")
            }
            guard description.samplesPerPixel == 3 else {
                throw .invalidAttribute(.samplesPerPixel, keyword: "SamplesPerPixel",
                                        reason: "is \(description.samplesPerPixel); YBR_FULL_422 needs 3")
            }
            // Samples come in pairs of pixels sharing one Cb and one Cr.
            guard (description.rows * description.columns) % 2 == 0 else {
                throw .invalidAttribute(.columns, keyword: "Columns",
                                        reason: "gives an odd number of pixels per frame (\(description.rows) × \(description.columns)); YBR_FULL_422 pairs pixels")
            }
        }
        var storedBytes = (frame.bitOffset + description.nativeFrameBits + 7) / 8
        // Swapped pairs are read whole, so the slice must end on a pair boundary.
        if swapsBytePairs { storedBytes = (storedBytes + 1) & ~1 }
        guard frame.count >= storedBytes else {
            throw .truncatedFrame(index: frame.index, expected: storedBytes - frame.bitOffset / 8,
                                  actual: max(0, frame.count - frame.bitOffset / 8))
        }
        var samples = try frame.withContiguousBytes { (bytes) throws(PixelDataError) -> [UInt8] in
            if description.bitsAllocated == 1 {
                return Self.unpackBits(bytes, from: frame.bitOffset, count: description.samplesPerFrame)
            }
            return Self.containers(bytes, from: frame.bitOffset / 8, bytesPerSample: description.bytesPerSample,
                                   bytes: description.nativeFrameBits / 8,
                                   swapsSamples: byteOrder == .bigEndian, swapsPairs: swapsBytePairs)
        }
        if isYBR422 {
            samples = Self.expandYBR422(samples, bytesPerSample: description.bytesPerSample)
        }
        if description.samplesPerPixel > 1, description.isPlanar {
            samples = Interleave.planes(samples, planes: description.samplesPerPixel,
                                        bytesPerSample: description.bytesPerSample)
        }
        return samples
    }

    /// One byte per bit, LSB first, starting `bitOffset` bits into `bytes`.
    static func unpackBits(_ bytes: UnsafeRawBufferPointer, from bitOffset: Int, count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            var bit = bitOffset
            for i in 0..<count {
                out[i] = (bytes[bit >> 3] >> UInt8(bit & 7)) & 1
                bit += 1
            }
            initialized = count
        }
    }

    /// `length` bytes from `start`, as little-endian containers of `bytesPerSample` bytes.
    static func containers(_ bytes: UnsafeRawBufferPointer, from start: Int, bytesPerSample: Int, bytes length: Int,
                           swapsSamples: Bool, swapsPairs: Bool) -> [UInt8] {
        if swapsPairs {
            // Byte k of the logical stream is stored at k ^ 1; `start` is 0 or 1 into an
            // even-aligned slice, so the same rule holds relative to the slice.
            return [UInt8](unsafeUninitializedCapacity: length) { out, initialized in
                for k in 0..<length { out[k] = bytes[(start + k) ^ 1] }
                initialized = length
            }
        }
        let source = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
        guard swapsSamples, bytesPerSample > 1 else { return Array(source) }
        return [UInt8](unsafeUninitializedCapacity: length) { out, initialized in
            let n = bytesPerSample
            var i = 0
            while i + n <= length {
                for j in 0..<n { out[i + j] = source[i + n - 1 - j] }
                i += n
            }
            // A trailing partial sample cannot occur: length is a multiple of the sample size.
            while i < length { out[i] = source[i]; i += 1 }
            initialized = length
        }
    }

    /// `Y1 Y2 Cb Cr` → `Y1 Cb Cr Y2 Cb Cr` for every pair of pixels (PS3.3 C.7.6.3.1.2).
    static func expandYBR422(_ samples: [UInt8], bytesPerSample n: Int) -> [UInt8] {
        let groups = samples.count / (4 * n)
        let count = groups * 6 * n
        return [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            samples.withUnsafeBufferPointer { src in
                for g in 0..<groups {
                    let s = g * 4 * n, d = g * 6 * n
                    for j in 0..<n {
                        let y1 = src[s + j], y2 = src[s + n + j], cb = src[s + 2 * n + j], cr = src[s + 3 * n + j]
                        out[d + j] = y1
                        out[d + n + j] = cb
                        out[d + 2 * n + j] = cr
                        out[d + 3 * n + j] = y2
                        out[d + 4 * n + j] = cb
                        out[d + 5 * n + j] = cr
                    }
                }
            }
            initialized = count
        }
    }
}
