#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal wrapper over one `iconv(3)` descriptor that converts a legacy encoding to Unicode scalars.
///
/// A descriptor keeps conversion state, so an instance must stay on one thread. Here it only runs inside the
/// lazily initialised `static let`s of ``CodeTables`` (Swift runs each initialiser exactly once), so no descriptor
/// is shared and no lock is needed.
final class Iconv {
    private let descriptor: iconv_t

    /// Opens a converter from `source` (a glibc encoding name such as `EUC-JP`); nil if iconv does not know it.
    init?(decoding source: String) {
        guard let cd = iconv_open("UTF-32LE", source), Int(bitPattern: cd) != -1 else { return nil }
        descriptor = cd
    }

    deinit { iconv_close(descriptor) }

    /// Converts one complete byte sequence. Returns nil if iconv rejects any byte of it or it ends mid-character.
    func scalars(_ bytes: [UInt8]) -> [UInt32]? {
        var input = bytes
        var output = [UInt8](repeating: 0, count: 4 * bytes.count + 16)
        let produced: Int? = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw -> Int? in
                guard let inBase = inRaw.baseAddress, let outBase = outRaw.baseAddress else { return nil }
                // Reset the shift state left by an earlier call that failed halfway.
                _ = iconv(descriptor, nil, nil, nil, nil)
                var inPtr: UnsafeMutablePointer<CChar>? = inBase.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                if iconv(descriptor, &inPtr, &inLeft, &outPtr, &outLeft) == -1 || inLeft != 0 { return nil }
                // Flush: stateful converters (CP1255, CP1258) hold back a base letter waiting for a combining mark.
                if iconv(descriptor, nil, nil, &outPtr, &outLeft) == -1 { return nil }
                return outRaw.count - outLeft
            }
        }
        guard let produced else { return nil }
        var result: [UInt32] = []
        result.reserveCapacity(produced / 4)
        var i = 0
        while i + 3 < produced {
            result.append(UInt32(output[i]) | UInt32(output[i + 1]) << 8
                          | UInt32(output[i + 2]) << 16 | UInt32(output[i + 3]) << 24)
            i += 4
        }
        return result
    }

    /// The single scalar `bytes` stand for, or 0 when iconv rejects them or yields more or fewer than one scalar.
    func scalar(_ bytes: [UInt8]) -> UInt32 {
        guard let s = scalars(bytes), s.count == 1 else { return 0 }
        return s[0]
    }
}

extension SpecificCharacterSet {
    /// Code tables for the legacy character sets, built once from glibc iconv and patched where glibc and CPython's
    /// codecs disagree, so decoding matches what pydicom (which uses CPython's codecs) returns.
    ///
    /// A value of 0 means "unmapped": no multi-byte or high-half code maps to U+0000.
    /// The patches were found by comparing every code of every table between glibc 2.36 and CPython 3.11.
    enum CodeTables {
        /// A 94×94 set (ISO 2022 G0/G1 multi-byte), indexed by `(row - 0x21) * 94 + (column - 0x21)`.
        static func lookup94(_ table: [UInt32], _ row: UInt8, _ column: UInt8) -> UInt32 {
            guard row >= 0x21, row <= 0x7E, column >= 0x21, column <= 0x7E, table.count == 94 * 94 else { return 0 }
            return table[Int(row - 0x21) * 94 + Int(column - 0x21)]
        }

        /// GBK-style two-byte table: lead 0x81–0xFE, trail 0x40–0xFE.
        static func lookupGBK(_ table: [UInt32], _ lead: UInt8, _ trail: UInt8) -> UInt32 {
            guard lead >= 0x81, lead <= 0xFE, trail >= 0x40, trail <= 0xFE, table.count == 126 * 191 else { return 0 }
            return table[Int(lead - 0x81) * 191 + Int(trail - 0x40)]
        }

        /// JIS X 0208 (ISO-IR 87), from EUC-JP.
        static let jisX0208: [UInt32] = build94(source: "EUC-JP", prefix: [], patches: [:])
        /// JIS X 0212 (ISO-IR 159), from EUC-JP's SS3 plane. CPython maps 0x2237 to TILDE, glibc to FULLWIDTH TILDE.
        static let jisX0212: [UInt32] = build94(source: "EUC-JP", prefix: [0x8F], patches: [0x2237: 0x007E])
        /// KS X 1001 (ISO-IR 149), from EUC-KR. 0x2268 (CIRCLED HANGUL IEUNG U, added in 2002) is not in CPython.
        static let ksX1001: [UInt32] = build94(source: "EUC-KR", prefix: [], patches: [0x2268: 0])
        /// GB 2312 (ISO-IR 58), from EUC-CN.
        static let gb2312: [UInt32] = build94(source: "EUC-CN", prefix: [], patches: [:])

