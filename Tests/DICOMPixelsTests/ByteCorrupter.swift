/// Damaged copies of an encoded frame for the corruption tests: random bytes changed by a
/// fixed-seed generator (a 64-bit LCG), so every run feeds the decoders the same inputs and a
/// failure reproduces.
struct ByteCorrupter {
    private var state: UInt64

    init(seed: UInt64 = 0x2545_F491_4F6C_DD1D) {
        state = seed
    }

    /// The next pseudo-random number, 0 ..< 2^31.
    mutating func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(truncatingIfNeeded: state >> 33)
    }

    /// `count` copies of `bytes` (which must not be empty), each with 1 ... `maxChanges`
    /// bytes set to random values.
    mutating func copies(of bytes: [UInt8], count: Int, changing maxChanges: Int) -> [[UInt8]] {
        (0..<count).map { _ in
            var copy = bytes
            for _ in 0..<(1 + next() % maxChanges) { copy[next() % copy.count] = UInt8(truncatingIfNeeded: next()) }
            return copy
        }
    }
}
