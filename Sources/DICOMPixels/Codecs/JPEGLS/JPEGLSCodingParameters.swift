/// The numbers that drive one JPEG-LS scan (T.87 A.2, C.2.4.1.1): the sample range, the
/// near-lossless bound, the gradient thresholds and the context reset period, with the
/// quantities the standard derives from them.
///
/// ```swift
/// let parameters = try JPEGLSCodingParameters(precision: 12, near: 0, preset: JPEGLSPresetParameters())
/// (parameters.t1, parameters.t2, parameters.t3)   // (18, 67, 276): the 12-bit defaults
/// parameters.limit                                 // 48 bits
/// ```
struct JPEGLSCodingParameters: Equatable {
    /// The largest sample value (MAXVAL).
    let maxValue: Int
    /// The largest reconstruction error allowed (NEAR); 0 is lossless.
    let near: Int
    /// Gradient thresholds T1 ≤ T2 ≤ T3 for context quantisation.
    let t1: Int, t2: Int, t3: Int
    /// How many occurrences of a context before its statistics are halved (RESET).
    let reset: Int
    /// Number of distinct quantised prediction errors (RANGE).
    let range: Int
    /// Bits to send an escaped error: ⌈log₂ RANGE⌉ (qbpp).
    let qbpp: Int
    /// Longest Golomb code word, in bits (LIMIT).
    let limit: Int

    /// Applies the preset parameters an LSE segment gave (zero meaning "the default") to
    /// samples of `precision` bits, coded with `near`.
    init(precision: Int, near: Int, preset: JPEGLSPresetParameters) throws(JPEGLSFailure) {
        let maxValue = preset.maxValue != 0 ? preset.maxValue : (1 << precision) - 1
        guard maxValue >= 1, maxValue < 1 << precision else {
            throw JPEGLSFailure("MAXVAL \(maxValue) does not fit \(precision)-bit samples")
        }
        // CharLS 2.4.1, which wrote nearly every JPEG-LS file there is, initialises the
        // context statistics from the precision's range rather than from MAXVAL (T.87
        // A.2.1), so such streams only decode right with CharLS.
        guard maxValue == (1 << precision) - 1 else {
            throw JPEGLSFailure(unsupported: "MAXVAL \(maxValue) below the \(precision)-bit maximum")
        }
        guard near >= 0, near <= min(255, maxValue / 2) else {
            throw JPEGLSFailure("NEAR \(near) is outside 0...\(min(255, maxValue / 2)) for MAXVAL \(maxValue)")
        }
        let defaults = Self.defaultThresholds(maxValue: maxValue, near: near)
        let t1 = preset.t1 != 0 ? preset.t1 : defaults.0
        let t2 = preset.t2 != 0 ? preset.t2 : defaults.1
        let t3 = preset.t3 != 0 ? preset.t3 : defaults.2
        guard (near + 1...maxValue).contains(t1), (t1...maxValue).contains(t2), (t2...maxValue).contains(t3) else {
            throw JPEGLSFailure("the thresholds T1 \(t1), T2 \(t2), T3 \(t3) are not ordered within "
                                + "\(near + 1)...\(maxValue)")
        }
        let reset = preset.reset != 0 ? preset.reset : 64
        guard (3...max(255, maxValue)).contains(reset) else {
            throw JPEGLSFailure("RESET \(reset) is outside 3...\(max(255, maxValue))")
        }
        let range = (maxValue + 2 * near) / (2 * near + 1) + 1
        // A context's A counter reaches RESET × RANGE / 2 at most; past 2³⁰ it would not fit
        // the 32-bit context state, so such streams (RESET ≥ 16384 at 16 bits) go to CharLS.
        guard reset * range < 1 << 30 else {
            throw JPEGLSFailure(unsupported: "RESET \(reset) with RANGE \(range) overflows 32-bit context counters")
        }
        let bpp = max(2, Self.bitsNeeded(maxValue + 1))
        self.maxValue = maxValue
        self.near = near
        self.t1 = t1
        self.t2 = t2
        self.t3 = t3
        self.reset = reset
        self.range = range
        self.qbpp = Self.bitsNeeded(range)
        self.limit = 2 * (bpp + max(8, bpp))
    }

    /// The default thresholds for `maxValue` and `near` (T.87 C.2.4.1.1.1): the basic
    /// 3, 7, 21 scaled to the sample range and widened by the error bound.
    static func defaultThresholds(maxValue: Int, near: Int) -> (Int, Int, Int) {
        func clamp(_ value: Int, _ low: Int) -> Int { value > maxValue || value < low ? low : value }
        if maxValue >= 128 {
            let factor = (min(maxValue, 4095) + 128) / 256
            let t1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1)
            let t2 = clamp(factor * (7 - 3) + 3 + 5 * near, t1)
            return (t1, t2, clamp(factor * (21 - 4) + 4 + 7 * near, t2))
        }
        let factor = 256 / (maxValue + 1)
        let t1 = clamp(max(2, 3 / factor + 3 * near), near + 1)
        let t2 = clamp(max(3, 7 / factor + 5 * near), t1)
        return (t1, t2, clamp(max(4, 21 / factor + 7 * near), t2))
    }

    /// ⌈log₂ n⌉ for n ≥ 1.
    static func bitsNeeded(_ n: Int) -> Int {
        n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
    }
}

/// The values of an LSE preset-parameters segment (type 1); zero means "use the default".
struct JPEGLSPresetParameters: Equatable {
    var maxValue = 0
    var t1 = 0, t2 = 0, t3 = 0
    var reset = 0
}
