import XCTest
@testable import DICOM

final class DICOMReaderTests: XCTestCase {
    // MARK: Transfer syntaxes

    func testExplicitLittleEndianPart10ReadsMetaAndDataSet() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.explicit(0x0008, 0x0060, .CS, "CT")
        b.explicit(0x0010, 0x0010, .PN, "Doe^Jane")
        b.explicit(0x0028, 0x0010, .US, [0x00, 0x02])
        let file = try b.read()
        XCTAssertEqual(file.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(file.fileMetaInformation.string(.transferSyntaxUID), "1.2.840.10008.1.2.1")
        XCTAssertEqual(file.dataSet.tags, [Tag(0x0008, 0x0060), Tag(0x0010, 0x0010), Tag(0x0028, 0x0010)])
        XCTAssertEqual(file.dataSet.string(.modality), "CT")
        XCTAssertEqual(file.dataSet.personNames(.patientName).first?.givenName, "Jane")
        XCTAssertEqual(file.dataSet.integers(.rows), [512])
        XCTAssertEqual(file.preamble?.count, 128)
    }

    func testImplicitLittleEndianTakesVRFromTheDictionary() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2")
        b.implicit(0x0010, 0x0020, "ID42")
        b.implicit(0x0028, 0x0011, [0x00, 0x01])
        b.implicit(0x0029, 0x0010, "ACME")
        b.implicit(0x0029, 0x1001, [1, 2, 3, 4])
        let file = try b.read()
        XCTAssertEqual(file.dataSet[.patientID]?.vr, .LO)
        XCTAssertEqual(file.dataSet[.columns]?.vr, .US)
        XCTAssertEqual(file.dataSet.integers(.columns), [256])
        XCTAssertEqual(file.dataSet[Tag(0x0029, 0x0010)]?.vr, .LO, "private creators are LO")
        XCTAssertEqual(file.dataSet[Tag(0x0029, 0x1001)]?.vr, .UN, "unknown private elements are UN")
    }

    func testExplicitBigEndianDecodesNumbersInStreamOrder() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.2")
        b.littleEndian = false
        b.explicit(0x0028, 0x0010, .US, [0x02, 0x00])
        b.explicit(0x0028, 0x1052, .DS, "-1024")
        b.explicit(0x0018, 0x9087, .FD, [0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18])
        let file = try b.read()
        XCTAssertFalse(file.transferSyntax.isLittleEndian)
        XCTAssertEqual(file.dataSet.integers(.rows), [512])
        XCTAssertEqual(file.dataSet.doubles(Tag(0x0018, 0x9087)), [Double.pi])
        XCTAssertEqual(file.dataSet.decimals(.rescaleIntercept), [Decimal(-1024)])
    }

    func testDeflatedDataSetIsInflated() throws {
        var body = TestBytes()
        body.explicit(0x0010, 0x0010, .PN, "Deflated^Patient")
        let deflated = try XCTUnwrap(rawDeflate(body.bytes))
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1.99")
        b.bytes += deflated
        let file = try b.read()
        XCTAssertEqual(file.dataSet.string(.patientName), "Deflated^Patient")
    }

    func testCorruptDeflateStreamIsMalformed() {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1.99")
        b.bytes += [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        XCTAssertThrowsError(try b.read()) { error in
            guard case .malformed = error as? DICOMError else { return XCTFail("\(error)") }
        }
    }

    func testBareDataSetWithoutPreambleIsRead() throws {
        var b = TestBytes()
        b.explicit(0x0008, 0x0060, .CS, "MR")
        let file = try b.read()
        XCTAssertNil(file.preamble)
        XCTAssertEqual(file.transferSyntax, .explicitVRLittleEndian)
        XCTAssertEqual(file.dataSet.string(.modality), "MR")
    }

    func testTextFileIsNotDICOM() {
        let b = TestBytes(bytes: Array("This is a radiology report, not an image.".utf8))
        XCTAssertThrowsError(try b.read()) { error in
            XCTAssertEqual(error as? DICOMError, .notDICOM(reason: "no DICM prefix at byte 128 and the first bytes are not a DICOM element"))
        }
    }

    func testEmptyFileIsNotDICOM() {
        XCTAssertThrowsError(try TestBytes().read()) { error in
            XCTAssertEqual(error as? DICOMError, .notDICOM(reason: "the file is empty"))
        }
    }

    // MARK: Sequences

    func testNestedUndefinedAndDefinedLengthSequences() throws {
        var inner = TestBytes()
        inner.explicit(0x0008, 0x1155, .UI, "1.2.3.4")
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.sequenceStart(0x0008, 0x1115)
        b.itemStart()
        b.tag(0x0008, 0x1140); b.bytes += Array("SQ".utf8); b.u16(0); b.u32(UInt32(inner.bytes.count + 8))
        b.itemStart(length: UInt32(inner.bytes.count))
        b.bytes += inner.bytes
        b.itemEnd()
        b.sequenceEnd()
        b.explicit(0x0010, 0x0010, .PN, "After^Sequence")
        let file = try b.read()
        let outer = try XCTUnwrap(file.dataSet.sequence(Tag(0x0008, 0x1115)))
        XCTAssertEqual(outer.count, 1)
        let nested = try XCTUnwrap(outer[0].sequence(Tag(0x0008, 0x1140)))
        XCTAssertEqual(nested.first?.string(Tag(0x0008, 0x1155)), "1.2.3.4")
        XCTAssertEqual(file.dataSet.string(.patientName), "After^Sequence")
    }

    func testNestingDeeperThanTheLimitIsRejectedWithAnOffset() {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        for _ in 0..<10 { b.sequenceStart(0x0008, 0x1115); b.itemStart() }
        var options = ReadOptions()
        options.maxSequenceDepth = 4
        XCTAssertThrowsError(try b.read(options)) { error in
            guard case let .limitExceeded(offset, reason) = error as? DICOMError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "sequences nested deeper than 4 levels")
            XCTAssertGreaterThan(offset, 132)
        }
    }

    func testItemThatNeverEndsIsTruncated() {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.sequenceStart(0x0008, 0x1115)
        b.itemStart()
        b.explicit(0x0008, 0x1150, .UI, "1.2")
        XCTAssertThrowsError(try b.read()) { error in
            guard case .truncated = error as? DICOMError else { return XCTFail("\(error)") }
        }
    }

    func testUndefinedLengthUNIsReadAsImplicitSequence() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.tag(0x0009, 0x0010); b.bytes += Array("LO".utf8); b.u16(4); b.bytes += Array("ACME".utf8)
        b.tag(0x0009, 0x1001); b.bytes += Array("UN".utf8); b.u16(0); b.u32(0xFFFF_FFFF)
        b.itemStart()
        b.implicit(0x0010, 0x0020, "X1")
        b.itemEnd()
        b.sequenceEnd()
        let file = try b.read()
        let items = try XCTUnwrap(file.dataSet.sequence(Tag(0x0009, 0x1001)))
        XCTAssertEqual(items.first?.string(.patientID), "X1")
    }

    // MARK: Encapsulated pixel data

    func testEncapsulatedPixelDataKeepsOffsetTableAndFragments() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.5")
        b.tag(0x7FE0, 0x0010); b.bytes += Array("OB".utf8); b.u16(0); b.u32(0xFFFF_FFFF)
        b.itemStart(length: 8); b.u32(0); b.u32(12)
        b.itemStart(length: 4); b.bytes += [1, 2, 3, 4]
        b.itemStart(length: 2); b.bytes += [5, 6]
        b.sequenceEnd()
        let file = try b.read()
        let pixels = try XCTUnwrap(file.dataSet[.pixelData]?.encapsulated)
        XCTAssertEqual(pixels.basicOffsetTable, [0, 12])
        XCTAssertEqual(pixels.fragments.map(\.array), [[1, 2, 3, 4], [5, 6]])
    }

    func testFragmentLongerThanTheFileIsTruncated() {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.5")
        b.tag(0x7FE0, 0x0010); b.bytes += Array("OB".utf8); b.u16(0); b.u32(0xFFFF_FFFF)
        b.itemStart(length: 0)
        b.itemStart(length: 1000); b.bytes += [1, 2]
        XCTAssertThrowsError(try b.read()) { error in
            guard case let .truncated(_, reason) = error as? DICOMError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "fragment length 1000 exceeds the 2 bytes that remain")
        }
    }

    // MARK: Stopping early and tolerating truncation

    func testStopBeforePixelDataDoesNotTouchPixels() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.explicit(0x0028, 0x0010, .US, [1, 0])
        b.tag(0x7FE0, 0x0010); b.bytes += Array("OW".utf8); b.u16(0); b.u32(0x7FFF_FFF0)
        var options = ReadOptions()
        options.stopBeforePixelData = true
        let file = try b.read(options)
        XCTAssertEqual(file.dataSet.tags, [.rows], "the absurd pixel length is never read")
    }

    func testStopAtTagEndsTheTopLevelDataSet() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.explicit(0x0008, 0x0060, .CS, "CT")
        b.explicit(0x0010, 0x0010, .PN, "A^B")
        var options = ReadOptions()
        options.stopAtTag = Tag(0x0010, 0x0000)
        XCTAssertEqual(try b.read(options).dataSet.tags, [.modality])
    }

    func testValueLongerThanTheFileNamesTagOffsetAndLengths() {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        let offset = b.bytes.count
        b.tag(0x0010, 0x0010); b.bytes += Array("PN".utf8); b.u16(40); b.bytes += Array("Short".utf8)
        XCTAssertThrowsError(try b.read()) { error in
            XCTAssertEqual(error as? DICOMError,
                           .truncated(offset: offset, reason: "(0010,0010) PN value length 40 exceeds the 5 bytes that remain"))
        }
    }

    func testToleratedTruncationKeepsWhatPrecedesIt() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.explicit(0x0008, 0x0060, .CS, "CT")
        b.tag(0x0010, 0x0010); b.bytes += Array("PN".utf8); b.u16(40); b.bytes += Array("Short".utf8)
        var options = ReadOptions()
        options.toleratesTruncation = true
        let file = try b.read(options)
        XCTAssertEqual(file.dataSet.string(.modality), "CT")
        XCTAssertEqual(file.dataSet.string(.patientName), "Short")
        guard case .truncated = file.truncation else { return XCTFail("truncation not reported") }
    }

    func testUnknownExplicitVRIsMalformed() {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        let offset = b.bytes.count
        b.tag(0x0010, 0x0010); b.bytes += Array("QQ".utf8); b.u16(0)
        XCTAssertThrowsError(try b.read()) { error in
            XCTAssertEqual(error as? DICOMError, .malformed(offset: offset, reason: "(0010,0010) has unknown VR 'QQ'"))
        }
    }

    // MARK: Ambiguous VRs

    func testImplicitSmallestPixelValueFollowsPixelRepresentation() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2")
        b.implicit(0x0028, 0x0103, [1, 0])
        b.implicit(0x0028, 0x0106, [0xFF, 0xFF])
        let file = try b.read()
        XCTAssertEqual(file.dataSet[Tag(0x0028, 0x0106)]?.vr, .SS)
        XCTAssertEqual(file.dataSet.integers(Tag(0x0028, 0x0106)), [-1])
    }

    func testImplicitPixelDataIsOW() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2")
        b.implicit(0x0028, 0x0100, [8, 0])
        b.implicit(0x7FE0, 0x0010, [1, 2, 3, 4])
        XCTAssertEqual(try b.read().dataSet[.pixelData]?.vr, .OW)
    }

    func testNumberWithWrongLengthBecomesUN() throws {
        var b = TestBytes.part10(transferSyntax: "1.2.840.10008.1.2.1")
        b.explicit(0x0028, 0x0010, .US, [1, 2, 3])
        XCTAssertEqual(try b.read().dataSet[.rows]?.vr, .UN)
    }
}

/// Raw deflate (RFC 1951) for building Deflated transfer syntax test input.
import CZlib
func rawDeflate(_ input: [UInt8]) -> [UInt8]? {
    var stream = z_stream()
    guard deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                        ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: input.count + 1024)
    var source = input
    let status: Int32 = source.withUnsafeMutableBufferPointer { src in
        output.withUnsafeMutableBufferPointer { dst in
            stream.next_in = src.baseAddress
            stream.avail_in = uInt(src.count)
            stream.next_out = dst.baseAddress
            stream.avail_out = uInt(dst.count)
            return deflate(&stream, Z_FINISH)
        }
    }
    guard status == Z_STREAM_END else { return nil }
    return Array(output[0..<Int(stream.total_out)])
}
