import DICOM
@testable import DICOMPixels
import XCTest

/// The correction every decoder's output goes through, checked against pydicom's rules.
final class StoredValueCorrectionTests: XCTestCase {
    private typealias F = PixelFixture

    /// A JPEG 2000 main header up to the first component's Ssiz.
    private func j2kHeader(precision: Int, signed: Bool) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0x4F, 0xFF, 0x51]
        bytes += [UInt8](repeating: 0, count: 38)  // Lsiz … Csiz
        bytes.append(UInt8(precision - 1) | (signed ? 0x80 : 0))
        return bytes + [1, 1]
    }

    private let j2k = TransferSyntax(uid: "1.2.840.10008.1.2.4.90")
    private let jls = TransferSyntax(uid: "1.2.840.10008.1.2.4.80")

    func testJPEG2000UnsignedCodestreamForSignedPixels() throws {
        // pydicom's own example: 13-bit -2000 stored as unsigned decodes to 6192.
        let image = F.Image(rows: 1, columns: 1, bitsAllocated: 16, bitsStored: 13, signed: true)
        let dataSet = F.encapsulated(image, fragments: [j2kHeader(precision: 13, signed: false)])
        let registry = DecoderRegistry.with(FixedDecoder(output: F.le16([6192])), for: j2k)
        XCTAssertEqual(F.int16s(try F.decode(dataSet, syntax: j2k, registry: registry)), [-2000])
    }

    func testJPEG2000SignedCodestreamForUnsignedPixels() throws {
        let image = F.Image(rows: 1, columns: 1, bitsAllocated: 16, bitsStored: 13)
        let dataSet = F.encapsulated(image, fragments: [j2kHeader(precision: 13, signed: true)])
        let registry = DecoderRegistry.with(FixedDecoder(output: F.le16([-2000])), for: j2k)
        XCTAssertEqual(F.uint16s(try F.decode(dataSet, syntax: j2k, registry: registry)), [6192])
    }

    func testJPEG2000AgreeingSignIsLeftAlone() throws {
        // Same signedness: no shift, even though Bits Stored < Bits Allocated (pydicom does
        // not mask JPEG 2000 output).
        let image = F.Image(rows: 1, columns: 1, bitsAllocated: 16, bitsStored: 12)
        let dataSet = F.encapsulated(image, fragments: [j2kHeader(precision: 12, signed: false)])
        let registry = DecoderRegistry.with(FixedDecoder(output: F.le16([0xF123])), for: j2k)
        XCTAssertEqual(F.uint16s(try F.decode(dataSet, syntax: j2k, registry: registry)), [0xF123])
        // Colour images are never corrected.
        var rgb = F.Image(rows: 1, columns: 1, samples: 3, bitsAllocated: 16, bitsStored: 13, signed: true, planar: 0)
        rgb.photometric = "RGB"
        let colour = F.encapsulated(rgb, fragments: [j2kHeader(precision: 13, signed: false)])
        let out = F.le16([6192, 1, 2])
        XCTAssertEqual(try F.decode(colour, syntax: j2k, registry: .with(FixedDecoder(output: out), for: j2k)), out)
    }

    func testJPEG2000InsideJP2Wrapper() {
        var jp2: [UInt8] = [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A]
        jp2 += [0, 0, 0, 20, 0x66, 0x74, 0x79, 0x70] + [UInt8](repeating: 0, count: 12)  // ftyp
        jp2 += [0, 0, 0, 0, 0x6A, 0x70, 0x32, 0x63]  // jp2c
        let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: jp2 + j2kHeader(precision: 11, signed: true))])
        XCTAssertEqual(CodestreamHeader.jpeg2000(frame), CodestreamHeader(precision: 11, isSigned: true))
        XCTAssertNil(CodestreamHeader.jpeg2000(EncodedFrame(index: 0, fragments: [ByteSlice(copying: [0xFF, 0x4F])])))
    }

    func testJPEGLSSignedUsesTheCodestreamPrecision() throws {
        // SOI, an APP0 segment, then SOF55 with precision 10; split over two fragments.
        let codestream: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xF7, 0x00, 0x0B, 10, 0, 1, 0, 1, 1, 1, 0x11, 0]
        let image = F.Image(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 12, signed: true)
        let dataSet = F.encapsulated(image, fragments: [Array(codestream.prefix(9)), Array(codestream.dropFirst(9))])
        let registry = DecoderRegistry.with(FixedDecoder(output: F.le16([0x3FF, 0x1FF])), for: jls)
        XCTAssertEqual(F.int16s(try F.decode(dataSet, syntax: jls, registry: registry)), [-1, 511])
        XCTAssertEqual(CodestreamHeader.jpeg(EncodedFrame(index: 0, fragments: [ByteSlice(copying: codestream)]))?.precision, 10)
    }

    func testJPEGLSUnsignedIsLeftAlone() throws {
        let image = F.Image(rows: 1, columns: 1, bitsAllocated: 16, bitsStored: 12)
        let dataSet = F.encapsulated(image, fragments: [[0xFF, 0xD8]])
        let registry = DecoderRegistry.with(FixedDecoder(output: F.le16([0xF001])), for: jls)
        XCTAssertEqual(F.uint16s(try F.decode(dataSet, syntax: jls, registry: registry)), [0xF001])
    }

    func testOtherCodecsAreMaskedLikeNativeData() throws {
        // e.g. RLE or JPEG Lossless with 12 of 16 bits: high bits cleared or sign-extended.
        let image = F.Image(rows: 1, columns: 2, bitsAllocated: 16, bitsStored: 12, signed: true)
        let dataSet = F.encapsulated(image, fragments: [[0]])
        let registry = DecoderRegistry.with(FixedDecoder(output: F.le16([0x0FFF, 0x7123])))
        XCTAssertEqual(F.int16s(try F.decode(dataSet, syntax: F.fakeCodecSyntax, registry: registry)), [-1, 0x123])
    }

    func testCorrectionIsIdempotent() {
        let d = PixelDescription(rows: 1, columns: 3, bitsAllocated: 16, bitsStored: 10, isSigned: true)
        let correction = StoredValueCorrection(description: d, transferSyntax: "1.2.840.10008.1.2.1", frame: nil)
        XCTAssertEqual(correction.shift, 6)
        var once = F.le16([0x3FF, 0x200, 0x1FF])
        correction.apply(to: &once, description: d)
        var twice = once
        correction.apply(to: &twice, description: d)
        XCTAssertEqual(F.int16s(once), [-1, -512, 511])
        XCTAssertEqual(twice, once)
        // Floats are never shifted.
        var float = PixelDescription(rows: 1, columns: 1, bitsAllocated: 32, bitsStored: 32)
        float.storage = .float
        float.bitsStored = 8
        XCTAssertEqual(StoredValueCorrection(description: float, transferSyntax: "1.2.840.10008.1.2.1", frame: nil).shift, 0)
    }
}
