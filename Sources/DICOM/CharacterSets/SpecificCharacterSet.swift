/// The value of Specific Character Set (0008,0005): how the text of SH, LO, ST, LT, PN, UC and UT values is encoded
/// (PS3.5 6.1, PS3.3 C.12.1.1.2).
///
/// Decoding mirrors pydicom 3.0.2 (`pydicom/charset.py`, which relies on CPython's codecs) so that a value decodes to
/// the same `String` in both: the same term resolution (spelling fixes, stand-alone sets, unknown terms fall back to
/// the default), the same split of a value at escape sequences, the same reset to the first set at delimiters, and
/// the same result for bytes that cannot be decoded (U+FFFD, CPython's replacement rules). Two pydicom gaps are
/// filled (ISO 2022 IR 58, ISO_IR 203); see the notes on `decode`.
///
/// Encoding follows the standard strictly and returns nil when a character cannot be represented.
public struct SpecificCharacterSet: Sendable, Equatable, Hashable {
    /// The default character repertoire (ISO-IR 6), used when (0008,0005) is absent or empty.
    public static let `default` = SpecificCharacterSet(terms: [])

    /// The defined terms as given, with leading and trailing spaces and NULs removed.
    public let terms: [String]

    /// The resolved codecs, in the order of `terms` (pydicom's `convert_encodings`). Never empty.
    let codecs: [Codec]

    /// Bit i set: `EscapeSequence.all[i]` switches to a set among the terms (or is ESC ( B, always allowed).
    private let allowedEscapes: UInt32

    /// The sets the encoder may switch to by escape sequence, in term order.
    private let extensions: [Designation]

    /// Builds a character set from the values of (0008,0005). Never fails: misspelt terms are corrected as pydicom
    /// corrects them (`ISO IR 100` → `ISO_IR 100`, `ISO_2022_IR_87` → `ISO 2022 IR 87`), other unknown terms fall
    /// back to the default repertoire, and stand-alone sets (ISO_IR 192, GB18030, GBK) drop the other values when
    /// first and are dropped when not first.
    public init(terms: [String]) {
        let trimmed = terms.map(Self.trim)
        self.terms = trimmed
        let codecs = Self.resolve(trimmed)
        self.codecs = codecs
        var allowed: UInt32 = 0
        for (index, escape) in EscapeSequence.all.enumerated()
        where escape.codec == .defaultRepertoire || codecs.contains(where: { $0.name == escape.codec.name }) {
            allowed |= 1 << UInt32(index)
        }
        allowedEscapes = allowed
        var extensions: [Designation] = []
        for codec in codecs {
            for escape in EscapeSequence.all where escape.codec.name == codec.name
                && !extensions.contains(escape.designation) {
                extensions.append(escape.designation)
            }
        }
        self.extensions = extensions
    }

    /// True when every text value decodes with the default repertoire (no term, an empty term or ISO_IR 6,
    /// or only unknown terms).
    public var isDefault: Bool { codecs.count == 1 && codecs[0] == .defaultRepertoire }

    public static func == (lhs: SpecificCharacterSet, rhs: SpecificCharacterSet) -> Bool { lhs.terms == rhs.terms }

    public func hash(into hasher: inout Hasher) { hasher.combine(terms) }

    // MARK: - Decoding

    /// Decodes the bytes of one value of a text VR (or a whole multi-valued field: split the result at `\`).
    ///
    /// Values of VRs that do not use the Specific Character Set (AE, AS, CS, DA, DS, DT, IS, TM, UI, UR) are read in
    /// the default repertoire; like pydicom, bytes above 0x7F there read as ISO 8859-1.
    ///
    /// With code extensions the value is split at each ESC; a part that starts with a known escape sequence whose set
    /// is among the terms is decoded with that set until the first delimiter, after which the first set applies again
    /// (PS3.5 6.1.2.5.3). Delimiters are CR, LF, TAB and FF, plus `\` for LO, SH, UC and PN, plus `^` and `=` for PN.
    /// JIS X 0208/0212 parts (ISO 2022 IR 87/159) are decoded as CPython's ISO-2022-JP codecs do, which only return
    /// to ASCII at an explicit escape sequence, as the standard requires of the sender. A part that cannot be decoded,
    /// or whose escape sequence is unknown, is decoded with the first set using replacement characters, escape bytes
    /// included — exactly what pydicom returns. Padding is not removed.
    ///
    /// Deliberate differences from pydicom 3.0.2: ISO 2022 IR 58 parts have their escape sequence removed (pydicom
    /// leaves ESC $ ) A in the text) and reset at delimiters like the other G1 sets; ISO_IR 203 / ISO 2022 IR 203
    /// (ISO 8859-15) are supported (pydicom treats them as unknown terms).
    public func decode(_ bytes: UnsafeRawBufferPointer, vr: VR) -> String {
        guard vr.usesSpecificCharacterSet else { return Self.decodeLatin1(bytes) }
        let codec0 = codecs[0]
        // Fast path: pure ASCII without escape sequences reads the same in every supported set.
        if Self.isPlainASCII(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var sink = ScalarSink(capacity: bytes.count)
        guard let firstEscape = bytes.firstIndex(of: 0x1B) else {
            // Python's strict-then-replace UTF-8 decoding gives what Swift's repairing decoder gives.
            if codec0.kind == .utf8 { return String(decoding: bytes, as: UTF8.self) }
            decodeOrReplace(bytes, codec0.kind, into: &sink)
            return sink.string
        }
        if firstEscape > 0 {
            decodeOrReplace(UnsafeRawBufferPointer(rebasing: bytes[0..<firstEscape]), codec0.kind, into: &sink)
        }
        let delimiters = Delimiters(vr)
        var start = firstEscape
        while start < bytes.count {
            var end = start + 1
            while end < bytes.count, bytes[end] != 0x1B { end += 1 }
            decodeEscapedPart(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), delimiters, into: &sink)
            start = end
        }
        return sink.string
    }

    /// Decodes the bytes of one value of a text VR; see the `UnsafeRawBufferPointer` overload.
    public func decode(_ bytes: [UInt8], vr: VR) -> String {
        bytes.withUnsafeBytes { decode($0, vr: vr) }
    }

