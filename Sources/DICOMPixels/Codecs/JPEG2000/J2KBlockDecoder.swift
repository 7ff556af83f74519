/// Tier-1 decoding of code blocks (ISO/IEC 15444-1 Annex D): the significance
/// propagation, magnitude refinement and cleanup passes over each bit-plane, driven by the
/// MQ decoder (or raw bits in bypass mode), for every Part 1 code-block style.
///
/// One decoder serves a whole frame and owns its scratch memory, so no code block
/// allocates. The passes scan stripes of four rows column by column (D.2), so the state
/// lives in one 32-bit word per stripe column: the significance of its four samples and of
/// the ring around them (the row above, the row below, the columns either side), which
/// samples were coded in this bit-plane and which have been refined before. A sample's
/// zero-coding context (Table D.1) is then one shift of the word and one table lookup,
/// which samples a pass visits is a few operations on it, and a sample becoming
/// significant sets one bit in three words (and three more at a stripe's edge).
///
/// Magnitudes are kept with one extra low bit, and the sign in the top bit: a coefficient
/// that became significant or was refined at bit-plane p holds the midpoint of its
/// remaining interval (p's half bit), and the output drops that bit. Fully decoded, that
/// is the exact value; when a quality layer truncates the passes, it is the midpoint
/// reconstruction OpenJPEG also uses.
final class J2KBlockDecoder {
    // Context numbers (D.3): 0–8 zero coding, 9–13 sign, 14–16 refinement.
    private static let runLength = 17, uniform = 18

    /// The largest magnitude array: (w + 2) × (h + 2) with w·h ≤ 4096 and sides of 4 to 1024.
    private static let capacity = 1026 * 6

    /// Where in `lookup` each table starts: everything a decision reads beside the block's
    /// state is at one address, which leaves registers to the MQ decoder.
    private enum Lookup {
        /// The 19 contexts' Table C.2 words.
        static let contexts = 0
        /// Table C.2 itself (`J2KMQTables`).
        static let transitions = 32
        /// Zero-coding context by a sample's 3 × 3 neighbourhood, for the block's orientation.
        static let zeroCoding = 128
        /// Sign-coding context (low 5 bits) and XOR bit (bit 7) by the direct neighbours.
        static let signCoding = 640
        static let size = 896
    }

    private let lookup = UnsafeMutablePointer<UInt64>.allocate(capacity: Lookup.size)
    private var tables: J2KMQTables { J2KMQTables(entries: lookup + Lookup.transitions) }
    private var contexts: UnsafeMutablePointer<UInt64> { lookup + Lookup.contexts }
    private let magnitudes = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    /// Stripe-column words: (w + 2) × (⌈h / 4⌉ + 2), at most 1026 × 3 or 258 × 6.
    private let states = UnsafeMutablePointer<UInt32>.allocate(capacity: 4096)
    /// Zero-coding labels by a sample's 3 × 3 neighbourhood: LL and LH, HL, HH (Table D.1).
    private let zeroCoding = UnsafeMutablePointer<UInt8>.allocate(capacity: 3 * 512)
    /// The orientation whose labels `lookup` holds.
    private var zeroCodingOrientation = -1
    /// Where a segment is copied, joined when it spans several packets, and padded for the
    /// MQ decoder.
    private var segment = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
    private var segmentCapacity = 1 << 16

    init() {
        lookup.initialize(repeating: 0, count: Lookup.size)
        magnitudes.initialize(repeating: 0, count: Self.capacity)
        J2KMQTables.write(to: lookup + Lookup.transitions)
        for index in 0..<512 {
            let bit = { (n: Int) in (index >> n) & 1 }
            // A neighbourhood's bits: NW, N, NE (0–2), W, the sample, E (3–5), SW, S, SE (6–8).
            let v = bit(1) + bit(7), h = bit(3) + bit(5), d = bit(0) + bit(2) + bit(6) + bit(8)
            zeroCoding[index] = Self.zeroCodingLabel(h: h, v: v, d: d)
            zeroCoding[512 + index] = Self.zeroCodingLabel(h: v, v: h, d: d)
            zeroCoding[1024 + index] = Self.diagonalLabel(hv: h + v, d: d)
        }
        for index in 0..<256 {
            // N, W, E, S significant at bits 1, 3, 5, 7 (as in a neighbourhood), each
            // one's sign (set: negative) in the bit below.
            let contribution = { (n: Int) in (index >> n) & 1 == 0 ? 0 : ((index >> (n - 1)) & 1 == 1 ? -1 : 1) }
            let vertical = max(-1, min(1, contribution(1) + contribution(7)))
            let horizontal = max(-1, min(1, contribution(3) + contribution(5)))
            let (label, flip) = Self.signLabel(h: horizontal, v: vertical)
            lookup[Lookup.signCoding + index] = UInt64(label) | (flip ? 0x80 : 0)
        }
    }

