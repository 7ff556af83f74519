/// Decodes the samples of one JPEG-LS scan line by line (T.87 A.3–A.7): context
/// determination from the gradients around each sample, median edge prediction with bias
/// correction, Golomb-Rice codes with the LIMIT escape, and run mode with its interruption
/// samples.
///
/// Lines are `width + 2` samples with the T.87 edges: index 0 is the sample left of the
/// first (Ra of the first column, which is the sample above it), index `width + 1` repeats
/// the last sample (Rd of the last column). Every reconstructed sample is clamped to
/// 0...MAXVAL, so damaged data can only give wrong values, never out-of-range lookups;
/// ``invalid`` records codes the standard does not allow and the caller checks it per line.
struct JPEGLSSampleDecoder {
    var reader: JPEGLSBitReader
    /// Set by a Golomb code longer than LIMIT or a run longer than its line.
    var invalid = false

    /// Keeps the context state alive; its pointers are copied below so that the decoding
    /// loops read them from registers, not through the object.
    private let model: JPEGLSContextModel
    private let regular: UnsafeMutablePointer<Int32>
    private let interruption: UnsafeMutablePointer<Int32>
    private let gradient: UnsafePointer<Int8>

    private let maxValue: Int
    private let near: Int
    /// 2 × NEAR + 1: the quantisation step of prediction errors.
    private let step: Int
    /// RANGE × step: what reconstruction adds or removes to bring a value back in range.
    private let wrap: Int
    private let reset: Int
    private let qbpp: Int
    private let limit: Int
    /// Zeros before the escape of a regular-mode code: LIMIT − qbpp − 1.
    private let escapeZeros: Int

    init(reader: JPEGLSBitReader, model: JPEGLSContextModel, parameters: JPEGLSCodingParameters) {
        self.reader = reader
        self.model = model
        regular = model.regular
        interruption = model.interruption
        gradient = model.gradient
        maxValue = parameters.maxValue
        near = parameters.near
        step = 2 * parameters.near + 1
        wrap = parameters.range * (2 * parameters.near + 1)
        reset = parameters.reset
        qbpp = parameters.qbpp
        limit = parameters.limit
        escapeZeros = parameters.limit - parameters.qbpp - 1
    }

