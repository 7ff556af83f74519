/// Reads the bits of an entropy-coded segment (T.81 F.1.2.3, F.2.2.5): undoes 0xFF00 byte
/// stuffing and stops in front of any marker.
///
/// Bits sit left-aligned in a 64-bit buffer. Past a marker or the end of the input the reader
/// supplies zero bits and counts them, so decoding never reads out of bounds and never stalls;
/// `consumedPadding` then tells whether a scan used bits the stream does not have.
struct EntropyReader {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    /// Next unread byte.
    private(set) var position: Int
    /// Valid bits, left-aligned.
    private(set) var bits: UInt64 = 0
    /// Number of valid bits in `bits`.
    private(set) var count: Int = 0
    /// Zero bits supplied past a marker or the end of input.
    private var padding: Int = 0
    /// Set when a bit pattern matched no Huffman code; checked once per row so the hot loop
    /// carries no error path.
    var invalidCode = false

    init(base: UnsafePointer<UInt8>, end: Int, position: Int) {
        self.base = base
        self.end = end
        self.position = position
    }

    /// True when the decoder has consumed bits beyond the real data.
    var consumedPadding: Bool { padding > count }

    /// Makes at least 32 bits available: enough for any code plus its magnitude bits.
    /// When the next eight bytes hold no 0xFF (nearly always) whole bytes go in at once;
    /// otherwise `refill` handles stuffing, markers and the end of input byte by byte.
    @inline(__always)
    mutating func ensure32() {
        guard count < 32 else { return }
        if position + 8 <= end {
            let word = UInt64(bigEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            if (~word &- 0x0101_0101_0101_0101) & word & 0x8080_8080_8080_8080 == 0 {
                let take = (64 - count) >> 3          // 4...8 bytes, as count < 32
                let added = take << 3
                bits |= (word &>> UInt64(64 - added)) &<< UInt64(64 - count - added)
                count += added
                position += take
                return
            }
        }
        (position, bits, count, padding) = Self.refill(base, end, position, bits, count, padding)
    }

    @inline(__always)
    mutating func consume(_ n: Int) {
        bits &<<= UInt64(n)
        count &-= n
    }

    /// `consume(length)` for a lookup entry whose low 6 bits are `length`.
    @inline(__always)
    mutating func shiftOut(entry: Int32, length: Int) {
        bits &<<= UInt64(truncatingIfNeeded: entry)
        count &-= length
    }

    /// Tops the buffer up to at least 57 bits a byte at a time. A static function of plain
    /// values, not a mutating method, so the caller's reader never has its address taken and
    /// its fields stay in registers in the decoding loops.
    @inline(never)
    static func refill(_ base: UnsafePointer<UInt8>, _ end: Int, _ position: Int, _ bits: UInt64,
                       _ count: Int, _ padding: Int) -> (Int, UInt64, Int, Int) {
        var position = position, bits = bits, count = count, padding = padding
        while count <= 56 {
            var byte: UInt64 = 0
            if position < end {
                let b = base[position]
                if b != 0xFF {
                    byte = UInt64(b)
                    position += 1
                } else if position + 1 < end, base[position + 1] == 0 {
                    byte = 0xFF
                    position += 2
                } else {
                    padding += 8
                }
            } else {
                padding += 8
            }
            bits |= byte &<< UInt64(56 - count)
            count += 8
        }
        return (position, bits, count, padding)
    }

    /// Drops the buffered bits, as at the end of a restart interval or a scan.
    mutating func reset() {
        bits = 0
        count = 0
        padding = 0
    }

    /// Moves to `position` after a marker was read, with an empty buffer.
    mutating func restart(at position: Int) {
        reset()
        self.position = position
    }
}