    deinit {
        lookup.deallocate()
        magnitudes.deallocate()
        states.deallocate()
        zeroCoding.deallocate()
        segment.deallocate()
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
        states.update(repeating: 0, count: stride * ((height + 3) / 4 + 2))
        // The magnitudes are all zero between blocks: the passes write only the block's
        // samples, and writing them out zeroes them again.
        defer {
            for y in 0..<height {
                let magnitude = magnitudes + (y + 1) * stride + 1
                let row = output + y * outputStride
                for x in 0..<width {
                    let m = magnitude[x]
                    let negative = Int32(bitPattern: m) >> 31
                    row[x] = (Int32(bitPattern: (m & 0x7FFF_FFFF) >> 1) ^ negative) &- negative
                    magnitude[x] = 0
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
        if orientation != zeroCodingOrientation {
            let labels = zeroCoding + 512 * (orientation == 3 ? 2 : orientation == 1 ? 1 : 0)
            for n in 0..<512 { lookup[Lookup.zeroCoding + n] = UInt64(labels[n]) }
            zeroCodingOrientation = orientation
        }
        var plane = Plane(magnitudes: magnitudes, states: states, lookup: lookup, width: width, height: height,
                          rowBelowAbove: style.contains(.verticallyCausal) ? 0 : 1 << 15)
        guard let base = data.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var next = contributions.startIndex
        while next < contributions.endIndex {
            let first = contributions[next]
            guard first.firstPass < passLimit else { break }
            let segmentIndex = J2KPacketDecoder.segment(of: first.firstPass, style)
            var last = next + 1, length = first.length, passes = first.passes
            while last < contributions.endIndex,
                  J2KPacketDecoder.segment(of: contributions[last].firstPass, style) == segmentIndex {
                length += contributions[last].length
                passes += contributions[last].passes
                last += 1
            }
            let passEnd = min(first.firstPass + passes, passLimit)
            let padding = J2KMQDecoder.padding.count
            if length + padding > segmentCapacity {
                segment.deallocate()
                segmentCapacity = max(length + padding, 2 * segmentCapacity)
                segment = .allocate(capacity: segmentCapacity)
            }
            var filled = 0
            for c in contributions[next..<last] {
                (segment + filled).update(from: base + c.offset, count: c.length)
                filled += c.length
            }
            (segment + filled).update(repeating: 0xFF, count: padding)
            decodeSegment(&plane, bytes: segment, count: length, passes: first.firstPass..<passEnd,
                          topPlane: planes, style: style)
            next = last
        }
    }

    private func resetContexts() {
        let tables = self.tables, contexts = self.contexts
        contexts.update(repeating: tables.entries[0], count: 19)
        contexts[0] = tables.entries[4 * 2]
        contexts[Self.runLength] = tables.entries[3 * 2]
        contexts[Self.uniform] = tables.entries[46 * 2]
    }

    /// Decodes the coding passes `passes` (numbered from the block's first cleanup pass) from
    /// one codeword segment, followed by the MQ decoder's padding.
    private func decodeSegment(_ plane: inout Plane, bytes: UnsafePointer<UInt8>, count: Int, passes: Range<Int>,
                               topPlane: Int, style: J2KCodingStyle.BlockStyle) {
        let raw = style.contains(.bypass) && passes.lowerBound >= 10 && (passes.lowerBound - 10) % 3 != 2
        var mq = J2KMQDecoder(bytes)
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
                    for _ in 0..<4 { _ = mq.decode(&contexts[Self.uniform], tables) }
                }
            }
            if style.contains(.resetContexts) { resetContexts() }
        }
    }

