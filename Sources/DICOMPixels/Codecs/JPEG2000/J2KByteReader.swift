/// Big-endian reads over a codestream, every one bounds-checked: a read past the end throws
/// instead of touching memory the frame does not own.
struct J2KByteReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func uint8(_ what: @autoclosure () -> String) throws(JPEG2000Failure) -> Int {
        guard position < bytes.count else { throw JPEG2000Failure("the codestream ends inside \(what())") }
        defer { position += 1 }
        return Int(bytes[position])
    }

    mutating func uint16(_ what: @autoclosure () -> String) throws(JPEG2000Failure) -> Int {
        guard position + 2 <= bytes.count else { throw JPEG2000Failure("the codestream ends inside \(what())") }
        defer { position += 2 }
        return Int(bytes[position]) << 8 | Int(bytes[position + 1])
    }

    mutating func uint32(_ what: @autoclosure () -> String) throws(JPEG2000Failure) -> Int {
        let high = try uint16(what())
        return high << 16 | (try uint16(what()))
    }

    /// The byte at `offset`, or nil past the end.
    func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }
}
