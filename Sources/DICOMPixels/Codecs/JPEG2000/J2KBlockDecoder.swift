/// Tier-1 decoding of code blocks (ISO/IEC 15444-1 Annex D): the significance
/// propagation, magnitude refinement and cleanup passes over each bit-plane, driven by the
/// MQ decoder (or raw bits in bypass mode), for every Part 1 code-block style.
///
/// One decoder serves a whole frame and owns its scratch memory, so no code block
/// allocates. Each sample has a 32-bit flag word in an array with a one-sample border, so
/// neighbours are read without bounds tests; the word carries the significance of its
/// eight neighbours and the signs of the four direct ones, which a sample sets in its
/// neighbours when it becomes significant. Context labels (Tables D.1–D.4) are then one
/// table lookup each.
///
/// Magnitudes are kept with one extra low bit: a coefficient that became significant or
/// was refined at bit-plane p holds the midpoint of its remaining interval (p's half bit),
/// and the output drops that bit. Fully decoded, that is the exact value; when a quality
/// layer truncates the passes, it is the midpoint reconstruction OpenJPEG also uses.
final class J2KBlockDecoder {
    // Flag bits of one sample.
    private static let north: UInt32 = 1 << 0, south: UInt32 = 1 << 1, west: UInt32 = 1 << 2, east: UInt32 = 1 << 3
    private static let northWest: UInt32 = 1 << 4, northEast: UInt32 = 1 << 5
    private static let southWest: UInt32 = 1 << 6, southEast: UInt32 = 1 << 7
    private static let northNegative: UInt32 = 1 << 8, southNegative: UInt32 = 1 << 9
    private static let westNegative: UInt32 = 1 << 10, eastNegative: UInt32 = 1 << 11
    private static let significant: UInt32 = 1 << 12
    private static let negative: UInt32 = 1 << 15
    private static let neighbours: UInt32 = 0xFF

    // Context numbers (D.3): 0–8 zero coding, 9–13 sign, 14–16 refinement.
    private static let runLength = 17, uniform = 18

    /// The largest flag array: (w + 2) × (h + 2) with w·h ≤ 4096 and sides of 4 to 1024.
    private static let capacity = 1026 * 6

    private let tables = J2KMQTables.make()
    private let contexts = UnsafeMutablePointer<UInt32>.allocate(capacity: 19)
    private let flags = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    private let magnitudes = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    /// Stripe-column summaries: (w + 2) × (⌈h / 4⌉ + 2) at most 1026 × 3 or 258 × 6.
    private let columns = UnsafeMutablePointer<UInt16>.allocate(capacity: 4096)
    /// Zero-coding labels by neighbour bits: LL and LH, HL, HH (Table D.1).
    private let zeroCoding = UnsafeMutablePointer<UInt8>.allocate(capacity: 3 * 256)
    /// Sign-coding label (low 5 bits) and XOR bit (bit 7) by direct neighbours (Table D.3).
    private let signCoding = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    /// Where segments that span several packets are joined.
    private var joined = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    private var joinedCapacity = 1 << 16

    init() {
        for index in 0..<256 {
            let bit = { (n: Int) in (index >> n) & 1 }
            let v = bit(0) + bit(1), h = bit(2) + bit(3), d = bit(4) + bit(5) + bit(6) + bit(7)
            zeroCoding[index] = Self.zeroCodingLabel(h: h, v: v, d: d)
            zeroCoding[256 + index] = Self.zeroCodingLabel(h: v, v: h, d: d)
            zeroCoding[512 + index] = Self.diagonalLabel(hv: h + v, d: d)
            // Sign bits of N, S, W, E sit at bits 4–7 of this index.
            let contribution = { (sig: Int, neg: Int) in sig == 0 ? 0 : (neg == 1 ? -1 : 1) }
            let vertical = max(-1, min(1, contribution(bit(0), bit(4)) + contribution(bit(1), bit(5))))
            let horizontal = max(-1, min(1, contribution(bit(2), bit(6)) + contribution(bit(3), bit(7))))
            let (label, flip) = Self.signLabel(h: horizontal, v: vertical)
            signCoding[index] = UInt8(label) | (flip ? 0x80 : 0)
        }
    }