    /// The state of one code block the passes work on; all pointers, so the passes' loops
    /// see no reference counting or exclusivity checks.
    ///
    /// A stripe column's word holds, at bits 3r to 3r + 2 for rows r = −1 ... 4 of the
    /// stripe (the row above it, its four, the row below), the significance of the samples
    /// in the column to the west, the column itself and the column to the east. Row k's
    /// 3 × 3 neighbourhood is then the nine bits from 3k, and the masks of which rows a
    /// pass visits are kept with the same spacing: row k at bit 3k. Bits 18 + 3k say row k
    /// was coded in this bit-plane, bits 19 + 3k that it has been refined before.
    ///
    /// The passes walk a stripe with a pointer to the column's word and one to its first
    /// sample's magnitude; shifts are masking shifts (`&>>`), whose amounts are in range.
    private struct Plane {
        /// Magnitudes with a border sample all round, the sign (set: negative) in bit 31.
        let magnitudes: UnsafeMutablePointer<UInt32>
        /// Stripe-column words, with a border column each side and a border stripe above and below.
        let states: UnsafeMutablePointer<UInt32>
        let lookup: UnsafeMutablePointer<UInt64>
        let width: Int, height: Int
        /// The bit for row 4 (the row below) in the stripe above's words, which a sample in
        /// row 0 sets when it becomes significant; none with vertically causal contexts,
        /// where a stripe's last row ignores the stripe below.
        let rowBelowAbove: UInt32

        /// Row k of a stripe at bit 3k: the rows a full stripe has.
        static let allRows: UInt32 = 0x249
        static let coded = 18, refined = 19
        /// The significance of a stripe's four samples (row k's at 3k + 4).
        static let allSignificant: UInt32 = allRows &<< 4
        /// A neighbourhood's bits other than the sample's own.
        static let neighbours: UInt32 = 0x1EF

        /// Samples (and stripe-column words) from one row (stripe) to the next.
        var stride: Int { width &+ 2 }

        /// The rows (at bits 3k) of the stripe starting at row `y0`.
        @inline(__always)
        func rows(_ y0: Int) -> UInt32 { Self.allRows & ((1 &<< (3 &* min(4, height &- y0))) &- 1) }

        /// Rows (at bits 3k) that are not significant.
        @inline(__always)
        static func insignificant(_ w: UInt32) -> UInt32 { ~(w &>> 4) & allRows }

        /// Rows (at bits 3k) with a significant sample among them and their eight neighbours.
        @inline(__always)
        static func nearSignificant(_ w: UInt32) -> UInt32 {
            let anyInRow = (w | w &>> 1 | w &>> 2) & 0x9249
            return anyInRow | anyInRow &>> 3 | anyInRow &>> 6
        }

        /// Row k of a stripe from its bit 3k.
        @inline(__always)
        static func row(_ p: Int) -> Int { (p &* 11) &>> 5 }

        /// Makes `sample`, row `p / 3` of the stripe column whose word is `w` (at `column`),
        /// significant with magnitude `start`, and tells the neighbouring words. In causal
        /// mode a stripe's first row does not tell the row above, the previous stripe's last.
        @inline(__always)
        func becomeSignificant(_ sample: UnsafeMutablePointer<UInt32>, word w: inout UInt32,
                               column: UnsafeMutablePointer<UInt32>, at p: Int, start: UInt32, negative: UInt32) {
            sample.pointee = start | negative &<< 31
            let west = (1 as UInt32) &<< (p &+ 3)
            w |= west &<< 1
            column[-1] |= west &<< 2
            column[1] |= west
            // Row 4 of the stripe above (from row 0), row −1 of the one below (from row 3),
            // written every time with no bits when they do not apply: the row is too
            // unpredictable to branch on.
            let above = p == 0 ? rowBelowAbove : 0
            let below: UInt32 = p == 9 ? 1 : 0
            let s = stride
            column[-s &- 1] |= above &<< 2
            column[-s] |= above &<< 1
            column[1 &- s] |= above
            column[s &- 1] |= below &<< 2
            column[s] |= below &<< 1
            column[s &+ 1] |= below
        }

        /// Decodes the sign of `sample` (D.3.2), row `p / 3` of the stripe column whose word
        /// is `w`, and makes it significant with magnitude `start`. Transparent because
        /// `@inline(__always)` left it a call, which costs the passes the decoder's registers.
        @_transparent
        func decodeSign(_ sample: UnsafeMutablePointer<UInt32>, word w: inout UInt32,
                        column: UnsafeMutablePointer<UInt32>, at p: Int, start: UInt32, _ mq: inout J2KMQDecoder) {
            let s = stride
            let signs = sample[-s] &>> 31 | (sample[-1] &>> 29) & 4 | (sample[1] &>> 27) & 16 | (sample[s] &>> 25) & 64
            let label = lookup[J2KBlockDecoder.Lookup.signCoding &+ Int((w &>> p) & 0xAA | signs)]
            let decision = mq.decode(&lookup[Int(label & 0x1F)], J2KMQTables(entries: lookup + J2KBlockDecoder.Lookup.transitions))
            let negative = UInt32(truncatingIfNeeded: decision ^ Int(label &>> 7))
            becomeSignificant(sample, word: &w, column: column, at: p, start: start, negative: negative)
        }

