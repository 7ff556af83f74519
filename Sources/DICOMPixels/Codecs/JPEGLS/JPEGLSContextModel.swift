/// The adaptive state of a JPEG-LS scan (T.87 A.2, A.3): per-context error statistics for
/// the regular mode, the two run-interruption contexts, and the table that quantises local
/// gradients into context numbers.
///
/// Everything lives in one allocation of `Int32`s so that the decoding loop touches a few
/// cache lines: regular context `q` (0...364) holds A, B, C, N at `4q ..< 4q + 4`; the run
/// interruption contexts (365 and 366) hold A, N, Nn.
final class JPEGLSContextModel {
    /// Regular-mode contexts: 365, indexed by |Q|.
    static let regularContexts = 365

    /// A, B, C, N of each regular context.
    let regular: UnsafeMutablePointer<Int32>
    /// A, N, Nn (and one unused slot) of run-interruption contexts 0 (RItype 0) and 1.
    let interruption: UnsafeMutablePointer<Int32>
    /// Quantised gradient (-4...4) for every difference -MAXVAL...MAXVAL, indexed from the middle.
    let gradient: UnsafePointer<Int8>
    private let gradientTable: UnsafeMutablePointer<Int8>
    private let maxValue: Int
    private let initialA: Int32

    init(_ parameters: JPEGLSCodingParameters) {
        maxValue = parameters.maxValue
        initialA = Int32(max(2, (parameters.range + 32) / 64))
        regular = .allocate(capacity: 4 * Self.regularContexts)
        interruption = .allocate(capacity: 8)
        gradientTable = .allocate(capacity: 2 * maxValue + 1)
        gradient = UnsafePointer(gradientTable + maxValue)
        let near = parameters.near, t1 = parameters.t1, t2 = parameters.t2, t3 = parameters.t3
        for d in -maxValue...maxValue {
            let q: Int8
            if d <= -t3 { q = -4 } else if d <= -t2 { q = -3 } else if d <= -t1 { q = -2 }
            else if d < -near { q = -1 } else if d <= near { q = 0 } else if d < t1 { q = 1 }
            else if d < t2 { q = 2 } else if d < t3 { q = 3 } else { q = 4 }
            gradientTable[d + maxValue] = q
        }
        reset()
    }

    deinit {
        regular.deallocate()
        interruption.deallocate()
        gradientTable.deallocate()
    }

    /// The initial state (T.87 A.2.1), at the start of a scan and after each restart marker.
    func reset() {
        for q in 0..<Self.regularContexts {
            regular[4 * q] = initialA
            regular[4 * q + 1] = 0
            regular[4 * q + 2] = 0
            regular[4 * q + 3] = 1
        }
        for r in 0..<2 {
            interruption[4 * r] = initialA
            interruption[4 * r + 1] = 1
            interruption[4 * r + 2] = 0
            interruption[4 * r + 3] = 0
        }
    }
}