        /// GBK two-byte codes. glibc also maps the single byte 0x80 to EURO SIGN, CPython does not (see the decoder).
        static let gbk: [UInt32] = buildGBK(source: "GBK", patches: [:])

        /// GB 18030 two-byte codes. glibc follows GB 18030-2022 for 25 codes that CPython still maps to the PUA.
        static let gb18030TwoByte: [UInt32] = buildGBK(source: "GB18030", patches: [
            0xA6D9: 0xE78D, 0xA6DA: 0xE78E, 0xA6DB: 0xE78F, 0xA6DC: 0xE790, 0xA6DD: 0xE791, 0xA6DE: 0xE792,
            0xA6DF: 0xE793, 0xA6EC: 0xE794, 0xA6ED: 0xE795, 0xA6F3: 0xE796, 0xA8BC: 0xE7C7, 0xFE51: 0xE816,
            0xFE52: 0xE817, 0xFE53: 0xE818, 0xFE59: 0xE81E, 0xFE61: 0xE826, 0xFE66: 0xE82B, 0xFE67: 0xE82C,
            0xFE6C: 0xE831, 0xFE6D: 0xE832, 0xFE76: 0xE83B, 0xFE7E: 0xE843, 0xFE90: 0xE854, 0xFE91: 0xE855,
            0xFEA0: 0xE864,
        ])

        /// GB 18030 four-byte codes 0x81308130–0x8431A439 (the BMP part), indexed by their linear sequence number.
        static let gb18030FourByteBMP: [UInt32] = {
            var table = [UInt32](repeating: 0, count: gb18030BMPCount)
            if let converter = Iconv(decoding: "GB18030") {
                for lseq in 0..<gb18030BMPCount {
                    table[lseq] = converter.scalar(gb18030FourBytes(lseq))
                }
            }
            // The same 2022 remapping seen from the four-byte side: CPython keeps the 2005 assignments.
            let patches: [(UInt32, UInt32)] = [
                (0x8135_F437, 0x1E3F),
                (0x8235_9037, 0x9FB4), (0x8235_9038, 0x9FB5), (0x8235_9039, 0x9FB6), (0x8235_9130, 0x9FB7),
                (0x8235_9131, 0x9FB8), (0x8235_9132, 0x9FB9), (0x8235_9133, 0x9FBA), (0x8235_9134, 0x9FBB),
                (0x8431_8236, 0xFE10), (0x8431_8237, 0xFE11), (0x8431_8238, 0xFE12), (0x8431_8239, 0xFE13),
                (0x8431_8330, 0xFE14), (0x8431_8331, 0xFE15), (0x8431_8332, 0xFE16), (0x8431_8333, 0xFE17),
                (0x8431_8334, 0xFE18), (0x8431_8335, 0xFE19),
            ]
            for (code, value) in patches {
                let lseq = gb18030Sequence(UInt8(code >> 24), UInt8((code >> 16) & 0xFF),
                                           UInt8((code >> 8) & 0xFF), UInt8(code & 0xFF))
                if lseq < table.count { table[lseq] = value }
            }
            return table
        }()

        /// Number of four-byte GB 18030 codes that map into the BMP (CPython's `gb18030_to_unibmp_ranges`).
        static let gb18030BMPCount = 39420

        /// Linear sequence number of a four-byte GB 18030 code (bytes already range-checked by the caller).
        @inline(__always)
        static func gb18030Sequence(_ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ b4: UInt8) -> Int {
            ((Int(b1) - 0x81) * 10 + (Int(b2) - 0x30)) * 1260 + (Int(b3) - 0x81) * 10 + (Int(b4) - 0x30)
        }

        /// The four bytes of the GB 18030 code with linear sequence number `lseq`.
        static func gb18030FourBytes(_ lseq: Int) -> [UInt8] {
            [UInt8(0x81 + lseq / 12600), UInt8(0x30 + (lseq / 1260) % 10),
             UInt8(0x81 + (lseq / 10) % 126), UInt8(0x30 + lseq % 10)]
        }