        func significancePass(_ bitPlane: Int, _ decoder: inout J2KMQDecoder) {
            // Registers, not memory: a local decoder and local copies of the pointers.
            var mq = decoder
            defer { decoder = mq }
            let lookup = self.lookup, tables = J2KMQTables(entries: lookup + J2KBlockDecoder.Lookup.transitions)
            let zeroCoding = lookup + J2KBlockDecoder.Lookup.zeroCoding, stride = self.stride
            // A newly significant sample holds 1.5 × 2^bitPlane: its bit and the half below.
            let start = (3 as UInt32) &<< (bitPlane &- 1)
            var stripe = states + (stride &+ 1), top = magnitudes + (stride &+ 1)
            var y0 = 0
            while y0 < height {
                let rows = self.rows(y0)
                var column = stripe, sample = top
                let end = stripe + width
                while column < end {
                    var w = column.pointee
                    // A column whose four samples are all significant (most, in the dense
                    // low bit-planes) has nothing to code.
                    var mask = w & Self.allSignificant == Self.allSignificant
                        ? 0 : Self.nearSignificant(w) & Self.insignificant(w) & rows
                    if mask != 0 {
                        var coded: UInt32 = 0
                        repeat {
                            let p = mask.trailingZeroBitCount
                            mask &= mask &- 1
                            coded |= 1 &<< p
                            if mq.decode(&lookup[Int(zeroCoding[Int((w &>> p) & 0x1FF)])], tables) == 1 {
                                decodeSign(sample + Self.row(p) &* stride, word: &w, column: column, at: p, start: start, &mq)
                                // The sample below now has a significant neighbour.
                                mask |= (8 &<< p) & Self.insignificant(w) & rows
                            }
                        } while mask != 0
                        column.pointee = w | coded &<< Self.coded
                    }
                    column += 1
                    sample += 1
                }
                stripe += stride
                top += 4 &* stride
                y0 &+= 4
            }
        }

        func rawSignificancePass(_ bitPlane: Int, _ bits: inout J2KRawBitDecoder) {
            let start = (3 as UInt32) &<< (bitPlane &- 1)
            for y0 in Swift.stride(from: 0, to: height, by: 4) {
                let rows = self.rows(y0)
                for x in 0..<width {
                    let column = states + (y0 / 4 + 1) * stride + x + 1
                    let top = magnitudes + (y0 + 1) * stride + x + 1
                    var w = column.pointee
                    var mask = Self.nearSignificant(w) & Self.insignificant(w) & rows
                    var coded: UInt32 = 0
                    while mask != 0 {
                        let p = mask.trailingZeroBitCount
                        mask &= mask &- 1
                        coded |= 1 &<< p
                        if bits.bit() == 1 {
                            let negative = UInt32(truncatingIfNeeded: bits.bit())
                            becomeSignificant(top + Self.row(p) * stride, word: &w, column: column, at: p,
                                              start: start, negative: negative)
                            mask |= (8 &<< p) & Self.insignificant(w) & rows
                        }
                    }
                    column.pointee = w | coded &<< Self.coded
                }
            }
        }

        func refinementPass(_ bitPlane: Int, _ decoder: inout J2KMQDecoder) {
            var mq = decoder
            defer { decoder = mq }
            let lookup = self.lookup, tables = J2KMQTables(entries: lookup + J2KBlockDecoder.Lookup.transitions)
            let stride = self.stride
            let half = (1 as UInt32) &<< (bitPlane &- 1)
            // The context of later refinements (Table D.4's 16), in a register.
            var later = lookup[16]
            defer { lookup[16] = later }
            var stripe = states + (stride &+ 1), top = magnitudes + (stride &+ 1)
            var y0 = 0
            while y0 < height {
                let rows = self.rows(y0)
                var column = stripe, sample = top
                let end = stripe + width
                while column < end {
                    let w = column.pointee
                    // Significant before this bit-plane: significant and not coded in it.
                    var mask = (w &>> 4) & ~(w &>> Self.coded) & rows
                    if w &>> Self.refined & Self.allRows == Self.allRows {
                        // Four later refinements, the common case in dense bit-planes: four
                        // decisions in a row in a context held in a register, and no loop
                        // whose end would be mispredicted.
                        refine(sample, context: &later, half: half, bitPlane: bitPlane, &mq, tables)
                        refine(sample + stride, context: &later, half: half, bitPlane: bitPlane, &mq, tables)
                        refine(sample + 2 &* stride, context: &later, half: half, bitPlane: bitPlane, &mq, tables)
                        refine(sample + 3 &* stride, context: &later, half: half, bitPlane: bitPlane, &mq, tables)
                    } else if mask != 0 {
                        column.pointee = w | mask &<< Self.refined
                        lookup[16] = later
                        repeat {
                            let p = mask.trailingZeroBitCount
                            mask &= mask &- 1
                            // Table D.4: later refinements, or the first with or without a significant neighbour.
                            let first = ((w &>> p) & Self.neighbours) != 0 ? 15 : 14
                            let label = ((w &>> (p &+ Self.refined)) & 1) != 0 ? 16 : first
                            refine(sample + Self.row(p) &* stride, context: &lookup[label], half: half, bitPlane: bitPlane,
                                   &mq, tables)
                        } while mask != 0
                        later = lookup[16]
                    }
                    column += 1
                    sample += 1
                }
                stripe += stride
                top += 4 &* stride
                y0 &+= 4
            }
        }

