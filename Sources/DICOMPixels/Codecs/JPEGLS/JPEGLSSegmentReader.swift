/// Bounds-checked reading of marker segments: every read past the end of the codestream is a
/// typed failure.
struct JPEGLSSegmentReader {
    let base: UnsafePointer<UInt8>
    let count: Int

    func byte(_ offset: Int) throws(JPEGLSFailure) -> Int {
        guard offset >= 0, offset < count else { throw JPEGLSFailure("the codestream ends inside a marker segment") }
        return Int(base[offset])
    }

    func uint16(_ offset: Int) throws(JPEGLSFailure) -> Int {
        try byte(offset) << 8 | byte(offset + 1)
    }

    /// The big-endian unsigned number in `length` bytes at `offset`.
    func number(_ offset: Int, length: Int) throws(JPEGLSFailure) -> Int {
        var value = 0
        for i in 0..<length { value = value << 8 | (try byte(offset + i)) }
        return value
    }

    /// The marker code at `offset` (the byte after 0xFF, fill bytes skipped) and the offset
    /// just past it.
    func marker(at offset: Int) throws(JPEGLSFailure) -> (code: UInt8, next: Int) {
        var i = offset
        guard offset < count else { throw JPEGLSFailure("the codestream ends before its EOI marker") }
        guard try byte(i) == 0xFF else {
            throw JPEGLSFailure("expected a marker at byte \(offset), found 0x\(String(try byte(i), radix: 16))")
        }
        while try byte(i + 1) == 0xFF { i += 1 }
        return (UInt8(try byte(i + 1)), i + 2)
    }
}