    deinit {
        tables.deallocate()
        contexts.deallocate()
        flags.deallocate()
        magnitudes.deallocate()
        columns.deallocate()
        zeroCoding.deallocate()
        signCoding.deallocate()
        joined.deallocate()
    }

    private static func zeroCodingLabel(h: Int, v: Int, d: Int) -> UInt8 {
        switch (h, v, d) {
        case (2, _, _): 8
        case (1, 1..., _): 7
        case (1, 0, 1...): 6
        case (1, 0, 0): 5
        case (0, 2, _): 4
        case (0, 1, _): 3
        case (0, 0, 2...): 2
        case (0, 0, 1): 1
        default: 0
        }
    }

    private static func diagonalLabel(hv: Int, d: Int) -> UInt8 {
        switch (d, hv) {
        case (3..., _): 8
        case (2, 1...): 7
        case (2, 0): 6
        case (1, 2...): 5
        case (1, 1): 4
        case (1, 0): 3
        case (0, 2...): 2
        case (0, 1): 1
        default: 0
        }
    }

    private static func signLabel(h: Int, v: Int) -> (Int, Bool) {
        switch (h, v) {
        case (1, 1): (13, false)
        case (1, 0): (12, false)
        case (1, -1): (11, false)
        case (0, 1): (10, false)
        case (0, 0): (9, false)
        case (0, -1): (10, true)
        case (-1, 1): (11, true)
        case (-1, 0): (12, true)
        default: (13, true)
        }
    }

    /// Decodes `block` from its `contributions` (in pass order) within `data`, and writes its
    /// coefficients to `output` (its first sample) with rows `outputStride` apart.
    func decode(_ block: J2KTile.Block, orientation: Int, magnitudeBits: Int, style: J2KCodingStyle.BlockStyle,
                contributions: ArraySlice<J2KPacketDecoder.Contribution>, data: UnsafeRawBufferPointer,
                output: UnsafeMutablePointer<Int32>, outputStride: Int) throws(JPEG2000Failure) {
        let width = block.rect.width, height = block.rect.height
        let stride = width + 2
        let planes = magnitudeBits - block.zeroBitPlanes
        let passLimit = planes > 0 ? 3 * planes - 2 : 0
        guard width * height <= 4096 else { throw JPEG2000Failure("a code block is larger than 4096 samples") }
        flags.update(repeating: 0, count: stride * (height + 2))
        columns.update(repeating: 0, count: stride * ((height + 3) / 4 + 2))
        defer {
            for y in 0..<height {
                var i = (y + 1) * stride + 1
                let row = output + y * outputStride
                for x in 0..<width {
                    let f = flags[i]
                    let magnitude = f & Self.significant != 0 ? Int32(bitPattern: magnitudes[i] >> 1) : 0
                    row[x] = f & Self.negative != 0 ? -magnitude : magnitude
                    i += 1
                }
            }
        }
        guard block.passes > 0, planes > 0 else {
            if block.passes > 0 {
                throw JPEG2000Failure("a code block has \(block.zeroBitPlanes) zero bit-planes of \(magnitudeBits)")
            }
            return
        }
        resetContexts()
        var plane = Plane(flags: flags, magnitudes: magnitudes, columns: columns, contexts: contexts, tables: tables,
                          zeroCoding: zeroCoding + 256 * (orientation == 3 ? 2 : orientation == 1 ? 1 : 0),
                          signCoding: signCoding, width: width, height: height, stride: stride,
                          causal: style.contains(.verticallyCausal))
        var next = contributions.startIndex
        while next < contributions.endIndex {
            let first = contributions[next]
            guard first.firstPass < passLimit else { break }
            let segment = J2KPacketDecoder.segment(of: first.firstPass, style)
            var last = next + 1, length = first.length, passes = first.passes
            while last < contributions.endIndex, J2KPacketDecoder.segment(of: contributions[last].firstPass, style) == segment {
                length += contributions[last].length
                passes += contributions[last].passes
                last += 1
            }
            let passEnd = min(first.firstPass + passes, passLimit)
            guard let base = data.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            var bytes = base + first.offset
            if last > next + 1 {
                if length > joinedCapacity {
                    joined.deallocate()
                    joinedCapacity = max(length, 2 * joinedCapacity)
                    joined = .allocate(capacity: joinedCapacity)
                }
                var filled = 0
                for c in contributions[next..<last] {
                    (joined + filled).update(from: base + c.offset, count: c.length)
                    filled += c.length
                }
                bytes = UnsafePointer(joined)
            }
            decodeSegment(&plane, bytes: bytes, count: length, passes: first.firstPass..<passEnd,
                          topPlane: planes, style: style)
            next = last
        }
    }