    /// Run lengths: run mode codes a run of 2^J[RUNindex] samples with a single 1 bit.
    private static let runOrder: [Int] = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                          4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15]

    // MARK: - Lines

    /// Decodes one line of one component into `current[1...width]`; `previous` is the line
    /// above and `current[0]` already holds the left edge.
    mutating func decodeLine(previous: UnsafeMutablePointer<Int32>, current: UnsafeMutablePointer<Int32>,
                             width: Int, runIndex: inout Int) {
        // The line is decoded by a local copy: nothing written through the line and context
        // pointers can alias a local, so the bit buffer and parameters stay in registers.
        var decoder = self
        decoder.decodeSamples(previous: previous, current: current, width: width, runIndex: &runIndex)
        self = decoder
    }

    /// The body of ``decodeLine``, run on the local copy.
    @inline(__always)
    private mutating func decodeSamples(previous: UnsafeMutablePointer<Int32>, current: UnsafeMutablePointer<Int32>,
                                        width: Int, runIndex: inout Int) {
        var x = 1
        while x <= width {
            let q = context(previous, current, x)
            if q != 0 {
                let prediction = Self.predict(Int(current[x - 1]), Int(previous[x]), Int(previous[x - 1]))
                current[x] = Int32(truncatingIfNeeded: decodeRegular(context: q, prediction: prediction))
                x &+= 1
            } else {
                x = decodeRun(from: x, previous: previous, current: current, width: width, runIndex: &runIndex)
            }
        }
    }

    /// Decodes one line of a sample-interleaved scan: `previous[c]` and `current[c]` are the
    /// lines of component `c`. A pixel whose components all sit in flat context starts a run
    /// of whole pixels.
    mutating func decodeInterleavedLine(previous: [UnsafeMutablePointer<Int32>], current: [UnsafeMutablePointer<Int32>],
                                        width: Int, runIndex: inout Int) {
        var decoder = self
        decoder.decodeInterleavedSamples(previous: previous, current: current, width: width, runIndex: &runIndex)
        self = decoder
    }

    @inline(__always)
    private mutating func decodeInterleavedSamples(previous: [UnsafeMutablePointer<Int32>],
                                                   current: [UnsafeMutablePointer<Int32>],
                                                   width: Int, runIndex: inout Int) {
        let components = previous.count
        var x = 1
        while x <= width {
            var flat = true
            for c in 0..<components where flat {
                flat = context(previous[c], current[c], x) == 0
            }
            if !flat {
                for c in 0..<components {
                    let above = previous[c], line = current[c]
                    let prediction = Self.predict(Int(line[x - 1]), Int(above[x]), Int(above[x - 1]))
                    let q = context(above, line, x)
                    line[x] = Int32(truncatingIfNeeded: decodeRegular(context: q, prediction: prediction))
                }
                x &+= 1
            } else {
                x = decodeInterleavedRun(from: x, previous: previous, current: current, width: width, runIndex: &runIndex)
            }
        }
    }

    // MARK: - Regular mode

    /// The context of the sample at `x` (T.87 A.3): the three local gradients D1 = Rd − Rb,
    /// D2 = Rb − Rc, D3 = Rc − Ra, each quantised to -4...4, combined as 81·Q1 + 9·Q2 + Q3.
    /// Zero means a flat neighbourhood (run mode); a negative value means the mirrored context.
    @inline(__always)
    private func context(_ previous: UnsafeMutablePointer<Int32>,
                                _ current: UnsafeMutablePointer<Int32>, _ x: Int) -> Int {
        let ra = Int(current[x &- 1]), rb = Int(previous[x]), rc = Int(previous[x &- 1]), rd = Int(previous[x &+ 1])
        return 81 &* Int(gradient[rd &- rb]) &+ 9 &* Int(gradient[rb &- rc]) &+ Int(gradient[rc &- ra])
    }

    /// Median edge detector (T.87 A.4.1): the smaller or larger neighbour at an edge, the
    /// plane through the three neighbours elsewhere.
    @inline(__always)
    private static func predict(_ ra: Int, _ rb: Int, _ rc: Int) -> Int {
        // Written as selects, not branches: the three cases follow the image noise.
        let low = min(ra, rb), high = max(ra, rb)
        let inside = rc >= high ? low : ra &+ rb &- rc
        return rc <= low ? high : inside
    }

    /// Decodes a sample in regular mode with context `context` (-364...364, the sign saying
    /// whether the gradients were mirrored), updating that context (T.87 A.4–A.6).
    @inline(__always)
    private mutating func decodeRegular(context: Int, prediction: Int) -> Int {
        let sign = context >> 63                      // 0 or -1
        let state = regular + 4 &* ((context ^ sign) &- sign)
        var a = Int(state[0]), b = Int(state[1]), c = Int(state[2]), n = Int(state[3])

        let corrected = prediction &+ ((c ^ sign) &- sign)
        let px = corrected < 0 ? 0 : (corrected > maxValue ? maxValue : corrected)

        let k = Self.golombParameter(n, a)
        let mapped = decodeGolomb(k: k, escapeZeros: escapeZeros)
        var error = (mapped &>> 1) ^ (0 &- (mapped & 1))
        if near == 0 && k == 0 && 2 &* b <= 0 &- n { error = ~error }

        b &+= error &* step
        a &+= abs(error)
        if n == reset {
            a &>>= 1
            b &>>= 1
            n &>>= 1
        }
        n &+= 1
        if b <= 0 &- n {
            b &+= n
            if c > -128 { c &-= 1 }
            if b <= 0 &- n { b = 1 &- n }
        } else if b > 0 {
            b &-= n
            if c < 127 { c &+= 1 }
            if b > 0 { b = 0 }
        }
        state[0] = Int32(truncatingIfNeeded: a)
        state[1] = Int32(truncatingIfNeeded: b)
        state[2] = Int32(truncatingIfNeeded: c)
        state[3] = Int32(truncatingIfNeeded: n)
        return reconstruct(px, ((error &* step) ^ sign) &- sign)
    }

    /// Prediction plus error, brought back into range modulo RANGE and clamped (T.87 A.4.4).
    @inline(__always)
    private func reconstruct(_ prediction: Int, _ error: Int) -> Int {
        var value = prediction &+ error
        if value < 0 &- near { value &+= wrap } else if value > maxValue &+ near { value &-= wrap }
        return value < 0 ? 0 : (value > maxValue ? maxValue : value)
    }

    // MARK: - Golomb codes

    /// The smallest k with n·2^k ≥ a (T.87 A.5.1), from the bit lengths of n and a rather
    /// than a loop: with d = ⌊log₂ a⌋ − ⌊log₂ n⌋, k is d or d + 1.
    @inline(__always)
    private static func golombParameter(_ n: Int, _ a: Int) -> Int {
        guard a > n else { return 0 }
        let d = n.leadingZeroBitCount &- a.leadingZeroBitCount
        return n &<< d < a ? d &+ 1 : d
    }

    /// A mapped error coded with Golomb parameter `k`: a unary quotient and `k` low bits, or,
    /// after LIMIT − qbpp − 1 zeros, the value less one in qbpp bits (T.87 A.5.3).
    @inline(__always)
    private mutating func decodeGolomb(k: Int, escapeZeros: Int) -> Int {
        reader.refill()
        let zeros = reader.leadingZeros
        if zeros < 32 && k <= 16 && zeros < escapeZeros {
            reader.skip(zeros &+ 1)
            return zeros &<< k | reader.read(k)
        }
        return decodeLongGolomb(k: k, escapeZeros: escapeZeros)
    }

    @inline(never)
    private mutating func decodeLongGolomb(k: Int, escapeZeros escape: Int) -> Int {
        var zeros = 0
        while true {
            reader.refill()
            if reader.read(1) == 1 { break }
            zeros += 1
            if zeros > escape {
                invalid = true
                return 0
            }
        }
        reader.refill()
        if zeros == escape { return reader.read(qbpp) + 1 }
        return zeros << k | reader.read(k)
    }

    // MARK: - Run mode

    /// Decodes a run starting at `x` (T.87 A.7.1): each 1 bit is a run of 2^J[RUNindex]
    /// samples equal to the left neighbour, a 0 bit ends it with J[RUNindex] bits of
    /// remaining length followed by the interruption sample; a run may also end at the end
    /// of the line. Returns the position after the run.
    private mutating func decodeRun(from start: Int, previous: UnsafeMutablePointer<Int32>,
                                    current: UnsafeMutablePointer<Int32>, width: Int, runIndex: inout Int) -> Int {
        var x = start
        let value = current[x - 1]
        while true {
            reader.refill()
            let order = Self.runOrder[runIndex]
            if reader.read(1) == 1 {
                let length = 1 << order
                let count = min(length, width + 1 - x)
                (current + x).update(repeating: value, count: count)
                x += count
                if count == length && runIndex < 31 { runIndex += 1 }
                if x > width { return x }
            } else {
                var count = reader.read(order)
                if count > width - x {
                    invalid = true
                    count = width - x
                }
                (current + x).update(repeating: value, count: count)
                x += count
                let ra = Int(value), rb = Int(previous[x])
                let sameAsAbove = abs(ra - rb) <= near
                let error = decodeInterruptionError(type: sameAsAbove ? 1 : 0, runIndex: runIndex)
                let sample = sameAsAbove ? reconstruct(ra, error &* step)
                                         : reconstruct(rb, ra > rb ? 0 &- error &* step : error &* step)
                current[x] = Int32(truncatingIfNeeded: sample)
                runIndex = max(0, runIndex - 1)
                return x + 1
            }
        }
    }

    /// The run of whole pixels of a sample-interleaved scan: like ``decodeRun``, but every
    /// component of a run pixel repeats its left neighbour, and each component of the
    /// interruption pixel is predicted from the sample above with interruption context 0.
    private mutating func decodeInterleavedRun(from start: Int, previous: [UnsafeMutablePointer<Int32>],
                                               current: [UnsafeMutablePointer<Int32>], width: Int,
                                               runIndex: inout Int) -> Int {
        var x = start
        while true {
            reader.refill()
            let order = Self.runOrder[runIndex]
            if reader.read(1) == 1 {
                let length = 1 << order
                let count = min(length, width + 1 - x)
                for line in current { (line + x).update(repeating: line[x - 1], count: count) }
                x += count
                if count == length && runIndex < 31 { runIndex += 1 }
                if x > width { return x }
            } else {
                var count = reader.read(order)
                if count > width - x {
                    invalid = true
                    count = width - x
                }
                for line in current { (line + x).update(repeating: line[x - 1], count: count) }
                x += count
                for c in 0..<current.count {
                    let ra = Int(current[c][x - 1]), rb = Int(previous[c][x])
                    let error = decodeInterruptionError(type: 0, runIndex: runIndex)
                    current[c][x] = Int32(truncatingIfNeeded: reconstruct(rb, ra > rb ? 0 &- error &* step : error &* step))
                }
                runIndex = max(0, runIndex - 1)
                return x + 1
            }
        }
    }

    /// The error of a run-interruption sample (T.87 A.7.2): type 1 when the sample above
    /// equals the run value (predicted from the left), type 0 otherwise (from above).
    private mutating func decodeInterruptionError(type: Int, runIndex: Int) -> Int {
        let state = interruption + 4 * type
        var a = Int(state[0]), n = Int(state[1]), nn = Int(state[2])
        let target = type == 0 ? a : a + (n >> 1)
        let k = Self.golombParameter(n, target)
        let mapped = decodeGolomb(k: k, escapeZeros: limit - Self.runOrder[runIndex] - 1 - qbpp - 1)
        let total = mapped + type
        let odd = total & 1
        let magnitude = (total + odd) >> 1
        let mirrored = k == 0 && 2 * nn < n
        let error = (odd == 1) != mirrored ? -magnitude : magnitude

        if error < 0 { nn += 1 }
        a &+= (mapped + 1 - type) >> 1
        if n == reset {
            a >>= 1
            n >>= 1
            nn >>= 1
        }
        n += 1
        state[0] = Int32(truncatingIfNeeded: a)
        state[1] = Int32(truncatingIfNeeded: n)
        state[2] = Int32(truncatingIfNeeded: nn)
        return error
    }
}
