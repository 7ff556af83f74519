/// Reads packet-header bits (ISO/IEC 15444-1 B.10.1): most significant bit first, and after
/// a 0xFF byte only seven bits of the next one, whose first bit is a stuffed zero, so no
/// marker can appear inside a header.
struct J2KPacketBitReader {
    private let bytes: UnsafeRawBufferPointer
    private let end: Int
    private(set) var position: Int
    private var current: UInt32 = 0
    private var bitsLeft = 0
    private var lastWasFF = false

    init(_ bytes: UnsafeRawBufferPointer, from position: Int, to end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    mutating func bit() throws(JPEG2000Failure) -> Int {
        if bitsLeft == 0 {
            guard position < end else { throw JPEG2000Failure("a packet header runs past the end of its tile's data") }
            current = UInt32(bytes[position])
            position += 1
            bitsLeft = lastWasFF ? 7 : 8
            lastWasFF = current == 0xFF
        }
        bitsLeft -= 1
        return Int((current >> UInt32(bitsLeft)) & 1)
    }

    mutating func bits(_ count: Int) throws(JPEG2000Failure) -> Int {
        var value = 0
        for _ in 0..<count { value = value << 1 | (try bit()) }
        return value
    }

    /// Ends the header: the rest of the byte is padding, and a final 0xFF is followed by
    /// a byte holding the stuffed bit (B.10.1).
    mutating func align() throws(JPEG2000Failure) {
        bitsLeft = 0
        if lastWasFF {
            guard position < end else { throw JPEG2000Failure("a packet header runs past the end of its tile's data") }
            position += 1
            lastWasFF = false
        }
    }

    /// The number of coding passes (Table B.4).
    mutating func passCount() throws(JPEG2000Failure) -> Int {
        if try bit() == 0 { return 1 }
        if try bit() == 0 { return 2 }
        let two = try bits(2)
        if two < 3 { return 3 + two }
        let five = try bits(5)
        if five < 31 { return 6 + five }
        return 37 + (try bits(7))
    }
}