    private func resetContexts() {
        contexts.update(repeating: tables.entries[0], count: 19)
        contexts[0] = tables.entries[4 * 2]
        contexts[Self.runLength] = tables.entries[3 * 2]
        contexts[Self.uniform] = tables.entries[46 * 2]
    }

    /// Decodes the coding passes `passes` (numbered from the block's first cleanup pass) from
    /// one codeword segment.
    private func decodeSegment(_ plane: inout Plane, bytes: UnsafePointer<UInt8>, count: Int, passes: Range<Int>,
                               topPlane: Int, style: J2KCodingStyle.BlockStyle) {
        let raw = style.contains(.bypass) && passes.lowerBound >= 10 && (passes.lowerBound - 10) % 3 != 2
        var mq = J2KMQDecoder(bytes, count: count)
        var bits = J2KRawBitDecoder(bytes, count: count)
        for pass in passes {
            let kind = pass == 0 ? 2 : (pass - 1) % 3
            let bitPlane = topPlane - (pass + 2) / 3
            switch (kind, raw) {
            case (0, false): plane.significancePass(bitPlane, &mq)
            case (0, true): plane.rawSignificancePass(bitPlane, &bits)
            case (1, false): plane.refinementPass(bitPlane, &mq)
            case (1, true): plane.rawRefinementPass(bitPlane, &bits)
            default:
                plane.cleanupPass(bitPlane, &mq)
                if style.contains(.segmentationSymbols) {
                    for _ in 0..<4 { _ = mq.decode(contexts + Self.uniform, tables) }
                }
            }
            if style.contains(.resetContexts) { resetContexts() }
        }
    }

    /// The state of one code block the passes work on; all pointers, so the passes' loops
    /// see no reference counting or exclusivity checks.
    ///
    /// Besides each sample's flag word (neighbour bits for the context labels), every
    /// stripe column of four samples has a 16-bit summary: which are significant (bits 0–3),
    /// which were coded in this bit-plane (4–7), which have a significant neighbour (8–11)
    /// and which have been refined before (12–15). Which samples a pass codes in a column
    /// is then a few operations on one word, so the columns with nothing to do — most of
    /// them, in sparse and dense regions alike — cost one load.
    private struct Plane {
        let flags: UnsafeMutablePointer<UInt32>
        let magnitudes: UnsafeMutablePointer<UInt32>
        /// Column summaries, with a border column each side and a border stripe above and below.
        let columns: UnsafeMutablePointer<UInt16>
        let contexts: UnsafeMutablePointer<UInt32>
        let tables: J2KMQTables
        let zeroCoding: UnsafeMutablePointer<UInt8>
        let signCoding: UnsafeMutablePointer<UInt8>
        let width: Int, height: Int, stride: Int
        /// Vertically causal contexts: a stripe's last row ignores the stripe below.
        let causal: Bool

        var columnStride: Int { width &+ 2 }

