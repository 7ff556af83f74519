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
        // Nine bands of differences (T.87 A.3.3), filled a band at a time; the thresholds are
        // ordered, near < T1 ≤ T2 ≤ T3 ≤ MAXVAL, so the bands tile -MAXVAL...MAXVAL.
        let table = gradientTable + maxValue
        func fill(_ low: Int, _ high: Int, _ value: Int8) {
            if low <= high { (table + low).update(repeating: value, count: high - low + 1) }
        }
        fill(-maxValue, -t3, -4)
        fill(-t3 + 1, -t2, -3)
        fill(-t2 + 1, -t1, -2)
        fill(-t1 + 1, -near - 1, -1)
        fill(-near, near, 0)
        fill(near + 1, t1 - 1, 1)
        fill(t1, t2 - 1, 2)
        fill(t2, t3 - 1, 3)
        fill(t3, maxValue, 4)
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