    /// pydicom `_decode_fragment` for a part that starts with ESC.
    private func decodeEscapedPart(_ part: UnsafeRawBufferPointer, _ delimiters: Delimiters,
                                   into sink: inout ScalarSink) {
        let codec0 = codecs[0]
        // pydicom: 4-byte sequences are exactly those starting ESC $ ( or ESC $ ).
        let length = part.count >= 3 && part[1] == 0x24 && (part[2] == 0x28 || part[2] == 0x29) ? 4 : 3
        guard let index = EscapeSequence.index(of: part, length: length),
              allowedEscapes & (1 << UInt32(index)) != 0
        else {
            // Unknown escape sequence, or one for a set not among the terms.
            _ = Self.decode(part, as: codec0.kind, replacing: true, into: &sink)
            return
        }
        let escape = EscapeSequence.all[index]
        let mark = sink.count
        var ok: Bool
        if escape.codec.kind.handlesOwnEscapes {
            // CPython's ISO-2022-JP codecs read the escape sequence themselves and ignore delimiters.
            ok = Self.decode(part, as: escape.codec.kind, replacing: false, into: &sink)
        } else {
            let body = UnsafeRawBufferPointer(rebasing: part[length...])
            if let delimiter = body.firstIndex(where: { delimiters.contains($0) }) {
                ok = Self.decode(UnsafeRawBufferPointer(rebasing: body[..<delimiter]), as: escape.codec.kind,
                                 replacing: false, into: &sink)
                if ok {
                    ok = Self.decode(UnsafeRawBufferPointer(rebasing: body[delimiter...]), as: codec0.kind,
                                     replacing: false, into: &sink)
                }
            } else {
                ok = Self.decode(body, as: escape.codec.kind, replacing: false, into: &sink)
            }
        }
        if !ok {
            // pydicom: the whole part, escape sequence included, with the first set and replacement characters.
            sink.truncate(to: mark)
            _ = Self.decode(part, as: codec0.kind, replacing: true, into: &sink)
        }
    }

    private func decodeOrReplace(_ bytes: UnsafeRawBufferPointer, _ kind: CodecKind, into sink: inout ScalarSink) {
        let mark = sink.count
        if !Self.decode(bytes, as: kind, replacing: false, into: &sink) {
            sink.truncate(to: mark)
            _ = Self.decode(bytes, as: kind, replacing: true, into: &sink)
        }
    }

