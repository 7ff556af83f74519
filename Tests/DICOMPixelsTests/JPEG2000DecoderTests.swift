import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

final class JPEG2000DecoderTests: XCTestCase {
    static let syntaxes = Set(JPEG2000Decoder.transferSyntaxUIDs)

    /// opj_compress, gdcmconv and ojph_compress codestreams — lossless (the Swift decoder)
    /// and lossy (OpenJPEG), signed 16-bit, 12/13-bit with Pixel Representation disagreeing
    /// with the codestream, 8-bit in 16-bit containers, RGB with RCT/ICT/no MCT, tiles,
    /// SOP/EPH, a JP2 file, HTJ2K lossless/RPCL/lossy — byte for byte against pydicom;
    /// truncated, garbage and mismatched frames rejected.
    func testResourcesMatchPydicom() throws {
        let count = try CodecResources.verifyAll(JPEG2000Decoder(), Self.syntaxes)
        XCTAssertGreaterThanOrEqual(count, 18)
    }

    func testCorruptInputsNeverCrash() throws {
        try CodecResources.survivesCorruption(JPEG2000Decoder(), Self.syntaxes)
    }

    /// A JP2 file and the bare codestream decode to the same samples.
    func testJP2AndCodestreamAgree() throws {
        let cases = try CodecResources.cases(Self.syntaxes)
        let outputs = try ["j2k-mono16-signed", "j2k-mono16-signed-jp2"].map { name in
            let c = try XCTUnwrap(cases.first { $0.name == name })
            return try JPEG2000Decoder().decode(try c.frame(), description: c.description, transferSyntax: c.transferSyntax)
        }
        XCTAssertEqual(outputs[0], outputs[1])
    }

    /// An unsigned 13-bit codestream under Pixel Representation 1 is sign-extended from bit 12.
    func testSignCorrection() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "j2k-mono13-pixelrep-mismatch" })
        let signed = CodecResources.samples(try JPEG2000Decoder().decode(try c.frame(), description: c.description,
                                                                         transferSyntax: c.transferSyntax), c.description)
        var unsignedDescription = c.description
        unsignedDescription.isSigned = false
        let unsigned = CodecResources.samples(try JPEG2000Decoder().decode(try c.frame(), description: unsignedDescription,
                                                                           transferSyntax: c.transferSyntax),
                                              unsignedDescription)
        XCTAssertEqual(signed, unsigned.map { $0 >= 4096 ? $0 - 8192 : $0 })
        XCTAssertTrue(signed.contains { $0 < 0 })
    }

    /// A corrupt frame's error names the frame and says what the decoder that read it found:
    /// the Swift decoder for a bare lossless codestream, OpenJPEG for what it declines (a
    /// JP2 file).
    func testReasonComesFromTheDecoderThatReadTheFrame() throws {
        let cases = try CodecResources.cases(Self.syntaxes)
        let c = try XCTUnwrap(cases.first { $0.name == "j2k-truncated" })
        XCTAssertThrowsError(try JPEG2000Decoder().decode(try c.frame(index: 5), description: c.description,
                                                          transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(syntax, index, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(syntax, c.transferSyntax)
            XCTAssertEqual(index, 5)
            XCTAssertTrue(reason.hasPrefix("the codestream is truncated"), reason)
        }
        let jp2 = try XCTUnwrap(cases.first { $0.name == "j2k-mono16-signed-jp2" })
        let bytes = try jp2.bytes
        let truncated = EncodedFrame(index: 0, fragments: [ByteSlice(copying: Array(bytes.prefix(bytes.count / 2)))])
        XCTAssertThrowsError(try JPEG2000Decoder().decode(truncated, description: jp2.description,
                                                          transferSyntax: jp2.transferSyntax)) { error in
            guard case let .corruptFrame(_, _, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.hasPrefix("OpenJPEG: "), reason)
        }
        let notJ2K = EncodedFrame(index: 0, fragments: [ByteSlice(copying: [UInt8](repeating: 7, count: 64))])
        XCTAssertThrowsError(try JPEG2000Decoder().decode(notJ2K, description: c.description,
                                                          transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(_, _, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("neither a JPEG 2000 codestream"), reason)
        }
    }
}
