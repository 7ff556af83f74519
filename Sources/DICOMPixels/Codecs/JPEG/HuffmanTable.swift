extension JPEGDCT {
    /// A Huffman table from a DHT segment (T.81 C and F.2.2.3), prepared for decoding:
    /// a 9-bit lookahead table resolves nearly every code in one step and longer codes fall
    /// back to the canonical `maxCode` search.
    struct HuffmanTable {
        static let lookaheadBits = 9

        /// `lookup[next 9 bits]` = code length << 8 | symbol, or 0 when the code is longer.
        private(set) var lookup: [UInt16]
        /// Largest code of each length 1...16 (index 17 is a sentinel), or -1 when none.
        private var maxCode: [Int32]
        /// Added to a code of that length to index `symbols`.
        private var valueOffset: [Int32]
        private var symbols: [UInt8]

        /// Builds the table from the 16 code-length counts and the symbols of a DHT segment.
        init(counts: [Int], symbols: [UInt8]) throws(Failure) {
            guard counts.count == 16, counts.reduce(0, +) == symbols.count, symbols.count <= 256 else {
                throw Failure("a Huffman table declares \(counts.reduce(0, +)) codes but holds \(symbols.count) symbols")
            }
            self.symbols = symbols
            maxCode = [Int32](repeating: -1, count: 18)
            valueOffset = [Int32](repeating: 0, count: 18)
            lookup = [UInt16](repeating: 0, count: 1 << Self.lookaheadBits)

            // Canonical code assignment (T.81 C.2): codes of each length are consecutive and
            // the first code of the next length is (last + 1) << 1.
            var code: Int32 = 0
            var k = 0
            for length in 1...16 {
                let n = counts[length - 1]
                if n > 0 {
                    valueOffset[length] = Int32(k) - code
                    for _ in 0..<n {
                        // A code that no longer fits in `length` bits means the counts are impossible.
                        guard code < (Int32(1) << length) else {
                            throw Failure("a Huffman table has more codes of length \(length) or less than can exist")
                        }
                        if length <= Self.lookaheadBits {
                            let shift = Self.lookaheadBits - length
                            let first = Int(code) << shift
                            let entry = UInt16(length) << 8 | UInt16(symbols[k])
                            for j in 0..<(1 << shift) { lookup[first + j] = entry }
                        }
                        code += 1
                        k += 1
                    }
                    maxCode[length] = code - 1
                }
                code <<= 1
            }
            maxCode[17] = Int32.max
        }

        /// Decodes one symbol; the reader must hold at least 16 bits.
        @inline(__always)
        func decode(_ reader: inout BitReader) throws(Failure) -> Int {
            let entry = lookup[Int(reader.peek(Self.lookaheadBits))]
            if entry != 0 {
                reader.consume(Int(entry >> 8))
                return Int(entry & 0xFF)
            }
            var length = Self.lookaheadBits + 1
            var code = Int32(reader.peek(length))
            while length <= 16 && code > maxCode[length] {
                length += 1
                code = Int32(reader.peek(length))
            }
            guard length <= 16 else { throw Failure("the entropy-coded data holds an invalid Huffman code") }
            reader.consume(length)
            return Int(symbols[Int(code + valueOffset[length])])
        }
    }

    /// Reads entropy-coded bits most-significant first, removing 0xFF00 byte stuffing and
    /// stopping at the next marker. Past a marker or the end of the data it feeds zero bits
    /// and counts them, so a truncated scan is reported instead of read out of bounds.
    struct BitReader {
        private let base: UnsafePointer<UInt8>
        private let count: Int
        /// Next unread byte.
        private(set) var position: Int
        /// Bits are left-aligned: the next bit is the top bit of `buffer`.
        private var buffer: UInt64 = 0
        private(set) var bitCount = 0
        /// Offset of the 0xFF of the marker that ended the data, once reached.
        private(set) var markerOffset: Int?
        /// Zero bits appended after the data ran out.
        private var paddingBits = 0

        init(_ base: UnsafePointer<UInt8>, count: Int, position: Int) {
            self.base = base
            self.count = count
            self.position = position
        }

        /// Whether bits past the end of the entropy-coded data have been consumed.
        var overran: Bool { paddingBits > bitCount }

        /// Tops the buffer up to at least 57 bits.
        @inline(__always)
        mutating func fill() {
            while bitCount <= 56 {
                var byte: UInt64 = 0
                if markerOffset == nil && position < count {
                    let b = base[position]
                    if b != 0xFF {
                        byte = UInt64(b)
                        position += 1
                    } else {
                        var next = position + 1
                        while next < count && base[next] == 0xFF { next += 1 }
                        if next < count && base[next] == 0x00 {
                            byte = 0xFF
                            position = next + 1
                        } else {
                            markerOffset = position
                            paddingBits += 8
                        }
                    }
                } else {
                    paddingBits += 8
                }
                buffer |= byte << (56 - bitCount)
                bitCount += 8
            }
        }

        @inline(__always)
        func peek(_ n: Int) -> UInt64 { buffer >> (64 - n) }

        @inline(__always)
        mutating func consume(_ n: Int) {
            buffer <<= n
            bitCount -= n
        }

        /// Reads `n` (0...16) bits as an unsigned number.
        @inline(__always)
        mutating func bits(_ n: Int) -> Int {
            guard n > 0 else { return 0 }
            let v = Int(peek(n))
            consume(n)
            return v
        }

        /// Reads `n` bits and sign-extends them as T.81 F.2.2.1 EXTEND does.
        @inline(__always)
        mutating func receiveExtend(_ n: Int) -> Int {
            guard n > 0 else { return 0 }
            let v = Int(peek(n))
            consume(n)
            return v < (1 << (n - 1)) ? v - (1 << n) + 1 : v
        }

        /// Drops buffered bits and returns the marker that follows the entropy-coded data,
        /// skipping any stray bytes before it, as libjpeg does.
        mutating func nextMarker() -> (marker: UInt8, offset: Int)? {
            buffer = 0
            bitCount = 0
            paddingBits = 0
            let from = markerOffset ?? position
            markerOffset = nil
            guard let found = JPEGDCT.nextMarker(base, count: count, from: from) else {
                position = count
                return nil
            }
            position = found.offset + 2
            return found
        }
    }
}
