import XCTest
@testable import DICOM

/// Specific Character Set decoding and encoding. Expected strings come from pydicom 3.0.2 (CPython 3.11 codecs)
/// on its `data/charset_files/*.dcm` and on the constructed cases below; they are hard-coded so no Python is needed.
final class SpecificCharacterSetTests: XCTestCase {
    /// Bytes from a hex string (test data only).
    private func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    /// Compares code point by code point: `String ==` treats canonically equivalent strings as equal.
    private func assertSameText(_ actual: [String], _ expected: [String], _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.map { $0.unicodeScalars.map(\.value) }, expected.map { $0.unicodeScalars.map(\.value) },
                       "\(message): \(actual) vs \(expected)", file: file, line: line)
    }

    /// What pydicom stores for a decoded element: values split at backslash (not LT/ST/UT), trailing spaces and NULs
    /// removed, and for PN trailing empty component groups dropped.
    private func pydicomValues(_ text: String, _ vr: VR) -> [String] {
        func rstrip(_ s: Substring) -> String {
            var s = s
            while let last = s.last, last == " " || last == "\0" { s = s.dropLast() }
            return String(s)
        }
        if vr.isSingleValuedText { return [rstrip(Substring(text))] }
        let values = rstrip(Substring(text)).split(separator: "\\", omittingEmptySubsequences: false).map(rstrip)
        guard vr == .PN else { return values }
        return values.map { value in
            var groups = value.split(separator: "=", omittingEmptySubsequences: false)
            while let last = groups.last, last.isEmpty { groups.removeLast() }
            return groups.joined(separator: "=")
        }
    }

    private struct FileCase {
        let file: String, element: String, terms: [String], vr: VR, raw: String, values: [String]
    }

    /// Text elements of pydicom's charset test files: raw value bytes and pydicom's decoded values.
    private let fileCases: [FileCase] = [
        FileCase(file: "chrArab.dcm", element: "PatientName",
                 terms: ["ISO_IR 127"], vr: .PN,
                 raw: "e2c8c7e6ea5ee4e6d2c7d120",
                 values: ["\u{642}\u{628}\u{627}\u{646}\u{64A}^\u{644}\u{646}\u{632}\u{627}\u{631}"]),
        FileCase(file: "chrArab.dcm", element: "PatientID",
                 terms: ["ISO_IR 127"], vr: .LO,
                 raw: "5343534152414220",
                 values: ["SCSARAB"]),
        FileCase(file: "chrFren.dcm", element: "PatientName",
                 terms: ["ISO_IR 100"], vr: .PN,
                 raw: "4275635e4ae972f46d65",
                 values: ["Buc^Jérôme"]),
        FileCase(file: "chrFren.dcm", element: "PatientID",
                 terms: ["ISO_IR 100"], vr: .LO,
                 raw: "5343534652454e20",
                 values: ["SCSFREN"]),
        FileCase(file: "chrFrenMulti.dcm", element: "OtherPatientIDs",
                 terms: ["ISO_IR 100"], vr: .LO,
                 raw: "656767735c7370616d20",
                 values: ["eggs", "spam"]),
        FileCase(file: "chrFrenMulti.dcm", element: "OtherPatientNames",
                 terms: ["ISO_IR 100"], vr: .PN,
                 raw: "4275635e4ae972f46d655c4275635e4ae972f46d6520",
                 values: ["Buc^Jérôme", "Buc^Jérôme"]),
        FileCase(file: "chrGerm.dcm", element: "PatientName",
                 terms: ["ISO_IR 100"], vr: .PN,
                 raw: "c46e6561735e52fc646967657220",
                 values: ["Äneas^Rüdiger"]),
        FileCase(file: "chrGerm.dcm", element: "PatientID",
                 terms: ["ISO_IR 100"], vr: .LO,
                 raw: "5343534745524d20",
                 values: ["SCSGERM"]),
        FileCase(file: "chrGreek.dcm", element: "PatientName",
                 terms: ["ISO_IR 126"], vr: .PN,
                 raw: "c4e9efedf5f3e9eff220",
                 values: ["Διονυσιος"]),
        FileCase(file: "chrGreek.dcm", element: "PatientID",
                 terms: ["ISO_IR 126"], vr: .LO,
                 raw: "534353475245454b",
                 values: ["SCSGREEK"]),
        FileCase(file: "chrH31.dcm", element: "PatientName",
                 terms: ["", "ISO 2022 IR 87"], vr: .PN,
                 raw: "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464"
                   + "245e24401b28425e1b2442243f246d24261b2842",
                 values: ["Yamada^Tarou=山田^太郎=やまだ^たろう"]),
        FileCase(file: "chrH31.dcm", element: "PatientID",
                 terms: ["", "ISO 2022 IR 87"], vr: .LO,
                 raw: "4833314558414d504c45",
                 values: ["H31EXAMPLE"]),
        FileCase(file: "chrH32.dcm", element: "PatientName",
                 terms: ["ISO 2022 IR 13", "ISO 2022 IR 87"], vr: .PN,
                 raw: "d4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e2440"
                   + "1b284a5e1b2442243f246d24261b284a",
                 values: ["ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"]),
        FileCase(file: "chrH32.dcm", element: "PatientID",
                 terms: ["ISO 2022 IR 13", "ISO 2022 IR 87"], vr: .LO,
                 raw: "4833324558414d504c45",
                 values: ["H32EXAMPLE"]),
        FileCase(file: "chrHbrw.dcm", element: "PatientName",
                 terms: ["ISO_IR 138"], vr: .PN,
                 raw: "f9f8e5ef5ee3e1e5f8e4",
                 values: ["\u{5E9}\u{5E8}\u{5D5}\u{5DF}^\u{5D3}\u{5D1}\u{5D5}\u{5E8}\u{5D4}"]),
        FileCase(file: "chrHbrw.dcm", element: "PatientID",
                 terms: ["ISO_IR 138"], vr: .LO,
                 raw: "5343534842525720",
                 values: ["SCSHBRW"]),
        FileCase(file: "chrI2.dcm", element: "PatientName",
                 terms: ["", "ISO 2022 IR 149"], vr: .PN,
                 raw: "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943"
                   + "b1e6b5bf",
                 values: ["Hong^Gildong=洪^吉洞=홍^길동"]),
        FileCase(file: "chrI2.dcm", element: "PatientID",
                 terms: ["", "ISO 2022 IR 149"], vr: .LO,
                 raw: "49324558414d504c4520",
                 values: ["I2EXAMPLE"]),
        FileCase(file: "chrJapMulti.dcm", element: "PatientName",
                 terms: ["", "ISO 2022 IR 87"], vr: .PN,
                 raw: "1b24422464245e24401b28425e1b2442243f246d24261b284220",
                 values: ["やまだ^たろう"]),
        FileCase(file: "chrJapMulti.dcm", element: "PatientID",
                 terms: ["", "ISO 2022 IR 87"], vr: .LO,
                 raw: "323030382d34",
                 values: ["2008-4"]),
        FileCase(file: "chrJapMulti.dcm", element: "OtherPatientNames",
                 terms: ["", "ISO 2022 IR 87"], vr: .PN,
                 raw: "1b24422464245e24401b28425e1b2442243f246d24261b28425c1b24422464245e24401b28425e1b"
                   + "2442243f246d24261b284220",
                 values: ["やまだ^たろう", "やまだ^たろう"]),
        FileCase(file: "chrJapMulti.dcm", element: "AdditionalPatientHistory",
                 terms: ["", "ISO 2022 IR 87"], vr: .LT,
                 raw: "1b2442243f246d24261b2842",
                 values: ["たろう"]),
        FileCase(file: "chrJapMulti.dcm", element: "(private)",
                 terms: ["", "ISO 2022 IR 87"], vr: .SH,
                 raw: "45433d302e30305c4c523d302e30305c4d433d332e35305c4e523d332e30305c4d44303d2d302e34"
                   + "3030305c4d44313d302e323030305c46413d435c46503d302e313030305c42414c414e43453d305c"
                   + "4d4c4d494e3d302e353030305c4d4c4d41583d322e353030305c4d464f433d302e3530303020",
                 values: [
                     "EC=0.00",
                     "LR=0.00",
                     "MC=3.50",
                     "NR=3.00",
                     "MD0=-0.4000",
                     "MD1=0.2000",
                     "FA=C",
                     "FP=0.1000",
                     "BALANCE=0",
                     "MLMIN=0.5000",
                     "MLMAX=2.5000",
                     "MFOC=0.5000",
                 ]),
        FileCase(file: "chrJapMultiExplicitIR6.dcm", element: "PatientName",
                 terms: ["ISO 2022 IR 6", "ISO 2022 IR 87"], vr: .PN,
                 raw: "1b24422464245e24401b28425e1b2442243f246d24261b284220",
                 values: ["やまだ^たろう"]),
        FileCase(file: "chrJapMultiExplicitIR6.dcm", element: "PatientID",
                 terms: ["ISO 2022 IR 6", "ISO 2022 IR 87"], vr: .LO,
                 raw: "323030382d34",
                 values: ["2008-4"]),
        FileCase(file: "chrJapMultiExplicitIR6.dcm", element: "OtherPatientNames",
                 terms: ["ISO 2022 IR 6", "ISO 2022 IR 87"], vr: .PN,
                 raw: "1b24422464245e24401b28425e1b2442243f246d24261b28425c1b24422464245e24401b28425e1b"
                   + "2442243f246d24261b284220",
                 values: ["やまだ^たろう", "やまだ^たろう"]),
        FileCase(file: "chrJapMultiExplicitIR6.dcm", element: "AdditionalPatientHistory",
                 terms: ["ISO 2022 IR 6", "ISO 2022 IR 87"], vr: .LT,
                 raw: "1b2442243f246d24261b2842",
                 values: ["たろう"]),
        FileCase(file: "chrJapMultiExplicitIR6.dcm", element: "(private)",
                 terms: ["ISO 2022 IR 6", "ISO 2022 IR 87"], vr: .SH,
                 raw: "45433d302e30305c4c523d302e30305c4d433d332e35305c4e523d332e30305c4d44303d2d302e34"
                   + "3030305c4d44313d302e323030305c46413d435c46503d302e313030305c42414c414e43453d305c"
                   + "4d4c4d494e3d302e353030305c4d4c4d41583d322e353030305c4d464f433d302e3530303020",
                 values: [
                     "EC=0.00",
                     "LR=0.00",
                     "MC=3.50",
                     "NR=3.00",
                     "MD0=-0.4000",
                     "MD1=0.2000",
                     "FA=C",
                     "FP=0.1000",
                     "BALANCE=0",
                     "MLMIN=0.5000",
                     "MLMAX=2.5000",
                     "MFOC=0.5000",
                 ]),
        FileCase(file: "chrKoreanMulti.dcm", element: "OperatorsName",
                 terms: ["", "ISO 2022 IR 149"], vr: .PN,
                 raw: "1b242943b1e8c8f1c1df1b284220",
                 values: ["김희중"]),
        FileCase(file: "chrKoreanMulti.dcm", element: "PatientID",
                 terms: ["", "ISO 2022 IR 149"], vr: .LO,
                 raw: "323030382d33",
                 values: ["2008-3"]),
        FileCase(file: "chrKoreanMulti.dcm", element: "OtherPatientNames",
                 terms: ["", "ISO 2022 IR 149"], vr: .PN,
                 raw: "1b242943b1e8c8f1c1df1b28425c1b242943b1e8c8f1c1df1b284220",
                 values: ["김희중", "김희중"]),
        FileCase(file: "chrKoreanMulti.dcm", element: "AdditionalPatientHistory",
                 terms: ["", "ISO 2022 IR 149"], vr: .LT,
                 raw: "1b242943b1e8c8f1c1df1b284220",
                 values: ["김희중"]),
        FileCase(file: "chrKoreanMulti.dcm", element: "(private)",
                 terms: ["", "ISO 2022 IR 149"], vr: .SH,
                 raw: "45433d302e30305c4c523d302e30305c4d433d332e35305c4e523d332e30305c4d44303d2d302e34"
                   + "3030305c4d44313d302e323030305c46413d435c46503d302e313030305c42414c414e43453d305c"
                   + "4d4c4d494e3d302e353030305c4d4c4d41583d322e353030305c4d464f433d302e3530303020",
                 values: [
                     "EC=0.00",
                     "LR=0.00",
                     "MC=3.50",
                     "NR=3.00",
                     "MD0=-0.4000",
                     "MD1=0.2000",
                     "FA=C",
                     "FP=0.1000",
                     "BALANCE=0",
                     "MLMIN=0.5000",
                     "MLMAX=2.5000",
                     "MFOC=0.5000",
                 ]),
        FileCase(file: "chrRuss.dcm", element: "PatientName",
                 terms: ["ISO_IR 144"], vr: .PN,
                 raw: "bbeeda6365dcd17970d3",
                 values: ["Люкceмбypг"]),
        FileCase(file: "chrRuss.dcm", element: "PatientID",
                 terms: ["ISO_IR 144"], vr: .LO,
                 raw: "5343535255535320",
                 values: ["SCSRUSS"]),
        FileCase(file: "chrSQEncoding.dcm", element: "PatientName",
                 terms: ["ISO 2022 IR 13", "ISO 2022 IR 87"], vr: .PN,
                 raw: "d4cfc0de5ec0dbb33d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e2440"
                   + "1b28425e1b2442243f246d24261b2842",
                 values: ["ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"]),
        FileCase(file: "chrX1.dcm", element: "PatientName",
                 terms: ["ISO_IR 192"], vr: .PN,
                 raw: "57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d20",
                 values: ["Wang^XiaoDong=王^小東"]),
        FileCase(file: "chrX1.dcm", element: "PatientID",
                 terms: ["ISO_IR 192"], vr: .LO,
                 raw: "58314558414d504c4520",
                 values: ["X1EXAMPLE"]),
        FileCase(file: "chrX2.dcm", element: "PatientName",
                 terms: ["GB18030"], vr: .PN,
                 raw: "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d",
                 values: ["Wang^XiaoDong=王^小东"]),
        FileCase(file: "chrX2.dcm", element: "PatientID",
                 terms: ["GB18030"], vr: .LO,
                 raw: "58324558414d504c4520",
                 values: ["X2EXAMPLE"]),
    ]

    func testPydicomCharsetFiles() {
        for c in fileCases {
            let cs = SpecificCharacterSet(terms: c.terms)
            let decoded = cs.decode(hex(c.raw), vr: c.vr)
            assertSameText(pydicomValues(decoded, c.vr), c.values, "\(c.file) \(c.element)")
        }
    }

    func testPatientNamesFromTheStandard() {
        // PS3.5 Annexes H, I and J, as stored in chrH31, chrH32, chrI2, chrX1, chrX2 (padding removed).
        let names: [([String], String, String)] = [
            (["", "ISO 2022 IR 87"],
             "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464"
                + "245e24401b28425e1b2442243f246d24261b2842",
             "Yamada^Tarou=山田^太郎=やまだ^たろう"),
            (["ISO 2022 IR 13", "ISO 2022 IR 87"],
             "d4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e2440"
                + "1b284a5e1b2442243f246d24261b284a",
             "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
            (["", "ISO 2022 IR 149"],
             "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf",
             "Hong^Gildong=洪^吉洞=홍^길동"),
            (["ISO_IR 192"], "57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d", "Wang^XiaoDong=王^小東="),
            (["GB18030"], "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d", "Wang^XiaoDong=王^小东="),
        ]
        for (terms, raw, text) in names {
            let cs = SpecificCharacterSet(terms: terms)
            assertSameText([cs.decode(hex(raw), vr: .PN)], [text], "\(terms)")
            // Encoding reproduces the standard's bytes exactly.
            XCTAssertEqual(cs.encode(text, vr: .PN), hex(raw), "\(terms)")
        }
    }

    func testFileValuesRoundTrip() {
        for c in fileCases {
            let cs = SpecificCharacterSet(terms: c.terms)
            let decoded = cs.decode(hex(c.raw), vr: c.vr)
            guard let encoded = cs.encode(decoded, vr: c.vr) else {
                XCTFail("cannot encode \(c.file) \(c.element)")
                continue
            }
            XCTAssertEqual(cs.decode(encoded, vr: c.vr), decoded, "\(c.file) \(c.element)")
        }
    }

    /// Constructed values: (what, terms, VR, raw bytes, what pydicom's `decode_bytes` returns with the VR's
    /// delimiters).
    private let constructedCases: [(String, [String], VR, String, String)] = [
        ("GBK",
         ["GBK"], .PN, "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d",
         "Wang^XiaoDong=王^小东="),
        ("GBK extension outside GB 2312",
         ["GBK"], .LO, "8140fe4f",
         "丂﨩"),
        ("GBK single 0x80 is not a euro sign",
         ["GBK"], .LO, "618062",
         "a\u{FFFD}b"),
        ("ISO 2022 GBK",
         ["ISO 2022 GBK"], .PN, "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d",
         "Wang^XiaoDong=王^小东="),
        ("GB18030 two-byte kept in PUA like CPython",
         ["GB18030"], .LO, "a6d9fe51",
         "\u{E78D}\u{E816}"),
        ("GB18030 four-byte BMP and supplementary",
         ["GB18030"], .LO, "813081308431823690308130",
         "\u{80}︐𐀀"),
        ("GB18030 truncated four-byte",
         ["GB18030"], .LO, "6162813081",
         "ab\u{FFFD}"),
        ("unknown term falls back to default (Latin-1 reading)",
         ["ISO_IR 999"], .PN, "4275635e4ae972f46d65",
         "Buc^Jérôme"),
        ("unknown first term, known extension",
         ["FOO", "ISO 2022 IR 126"], .PN, "1b2d46c4e9efedf5f3e9eff2",
         "Διονυσιος"),
        ("misspelt ISO IR 192",
         ["ISO IR 192"], .LO, "4772c3bcc39f65",
         "Grüße"),
        ("misspelt ISO-IR 100",
         ["ISO-IR 100"], .LO, "4ae972f46d65",
         "Jérôme"),
        ("misspelt ISO_2022_IR_87",
         ["", "ISO_2022_IR_87"], .PN, "1b24423b3345441b2842",
         "山田"),
        ("misspelt with unknown number",
         ["ISO IR 999"], .LO, "e9",
         "é"),
        ("Python codec name latin1",
         ["latin1"], .LO, "4ae972f46d65",
         "Jérôme"),
        ("Python codec name cp1252",
         ["cp1252"], .LO, "80209c",
         "€ œ"),
        ("Python codec name utf-8",
         ["utf-8"], .LO, "4772c3bcc39f65",
         "Grüße"),
        ("ISO_IR 192 first drops the others",
         ["ISO_IR 192", "ISO 2022 IR 100"], .LO, "4772c3bcc39f65",
         "Grüße"),
        ("ISO_IR 192 not first is dropped",
         ["ISO 2022 IR 100", "ISO_IR 192"], .LO, "4772fcdf65",
         "Grüße"),
        ("empty first term with extension, no escape: Latin-1",
         ["", "ISO 2022 IR 100"], .LO, "4ae972f46d65",
         "Jérôme"),
        ("Latin-1 extension behind ESC - A",
         ["", "ISO 2022 IR 100"], .LO, "4a1b2d41e972f46d65",
         "Jérôme"),
        ("escape for a set not among the terms",
         ["", "ISO 2022 IR 100"], .LO, "611b2d46e162",
         "a\u{1B}-Fáb"),
        ("unknown escape sequence",
         ["", "ISO 2022 IR 100"], .LO, "6162631b2d5ae97a",
         "abc\u{1B}-Zéz"),
        ("ESC at the end",
         ["", "ISO 2022 IR 87"], .LO, "6162631b",
         "abc\u{1B}"),
        ("incomplete escape",
         ["", "ISO 2022 IR 87"], .LO, "6162631b24",
         "abc\u{1B}$"),
        ("Greek extension reset at backslash (LO)",
         ["ISO 2022 IR 100", "ISO 2022 IR 126"], .LO, "1b2d46e15ce1",
         "α\\á"),
        ("Greek extension not reset at backslash (LT)",
         ["ISO 2022 IR 100", "ISO 2022 IR 126"], .LT, "1b2d46e15ce1",
         "α\\α"),
        ("Greek extension reset at caret (PN) and CR (LT)",
         ["ISO 2022 IR 100", "ISO 2022 IR 126"], .PN, "1b2d46e15ee1",
         "α^á"),
        ("Greek extension reset at CR",
         ["ISO 2022 IR 100", "ISO 2022 IR 126"], .LT, "1b2d46e10d0ae1",
         "α\u{D}\u{A}á"),
        ("JIS X 0208 stays active across LF like CPython",
         ["", "ISO 2022 IR 87"], .LT, "1b24423b330a3b331b2842",
         "山\u{A}山"),
        ("JIS X 0208 run broken by a space",
         ["", "ISO 2022 IR 87"], .LO, "1b24423b33201b2842",
         "\u{1B}$B;3 "),
        ("ISO 2022 IR 87 as the only term",
         ["ISO 2022 IR 87"], .PN, "59616d6164615e1b24423b3345441b2842",
         "Yamada^山田"),
        ("ISO_IR 13 romaji and katakana",
         ["ISO_IR 13"], .LO, "5c7eb1df",
         "\\~ｱﾟ"),
        ("ISO_IR 13 reads Shift_JIS kanji like CPython",
         ["ISO_IR 13"], .LO, "889f",
         "亜"),
        ("ISO_IR 13 bad bytes",
         ["ISO_IR 13"], .LO, "6180a062",
         "a\u{FFFD}\u{FFFD}b"),
        ("JIS X 0212",
         ["", "ISO 2022 IR 159"], .PN, "1b242844302122371b2842",
         "丂~"),
        ("JIS X 0212 needs IR 159 among the terms",
         ["", "ISO 2022 IR 87"], .PN, "1b24284430211b2842",
         "\u{1B}$(D0!"),
        ("KS X 1001 make-up sequence",
         ["", "ISO 2022 IR 149"], .LO, "1b242943a4d4a4a1a4bfa4d4",
         "가"),
        ("KS X 1001 bad bytes: whole part as Latin-1",
         ["", "ISO 2022 IR 149"], .LO, "1b242943b1e8a2e8",
         "\u{1B}$)C±è¢è"),
        ("UTF-8 bad bytes",
         ["ISO_IR 192"], .PN, "fffe616263eda080e282",
         "\u{FFFD}\u{FFFD}abc\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("ISO 8859-7 undefined byte",
         ["ISO_IR 126"], .LO, "c4ae",
         "Δ\u{FFFD}"),
        ("TIS-620 keeps C1 controls",
         ["ISO_IR 166"], .LO, "85a1",
         "\u{85}ก"),
        ("Arabic, Hebrew, Cyrillic, Latin-5, Latin-2/3/4 extensions",
         [
             "ISO 2022 IR 6",
             "ISO 2022 IR 127",
             "ISO 2022 IR 138",
             "ISO 2022 IR 144",
             "ISO 2022 IR 148",
             "ISO 2022 IR 101",
             "ISO 2022 IR 109",
             "ISO 2022 IR 110",
             "ISO 2022 IR 166",
         ], .LO, "1b2d47e21b2d48f91b2d4cbb1b2d4dfd1b2d42b11b2d43a11b2d44a21b2d54a1",
         "\u{642}\u{5E9}ЛıąĦĸก"),
    ]

    func testConstructedCasesMatchPydicom() {
        for (what, terms, vr, raw, expected) in constructedCases {
            let cs = SpecificCharacterSet(terms: terms)
            assertSameText([cs.decode(hex(raw), vr: vr)], [expected], what)
            // The UnsafeRawBufferPointer entry point gives the same.
            let viaPointer = hex(raw).withUnsafeBytes { cs.decode($0, vr: vr) }
            assertSameText([viaPointer], [expected], what)
        }
    }

    /// Where this type follows the standard instead of pydicom 3.0.2.
    func testDeliberateDeviationsFromPydicom() {
        let cases: [(String, [String], VR, String, String)] = [
            ("ISO 2022 IR 58 (pydicom keeps ESC $ ) A in the text)",
             ["", "ISO 2022 IR 58"], .PN, "5a68616e675e5869616f446f6e673d1b242941d5c55e1b242941d0a1b6ab3d",
             "Zhang^XiaoDong=张^小东="),
            ("ISO_IR 203 (pydicom does not know it)",
             ["ISO_IR 203"], .LO, "a4bd",
             "€œ"),
            ("ISO 2022 IR 203",
             ["", "ISO 2022 IR 203"], .LO, "611b2d62a4",
             "a€"),
        ]
        for (what, terms, vr, raw, expected) in cases {
            let cs = SpecificCharacterSet(terms: terms)
            assertSameText([cs.decode(hex(raw), vr: vr)], [expected], what)
            XCTAssertEqual(cs.encode(expected, vr: vr), hex(raw), what)
        }
    }

    func testVRsWithoutSpecificCharacterSetUseTheDefaultRepertoire() {
        let cs = SpecificCharacterSet(terms: ["ISO_IR 192"])
        // pydicom reads these VRs as ISO 8859-1 whatever (0008,0005) says.
        XCTAssertEqual(cs.decode([0x41, 0xE9], vr: .CS), "A\u{E9}")
        XCTAssertEqual(cs.decode([0xC3, 0xA9], vr: .AE), "\u{C3}\u{A9}")
        XCTAssertEqual(cs.decode(Array("1.2.840".utf8), vr: .UI), "1.2.840")
        XCTAssertEqual(cs.encode("ABC", vr: .CS), Array("ABC".utf8))
        XCTAssertNil(cs.encode("\u{E9}", vr: .CS))
    }

    func testTermsAndDefault() {
        XCTAssertTrue(SpecificCharacterSet.default.isDefault)
        XCTAssertEqual(SpecificCharacterSet.default.terms, [])
        XCTAssertTrue(SpecificCharacterSet(terms: [""]).isDefault)
        XCTAssertTrue(SpecificCharacterSet(terms: ["ISO_IR 6"]).isDefault)
        XCTAssertTrue(SpecificCharacterSet(terms: ["ISO 2022 IR 6"]).isDefault)
        XCTAssertTrue(SpecificCharacterSet(terms: ["NOT A CHARSET"]).isDefault)
        XCTAssertFalse(SpecificCharacterSet(terms: ["ISO_IR 100"]).isDefault)
        XCTAssertFalse(SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"]).isDefault)
        XCTAssertEqual(SpecificCharacterSet(terms: [" ISO_IR 100 ", "ISO 2022 IR 87\0"]).terms,
                       ["ISO_IR 100", "ISO 2022 IR 87"])
        XCTAssertEqual(SpecificCharacterSet(terms: ["ISO_IR 100 "]), SpecificCharacterSet(terms: ["ISO_IR 100"]))
        XCTAssertNotEqual(SpecificCharacterSet(terms: ["ISO_IR 100"]), SpecificCharacterSet(terms: ["ISO_IR 101"]))
        let set: Set<SpecificCharacterSet> = [
            SpecificCharacterSet(terms: ["GBK"]), SpecificCharacterSet(terms: ["GBK "]),
        ]
        XCTAssertEqual(set.count, 1)
    }

    func testEveryDefinedTermRoundTrips() {
        // A sample of each repertoire (PS3.3 Tables C.12-2 to C.12-5).
        let samples: [([String], String)] = [
            (["ISO_IR 100"], "Jérôme Äneas ß"),
            (["ISO_IR 101"], "Łódź Čapek"),
            (["ISO_IR 109"], "Ħal Ġarġur"),
            (["ISO_IR 110"], "Ąžuolas ŗ"),
            (["ISO_IR 144"], "Люксембург"),
            (["ISO_IR 127"], "قباني"),
            (["ISO_IR 126"], "Διονυσιος"),
            (["ISO_IR 138"], "שרון"),
            (["ISO_IR 148"], "İstanbul ğ"),
            (["ISO_IR 203"], "€ œ Ÿ"),
            (["ISO_IR 13"], "ﾔﾏﾀﾞ^ﾀﾛｳ"),
            (["ISO_IR 166"], "ภาษาไทย"),
            (["ISO_IR 192"], "Grüße 山田 😀"),
            (["GB18030"], "王小东 😀 €"),
            (["GBK"], "王小东 丂"),
            (["ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110",
              "ISO 2022 IR 144", "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148",
              "ISO 2022 IR 203", "ISO 2022 IR 166"],
             "é Ł Ħ ŗ Л ق Δ ש İ € ภ"),
            (["", "ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"], "ﾔﾏﾀﾞ 山田 丂"),
            (["", "ISO 2022 IR 149"], "홍길동 洪"),
            (["", "ISO 2022 IR 58"], "张小东"),
        ]
        for (terms, text) in samples {
            let cs = SpecificCharacterSet(terms: terms)
            for vr in [VR.PN, .LO, .LT] {
                guard let bytes = cs.encode(text, vr: vr) else {
                    XCTFail("cannot encode \(text) with \(terms)")
                    continue
                }
                XCTAssertEqual(cs.decode(bytes, vr: vr), text, "\(terms) \(vr)")
            }
        }
    }

    func testEncodingRestoresTheInitialSetAtDelimiters() {
        let cs = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        // ESC $ B ... ESC ( B before "^" and "=", as in PS3.5 Example H.3.1.
        XCTAssertEqual(cs.encode("山田^太郎", vr: .PN), hex("1b24423b3345441b28425e1b244242404f3a1b2842"))
        let greek = SpecificCharacterSet(terms: ["ISO 2022 IR 6", "ISO 2022 IR 126"])
        // After CR LF the Greek set has to be designated again.
        XCTAssertEqual(greek.encode("α\r\nα", vr: .LT), hex("1b2d46e10d0a1b2d46e1"))
        XCTAssertEqual(greek.decode(hex("1b2d46e10d0a1b2d46e1"), vr: .LT), "α\r\nα")
    }

    func testEncodingFailures() {
        XCTAssertNil(SpecificCharacterSet.default.encode("Jérôme", vr: .PN))
        XCTAssertNil(SpecificCharacterSet(terms: ["ISO_IR 100"]).encode("山田", vr: .PN))
        XCTAssertNil(SpecificCharacterSet(terms: ["ISO_IR 192"]).encode("a\u{1B}b", vr: .LO))
        // Only in KS X 1001 Annex 3 make-up form, which DICOM readers do not expect.
        XCTAssertNil(SpecificCharacterSet(terms: ["", "ISO 2022 IR 149"]).encode("\u{AC0B}", vr: .LO))
        XCTAssertNil(SpecificCharacterSet(terms: ["GBK"]).encode("😀", vr: .LO))
        XCTAssertEqual(SpecificCharacterSet.default.encode("Doe^John", vr: .PN), Array("Doe^John".utf8))
    }

    func testArbitraryBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let termSets: [[String]] = [
            [], ["ISO_IR 192"], ["GB18030"], ["GBK"], ["ISO_IR 13"], ["ISO_IR 166"],
            ["", "ISO 2022 IR 87", "ISO 2022 IR 159"], ["ISO 2022 IR 13", "ISO 2022 IR 87"], ["", "ISO 2022 IR 149"],
            ["", "ISO 2022 IR 58"], ["ISO 2022 IR 87"], ["iso2022_jp_2"], ["ISO 2022 IR 100", "ISO 2022 IR 126"],
        ]
        let pieces: [[UInt8]] = [
            [0x1B], [0x1B, 0x24, 0x42], [0x1B, 0x24, 0x28, 0x44], [0x1B, 0x24, 0x29, 0x43], [0x1B, 0x28, 0x4A],
            [0x1B, 0x2E, 0x41], [0x1B, 0x4E], [0x1B, 0x26, 0x40], [0x5E], [0x0A],
        ]
        let sets = termSets.map { SpecificCharacterSet(terms: $0) }
        for _ in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                if Bool.random(using: &generator), let piece = pieces.randomElement(using: &generator) {
                    bytes += piece
                } else {
                    bytes.append(UInt8.random(in: 0...255, using: &generator))
                }
            }
            for cs in sets {
                for vr in [VR.PN, .LO, .LT, .CS] {
                    let text = cs.decode(bytes, vr: vr)
                    // Whatever decodes must re-encode to the same text, or be refused.
                    if let again = cs.encode(text, vr: vr), cs.decode(again, vr: vr) != text {
                        XCTFail("\(cs.terms) \(vr) \(bytes)")
                    }
                }
            }
        }
    }

    func testConcurrentFirstUseOfTables() {
        let values: [([String], String)] = [
            (["", "ISO 2022 IR 87"], "1b24423b3345441b2842"), (["", "ISO 2022 IR 149"], "1b242943fbf3"),
            (["GB18030"], "cdf5"), (["GBK"], "8140"), (["ISO_IR 13"], "889f"),
            (["", "ISO 2022 IR 159"], "1b24284430211b2842"),
            (["ISO_IR 144"], "bb"), (["", "ISO 2022 IR 58"], "1b242941d5c5"),
        ]
        let expected = ["山田", "洪", "王", "丂", "亜", "丂", "Л", "张"]
        let cases = values.map { (SpecificCharacterSet(terms: $0.0), hex($0.1)) }
        final class Tally: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func add() { lock.lock(); count += 1; lock.unlock() }
            var value: Int { lock.lock(); defer { lock.unlock() }; return count }
        }
        let matches = Tally()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let (cs, bytes) = cases[i % cases.count]
            if cs.decode(bytes, vr: .LO) == expected[i % cases.count] { matches.add() }
        }
        XCTAssertEqual(matches.value, 64)
    }

    func testCodeTablesWereBuilt() {
        // iconv (and its gconv modules) must be available; an empty table would decode everything as U+FFFD.
        let tables = SpecificCharacterSet.CodeTables.self
        XCTAssertEqual(tables.lookup94(tables.jisX0208, 0x3B, 0x33), 0x5C71)
        XCTAssertEqual(tables.lookup94(tables.jisX0212, 0x22, 0x37), 0x7E)
        XCTAssertEqual(tables.lookup94(tables.ksX1001, 0x22, 0x68), 0)
        XCTAssertEqual(tables.lookup94(tables.gb2312, 0x55, 0x45), 0x5F20)
        XCTAssertEqual(tables.lookupGBK(tables.gbk, 0x81, 0x40), 0x4E02)
        XCTAssertEqual(tables.highHalf(.iso8859_7)[0x44], 0x0394)
    }
}