        /// Makes the sample at `i` (row `k` of the stripe column whose summary is at `c`)
        /// significant, and tells its neighbours. In causal mode a stripe's first row does
        /// not tell the row above, the previous stripe's last.
        @inline(__always)
        func becomeSignificant(_ i: Int, column c: Int, row k: Int, negative: Bool) {
            let s = stride, cs = columnStride
            let tellAbove = !(causal && k == 0)
            // All ones when negative, so the sign bits need no branches.
            let sign = UInt32(0) &- (negative ? 1 : 0)
            flags[i] |= J2KBlockDecoder.significant | (sign & J2KBlockDecoder.negative)
            if tellAbove {
                let above = i &- s
                flags[above &- 1] |= J2KBlockDecoder.southEast
                flags[above] |= J2KBlockDecoder.south | (sign & J2KBlockDecoder.southNegative)
                flags[above &+ 1] |= J2KBlockDecoder.southWest
            }
            flags[i &- 1] |= J2KBlockDecoder.east | (sign & J2KBlockDecoder.eastNegative)
            flags[i &+ 1] |= J2KBlockDecoder.west | (sign & J2KBlockDecoder.westNegative)
            let below = i &+ s
            flags[below &- 1] |= J2KBlockDecoder.northEast
            flags[below] |= J2KBlockDecoder.north | (sign & J2KBlockDecoder.northNegative)
            flags[below &+ 1] |= J2KBlockDecoder.northWest

            // Column summaries: this sample significant; rows k − 1 ... k + 1 of the side
            // columns and rows k ± 1 of this one have a significant neighbour.
            let side = UInt16(truncatingIfNeeded: ((7 << k) >> 1) & 0xF) << 8
            let vertical = UInt16(truncatingIfNeeded: ((5 << k) >> 1) & 0xF) << 8
            columns[c] |= UInt16(truncatingIfNeeded: 1 << k) | vertical
            columns[c &- 1] |= side
            columns[c &+ 1] |= side
            // Row 0 of the stripe below (from row 3) and row 3 of the stripe above (from row
            // 0), written every time, with no bits when they do not apply: k is too
            // unpredictable to branch on.
            let nextStripe = UInt16(truncatingIfNeeded: ((k &+ 1) >> 2) << 8)
            let previousStripe: UInt16 = k == 0 && tellAbove ? 0x800 : 0
            columns[c &+ cs &- 1] |= nextStripe
            columns[c &+ cs] |= nextStripe
            columns[c &+ cs &+ 1] |= nextStripe
            columns[c &- cs &- 1] |= previousStripe
            columns[c &- cs] |= previousStripe
            columns[c &- cs &+ 1] |= previousStripe
        }

        /// Decodes the sign of the sample at `i` (D.3.2), whose flags are `f`, and makes it
        /// significant with magnitude `start`.
        @inline(__always)
        func decodeSign(_ i: Int, _ f: UInt32, column c: Int, row k: Int, start: UInt32, _ mq: inout J2KMQDecoder) {
            let label = signCoding[Int((f & 0xF) | ((f >> 4) & 0xF0))]
            let negative = mq.decode(contexts + Int(label & 0x1F), tables) != Int(label >> 7)
            magnitudes[i] = start
            becomeSignificant(i, column: c, row: k, negative: negative)
        }

        // Which samples of a column a pass codes, from its summary `w`.

        /// Significance propagation: insignificant samples with a significant neighbour.
        @inline(__always)
        static func propagationMask(_ w: UInt16) -> Int { Int(w >> 8) & ~Int(w) & 0xF }

        /// Refinement: samples significant before this bit-plane.
        @inline(__always)
        static func refinementMask(_ w: UInt16) -> Int { Int(w) & ~Int(w >> 4) & 0xF }

        /// Cleanup: samples neither significant nor coded in this bit-plane.
        @inline(__always)
        static func cleanupMask(_ w: UInt16) -> Int { ~(Int(w) | Int(w >> 4)) & 0xF }

