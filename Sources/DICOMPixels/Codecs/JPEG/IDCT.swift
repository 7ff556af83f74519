extension JPEGDCT {
    /// The inverse DCT of libjpeg's "islow" method (jidctint.c, Loeffler–Ligtenberg–Moschytz
    /// with 13-bit fixed-point constants). Using the same arithmetic as libjpeg makes 8-bit
    /// output bit-identical to libjpeg-turbo and GDCM, and 12-bit output bit-identical to
    /// the IJG 12-bit build (DCMTK's dcmdjpeg).
    ///
    /// Arithmetic is done in `Int` with wrapping operators: a corrupt codestream can hold
    /// huge coefficients, which must give garbage pixels, never a trap.
    struct IDCT {
        let precision: Int
        private let pass1Bits: Int
        /// libjpeg's post-IDCT range-limit table (jdmaster.c prepare_range_limit_table):
        /// maps the descaled value, masked to `rangeMask`, to a sample. Values within ±4×
        /// the centre clamp; further out they wrap, exactly as libjpeg does.
        private let rangeLimit: [UInt16]
        private let rangeMask: Int

        init(precision: Int) {
            self.precision = precision
            // libjpeg uses two fraction bits in pass 1 for 8-bit samples and one for 12-bit,
            // to keep the intermediate products within 32 bits.
            pass1Bits = precision <= 8 ? 2 : 1
            let maxSample = (1 << precision) - 1
            let center = 1 << (precision - 1)
            rangeMask = 4 * (maxSample + 1) - 1
            var table = [UInt16](repeating: 0, count: rangeMask + 1)
            for j in 0...rangeMask {
                if j < center {
                    table[j] = UInt16(j + center)
                } else if j < 2 * (maxSample + 1) {
                    table[j] = UInt16(maxSample)
                } else if j < 4 * (maxSample + 1) - center {
                    table[j] = 0
                } else {
                    table[j] = UInt16(j - (4 * (maxSample + 1) - center))
                }
            }
            rangeLimit = table
        }

        private static let constBits = 13
        private static let fix_0_298631336 = 2446
        private static let fix_0_390180644 = 3196
        private static let fix_0_541196100 = 4433
        private static let fix_0_765366865 = 6270
        private static let fix_0_899976223 = 7373
        private static let fix_1_175875602 = 9633
        private static let fix_1_501321110 = 12299
        private static let fix_1_847759065 = 15137
        private static let fix_1_961570560 = 16069
        private static let fix_2_053119869 = 16819
        private static let fix_2_562915447 = 20995
        private static let fix_3_072711026 = 25172

        /// The odd part of the 8-point IDCT (the LL&M butterfly on inputs 7, 5, 3, 1), shared
        /// by the column and row passes.
        @inline(__always)
        private static func oddPart(_ x7: Int, _ x5: Int, _ x3: Int, _ x1: Int) -> (Int, Int, Int, Int) {
            let z5 = (x7 &+ x5 &+ x3 &+ x1) &* fix_1_175875602
            let z1 = (x7 &+ x1) &* -fix_0_899976223
            let z2 = (x5 &+ x3) &* -fix_2_562915447
            let z3 = (x7 &+ x3) &* -fix_1_961570560 &+ z5
            let z4 = (x5 &+ x1) &* -fix_0_390180644 &+ z5
            return (x7 &* fix_0_298631336 &+ z1 &+ z3,
                    x5 &* fix_2_053119869 &+ z2 &+ z4,
                    x3 &* fix_3_072711026 &+ z2 &+ z3,
                    x1 &* fix_1_501321110 &+ z1 &+ z4)
        }

        @inline(__always)
        private static func descale(_ x: Int, _ n: Int) -> Int { (x &+ (1 << (n - 1))) >> n }

        /// Transforms the 64 dequantized coefficients of `block` (natural order) and writes
        /// the 8×8 samples to `out`, `stride` samples per row.
        func transform(_ block: UnsafePointer<Int32>, workspace ws: UnsafeMutablePointer<Int>,
                       into out: UnsafeMutablePointer<UInt16>, stride: Int) {
            let cb = Self.constBits
            let p1 = pass1Bits
            // Pass 1: columns, into the workspace scaled up by 2^pass1Bits.
            for col in 0..<8 {
                let i = block + col
                let w = ws + col
                if i[8] == 0 && i[16] == 0 && i[24] == 0 && i[32] == 0 && i[40] == 0 && i[48] == 0 && i[56] == 0 {
                    let dc = Int(i[0]) &<< p1
                    for r in 0..<8 { w[r * 8] = dc }
                    continue
                }
                var z2 = Int(i[16]), z3 = Int(i[48])
                let z1 = (z2 &+ z3) &* Self.fix_0_541196100
                var tmp2 = z1 &+ z3 &* -Self.fix_1_847759065
                var tmp3 = z1 &+ z2 &* Self.fix_0_765366865
                z2 = Int(i[0]); z3 = Int(i[32])
                var tmp0 = (z2 &+ z3) &<< cb
                var tmp1 = (z2 &- z3) &<< cb
                let tmp10 = tmp0 &+ tmp3, tmp13 = tmp0 &- tmp3
                let tmp11 = tmp1 &+ tmp2, tmp12 = tmp1 &- tmp2

                (tmp0, tmp1, tmp2, tmp3) = Self.oddPart(Int(i[56]), Int(i[40]), Int(i[24]), Int(i[8]))

                let s = cb - p1
                w[0] = Self.descale(tmp10 &+ tmp3, s)
                w[56] = Self.descale(tmp10 &- tmp3, s)
                w[8] = Self.descale(tmp11 &+ tmp2, s)
                w[48] = Self.descale(tmp11 &- tmp2, s)
                w[16] = Self.descale(tmp12 &+ tmp1, s)
                w[40] = Self.descale(tmp12 &- tmp1, s)
                w[24] = Self.descale(tmp13 &+ tmp0, s)
                w[32] = Self.descale(tmp13 &- tmp0, s)
            }

            // Pass 2: rows, descaled by 2^(constBits + pass1Bits + 3) and range-limited.
            let shift = cb + p1 + 3
            let mask = rangeMask
            rangeLimit.withUnsafeBufferPointer { limit in
                for row in 0..<8 {
                    let w = ws + row * 8
                    let o = out + row * stride
                    if w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0 {
                        let v = limit[Self.descale(w[0], p1 + 3) & mask]
                        for c in 0..<8 { o[c] = v }
                        continue
                    }
                    let z2 = w[2], z3 = w[6]
                    let z1 = (z2 &+ z3) &* Self.fix_0_541196100
                    var tmp2 = z1 &+ z3 &* -Self.fix_1_847759065
                    var tmp3 = z1 &+ z2 &* Self.fix_0_765366865
                    var tmp0 = (w[0] &+ w[4]) &<< cb
                    var tmp1 = (w[0] &- w[4]) &<< cb
                    let tmp10 = tmp0 &+ tmp3, tmp13 = tmp0 &- tmp3
                    let tmp11 = tmp1 &+ tmp2, tmp12 = tmp1 &- tmp2

                    (tmp0, tmp1, tmp2, tmp3) = Self.oddPart(w[7], w[5], w[3], w[1])

                    o[0] = limit[Self.descale(tmp10 &+ tmp3, shift) & mask]
                    o[7] = limit[Self.descale(tmp10 &- tmp3, shift) & mask]
                    o[1] = limit[Self.descale(tmp11 &+ tmp2, shift) & mask]
                    o[6] = limit[Self.descale(tmp11 &- tmp2, shift) & mask]
                    o[2] = limit[Self.descale(tmp12 &+ tmp1, shift) & mask]
                    o[5] = limit[Self.descale(tmp12 &- tmp1, shift) & mask]
                    o[3] = limit[Self.descale(tmp13 &+ tmp0, shift) & mask]
                    o[4] = limit[Self.descale(tmp13 &- tmp0, shift) & mask]
                }
            }
        }
    }
}
