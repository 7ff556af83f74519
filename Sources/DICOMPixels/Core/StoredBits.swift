/// Clears or sign-extends the bits above Bits Stored in decoded samples.
///
/// PS3.5 8.1.1 says nothing about the unused high bits, so pydicom shifts them out even with
/// `raw=True`; doing the same keeps the output byte-identical. The one implementation of that
/// shift: codecs call it while decoding, and ``StoredValueCorrection`` (which decides the
/// width per transfer syntax) calls it for the pipeline.
enum StoredBits {
    /// Rewrites every `bytesPerSample`-byte little-endian sample in `buffer` so only the low
    /// `bitsStored` bits carry the value: masked when unsigned, sign-extended when signed.
    static func normalize(_ buffer: UnsafeMutableRawBufferPointer, bytesPerSample: Int,
                          bitsStored: Int, isSigned: Bool) {
        let containerBits = bytesPerSample * 8
        guard bitsStored > 0, bitsStored < containerBits else { return }
        switch bytesPerSample {
        case 1: apply(buffer, UInt8.self, Int8.self, bitsStored: bitsStored, isSigned: isSigned)
        case 2: apply(buffer, UInt16.self, Int16.self, bitsStored: bitsStored, isSigned: isSigned)
        case 4: apply(buffer, UInt32.self, Int32.self, bitsStored: bitsStored, isSigned: isSigned)
        case 8: apply(buffer, UInt64.self, Int64.self, bitsStored: bitsStored, isSigned: isSigned)
        default: return
        }
    }

    private static func apply<U: FixedWidthInteger & UnsignedInteger, S: FixedWidthInteger & SignedInteger>(
        _ buffer: UnsafeMutableRawBufferPointer, _: U.Type, _: S.Type, bitsStored: Int, isSigned: Bool
    ) {
        guard buffer.count >= MemoryLayout<U>.stride, let base = buffer.baseAddress,
              Int(bitPattern: base) % MemoryLayout<U>.alignment == 0 else {
            unaligned(buffer, U.self, S.self, bitsStored: bitsStored, isSigned: isSigned)
            return
        }
        let shift = U.bitWidth - bitsStored
        let whole = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(buffer.count / MemoryLayout<U>.stride
                                                                        * MemoryLayout<U>.stride)])
        whole.withMemoryRebound(to: U.self) { samples in
            if isSigned {
                for i in samples.indices {
                    let v = U(littleEndian: samples[i]) &<< shift
                    samples[i] = U(truncatingIfNeeded: S(truncatingIfNeeded: v) &>> shift).littleEndian
                }
            } else {
                let mask = U.max &>> shift
                for i in samples.indices {
                    samples[i] = (U(littleEndian: samples[i]) & mask).littleEndian
                }
            }
        }
    }

    /// The same for a buffer not aligned to the sample size (a slice of a larger one).
    private static func unaligned<U: FixedWidthInteger & UnsignedInteger, S: FixedWidthInteger & SignedInteger>(
        _ buffer: UnsafeMutableRawBufferPointer, _: U.Type, _: S.Type, bitsStored: Int, isSigned: Bool
    ) {
        let size = MemoryLayout<U>.size
        let shift = U.bitWidth - bitsStored
        for offset in stride(from: 0, through: buffer.count - size, by: size) {
            let v = U(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: U.self)) &<< shift
            let fixed = isSigned ? U(truncatingIfNeeded: S(truncatingIfNeeded: v) &>> shift) : v &>> shift
            buffer.storeBytes(of: fixed.littleEndian, toByteOffset: offset, as: U.self)
        }
    }
}