    private static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var ok = true
        for b in bytes { ok = ok && b < 0x80 && b != 0x1B }
        return ok
    }

    private static func decodeLatin1(_ bytes: UnsafeRawBufferPointer) -> String {
        var ascii = true
        for b in bytes { ascii = ascii && b < 0x80 }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        var sink = ScalarSink(capacity: bytes.count)
        for b in bytes { sink.append(UInt32(b)) }
        return sink.string
    }

    // MARK: - Encoding

    /// Encodes text for writing; nil if a character cannot be represented.
    ///
    /// VRs that do not use the Specific Character Set, and the default repertoire, accept ASCII only. With code
    /// extensions each character goes to the current set if it can, else to the first term's set that can, behind its
    /// escape sequence; the initial set is restored at each delimiter (an explicit ESC ( B or ESC ( J after JIS X
    /// 0208/0212, as in PS3.5 Annex H). ESC itself is never accepted. `decode(encode(s))` gives back `s`.
    public func encode(_ text: String, vr: VR) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        var plain = true
        for b in utf8 { plain = plain && b < 0x80 && b != 0x1B }
        guard vr.usesSpecificCharacterSet else { return plain ? utf8 : nil }
        let codec0 = codecs[0]
        // Every supported set reads ASCII (without ESC) as ASCII.
        if plain { return utf8 }
        if utf8.contains(0x1B) { return nil }
        if codec0.kind == .utf8 { return utf8 }
        var encoder = TextEncoder(codecs: codecs, extensions: extensions, delimiters: Delimiters(vr))
        return encoder.encode(text)
    }

    // MARK: - Term resolution (pydicom `convert_encodings`)

    private static func trim(_ term: String) -> String {
        let scalars = term.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\0" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\0" })
        else { return "" }
        return String(scalars[first...last])
    }

    private static func resolve(_ terms: [String]) -> [Codec] {
        var names = terms.isEmpty ? [""] : terms
        if names[0].isEmpty { names[0] = "ISO_IR 6" }
        var codecs = names.map(codec(forTerm:))
        if names.count > 1 {
            let standAlone: Set<String> = ["ISO_IR 192", "GBK", "GB18030"]
            if standAlone.contains(names[0]) {
                codecs = [codecs[0]]
            } else {
                codecs = [codecs[0]] + zip(names.dropFirst(), codecs.dropFirst())
                    .filter { !standAlone.contains($0.0) }.map(\.1)
            }
        }
        return codecs
    }

    /// pydicom's `python_encoding` table, extended with ISO_IR 203 (ISO 8859-15, PS3.3 Table C.12-2).
    private static let definedTerms: [String: Codec] = [
        "": .defaultRepertoire,
        "ISO_IR 6": .defaultRepertoire,
        "ISO_IR 13": .shiftJIS,
        "ISO_IR 100": .latin1,
        "ISO_IR 101": .iso8859_2,
        "ISO_IR 109": .iso8859_3,
        "ISO_IR 110": .iso8859_4,
        "ISO_IR 126": .greek,
        "ISO_IR 127": .arabic,
        "ISO_IR 138": .hebrew,
        "ISO_IR 144": .cyrillic,
        "ISO_IR 148": .latin5,
        "ISO_IR 166": .thai,
        "ISO_IR 203": .latin9,
        "ISO 2022 IR 6": .defaultRepertoire,
        "ISO 2022 IR 13": .shiftJIS,
        "ISO 2022 IR 87": .iso2022JP,
        "ISO 2022 IR 100": .latin1,
        "ISO 2022 IR 101": .iso8859_2,
        "ISO 2022 IR 109": .iso8859_3,
        "ISO 2022 IR 110": .iso8859_4,
        "ISO 2022 IR 126": .greek,
        "ISO 2022 IR 127": .arabic,
        "ISO 2022 IR 138": .hebrew,
        "ISO 2022 IR 144": .cyrillic,
        "ISO 2022 IR 148": .latin5,
        "ISO 2022 IR 149": .eucKR,
        "ISO 2022 IR 159": .iso2022JP2,
        "ISO 2022 IR 166": .thai,
        "ISO 2022 IR 203": .latin9,
        "ISO 2022 IR 58": .isoIR58,
        "ISO_IR 192": .utf8,
        "GB18030": .gb18030,
        "ISO 2022 GBK": .gbk,
        "ISO 2022 58": Codec(name: "GB2312", kind: .gb2312),
        "GBK": .gbk,
    ]

    /// pydicom `_python_encoding_for_corrected_encoding`.
    private static func codec(forTerm term: String) -> Codec {
        if let codec = definedTerms[term] { return codec }
        let chars = Array(term.unicodeScalars)
        func at(_ i: Int, _ c: Unicode.Scalar) -> Bool { i < chars.count && chars[i] == c }
        // re.match("^ISO[^_]IR", term)
        if chars.count >= 6, at(0, "I"), at(1, "S"), at(2, "O"), chars[3] != "_", at(4, "I"), at(5, "R") {
            return definedTerms["ISO_IR" + String(String.UnicodeScalarView(chars[6...]))] ?? .defaultRepertoire
        }
        // re.match("^(?=ISO.2022.IR.)(?!ISO 2022 IR )", term); "." matches anything but a newline.
        if chars.count >= 12, at(0, "I"), at(1, "S"), at(2, "O"), at(4, "2"), at(5, "0"), at(6, "2"), at(7, "2"),
           at(9, "I"), at(10, "R"), chars[3] != "\n", chars[8] != "\n", chars[11] != "\n",
           !term.hasPrefix("ISO 2022 IR ") {
            return definedTerms["ISO 2022 IR " + String(String.UnicodeScalarView(chars[12...]))]
                ?? .defaultRepertoire
        }
        // pydicom accepts any Python codec name; those of the sets implemented here are honoured
        // (the codec keeps the term as its name, as in pydicom).
        if let kind = pythonCodecKind(term) { return Codec(name: term, kind: kind) }
        return .defaultRepertoire
    }

    /// Python's codec lookup (`codecs.lookup`) restricted to the codecs this type implements.
    private static func pythonCodecKind(_ name: String) -> CodecKind? {
        // encodings.normalize_encoding after lower-casing: runs of other characters become one "_".
        var normalized = ""
        var pending = false
        for scalar in name.unicodeScalars {
            let isAlnum = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isAlnum || scalar == "." {
                if pending, !normalized.isEmpty { normalized.append("_") }
                if scalar.isASCII { normalized += String(scalar).lowercased() }
                pending = false
            } else {
                pending = true
            }
        }
        let module = pythonAliases[normalized]
            ?? pythonAliases[String(normalized.map { $0 == "." ? "_" : $0 })]
            ?? normalized
        return pythonModules[module]
    }

    private static let pythonModules: [String: CodecKind] = [
        "ascii": .ascii, "latin_1": .latin1, "iso8859_1": .latin1,
        "iso8859_2": .singleByte(.iso8859_2), "iso8859_3": .singleByte(.iso8859_3),
        "iso8859_4": .singleByte(.iso8859_4), "iso8859_5": .singleByte(.iso8859_5),
        "iso8859_6": .singleByte(.iso8859_6), "iso8859_7": .singleByte(.iso8859_7),
        "iso8859_8": .singleByte(.iso8859_8), "iso8859_9": .singleByte(.iso8859_9),
        "iso8859_15": .singleByte(.iso8859_15), "tis_620": .singleByte(.tis620),
        "cp1250": .singleByte(.cp1250), "cp1251": .singleByte(.cp1251), "cp1252": .singleByte(.cp1252),
        "cp1253": .singleByte(.cp1253), "cp1254": .singleByte(.cp1254), "cp1255": .singleByte(.cp1255),
        "cp1256": .singleByte(.cp1256), "cp1257": .singleByte(.cp1257), "cp1258": .singleByte(.cp1258),
        "shift_jis": .shiftJIS, "iso2022_jp": .iso2022JP, "iso2022_jp_2": .iso2022JP2, "euc_kr": .eucKR,
        "gb2312": .gb2312, "gbk": .gbk, "gb18030": .gb18030, "utf_8": .utf8,
    ]

    /// The entries of CPython 3.11's `encodings.aliases` that point at the modules above.
    private static let pythonAliases: [String: String] = {
        let table = """
        646 ansi_x3.4_1968 ansi_x3_4_1968 ansi_x3.4_1986 cp367 csascii ibm367 iso646_us iso_646.irv_1991 iso_ir_6 \
        us us_ascii:ascii|euckr korean ksc5601 ks_c_5601 ks_c_5601_1987 ksx1001 ks_x_1001 x_mac_korean:euc_kr|\
        gb18030_2000:gb18030|chinese csiso58gb231280 euc_cn euccn eucgb2312_cn gb2312_1980 gb2312_80 iso_ir_58 \
        x_mac_simp_chinese:gb2312|936 cp936 ms936:gbk|csiso2022jp iso2022jp iso_2022_jp:iso2022_jp|iso2022jp_2 \
        iso_2022_jp_2:iso2022_jp_2|iso_8859_15 l9 latin9:iso8859_15|csisolatin2 iso_8859_2 iso_8859_2_1987 \
        iso_ir_101 l2 latin2:iso8859_2|csisolatin3 iso_8859_3 iso_8859_3_1988 iso_ir_109 l3 latin3:iso8859_3|\
        csisolatin4 iso_8859_4 iso_8859_4_1988 iso_ir_110 l4 latin4:iso8859_4|csisolatincyrillic cyrillic \
        iso_8859_5 iso_8859_5_1988 iso_ir_144:iso8859_5|arabic asmo_708 csisolatinarabic ecma_114 iso_8859_6 \
        iso_8859_6_1987 iso_ir_127:iso8859_6|csisolatingreek ecma_118 elot_928 greek greek8 iso_8859_7 \
        iso_8859_7_1987 iso_ir_126:iso8859_7|csisolatinhebrew hebrew iso_8859_8 iso_8859_8_1988 \
        iso_ir_138:iso8859_8|csisolatin5 iso_8859_9 iso_8859_9_1989 iso_ir_148 l5 latin5:iso8859_9|8859 cp819 \
        csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987 iso_ir_100 l1 latin latin1:latin_1|\
        csshiftjis shiftjis sjis s_jis x_mac_japanese:shift_jis|tis620 tis_620_0 tis_620_2529_0 tis_620_2529_1 \
        iso_ir_166:tis_620|u8 utf utf8 utf8_ucs2 utf8_ucs4 cp65001:utf_8|1250 windows_1250:cp1250|\
        1251 windows_1251:cp1251|1252 windows_1252:cp1252|1253 windows_1253:cp1253|1254 windows_1254:cp1254|\
        1255 windows_1255:cp1255|1256 windows_1256:cp1256|1257 windows_1257:cp1257|1258 windows_1258:cp1258
        """
        var map: [String: String] = [:]
        for group in table.split(separator: "|") {
            let parts = group.split(separator: ":")
            guard parts.count == 2 else { continue }
            for alias in parts[0].split(separator: " ") { map[String(alias)] = String(parts[1]) }
        }
        return map
    }()

    // MARK: - Codecs (CPython semantics)

    /// Decodes `bytes` as CPython's codec for `kind` does, appending scalars to `sink`. Without `replacing` it
    /// stops and returns false at the first undecodable sequence (the caller discards the partial output); with
    /// it, each error becomes one U+FFFD and skips as many bytes as CPython skips, and a sequence cut off by the
    /// end of the input becomes one U+FFFD.
    static func decode(_ bytes: UnsafeRawBufferPointer, as kind: CodecKind, replacing: Bool,
                       into sink: inout ScalarSink) -> Bool {
        switch kind {
        case .latin1:
            for b in bytes { sink.append(UInt32(b)) }
            return true
        case .ascii:
            for b in bytes {
                if b < 0x80 { sink.append(UInt32(b)) } else if replacing { sink.append(0xFFFD) } else { return false }
            }
            return true
        case .utf8:
            return decodeUTF8(bytes, replacing: replacing, into: &sink)
        case let .singleByte(set):
            let table = CodeTables.highHalf(set)
            for b in bytes {
                if b < 0x80 { sink.append(UInt32(b)); continue }
                let scalar = table.count == 128 ? table[Int(b) - 0x80] : 0
                if scalar != 0 { sink.append(scalar) } else if replacing { sink.append(0xFFFD) } else { return false }
            }
            return true
        case .shiftJIS:
            return decodeShiftJIS(bytes, replacing: replacing, into: &sink)
        case .eucKR:
            return decodeEUCKR(bytes, replacing: replacing, into: &sink)
        case .gb2312:
            return decodeEUCCN(bytes, replacing: replacing, into: &sink)
        case .gbk:
            return decodeGBK(bytes, replacing: replacing, into: &sink)
        case .gb18030:
            return decodeGB18030(bytes, replacing: replacing, into: &sink)
        case .iso2022JP:
            return ISO2022JP.decode(bytes, extended: false, replacing: replacing, into: &sink)
        case .iso2022JP2:
            return ISO2022JP.decode(bytes, extended: true, replacing: replacing, into: &sink)
        }
    }

    private static func decodeUTF8(_ bytes: UnsafeRawBufferPointer, replacing: Bool,
                                   into sink: inout ScalarSink) -> Bool {
        if replacing {
            // Swift's repair and CPython's "replace" both substitute maximal ill-formed subparts (Unicode 3.9).
            sink.append(contentsOf: String(decoding: bytes, as: UTF8.self))
            return true
        }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded): sink.append(Unicode.UTF8.decode(encoded).value)
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// CPython `_codecs_jp.c` shift_jis decoder: ASCII (0x5C stays a backslash), JIS X 0201 katakana, JIS X 0208.
    private static func decodeShiftJIS(_ b: UnsafeRawBufferPointer, replacing: Bool,
                                       into sink: inout ScalarSink) -> Bool {
        let table = CodeTables.jisX0208
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { sink.append(UInt32(c)); i += 1; continue }
            if c >= 0xA1, c <= 0xDF { sink.append(0xFEC0 + UInt32(c)); i += 1; continue }
            var scalar: UInt32 = 0
            if (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xEA) {
                guard i + 1 < b.count else { return truncated(replacing, &sink) }
                let c2 = b[i + 1]
                if !(c2 < 0x40 || (c2 > 0x7E && c2 < 0x80) || c2 > 0xFC) {
                    let lead = Int(c < 0xE0 ? c - 0x81 : c - 0xC1)
                    let trail = Int(c2 < 0x80 ? c2 - 0x40 : c2 - 0x41)
                    let row = UInt8(2 * lead + (trail < 0x5E ? 0 : 1) + 0x21)
                    let column = UInt8((trail < 0x5E ? trail : trail - 0x5E) + 0x21)
                    scalar = CodeTables.lookup94(table, row, column)
                }
                if scalar != 0 { sink.append(scalar); i += 2; continue }
            }
            guard replacing else { return false }
            sink.append(0xFFFD); i += 1
        }
        return true
    }

    /// CPython `_codecs_kr.c` euc_kr decoder, including KS X 1001:1998 Annex 3 make-up sequences (A4 D4 …).
    private static func decodeEUCKR(_ b: UnsafeRawBufferPointer, replacing: Bool,
                                    into sink: inout ScalarSink) -> Bool {
        let table = CodeTables.ksX1001
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { sink.append(UInt32(c)); i += 1; continue }
            guard i + 1 < b.count else { return truncated(replacing, &sink) }
            let c2 = b[i + 1]
            if c == 0xA4, c2 == 0xD4 {
                guard i + 8 <= b.count else { return truncated(replacing, &sink) }
                if b[i + 2] == 0xA4, b[i + 4] == 0xA4, b[i + 6] == 0xA4,
                   let syllable = makeUpSyllable(b[i + 3], b[i + 5], b[i + 7]) {
                    sink.append(syllable); i += 8; continue
                }
            } else {
                let scalar = CodeTables.lookup94(table, c ^ 0x80, c2 ^ 0x80)
                if scalar != 0 { sink.append(scalar); i += 2; continue }
            }
            guard replacing else { return false }
            sink.append(0xFFFD); i += 1
        }
        return true
    }

    /// Choseong / jongseong index of the Hangul compatibility jamo A4A1–A4BE (CPython `cgk2u_*`; 0xFF: none).
    private static let choseong: [UInt8] = [
        0, 1, 0xFF, 2, 0xFF, 0xFF, 3, 4, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        6, 7, 8, 0xFF, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    ]
    private static let jongseong: [UInt8] = [
        1, 2, 3, 4, 5, 6, 7, 0xFF, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 17, 0xFF, 18, 19, 20, 21, 22, 0xFF, 23, 24, 25, 26, 27,
    ]

    private static func makeUpSyllable(_ c3: UInt8, _ c5: UInt8, _ c7: UInt8) -> UInt32? {
        guard c3 >= 0xA1, c3 <= 0xBE, c5 >= 0xBF, c5 <= 0xD3 else { return nil }
        let cho = choseong[Int(c3 - 0xA1)]
        let jung = c5 - 0xBF
        let jong: UInt8
        if c7 == 0xD4 {
            jong = 0
        } else if c7 >= 0xA1, c7 <= 0xBE {
            jong = jongseong[Int(c7 - 0xA1)]
        } else {
            return nil
        }
        guard cho != 0xFF, jong != 0xFF else { return nil }
        return 0xAC00 + UInt32(cho) * 588 + UInt32(jung) * 28 + UInt32(jong)
    }

    /// CPython `_codecs_cn.c` gb2312 decoder (EUC-CN).
    private static func decodeEUCCN(_ b: UnsafeRawBufferPointer, replacing: Bool,
                                    into sink: inout ScalarSink) -> Bool {
        let table = CodeTables.gb2312
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { sink.append(UInt32(c)); i += 1; continue }
            guard i + 1 < b.count else { return truncated(replacing, &sink) }
            let scalar = CodeTables.lookup94(table, c ^ 0x80, b[i + 1] ^ 0x80)
            if scalar != 0 { sink.append(scalar); i += 2; continue }
            guard replacing else { return false }
            sink.append(0xFFFD); i += 1
        }
        return true
    }

    /// CPython `_codecs_cn.c` gbk decoder (no single-byte 0x80 EURO SIGN, unlike glibc).
    private static func decodeGBK(_ b: UnsafeRawBufferPointer, replacing: Bool,
                                  into sink: inout ScalarSink) -> Bool {
        let table = CodeTables.gbk
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { sink.append(UInt32(c)); i += 1; continue }
            guard i + 1 < b.count else { return truncated(replacing, &sink) }
            let scalar = CodeTables.lookupGBK(table, c, b[i + 1])
            if scalar != 0 { sink.append(scalar); i += 2; continue }
            guard replacing else { return false }
            sink.append(0xFFFD); i += 1
        }
        return true
    }

    /// CPython `_codecs_cn.c` gb18030 decoder.
    private static func decodeGB18030(_ b: UnsafeRawBufferPointer, replacing: Bool,
                                      into sink: inout ScalarSink) -> Bool {
        let twoByte = CodeTables.gb18030TwoByte
        let fourByte = CodeTables.gb18030FourByteBMP
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { sink.append(UInt32(c)); i += 1; continue }
            guard i + 1 < b.count else { return truncated(replacing, &sink) }
            let c2 = b[i + 1]
            var scalar: UInt32 = 0
            var width = 2
            if c2 >= 0x30, c2 <= 0x39 {
                guard i + 3 < b.count else { return truncated(replacing, &sink) }
                let c3 = b[i + 2], c4 = b[i + 3]
                width = 4
                if c >= 0x81, c <= 0xFE, c3 >= 0x81, c3 <= 0xFE, c4 >= 0x30, c4 <= 0x39 {
                    if c < 0x85 {
                        let lseq = CodeTables.gb18030Sequence(c, c2, c3, c4)
                        if lseq < fourByte.count { scalar = fourByte[lseq] }
                    } else if c >= 0x90 {
                        let lseq = 0x10000 + CodeTables.gb18030Sequence(c - 15, c2, c3, c4)
                        if lseq <= 0x10FFFF { scalar = UInt32(lseq) }
                    }
                }
            } else {
                scalar = CodeTables.lookupGBK(twoByte, c, c2)
            }
            if scalar != 0 { sink.append(scalar); i += width; continue }
            guard replacing else { return false }
            sink.append(0xFFFD); i += 1
        }
        return true
    }

    /// CPython's handling of a multi-byte sequence cut off by the end of the input: one U+FFFD for the rest.
    @inline(__always)
    static func truncated(_ replacing: Bool, _ sink: inout ScalarSink) -> Bool {
        guard replacing else { return false }
        sink.append(0xFFFD)
        return true
    }
}