        func significancePass(_ bitPlane: Int, _ decoder: inout J2KMQDecoder) {
            // Registers, not memory: a local decoder and local copies of the pointers.
            var mq = decoder
            defer { decoder = mq }
            let flags = self.flags, columns = self.columns, contexts = self.contexts, tables = self.tables
            let zeroCoding = self.zeroCoding, stride = self.stride, width = self.width
            // A newly significant sample holds 1.5 × 2^bitPlane: its bit and the half below.
            let start = (3 as UInt32) << (bitPlane &- 1)
            var top = stride &+ 1, c = columnStride &+ 1
            for y0 in Swift.stride(from: 0, to: height, by: 4) {
                let rows = (1 << min(4, height &- y0)) &- 1
                for x in 0..<width {
                    var mask = Self.propagationMask(columns[c &+ x]) & rows
                    guard mask != 0 else { continue }
                    var coded = 0
                    while mask != 0 {
                        let k = mask.trailingZeroBitCount
                        let i = top &+ x &+ k &* stride
                        let f = flags[i]
                        mask &= mask &- 1
                        coded |= 1 << k
                        if mq.decode(contexts + Int(zeroCoding[Int(f & 0xFF)]), tables) == 1 {
                            decodeSign(i, f, column: c &+ x, row: k, start: start, &mq)
                            // The sample below may now have a significant neighbour.
                            mask |= Self.propagationMask(columns[c &+ x]) & rows & ~((2 << k) &- 1)
                        }
                    }
                    columns[c &+ x] |= UInt16(truncatingIfNeeded: coded << 4)
                }
                top &+= 4 &* stride
                c &+= columnStride
            }
        }

        func rawSignificancePass(_ bitPlane: Int, _ bits: inout J2KRawBitDecoder) {
            let start = (3 as UInt32) << (bitPlane &- 1)
            var top = stride &+ 1, c = columnStride &+ 1
            for y0 in Swift.stride(from: 0, to: height, by: 4) {
                let rows = (1 << min(4, height &- y0)) &- 1
                for x in 0..<width {
                    var mask = Self.propagationMask(columns[c &+ x]) & rows
                    var coded = 0
                    while mask != 0 {
                        let k = mask.trailingZeroBitCount
                        let i = top &+ x &+ k &* stride
                        mask &= mask &- 1
                        coded |= 1 << k
                        if bits.bit() == 1 {
                            magnitudes[i] = start
                            becomeSignificant(i, column: c &+ x, row: k, negative: bits.bit() == 1)
                            mask |= Self.propagationMask(columns[c &+ x]) & rows & ~((2 << k) &- 1)
                        }
                    }
                    columns[c &+ x] |= UInt16(truncatingIfNeeded: coded << 4)
                }
                top &+= 4 &* stride
                c &+= columnStride
            }
        }

        func refinementPass(_ bitPlane: Int, _ decoder: inout J2KMQDecoder) {
            var mq = decoder
            defer { decoder = mq }
            let flags = self.flags, magnitudes = self.magnitudes, columns = self.columns
            let contexts = self.contexts, tables = self.tables, stride = self.stride, width = self.width
            let half = (1 as UInt32) << (bitPlane &- 1)
            var top = stride &+ 1, c = columnStride &+ 1
            for y0 in Swift.stride(from: 0, to: height, by: 4) {
                let rows = (1 << min(4, height &- y0)) &- 1
                for x in 0..<width {
                    let w = columns[c &+ x]
                    var mask = Self.refinementMask(w) & rows
                    guard mask != 0 else { continue }
                    let refined = Int(w >> 12)
                    columns[c &+ x] = w | UInt16(truncatingIfNeeded: mask << 12)
                    while mask != 0 {
                        let k = mask.trailingZeroBitCount
                        let i = top &+ x &+ k &* stride
                        mask &= mask &- 1
                        // Table D.4: later refinements, or the first with or without a significant neighbour.
                        let label = (refined >> k) & 1 != 0 ? 16 : (flags[i] & J2KBlockDecoder.neighbours != 0 ? 15 : 14)
                        if mq.decode(contexts + label, tables) == 1 { magnitudes[i] &+= half } else { magnitudes[i] &-= half }
                    }
                }
                top &+= 4 &* stride
                c &+= columnStride
            }
        }

