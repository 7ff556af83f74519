/// A Huffman table from a DHT segment, prepared for decoding lossless-JPEG differences
/// (ITU-T T.81 Annex C and H.1.2.2).
///
/// The hot path is one lookup: the next `lookaheadBits` bits index `fast`, whose entry gives
/// either the finished difference and the total bits it used (code plus magnitude bits), or
/// the category when only the code fits. Longer codes fall back to the canonical
/// `maxCode`/`valueOffset` search of T.81 F.2.2.3.
///
/// The class owns one allocation; decoding loops use `lookup`, a plain view of it, so they
/// carry no reference counting.
final class LosslessHuffmanTable {
    /// Bits looked at per lookup. 12 bits (16 KB of entries) covers nearly every code and
    /// most code+magnitude pairs of 16-bit images while staying in L1; 13 and 14 measured
    /// slower on a 512x512 CT.
    static let lookaheadBits = 12

    /// Flag in a lookup entry: only the code fitted, the category is in bits 8–15.
    static let symbolOnlyFlag: Int32 = 0x20

    private static let fastCount = 1 << lookaheadBits
    private let storage: UnsafeMutableRawPointer
    /// The table as raw pointers into `storage`; valid while this object is alive.
    let lookup: HuffmanLookup

    /// Builds the table from the 16 code-length counts and the symbols of a DHT segment.
    init(counts: [Int], symbols: [UInt8]) throws(JPEGLosslessFailure) {
        // Validate before allocating, so a throw never leaves memory behind. Codes are
        // assigned in order; running past the code space means the table lies about its
        // lengths.
        guard counts.count == 16, counts.reduce(0, +) <= min(symbols.count, 256) else {
            throw JPEGLosslessFailure("a Huffman table lists more codes than symbols")
        }
        var next = 0
        for length in 1...16 {
            next += counts[length - 1]
            guard next <= (1 << length) else {
                throw JPEGLosslessFailure("a Huffman table assigns more codes than \(length) bits can hold")
            }
            next <<= 1
        }

        // fast entries, maxCode[18], valueOffset[18], then up to 256 symbols.
        let fastBytes = Self.fastCount * 4
        storage = .allocate(byteCount: fastBytes + 18 * 4 * 2 + 256, alignment: 64)
        let fast = storage.bindMemory(to: Int32.self, capacity: Self.fastCount + 36)
        fast.initialize(repeating: 0, count: Self.fastCount)
        let maxCode = fast + Self.fastCount
        let valueOffset = maxCode + 18
        maxCode.initialize(repeating: -1, count: 18)
        valueOffset.initialize(repeating: 0, count: 18)
        let symbolStore = (storage + fastBytes + 18 * 4 * 2).bindMemory(to: UInt8.self, capacity: 256)
        symbolStore.initialize(repeating: 0, count: 256)
        let symbolCount = min(symbols.count, 256)
        for i in 0..<symbolCount { symbolStore[i] = symbols[i] }
        lookup = HuffmanLookup(fast: fast, maxCode: maxCode, valueOffset: valueOffset,
                               symbols: symbolStore, symbolCount: symbolCount)

        var code = 0
        var k = 0
        for length in 1...16 {
            let count = counts[length - 1]
            valueOffset[length] = Int32(k - code)
            for _ in 0..<count {
                if length <= Self.lookaheadBits {
                    Self.fill(fast, code: code, length: length, symbol: Int(symbols[k]))
                }
                code += 1
                k += 1
            }
            if count > 0 { maxCode[length] = Int32(code - 1) }
            code <<= 1
        }
    }

    deinit { storage.deallocate() }

    /// Fills every lookahead slot whose leading `length` bits are `code`.
    /// Entry layout (Int32): low 6 bits 1...31 = bits to consume, difference in bits 8 and up;
    /// `symbolOnlyFlag` set = only the code fits, category in bits 8–15 and code length in the
    /// low 5 bits; 0 = the code is longer than the lookahead.
    private static func fill(_ fast: UnsafeMutablePointer<Int32>, code: Int, length: Int, symbol: Int) {
        let spare = lookaheadBits - length
        let first = code << spare
        for suffix in 0..<(1 << spare) {
            let entry: Int32
            if symbol == 0 {
                entry = Int32(length)
            } else if symbol == 16 {
                // SSSS = 16 has no magnitude bits and means +32768 (T.81 H.1.2.2).
                entry = (32768 << 8) | Int32(length)
            } else if symbol < 16, length + symbol <= lookaheadBits {
                let magnitude = suffix >> (spare - symbol)
                entry = (Int32(extend(magnitude, symbol)) << 8) | Int32(length + symbol)
            } else {
                // Also used for invalid categories (> 16): the slow path rejects them.
                entry = (Int32(symbol & 0xFF) << 8) | symbolOnlyFlag | Int32(length)
            }
            fast[first + suffix] = entry
        }
    }

    /// T.81 F.2.2.1 EXTEND: magnitude bits with a leading 0 are negative.
    @inline(__always)
    static func extend(_ value: Int, _ category: Int) -> Int {
        value < (1 << (category - 1)) ? value - (1 << category) + 1 : value
    }
}

/// A reference-free view of a `LosslessHuffmanTable`, for the decoding loops.
struct HuffmanLookup {
    let fast: UnsafePointer<Int32>
    /// Largest code of each length 1...16, or -1 when there is none (index 0 unused).
    let maxCode: UnsafePointer<Int32>
    /// Added to a code of that length to index `symbols`.
    let valueOffset: UnsafePointer<Int32>
    let symbols: UnsafePointer<UInt8>
    let symbolCount: Int

    init(fast: UnsafeMutablePointer<Int32>, maxCode: UnsafeMutablePointer<Int32>,
         valueOffset: UnsafeMutablePointer<Int32>, symbols: UnsafeMutablePointer<UInt8>, symbolCount: Int) {
        self.fast = UnsafePointer(fast)
        self.maxCode = UnsafePointer(maxCode)
        self.valueOffset = UnsafePointer(valueOffset)
        self.symbols = UnsafePointer(symbols)
        self.symbolCount = symbolCount
    }

    /// Decodes a code longer than the lookahead: `bits` holds at least 32 valid bits,
    /// left-aligned. Returns the category and code length, or nil for an invalid code.
    func slowSymbol(_ bits: UInt64) -> (symbol: Int, length: Int)? {
        for length in (LosslessHuffmanTable.lookaheadBits + 1)...16 {
            let code = Int32(truncatingIfNeeded: bits >> UInt64(64 - length))
            if code <= maxCode[length] {
                let index = Int(valueOffset[length] + code)
                guard index >= 0, index < symbolCount else { return nil }
                return (Int(symbols[index]), length)
            }
        }
        return nil
    }
}
