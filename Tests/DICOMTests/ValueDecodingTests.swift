import XCTest
@testable import DICOM

final class ValueDecodingTests: XCTestCase {
    private func dataSet(_ elements: [(Tag, VR, [UInt8])], littleEndian: Bool = true) -> DataSet {
        DataSet(elements: elements.map { DataElement(tag: $0.0, vr: $0.1, value: .bytes(ByteSlice(copying: $0.2))) },
                isLittleEndian: littleEndian)
    }

    func testStringsAreSplitAtBackslashAndLoseTrailingPadding() {
        let ds = dataSet([(Tag(0x0008, 0x0008), .CS, Array("ORIGINAL\\PRIMARY\\AXIAL ".utf8)),
                          (Tag(0x0008, 0x0018), .UI, Array("1.2.3\0".utf8)),
                          (Tag(0x0008, 0x1030), .LO, Array("Chest \\Abdomen ".utf8))])
        XCTAssertEqual(ds.strings(Tag(0x0008, 0x0008)), ["ORIGINAL", "PRIMARY", "AXIAL"])
        XCTAssertEqual(ds.string(Tag(0x0008, 0x0018)), "1.2.3")
        XCTAssertEqual(ds.strings(Tag(0x0008, 0x1030)), ["Chest", "Abdomen"])
    }

    func testBackslashIsTextInLongText() {
        let ds = dataSet([(Tag(0x4000, 0x4000), .LT, Array("a\\b  ".utf8))])
        XCTAssertEqual(ds.strings(Tag(0x4000, 0x4000)), ["a\\b"])
    }

    func testDecimalStringsFollowTheDSGrammar() {
        XCTAssertTrue(DecimalString.isValid("-1.5e+03"))
        XCTAssertTrue(DecimalString.isValid(".5"))
        XCTAssertTrue(DecimalString.isValid("5."))
        XCTAssertFalse(DecimalString.isValid("inf"))
        XCTAssertFalse(DecimalString.isValid("nan"))
        XCTAssertFalse(DecimalString.isValid("1e"))
        XCTAssertFalse(DecimalString.isValid(""))
        let ds = dataSet([(Tag(0x0028, 0x0030), .DS, Array(" 0.70\\0.7 ".utf8))])
        XCTAssertEqual(ds.doubles(Tag(0x0028, 0x0030)), [0.7, 0.7])
        XCTAssertEqual(ds.decimals(Tag(0x0028, 0x0030)), [Decimal(string: "0.70"), Decimal(string: "0.7")])
    }

    func testIntegerStringsAndBinaryIntegers() {
        let ds = dataSet([(Tag(0x0020, 0x0013), .IS, Array(" 12 ".utf8)),
                          (Tag(0x0028, 0x0106), .SS, [0x00, 0x80]),
                          (Tag(0x0008, 0x1160), .UL, [1, 0, 0, 0, 2, 0, 0, 0]),
                          (Tag(0x0018, 0x9219), .SV, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])])
        XCTAssertEqual(ds.integers(Tag(0x0020, 0x0013)), [12])
        XCTAssertEqual(ds.integers(Tag(0x0028, 0x0106)), [-32768])
        XCTAssertEqual(ds.integers(Tag(0x0008, 0x1160)), [1, 2])
        XCTAssertEqual(ds.integers(Tag(0x0018, 0x9219)), [-1])
    }

    func testUnsignedVeryLongExceedsInt64() {
        let element = DataElement(tag: Tag(0x0018, 0x9220), vr: .UV, value: .bytes(ByteSlice(copying: [UInt8](repeating: 0xFF, count: 8))))
        XCTAssertEqual(element.unsignedIntegers(littleEndian: true), [UInt64.max])
    }

    func testAttributeTagsInBothByteOrders() {
        let le = dataSet([(Tag(0x0020, 0x5000), .AT, [0x10, 0x00, 0x20, 0x00])])
        XCTAssertEqual(le.attributeTags(Tag(0x0020, 0x5000)), [Tag(0x0010, 0x0020)])
        let be = dataSet([(Tag(0x0020, 0x5000), .AT, [0x00, 0x10, 0x00, 0x20])], littleEndian: false)
        XCTAssertEqual(be.attributeTags(Tag(0x0020, 0x5000)), [Tag(0x0010, 0x0020)])
    }

    func testDatesTimesAndDateTimes() {
        XCTAssertEqual(DICOMDate("20240229")?.day, 29)
        XCTAssertEqual(DICOMDate("2024.02.29")?.month, 2)
        XCTAssertNil(DICOMDate("20241301"))
        XCTAssertNil(DICOMDate("2024"))
        let t = DICOMTime("101530.25")
        XCTAssertEqual(t?.hour, 10)
        XCTAssertEqual(t?.minute, 15)
        XCTAssertEqual(t?.second, 30)
        XCTAssertEqual(t?.microsecond, 250_000)
        XCTAssertNil(DICOMTime("2500"))
        let dt = DICOMDateTime("20240102101530.5-0500")
        XCTAssertEqual(dt?.year, 2024)
        XCTAssertEqual(dt?.day, 2)
        XCTAssertEqual(dt?.time?.second, 30)
        XCTAssertEqual(dt?.utcOffsetMinutes, -300)
        XCTAssertEqual(DICOMDateTime("2024")?.month, nil)
    }

    func testPersonNameGroupsAndComponents() {
        let name = PersonName("Yamada^Tarou=山田^太郎=やまだ^たろう")
        XCTAssertEqual(name.familyName, "Yamada")
        XCTAssertEqual(name.givenName, "Tarou")
        XCTAssertEqual(name.ideographic, "山田^太郎")
        XCTAssertEqual(name.phonetic, "やまだ^たろう")
        XCTAssertEqual(PersonName("Wang^XiaoDong=王^小東=").groups, ["Wang^XiaoDong", "王^小東"])
        XCTAssertEqual(PersonName("").groups, [""])
    }
}
