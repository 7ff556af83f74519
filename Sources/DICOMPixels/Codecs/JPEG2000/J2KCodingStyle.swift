/// How one tile-component is coded: the COD/COC parameters (ISO/IEC 15444-1 A.6.1, A.6.2)
/// and its QCD/QCC exponents (A.6.4, A.6.5), as they apply after main and tile-part header
/// precedence has been resolved.
struct J2KCodingStyle {
    /// Progression orders of Table A.16, in their codestream numbering.
    enum Progression: Int {
        case lrcp = 0, rlcp, rpcl, pcrl, cprl
    }

    /// Code-block style bits (Table A.19).
    struct BlockStyle: OptionSet {
        let rawValue: Int
        static let bypass = BlockStyle(rawValue: 0x01)
        static let resetContexts = BlockStyle(rawValue: 0x02)
        static let terminateEachPass = BlockStyle(rawValue: 0x04)
        static let verticallyCausal = BlockStyle(rawValue: 0x08)
        static let predictableTermination = BlockStyle(rawValue: 0x10)
        static let segmentationSymbols = BlockStyle(rawValue: 0x20)
        /// Every Part 1 style; higher bits are Part 15 (HT) code blocks.
        static let part1 = BlockStyle(rawValue: 0x3F)
    }

    var progression = Progression.lrcp
    var layers = 1
    var usesColourTransform = false
    var usesSOP = false
    var usesEPH = false

    var decompositionLevels = 0
    /// Code-block width and height exponents (xcb, ycb).
    var blockWidthExponent = 6, blockHeightExponent = 6
    var blockStyle = BlockStyle()
    var isReversible = true
    /// Precinct exponents (PPx, PPy) per resolution, coarsest first.
    var precinctExponents: [(x: Int, y: Int)] = Array(repeating: (15, 15), count: 33)

    /// Guard bits and, per subband in codestream order (LL, then HL, LH, HH per level), the
    /// exponent ε_b of a reversible transform.
    var guardBits = 2
    var exponents: [Int] = []
    /// Quantization style (Table A.28); 0 is "no quantization", the reversible path.
    var quantizationStyle = 0

    /// Reads SPcod/SPcoc (Table A.15) after the fields that precede it.
    mutating func readComponentParameters(_ reader: inout J2KByteReader, hasPrecincts: Bool,
                                          marker: String) throws(JPEG2000Failure) {
        decompositionLevels = try reader.uint8(marker)
        guard decompositionLevels <= 32 else {
            throw JPEG2000Failure("\(marker) gives \(decompositionLevels) decomposition levels; at most 32 are allowed")
        }
        blockWidthExponent = try reader.uint8(marker) + 2
        blockHeightExponent = try reader.uint8(marker) + 2
        guard blockWidthExponent <= 10, blockHeightExponent <= 10,
              blockWidthExponent + blockHeightExponent <= 12 else {
            throw JPEG2000Failure("\(marker) gives code blocks of 2^\(blockWidthExponent) x 2^\(blockHeightExponent) samples; "
                                  + "the limit is 2^12 samples and 2^10 a side")
        }
        blockStyle = BlockStyle(rawValue: try reader.uint8(marker))
        isReversible = try reader.uint8(marker) == 1
        precinctExponents = Array(repeating: (15, 15), count: decompositionLevels + 1)
        if hasPrecincts {
            for r in 0...decompositionLevels {
                let size = try reader.uint8(marker)
                precinctExponents[r] = (size & 0x0F, size >> 4)
                if r > 0 && (precinctExponents[r].x == 0 || precinctExponents[r].y == 0) {
                    throw JPEG2000Failure("\(marker) gives a zero precinct exponent above resolution 0")
                }
            }
        }
    }

    /// Reads Sqcd/Sqcc and SPqcd/SPqcc (Tables A.28–A.30) up to `end`.
    mutating func readQuantization(_ reader: inout J2KByteReader, end: Int, marker: String) throws(JPEG2000Failure) {
        let style = try reader.uint8(marker)
        quantizationStyle = style & 0x1F
        guardBits = style >> 5
        exponents = []
        switch quantizationStyle {
        case 0:
            while reader.position < end { exponents.append(try reader.uint8(marker) >> 3) }
        case 1, 2:
            while reader.position + 1 < end { exponents.append(try reader.uint16(marker) >> 11) }
        default:
            throw JPEG2000Failure("\(marker) has the unknown quantization style \(quantizationStyle)")
        }
    }
}
