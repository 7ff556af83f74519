extension UnsafeRawBufferPointer {
    /// Reads a 16-bit unsigned integer at `offset` in the given byte order. The caller has
    /// checked the bounds.
    @inlinable func uint16(at offset: Int, littleEndian: Bool) -> UInt16 {
        let raw = loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return littleEndian ? UInt16(littleEndian: raw) : UInt16(bigEndian: raw)
    }

    /// Reads a 32-bit unsigned integer at `offset` in the given byte order. The caller has
    /// checked the bounds.
    @inlinable func uint32(at offset: Int, littleEndian: Bool) -> UInt32 {
        let raw = loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }

    /// Whether the two bytes at `offset` are upper-case ASCII letters, as an explicit VR is.
    @inlinable func looksLikeVR(at offset: Int) -> Bool {
        let a = self[offset], b = self[offset + 1]
        return a >= 0x41 && a <= 0x5A && b >= 0x41 && b <= 0x5A
    }
}

/// The value of an undefined length field (PS3.5 7.1.1).
let undefinedLength: UInt32 = 0xFFFF_FFFF