        func rawRefinementPass(_ bitPlane: Int, _ bits: inout J2KRawBitDecoder) {
            let half = (1 as UInt32) << (bitPlane &- 1)
            var top = stride &+ 1, c = columnStride &+ 1
            for y0 in Swift.stride(from: 0, to: height, by: 4) {
                let rows = (1 << min(4, height &- y0)) &- 1
                for x in 0..<width {
                    var mask = Self.refinementMask(columns[c &+ x]) & rows
                    columns[c &+ x] |= UInt16(truncatingIfNeeded: mask << 12)
                    while mask != 0 {
                        let i = top &+ x &+ mask.trailingZeroBitCount &* stride
                        mask &= mask &- 1
                        if bits.bit() == 1 { magnitudes[i] &+= half } else { magnitudes[i] &-= half }
                    }
                }
                top &+= 4 &* stride
                c &+= columnStride
            }
        }

        func cleanupPass(_ bitPlane: Int, _ decoder: inout J2KMQDecoder) {
            var mq = decoder
            defer { decoder = mq }
            let flags = self.flags, columns = self.columns, contexts = self.contexts, tables = self.tables
            let zeroCoding = self.zeroCoding, stride = self.stride, width = self.width
            let start = (3 as UInt32) << (bitPlane &- 1)
            var top = stride &+ 1, c = columnStride &+ 1
            for y0 in Swift.stride(from: 0, to: height, by: 4) {
                let rows = (1 << min(4, height &- y0)) &- 1
                for x in 0..<width {
                    let w = columns[c &+ x]
                    var mask: Int
                    if rows == 0xF && w & 0xFFF == 0 {
                        // Run-length mode (D.3.4): one decision for four insignificant samples
                        // with insignificant neighbourhoods.
                        if mq.decode(contexts + J2KBlockDecoder.runLength, tables) == 0 { continue }
                        var k = mq.decode(contexts + J2KBlockDecoder.uniform, tables) << 1
                        k |= mq.decode(contexts + J2KBlockDecoder.uniform, tables)
                        let i = top &+ x &+ k &* stride
                        decodeSign(i, flags[i], column: c &+ x, row: k, start: start, &mq)
                        mask = (0xE << k) & 0xF
                    } else {
                        mask = Self.cleanupMask(w) & rows
                    }
                    while mask != 0 {
                        let k = mask.trailingZeroBitCount
                        let i = top &+ x &+ k &* stride
                        mask &= mask &- 1
                        let f = flags[i]
                        if mq.decode(contexts + Int(zeroCoding[Int(f & 0xFF)]), tables) == 1 {
                            decodeSign(i, f, column: c &+ x, row: k, start: start, &mq)
                        }
                    }
                    // The next bit-plane starts with nothing coded.
                    columns[c &+ x] &= 0xFF0F
                }
                top &+= 4 &* stride
                c &+= columnStride
            }
        }
    }
}

/// Raw (bypass) coding-pass bits (D.6): most significant first, a 0xFF byte followed by
/// seven bits of the next; 0xFF past the segment's end.
struct J2KRawBitDecoder {
    private let bytes: UnsafePointer<UInt8>
    private let end: Int
    private var position = 0
    private var current: UInt32 = 0
    private var bitsLeft = 0
    private var lastWasFF = false

    init(_ bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        end = count
    }

    @inline(__always)
    mutating func bit() -> Int {
        if bitsLeft == 0 {
            current = position < end ? UInt32(bytes[position]) : 0xFF
            position += 1
            bitsLeft = lastWasFF ? 7 : 8
            lastWasFF = current == 0xFF
        }
        bitsLeft -= 1
        return Int((current >> UInt32(bitsLeft)) & 1)
    }
}
