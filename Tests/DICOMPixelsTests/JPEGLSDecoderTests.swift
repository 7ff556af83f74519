import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

final class JPEGLSDecoderTests: XCTestCase {
    static let syntaxes = Set(JPEGLSDecoder.transferSyntaxUIDs)

    /// dcmcjpls, gdcmconv and CharLS-encoder codestreams — precisions 2, 7, 8, 10, 12, 13
    /// (signed) and 16, near-lossless 12 (signed) and 16-bit and RGB, RGB in line, sample
    /// and none interleave — byte for byte against pydicom (lossless ones are also the
    /// source image exactly); truncated, mismatched and malformed frames rejected.
    func testResourcesMatchPydicom() throws {
        let count = try CodecResources.verifyAll(JPEGLSDecoder(), Self.syntaxes)
        XCTAssertGreaterThanOrEqual(count, 20)
    }

    func testCorruptInputsNeverCrash() throws {
        try CodecResources.survivesCorruption(JPEGLSDecoder(), Self.syntaxes)
    }

    /// The three interleave modes of one image decode to the same interleaved output.
    func testInterleaveModesAgree() throws {
        let cases = try CodecResources.cases(Self.syntaxes)
        let outputs = try ["jls-rgb-line", "jls-rgb-sample", "jls-rgb-none"].map { name in
            let c = try XCTUnwrap(cases.first { $0.name == name })
            return try JPEGLSDecoder().decode(try c.frame(), description: c.description, transferSyntax: c.transferSyntax)
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(outputs[0], outputs[2])
    }

    /// JPEG-LS stores signed 12-bit samples as unsigned; the decoder sign-extends them from
    /// the codestream's precision.
    func testSignedSamplesAreSignExtended() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "jls-charls-p12-signed" })
        let signed = CodecResources.samples(try JPEGLSDecoder().decode(try c.frame(), description: c.description,
                                                                       transferSyntax: c.transferSyntax), c.description)
        var unsignedDescription = c.description
        unsignedDescription.isSigned = false
        let unsigned = CodecResources.samples(try JPEGLSDecoder().decode(try c.frame(), description: unsignedDescription,
                                                                         transferSyntax: c.transferSyntax),
                                              unsignedDescription)
        XCTAssertEqual(signed, unsigned.map { $0 >= 2048 ? $0 - 4096 : $0 })
        XCTAssertEqual(signed.min(), -2048)
    }

    func testReasonComesFromCharLS() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "jls-mono16-signed" })
        var wrong = c.description
        wrong.columns += 1
        XCTAssertThrowsError(try JPEGLSDecoder().decode(try c.frame(index: 2), description: wrong,
                                                        transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(syntax, index, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(syntax, c.transferSyntax)
            XCTAssertEqual(index, 2)
            XCTAssertTrue(reason.contains("40x48") && reason.contains("41x48"), reason)
        }
        // A scan before any frame header, then EOI: CharLS itself rejects it.
        let garbage = EncodedFrame(index: 0, fragments: [ByteSlice(copying: [
            0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xD9,
        ])])
        XCTAssertThrowsError(try JPEGLSDecoder().decode(garbage, description: c.description,
                                                        transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(_, _, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.hasPrefix("CharLS: "), reason)
        }
    }
}