        /// The upper half (0x80–0xFF) of a single-byte set; the lower half is ASCII in all of them.
        static func highHalf(_ set: SingleByteSet) -> [UInt32] {
            switch set {
            case .iso8859_2: iso8859_2
            case .iso8859_3: iso8859_3
            case .iso8859_4: iso8859_4
            case .iso8859_5: iso8859_5
            case .iso8859_6: iso8859_6
            case .iso8859_7: iso8859_7
            case .iso8859_8: iso8859_8
            case .iso8859_9: iso8859_9
            case .iso8859_15: iso8859_15
            case .tis620: tis620
            case .cp1250: cp1250
            case .cp1251: cp1251
            case .cp1252: cp1252
            case .cp1253: cp1253
            case .cp1254: cp1254
            case .cp1255: cp1255
            case .cp1256: cp1256
            case .cp1257: cp1257
            case .cp1258: cp1258
            }
        }

        private static let iso8859_2 = buildHighHalf("ISO-8859-2")
        private static let iso8859_3 = buildHighHalf("ISO-8859-3")
        private static let iso8859_4 = buildHighHalf("ISO-8859-4")
        private static let iso8859_5 = buildHighHalf("ISO-8859-5")
        private static let iso8859_6 = buildHighHalf("ISO-8859-6")
        private static let iso8859_7 = buildHighHalf("ISO-8859-7")
        private static let iso8859_8 = buildHighHalf("ISO-8859-8")
        private static let iso8859_9 = buildHighHalf("ISO-8859-9")
        private static let iso8859_15 = buildHighHalf("ISO-8859-15")
        /// CPython's tis_620 passes the C1 controls 0x80–0x9F through; glibc rejects them.
        private static let tis620: [UInt32] = {
            var table = buildHighHalf("TIS-620")
            for b in 0x80...0x9F { table[b - 0x80] = UInt32(b) }
            return table
        }()
        private static let cp1250 = buildHighHalf("CP1250")
        private static let cp1251 = buildHighHalf("CP1251")
        private static let cp1252 = buildHighHalf("CP1252")
        private static let cp1253 = buildHighHalf("CP1253")
        private static let cp1254 = buildHighHalf("CP1254")
        private static let cp1255 = buildHighHalf("CP1255")
        private static let cp1256 = buildHighHalf("CP1256")
        private static let cp1257 = buildHighHalf("CP1257")
        private static let cp1258 = buildHighHalf("CP1258")

        // MARK: Reverse maps for encoding (built on first use).

        static let jisX0208Reverse = reverse94(jisX0208)
        static let jisX0212Reverse = reverse94(jisX0212)
        /// U+3164 (0x2454) is left out: in EUC-KR that code starts a KS X 1001 Annex 3 make-up sequence.
        static let ksX1001Reverse: [UInt32: UInt16] = {
            var map = reverse94(ksX1001)
            map[0x3164] = nil
            return map
        }()
        static let gb2312Reverse = reverse94(gb2312)
        static let gbkReverse = reverseGBK(gbk)
        static let gb18030TwoByteReverse = reverseGBK(gb18030TwoByte)
        static let gb18030FourByteReverse: [UInt32: Int] = {
            var map: [UInt32: Int] = [:]
            for (lseq, scalar) in gb18030FourByteBMP.enumerated() where scalar != 0 && map[scalar] == nil {
                map[scalar] = lseq
            }
            return map
        }()

        static func highHalfReverse(_ set: SingleByteSet) -> [UInt32: UInt8] {
            switch set {
            case .iso8859_2: iso8859_2Reverse
            case .iso8859_3: iso8859_3Reverse
            case .iso8859_4: iso8859_4Reverse
            case .iso8859_5: iso8859_5Reverse
            case .iso8859_6: iso8859_6Reverse
            case .iso8859_7: iso8859_7Reverse
            case .iso8859_8: iso8859_8Reverse
            case .iso8859_9: iso8859_9Reverse
            case .iso8859_15: iso8859_15Reverse
            case .tis620: tis620Reverse
            case .cp1250: cp1250Reverse
            case .cp1251: cp1251Reverse
            case .cp1252: cp1252Reverse
            case .cp1253: cp1253Reverse
            case .cp1254: cp1254Reverse
            case .cp1255: cp1255Reverse
            case .cp1256: cp1256Reverse
            case .cp1257: cp1257Reverse
            case .cp1258: cp1258Reverse
            }
        }

