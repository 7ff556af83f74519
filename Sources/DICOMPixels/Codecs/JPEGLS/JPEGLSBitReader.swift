/// Reads the bits of a JPEG-LS scan (T.87 A.1, D.1): after a 0xFF byte the encoder stuffs a
/// zero bit, so the next byte carries only 7 bits; a 0xFF followed by a byte with its high
/// bit set is a marker, where the scan data stops.
///
/// Bits sit left-aligned in a 64-bit buffer refilled eight bytes at a time while no 0xFF is
/// near. Past a marker or the end of the input the reader supplies zero bits and counts
/// them, so decoding never reads out of bounds; ``consumedPadding`` then tells that a scan
/// used bits the stream does not have.
struct JPEGLSBitReader {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    /// Next unread byte.
    private(set) var position: Int
    /// Valid bits, left-aligned.
    private var bits: UInt64 = 0
    /// Number of valid bits in `bits`.
    private var count = 0
    /// Zero bits supplied past a marker or the end of the input.
    private var padding = 0

    /// The fewest bits ``refill()`` leaves in the buffer: enough for a short Golomb code
    /// (31 zeros, the terminating one, 16 more bits).
    static let guaranteedBits = 49

    init(base: UnsafePointer<UInt8>, end: Int, position: Int) {
        self.base = base
        self.end = end
        self.position = position
    }

    /// True when decoding has consumed bits beyond the scan's data.
    var consumedPadding: Bool { padding > count }

    /// Makes at least ``guaranteedBits`` bits available.
    @inline(__always)
    mutating func refill() {
        guard count < Self.guaranteedBits else { return }
        if position + 8 <= end {
            let word = UInt64(bigEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            // No byte of `word` is 0xFF: the usual case, taken whole bytes at a time.
            let inverted = ~word
            if (inverted &- 0x0101_0101_0101_0101) & ~inverted & 0x8080_8080_8080_8080 == 0 {
                let take = (64 - count) >> 3
                let added = take << 3
                bits |= (word &>> UInt64(64 - added)) &<< UInt64(64 - count - added)
                count += added
                position += take
                return
            }
        }
        (position, bits, count, padding) = Self.refillSlowly(base, end, position, bits, count, padding)
    }

    /// Byte-wise refill near a 0xFF, a marker or the end of the input. A static function of
    /// plain values so that the caller's reader stays in registers.
    @inline(never)
    private static func refillSlowly(_ base: UnsafePointer<UInt8>, _ end: Int, _ position: Int, _ bits: UInt64,
                                     _ count: Int, _ padding: Int) -> (Int, UInt64, Int, Int) {
        var position = position, bits = bits, count = count, padding = padding
        while count <= 56 {
            if position < end, base[position] != 0xFF {
                bits |= UInt64(base[position]) &<< UInt64(56 - count)
                count += 8
                position += 1
            } else if position + 1 < end, base[position] == 0xFF, base[position + 1] < 0x80 {
                // 0xFF and the 7 bits after the stuffed zero go in together.
                guard count <= 49 else { break }
                let pair = 0xFF << 7 | UInt64(base[position + 1])
                bits |= pair &<< UInt64(49 - count)
                count += 15
                position += 2
            } else {
                // A marker, or the end of the input: zeros from here on.
                count += 8
                padding += 8
            }
        }
        return (position, bits, count, padding)
    }

    /// The next `n` bits (0...32) without consuming them; needs a prior ``refill()``.
    @inline(__always)
    func peek(_ n: Int) -> Int {
        Int(truncatingIfNeeded: (bits &>> 1) &>> UInt64(63 - n))
    }

    @inline(__always)
    mutating func skip(_ n: Int) {
        bits &<<= UInt64(n)
        count &-= n
    }

    /// Reads `n` bits (0...32); needs a prior ``refill()``.
    @inline(__always)
    mutating func read(_ n: Int) -> Int {
        let value = peek(n)
        skip(n)
        return value
    }

    /// Zero bits at the head of the buffer (64 when it is empty of ones).
    @inline(__always)
    var leadingZeros: Int { bits.leadingZeroBitCount }

    /// Drops the buffered bits and finds the next marker: the position of its 0xFF (after
    /// any 0xFF fill bytes), or the end of the input when there is none.
    mutating func moveToMarker() -> Int {
        bits = 0
        count = 0
        padding = 0
        while position + 1 < end {
            if base[position] == 0xFF && base[position + 1] >= 0x80 {
                if base[position + 1] == 0xFF { position += 1; continue }
                return position
            }
            position += 1
        }
        position = end
        return end
    }

    /// The byte at `offset`, if the input has one.
    func byte(at offset: Int) -> Int? {
        offset >= 0 && offset < end ? Int(base[offset]) : nil
    }

    /// Starts reading again at `position`, with an empty buffer.
    mutating func restart(at position: Int) {
        bits = 0
        count = 0
        padding = 0
        self.position = position
    }
}