extension SpecificCharacterSet {
    // MARK: - Codec model

    /// How bytes are turned into scalars; mirrors one CPython codec.
    enum CodecKind: Hashable, Sendable {
        case latin1, ascii, utf8
        case singleByte(SingleByteSet)
        case shiftJIS, eucKR, gb2312, gbk, gb18030
        case iso2022JP, iso2022JP2

        /// pydicom's `handled_encodings` (minus iso_ir_58): the codec itself reads the escape sequence of the part.
        var handlesOwnEscapes: Bool { self == .iso2022JP || self == .iso2022JP2 }
    }

    /// A resolved term: the Python encoding name pydicom would carry (it decides which escape sequences are allowed)
    /// and the codec it stands for.
    struct Codec: Hashable, Sendable {
        let name: String
        let kind: CodecKind

        static let defaultRepertoire = Codec(name: "iso8859", kind: .latin1)
        static let latin1 = Codec(name: "latin_1", kind: .latin1)
        static let iso8859_2 = Codec(name: "iso8859_2", kind: .singleByte(.iso8859_2))
        static let iso8859_3 = Codec(name: "iso8859_3", kind: .singleByte(.iso8859_3))
        static let iso8859_4 = Codec(name: "iso8859_4", kind: .singleByte(.iso8859_4))
        static let greek = Codec(name: "iso_ir_126", kind: .singleByte(.iso8859_7))
        static let arabic = Codec(name: "iso_ir_127", kind: .singleByte(.iso8859_6))
        static let hebrew = Codec(name: "iso_ir_138", kind: .singleByte(.iso8859_8))
        static let cyrillic = Codec(name: "iso_ir_144", kind: .singleByte(.iso8859_5))
        static let latin5 = Codec(name: "iso_ir_148", kind: .singleByte(.iso8859_9))
        static let thai = Codec(name: "iso_ir_166", kind: .singleByte(.tis620))
        static let latin9 = Codec(name: "ISO-IR 203", kind: .singleByte(.iso8859_15))   // not a pydicom name
        static let shiftJIS = Codec(name: "shift_jis", kind: .shiftJIS)
        static let iso2022JP = Codec(name: "iso2022_jp", kind: .iso2022JP)
        static let iso2022JP2 = Codec(name: "iso2022_jp_2", kind: .iso2022JP2)
        static let eucKR = Codec(name: "euc_kr", kind: .eucKR)
        static let isoIR58 = Codec(name: "iso_ir_58", kind: .gb2312)
        static let utf8 = Codec(name: "UTF8", kind: .utf8)
        static let gb18030 = Codec(name: "GB18030", kind: .gb18030)
        static let gbk = Codec(name: "GBK", kind: .gbk)
    }

