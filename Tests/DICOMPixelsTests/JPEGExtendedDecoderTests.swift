import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

final class JPEGExtendedDecoderTests: XCTestCase {
    static let extended: Set<String> = [JPEGExtendedDecoder.transferSyntaxUID]

    /// 12-bit codestreams from dcmcjpeg (+ee) and from a small test encoder (restart
    /// intervals, separate scans per component, 4:2:0 colour, 16-bit quantization tables):
    /// byte-identical to DCMTK's IJG 12-bit decoder and within ±2 of pydicom, whose
    /// pylibjpeg-libjpeg (Thomas Richter's libjpeg) uses a coarser fixed-point IDCT and its
    /// own chroma upsampling (so the 4:2:0 case compares luma only); 8-bit ones byte-identical
    /// to pydicom; truncated, broken-table, progressive and arithmetic codestreams rejected.
    func testResourcesMatchPydicom() throws {
        let count = try CodecResources.verifyAll(JPEGExtendedDecoder(), Self.extended)
        XCTAssertGreaterThanOrEqual(count, 10)
    }

    func testCorruptInputsNeverCrash() throws {
        try CodecResources.survivesCorruption(JPEGExtendedDecoder(), Self.extended)
    }

    /// The unsupported processes say so instead of reporting corruption.
    func testUnsupportedProcessesAreNamed() throws {
        let cases = try CodecResources.cases(Self.extended)
        for (name, expected) in [("extended-progressive", "SOF2 (progressive DCT, Huffman)"),
                                 ("extended-arithmetic", "SOF9 (extended sequential DCT, arithmetic)")] {
            let c = try XCTUnwrap(cases.first { $0.name == name })
            XCTAssertThrowsError(try JPEGExtendedDecoder().decode(try c.frame(), description: c.description,
                                                                  transferSyntax: c.transferSyntax)) { error in
                guard case let .corruptFrame(_, _, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains(expected) && reason.contains("not supported"), reason)
            }
        }
    }

    /// Pixel Representation 1: 12-bit values are sign-extended from Bits Stored.
    func testSignedTwelveBit() throws {
        let cases = try CodecResources.cases(Self.extended)
        let unsigned = try XCTUnwrap(cases.first { $0.name == "extended-mono12-odd" })
        let signed = try XCTUnwrap(cases.first { $0.name == "extended-mono12-signed" })
        let u = CodecResources.samples(try JPEGExtendedDecoder().decode(try unsigned.frame(), description: unsigned.description,
                                                                        transferSyntax: unsigned.transferSyntax),
                                       unsigned.description)
        let s = CodecResources.samples(try JPEGExtendedDecoder().decode(try signed.frame(), description: signed.description,
                                                                        transferSyntax: signed.transferSyntax),
                                       signed.description)
        XCTAssertEqual(s, u.map { $0 >= 2048 ? $0 - 4096 : $0 })
        XCTAssertTrue(s.contains { $0 < 0 })
    }

    /// A 12-bit codestream mislabelled as baseline still decodes (the baseline decoder hands
    /// 12-bit frames to the Swift decoder).
    func testBaselineDecoderFallsBackForTwelveBit() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.extended).first { $0.name == "extended-mono12" })
        let a = try JPEGExtendedDecoder().decode(try c.frame(), description: c.description, transferSyntax: c.transferSyntax)
        let b = try JPEGBaselineDecoder().decode(try c.frame(), description: c.description,
                                                 transferSyntax: JPEGBaselineDecoder.transferSyntaxUID)
        XCTAssertEqual(a, b)
    }

    /// The Swift decoder on 8-bit codestreams is bit-exact with libjpeg-turbo (same integer
    /// IDCT and upsampling), including 4:2:2, 4:2:0, 4:1:1 and 4:4:0.
    func testSwiftDecoderMatchesLibjpegTurboOnEightBit() throws {
        for c in try CodecResources.cases([JPEGBaselineDecoder.transferSyntaxUID]) where !c.expectsError {
            let turbo = try JPEGBaselineDecoder().decode(try c.frame(), description: c.description,
                                                         transferSyntax: c.transferSyntax)
            let swift = try c.bytes.withUnsafeBytes { data in
                let state = try JPEGDCT.decodeSequential(data, expectedWidth: c.description.columns,
                                                         expectedHeight: c.description.rows)
                var out = [UInt8](repeating: 0, count: c.description.decodedFrameLength)
                try out.withUnsafeMutableBytes { buffer in
                    try JPEGDCT.interleave(state.views, width: c.description.columns, height: c.description.rows,
                                           bytesPerSample: 1, into: buffer)
                }
                return out
            }
            XCTAssertEqual(swift, turbo, c.name)
        }
    }

    /// A DC-only block gives a flat block at DC / 8 + centre, as libjpeg does.
    func testIDCTOfDCOnlyBlock() {
        let idct = JPEGDCT.IDCT(precision: 12)
        var block = [Int32](repeating: 0, count: 64)
        block[0] = 80
        var out = [UInt16](repeating: 0, count: 64)
        var workspace = [Int](repeating: 0, count: 64)
        block.withUnsafeBufferPointer { b in
            workspace.withUnsafeMutableBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    idct.transform(b.baseAddress!, workspace: w.baseAddress!, into: o.baseAddress!, stride: 8)
                }
            }
        }
        XCTAssertEqual(Set(out), [2048 + 10])
    }

    func testHuffmanTableRejectsImpossibleCounts() {
        XCTAssertThrowsError(try JPEGDCT.HuffmanTable(counts: [3] + [Int](repeating: 0, count: 15), symbols: [1, 2, 3]))
        XCTAssertThrowsError(try JPEGDCT.HuffmanTable(counts: [1] + [Int](repeating: 0, count: 15), symbols: [1, 2]))
        XCTAssertNoThrow(try JPEGDCT.HuffmanTable(counts: [0, 3] + [Int](repeating: 0, count: 14), symbols: [1, 2, 3]))
    }
}