        /// Refines `magnitude` with one decision in `context` (D.3.3).
        @_transparent
        func refine(_ magnitude: UnsafeMutablePointer<UInt32>, context: inout UInt64, half: UInt32, bitPlane: Int,
                    _ mq: inout J2KMQDecoder, _ tables: J2KMQTables) {
            // The bit adds half the interval, its absence takes half away.
            let bit = UInt32(truncatingIfNeeded: mq.decode(&context, tables))
            magnitude.pointee = magnitude.pointee &- half &+ bit &<< bitPlane
        }

        func rawRefinementPass(_ bitPlane: Int, _ bits: inout J2KRawBitDecoder) {
            let half = (1 as UInt32) &<< (bitPlane &- 1)
            for y0 in Swift.stride(from: 0, to: height, by: 4) {
                let rows = self.rows(y0)
                for x in 0..<width {
                    let column = states + (y0 / 4 + 1) * stride + x + 1
                    let top = magnitudes + (y0 + 1) * stride + x + 1
                    let w = column.pointee
                    var mask = (w &>> 4) & ~(w &>> Self.coded) & rows
                    column.pointee = w | mask &<< Self.refined
                    while mask != 0 {
                        let magnitude = top + Self.row(mask.trailingZeroBitCount) * stride
                        mask &= mask &- 1
                        magnitude.pointee = magnitude.pointee &- half &+ UInt32(truncatingIfNeeded: bits.bit()) &<< bitPlane
                    }
                }
            }
        }

        func cleanupPass(_ bitPlane: Int, _ decoder: inout J2KMQDecoder) {
            var mq = decoder
            defer { decoder = mq }
            let lookup = self.lookup, tables = J2KMQTables(entries: lookup + J2KBlockDecoder.Lookup.transitions)
            let zeroCoding = lookup + J2KBlockDecoder.Lookup.zeroCoding, stride = self.stride
            let start = (3 as UInt32) &<< (bitPlane &- 1)
            let codedRows = Self.allRows &<< Self.coded
            var stripe = states + (stride &+ 1), top = magnitudes + (stride &+ 1)
            var y0 = 0
            while y0 < height {
                let rows = self.rows(y0)
                var column = stripe, sample = top
                let end = stripe + width
                while column < end {
                    var w = column.pointee
                    var mask = Self.insignificant(w) & ~(w &>> Self.coded) & rows
                    if rows == Self.allRows && w & (0x3FFFF | codedRows) == 0 {
                        // Run-length mode (D.3.4): one decision for four insignificant samples
                        // with insignificant neighbourhoods.
                        if mq.decode(&lookup[J2KBlockDecoder.runLength], tables) == 0 {
                            mask = 0
                        } else {
                            var k = mq.decode(&lookup[J2KBlockDecoder.uniform], tables) &<< 1
                            k |= mq.decode(&lookup[J2KBlockDecoder.uniform], tables)
                            let p = 3 &* k
                            decodeSign(sample + k &* stride, word: &w, column: column, at: p, start: start, &mq)
                            mask = (Self.allRows &<< 3) &<< p & Self.allRows
                        }
                    }
                    while mask != 0 {
                        let p = mask.trailingZeroBitCount
                        mask &= mask &- 1
                        if mq.decode(&lookup[Int(zeroCoding[Int((w &>> p) & 0x1FF)])], tables) == 1 {
                            decodeSign(sample + Self.row(p) &* stride, word: &w, column: column, at: p, start: start, &mq)
                        }
                    }
                    // The next bit-plane starts with nothing coded.
                    column.pointee = w & ~codedRows
                    column += 1
                    sample += 1
                }
                stripe += stride
                top += 4 &* stride
                y0 &+= 4
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