    /// The code element an escape sequence designates (PS3.3 Tables C.12-3 and C.12-4), as the encoder tracks it.
    enum Designation: Hashable, Sendable {
        /// No escape seen since the start or the last delimiter: the first term's set.
        case initial
        case ascii, romaji, katakana
        case latin1G1
        case singleByteG1(SingleByteSet)
        case jisX0208, jisX0212, ksX1001, gb2312
    }

    /// pydicom's `CODES_TO_ENCODINGS`, plus ESC - b for ISO-IR 203.
    struct EscapeSequence {
        let bytes: [UInt8]
        let codec: Codec
        let designation: Designation

        static let all: [EscapeSequence] = [
            EscapeSequence(bytes: [0x1B, 0x28, 0x42], codec: .defaultRepertoire, designation: .ascii),   // ESC ( B
            EscapeSequence(bytes: [0x1B, 0x2D, 0x41], codec: .latin1, designation: .latin1G1),           // ESC - A
            EscapeSequence(bytes: [0x1B, 0x29, 0x49], codec: .shiftJIS, designation: .katakana),         // ESC ) I
            EscapeSequence(bytes: [0x1B, 0x28, 0x4A], codec: .shiftJIS, designation: .romaji),           // ESC ( J
            EscapeSequence(bytes: [0x1B, 0x24, 0x42], codec: .iso2022JP, designation: .jisX0208),        // ESC $ B
            EscapeSequence(bytes: [0x1B, 0x2D, 0x42], codec: .iso8859_2, designation: .singleByteG1(.iso8859_2)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x43], codec: .iso8859_3, designation: .singleByteG1(.iso8859_3)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x44], codec: .iso8859_4, designation: .singleByteG1(.iso8859_4)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x46], codec: .greek, designation: .singleByteG1(.iso8859_7)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x47], codec: .arabic, designation: .singleByteG1(.iso8859_6)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x48], codec: .hebrew, designation: .singleByteG1(.iso8859_8)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x4C], codec: .cyrillic, designation: .singleByteG1(.iso8859_5)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x4D], codec: .latin5, designation: .singleByteG1(.iso8859_9)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x54], codec: .thai, designation: .singleByteG1(.tis620)),
            EscapeSequence(bytes: [0x1B, 0x2D, 0x62], codec: .latin9, designation: .singleByteG1(.iso8859_15)),
            EscapeSequence(bytes: [0x1B, 0x24, 0x29, 0x43], codec: .eucKR, designation: .ksX1001),      // ESC $ ) C
            EscapeSequence(bytes: [0x1B, 0x24, 0x28, 0x44], codec: .iso2022JP2, designation: .jisX0212), // ESC $ ( D
            EscapeSequence(bytes: [0x1B, 0x24, 0x29, 0x41], codec: .isoIR58, designation: .gb2312),      // ESC $ ) A
        ]

        /// The index in ``all`` of the escape sequence `part` starts with (pydicom compares exactly `length` bytes).
        static func index(of part: UnsafeRawBufferPointer, length: Int) -> Int? {
            guard part.count >= length else { return nil }
            return all.firstIndex { escape in
                escape.bytes.count == length && escape.bytes.indices.allSatisfy { escape.bytes[$0] == part[$0] }
            }
        }

        static func bytes(for designation: Designation) -> [UInt8] {
            all.first { $0.designation == designation }?.bytes ?? []
        }
    }

    /// The bytes at which code extensions return to the first set (PS3.5 6.1.2.5.3), per VR.
    struct Delimiters {
        private let mask: UInt64   // bit n set: byte n (all delimiters are below 0x40 except ^ and \, kept apart)
        private let caret: Bool
        private let backslash: Bool

        init(_ vr: VR) {
            // CR, LF, TAB, FF are pydicom's TEXT_VR_DELIMS.
            var mask: UInt64 = 1 << 0x0D | 1 << 0x0A | 1 << 0x09 | 1 << 0x0C
            if vr == .PN { mask |= 1 << 0x3D }
            self.mask = mask
            caret = vr == .PN
            backslash = !vr.isSingleValuedText
        }

        @inline(__always)
        func contains(_ byte: UInt8) -> Bool {
            if byte < 64 { return mask & (1 << UInt64(byte)) != 0 }
            return (byte == 0x5E && caret) || (byte == 0x5C && backslash)
        }
    }

    /// UTF-8 output buffer for decoded scalars.
    struct ScalarSink {
        private(set) var bytes: [UInt8] = []

        init(capacity: Int) { bytes.reserveCapacity(capacity + capacity / 2 + 4) }

        var count: Int { bytes.count }

        mutating func truncate(to count: Int) { bytes.removeSubrange(count...) }

        @inline(__always)
        mutating func append(_ value: UInt32) {
            switch value {
            case 0..<0x80:
                bytes.append(UInt8(value))
            case 0x80..<0x800:
                bytes.append(UInt8(0xC0 | value >> 6))
                bytes.append(UInt8(0x80 | value & 0x3F))
            case 0xD800..<0xE000, 0x110000...:
                // Never produced by the tables; kept so a bad table entry cannot make invalid UTF-8.
                append(0xFFFD)
            case 0x800..<0x10000:
                bytes.append(UInt8(0xE0 | value >> 12))
                bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
                bytes.append(UInt8(0x80 | value & 0x3F))
            default:
                bytes.append(UInt8(0xF0 | value >> 18))
                bytes.append(UInt8(0x80 | (value >> 12) & 0x3F))
                bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
                bytes.append(UInt8(0x80 | value & 0x3F))
            }
        }

        mutating func append(contentsOf string: String) { bytes.append(contentsOf: string.utf8) }

        var string: String { String(decoding: bytes, as: UTF8.self) }
    }

    // MARK: - ISO 2022 JP (CPython `_codecs_iso2022.c`)

    /// A replica of CPython's iso2022_jp / iso2022_jp_2 decoders, which pydicom uses for ISO 2022 IR 87 and 159.
    /// Only G0 matters: both codecs run without shifts (SI/SO pass through), and G2 is reached only with ESC N.
    enum ISO2022JP {
        private enum Charset: Equatable {
            case ascii, jisRoman, jisX0208, jisX0212, ksX1001, gb2312, iso8859_1, iso8859_7
        }

        static func decode(_ b: UnsafeRawBufferPointer, extended: Bool, replacing: Bool,
                           into sink: inout ScalarSink) -> Bool {
            var g0 = Charset.ascii
            var g2 = Charset.ascii
            var escapeThroughout = false
            var i = 0
            // One error of `width` bytes: stop, or one U+FFFD and skip (CPython's multibytecodec "replace").
            func fail(_ width: Int) -> Bool {
                guard replacing else { return false }
                sink.append(0xFFFD)
                i += width
                return true
            }
            while i < b.count {
                let c = b[i]
                if escapeThroughout {
                    // An escape sequence CPython does not know: output as ISO 8859-1 up to its final byte.
                    sink.append(UInt32(c)); i += 1
                    if isFinal(c) { escapeThroughout = false }
                    continue
                }
                switch c {
                case 0x1B:
                    guard i + 1 < b.count else { return SpecificCharacterSet.truncated(replacing, &sink) }
                    let c2 = b[i + 1]
                    if c2 == 0x28 || c2 == 0x29 || c2 == 0x24 || c2 == 0x2E || c2 == 0x26 {
                        switch processEscape(b, at: i, extended: extended) {
                        case .tooFew:
                            return SpecificCharacterSet.truncated(replacing, &sink)
                        case let .failed(width):
                            guard fail(width) else { return false }
                        case let .designated(length, element, charset):
                            if element == 0 { g0 = charset } else if element == 2 { g2 = charset }
                            i += length
                        }
                    } else if extended, c2 == 0x4E {   // ESC N: single shift 2
                        guard i + 2 < b.count else { return SpecificCharacterSet.truncated(replacing, &sink) }
                        let c3 = b[i + 2]
                        var scalar: UInt32?
                        switch g2 {
                        case .iso8859_1: scalar = c3 < 0x80 ? UInt32(c3) + 0x80 : nil
                        case .iso8859_7: scalar = iso8859_7(c3 ^ 0x80)
                        case .ascii: scalar = c3 & 0x80 == 0 ? UInt32(c3) : nil
                        default: scalar = nil   // CPython raises an internal error here.
                        }
                        if let scalar { sink.append(scalar); i += 3 } else { guard fail(3) else { return false } }
                    } else {
                        sink.append(0x1B); i += 1
                        escapeThroughout = true
                    }
                default:
                    if c < 0x20 { sink.append(UInt32(c)); i += 1; continue }   // C0 controls, SI, SO, LF
                    if c >= 0x80 { guard fail(1) else { return false }; continue }
                    switch g0 {
                    case .ascii:
                        sink.append(UInt32(c)); i += 1
                    case .jisRoman:
                        sink.append(c == 0x5C ? 0xA5 : c == 0x7E ? 0x203E : UInt32(c)); i += 1
                    case .iso8859_1, .iso8859_7:
                        guard fail(1) else { return false }
                    case .jisX0208, .jisX0212, .ksX1001, .gb2312:
                        guard i + 1 < b.count else { return SpecificCharacterSet.truncated(replacing, &sink) }
                        let c2 = b[i + 1]
                        let scalar: UInt32
                        switch g0 {
                        case .jisX0208: scalar = CodeTables.lookup94(CodeTables.jisX0208, c, c2)
                        case .jisX0212: scalar = CodeTables.lookup94(CodeTables.jisX0212, c, c2)
                        case .ksX1001: scalar = CodeTables.lookup94(CodeTables.ksX1001, c, c2)
                        default: scalar = CodeTables.lookup94(CodeTables.gb2312, c, c2)
                        }
                        if scalar != 0 { sink.append(scalar); i += 2 } else { guard fail(2) else { return false } }
                    }
                }
            }
            return true
        }

        private enum EscapeResult {
            case tooFew
            case failed(Int)
            case designated(length: Int, element: Int, charset: Charset)
        }

        @inline(__always)
        private static func isFinal(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || c == 0x40 }

        /// CPython `iso2022processesc`.
        private static func processEscape(_ b: UnsafeRawBufferPointer, at start: Int, extended: Bool) -> EscapeResult {
            let left = b.count - start
            var length = 0
            var k = 1
            while k < 16 {
                if k >= left { return .tooFew }
                let x = b[start + k]
                if isFinal(x) { length = k + 1; break }
                // USE_JISX0208_EXT (both codecs): "ESC & @" announces JIS X 0208-1990 and is skipped.
                if k + 1 < left, x == 0x26, b[start + k + 1] == 0x40 { k += 2 }
                k += 1
            }
            var final: UInt8
            var doubleByte: Bool
            var element: Int
            switch length {
            case 0:
                return .failed(1)
            case 3:
                final = b[start + 2]
                if b[start + 1] == 0x24 {
                    doubleByte = true; element = 0
                } else {
                    doubleByte = false
                    switch b[start + 1] {
                    case 0x28: element = 0
                    case 0x29: element = 1
                    case 0x2E where extended: element = 2
                    default: return .failed(3)
                    }
                }
            case 4:
                guard b[start + 1] == 0x24 else { return .failed(4) }
                final = b[start + 3]; doubleByte = true
                switch b[start + 2] {
                case 0x28: element = 0
                case 0x29: element = 1
                default: return .failed(4)
                }
            case 6:
                guard b[start + 3] == 0x1B, b[start + 4] == 0x24, b[start + 5] == 0x42 else { return .failed(6) }
                final = 0x42; doubleByte = true; element = 0
            default:
                return .failed(length)
            }
            let charset: Charset
            switch (final, doubleByte) {
            case (0x42, false): charset = .ascii
            case (0x4A, false): charset = .jisRoman
            case (0x42, true), (0x40, true): charset = .jisX0208
            case (0x44, true) where extended: charset = .jisX0212
            case (0x43, true) where extended: charset = .ksX1001
            case (0x41, true) where extended: charset = .gb2312
            case (0x41, false) where extended: charset = .iso8859_1
            case (0x46, false) where extended: charset = .iso8859_7
            default: return .failed(length)
            }
            return .designated(length: length, element: element, charset: charset)
        }

        /// CPython `ISO8859_7_DECODE` (the 1987 edition CJKCodecs uses for G2).
        private static func iso8859_7(_ c: UInt8) -> UInt32? {
            let v = UInt32(c)
            if c < 0xA0 { return v }
            if c < 0xC0, (0x288F_3BC9 as UInt32) & (1 << (v - 0xA0)) != 0 { return v }
            if c >= 0xB4, c <= 0xFE, c >= 0xD4 || (0xBFFF_FD77 as UInt32) & (1 << (v - 0xB4)) != 0 { return 0x02D0 + v }
            switch c {
            case 0xA1: return 0x2018
            case 0xA2: return 0x2019
            case 0xAF: return 0x2015
            default: return nil
            }
        }
    }

    // MARK: - Encoder

    /// Encodes text segment by segment (segments end at delimiters), switching sets with escape sequences in the way
    /// the decoder above (and pydicom's) reads them back.
    struct TextEncoder {
        /// What the first set encodes without an escape sequence.
        let plain: CodecKind
        /// The first set is the default repertoire (ASCII only when writing).
        let plainIsDefault: Bool
        let delimiters: Delimiters
        /// Designations reachable by escape sequence, in term order.
        let available: [Designation]
        let firstIsShiftJIS: Bool
        var output: [UInt8] = []

        init(codecs: [Codec], extensions: [Designation], delimiters: Delimiters) {
            plain = codecs[0].kind
            plainIsDefault = codecs[0] == .defaultRepertoire
            self.delimiters = delimiters
            available = extensions
            firstIsShiftJIS = plain == .shiftJIS
        }

        mutating func encode(_ text: String) -> [UInt8]? {
            output.reserveCapacity(text.utf8.count + 16)
            var state = Designation.initial
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80, delimiters.contains(UInt8(value)) {
                    endSegment(state)
                    output.append(UInt8(value))
                    state = .initial
                    continue
                }
                if append(value, in: state) { continue }
                guard let next = designation(for: value) else { return nil }
                if state == .jisX0208 || state == .jisX0212 {
                    // Leave a multi-byte G0 explicitly before designating anything else.
                    state = firstIsShiftJIS ? .romaji : .ascii
                    output.append(contentsOf: EscapeSequence.bytes(for: state))
                }
                if next != state {
                    output.append(contentsOf: EscapeSequence.bytes(for: next))
                    state = next
                }
                guard append(value, in: state) else { return nil }
            }
            endSegment(state)
            return output
        }

        /// PS3.5 6.1.2.5.3: the initial G0 set must be active again before a delimiter and at the end of the value.
        private mutating func endSegment(_ state: Designation) {
            if state == .jisX0208 || state == .jisX0212 {
                output.append(contentsOf: EscapeSequence.bytes(for: firstIsShiftJIS ? .romaji : .ascii))
            }
        }

        private func designation(for value: UInt32) -> Designation? {
            if value < 0x80 {
                let ascii: Designation = firstIsShiftJIS ? .romaji : .ascii
                return ascii
            }
            var probe: [UInt8] = []
            return available.first { encode(value, in: $0, into: &probe) }
        }

        private mutating func append(_ value: UInt32, in state: Designation) -> Bool {
            encode(value, in: state, into: &output)
        }

        /// Appends the bytes of `value` in `state`; false (nothing appended) if that set cannot represent it.
        private func encode(_ value: UInt32, in state: Designation, into out: inout [UInt8]) -> Bool {
            switch state {
            case .initial:
                return Self.encodePlain(value, plain, isDefault: plainIsDefault, into: &out)
            case .ascii, .romaji:
                guard value < 0x80 else { return false }
                out.append(UInt8(value))
            case .katakana:
                if value < 0x80 { out.append(UInt8(value)) } else if value >= 0xFF61, value <= 0xFF9F {
                    out.append(UInt8(value - 0xFEC0))
                } else { return false }
            case .latin1G1:
                guard value <= 0xFF else { return false }
                out.append(UInt8(value))
            case let .singleByteG1(set):
                return Self.encodeSingleByte(value, set, into: &out)
            case .jisX0208:
                return Self.appendPair(CodeTables.jisX0208Reverse[value], high: false, into: &out)
            case .jisX0212:
                return Self.appendPair(CodeTables.jisX0212Reverse[value], high: false, into: &out)
            case .ksX1001:
                if value < 0x80 { out.append(UInt8(value)); return true }
                return Self.appendPair(CodeTables.ksX1001Reverse[value], high: true, into: &out)
            case .gb2312:
                if value < 0x80 { out.append(UInt8(value)); return true }
                return Self.appendPair(CodeTables.gb2312Reverse[value], high: true, into: &out)
            }
            return true
        }

        /// The first term's set without any escape sequence.
        private static func encodePlain(_ value: UInt32, _ kind: CodecKind, isDefault: Bool,
                                        into out: inout [UInt8]) -> Bool {
            if value < 0x80 { out.append(UInt8(value)); return true }
            switch kind {
            case .latin1:
                // The default repertoire is ISO-IR 6 (ASCII); pydicom's "iso8859" is lenient on reading only.
                guard !isDefault, value <= 0xFF else { return false }
                out.append(UInt8(value))
            case .ascii, .iso2022JP, .iso2022JP2:
                return false
            case .utf8:
                guard let scalar = Unicode.Scalar(value) else { return false }
                out.append(contentsOf: String(Character(scalar)).utf8)
            case let .singleByte(set):
                return encodeSingleByte(value, set, into: &out)
            case .shiftJIS:
                guard value >= 0xFF61, value <= 0xFF9F else { return false }
                out.append(UInt8(value - 0xFEC0))
            case .eucKR:
                return appendPair(CodeTables.ksX1001Reverse[value], high: true, into: &out)
            case .gb2312:
                return appendPair(CodeTables.gb2312Reverse[value], high: true, into: &out)
            case .gbk:
                guard let code = CodeTables.gbkReverse[value] else { return false }
                out.append(UInt8(code >> 8)); out.append(UInt8(code & 0xFF))
            case .gb18030:
                if let code = CodeTables.gb18030TwoByteReverse[value] {
                    out.append(UInt8(code >> 8)); out.append(UInt8(code & 0xFF))
                } else if let lseq = CodeTables.gb18030FourByteReverse[value] {
                    out.append(contentsOf: CodeTables.gb18030FourBytes(lseq))
                } else if value >= 0x10000, value <= 0x10FFFF {
                    out.append(contentsOf: CodeTables.gb18030FourBytes(Int(value) - 0x10000 + 15 * 12600))
                } else {
                    return false
                }
            }
            return true
        }

        private static func encodeSingleByte(_ value: UInt32, _ set: SingleByteSet, into out: inout [UInt8]) -> Bool {
            if value < 0x80 { out.append(UInt8(value)); return true }
            guard let byte = CodeTables.highHalfReverse(set)[value] else { return false }
            out.append(byte)
            return true
        }

        /// Appends a 94×94 code as two 7-bit bytes (G0) or with the high bit set (G1 / EUC).
        private static func appendPair(_ code: UInt16?, high: Bool, into out: inout [UInt8]) -> Bool {
            guard let code else { return false }
            let flag: UInt8 = high ? 0x80 : 0
            out.append(UInt8(code >> 8) | flag)
            out.append(UInt8(code & 0xFF) | flag)
            return true
        }
    }
}