        private static let iso8859_2Reverse = reverseHighHalf(iso8859_2)
        private static let iso8859_3Reverse = reverseHighHalf(iso8859_3)
        private static let iso8859_4Reverse = reverseHighHalf(iso8859_4)
        private static let iso8859_5Reverse = reverseHighHalf(iso8859_5)
        private static let iso8859_6Reverse = reverseHighHalf(iso8859_6)
        private static let iso8859_7Reverse = reverseHighHalf(iso8859_7)
        private static let iso8859_8Reverse = reverseHighHalf(iso8859_8)
        private static let iso8859_9Reverse = reverseHighHalf(iso8859_9)
        private static let iso8859_15Reverse = reverseHighHalf(iso8859_15)
        private static let tis620Reverse = reverseHighHalf(tis620)
        private static let cp1250Reverse = reverseHighHalf(cp1250)
        private static let cp1251Reverse = reverseHighHalf(cp1251)
        private static let cp1252Reverse = reverseHighHalf(cp1252)
        private static let cp1253Reverse = reverseHighHalf(cp1253)
        private static let cp1254Reverse = reverseHighHalf(cp1254)
        private static let cp1255Reverse = reverseHighHalf(cp1255)
        private static let cp1256Reverse = reverseHighHalf(cp1256)
        private static let cp1257Reverse = reverseHighHalf(cp1257)
        private static let cp1258Reverse = reverseHighHalf(cp1258)

        // MARK: Builders

        private static func buildHighHalf(_ source: String) -> [UInt32] {
            var table = [UInt32](repeating: 0, count: 128)
            guard let converter = Iconv(decoding: source) else { return table }
            for b in 0x80...0xFF { table[b - 0x80] = converter.scalar([UInt8(b)]) }
            return table
        }

        private static func build94(source: String, prefix: [UInt8], patches: [UInt16: UInt32]) -> [UInt32] {
            var table = [UInt32](repeating: 0, count: 94 * 94)
            if let converter = Iconv(decoding: source) {
                for row in 0..<94 {
                    for column in 0..<94 {
                        let bytes = prefix + [UInt8(0xA1 + row), UInt8(0xA1 + column)]
                        table[row * 94 + column] = converter.scalar(bytes)
                    }
                }
            }
            for (code, value) in patches {
                let row = Int(code >> 8) - 0x21, column = Int(code & 0xFF) - 0x21
                if row >= 0, row < 94, column >= 0, column < 94 { table[row * 94 + column] = value }
            }
            return table
        }

        private static func buildGBK(source: String, patches: [UInt16: UInt32]) -> [UInt32] {
            var table = [UInt32](repeating: 0, count: 126 * 191)
            if let converter = Iconv(decoding: source) {
                for lead in 0..<126 {
                    for trail in 0..<191 {
                        table[lead * 191 + trail] = converter.scalar([UInt8(0x81 + lead), UInt8(0x40 + trail)])
                    }
                }
            }
            for (code, value) in patches {
                let lead = Int(code >> 8) - 0x81, trail = Int(code & 0xFF) - 0x40
                if lead >= 0, lead < 126, trail >= 0, trail < 191 { table[lead * 191 + trail] = value }
            }
            return table
        }

        /// Scalar → 7-bit row/column pair. The first (lowest) code wins where a scalar appears twice.
        private static func reverse94(_ table: [UInt32]) -> [UInt32: UInt16] {
            var map: [UInt32: UInt16] = [:]
            for (index, scalar) in table.enumerated() where scalar != 0 && map[scalar] == nil {
                map[scalar] = UInt16((0x21 + index / 94) << 8 | (0x21 + index % 94))
            }
            return map
        }

        private static func reverseGBK(_ table: [UInt32]) -> [UInt32: UInt16] {
            var map: [UInt32: UInt16] = [:]
            for (index, scalar) in table.enumerated() where scalar != 0 && map[scalar] == nil {
                map[scalar] = UInt16((0x81 + index / 191) << 8 | (0x40 + index % 191))
            }
            return map
        }

        private static func reverseHighHalf(_ table: [UInt32]) -> [UInt32: UInt8] {
            var map: [UInt32: UInt8] = [:]
            for (index, scalar) in table.enumerated() where scalar != 0 && map[scalar] == nil {
                map[scalar] = UInt8(0x80 + index)
            }
            return map
        }
    }

    /// The single-byte character sets whose upper half comes from an iconv-built table.
    enum SingleByteSet: Hashable, Sendable {
        case iso8859_2, iso8859_3, iso8859_4, iso8859_5, iso8859_6, iso8859_7, iso8859_8, iso8859_9, iso8859_15
        case tis620
        case cp1250, cp1251, cp1252, cp1253, cp1254, cp1255, cp1256, cp1257, cp1258
    }
}
