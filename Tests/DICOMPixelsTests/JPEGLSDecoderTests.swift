import CCharLS
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

    /// Data set mismatches and broken marker structure are reported by the Swift decoder.
    func testReasonsNameTheProblem() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "jls-mono16-signed" })
        var wrong = c.description
        wrong.columns += 1
        XCTAssertThrowsError(try JPEGLSDecoder().decode(try c.frame(index: 2), description: wrong,
                                                        transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(syntax, index, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(syntax, c.transferSyntax)
            XCTAssertEqual(index, 2)
            XCTAssertEqual(reason, "the codestream is 40x48 but the data set says 41x48 (Columns x Rows)")
        }
        // A scan before any frame header, then EOI.
        let garbage = EncodedFrame(index: 0, fragments: [ByteSlice(copying: [
            0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xD9,
        ])])
        XCTAssertThrowsError(try JPEGLSDecoder().decode(garbage, description: c.description,
                                                        transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(_, _, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, "a scan comes before the frame header")
        }
    }

    /// Every JPEG-LS resource (dcmcjpls, gdcmconv and CharLS codestreams) is decoded by the
    /// Swift decoder, not handed to CharLS.
    func testSwiftDecoderTakesEveryResource() throws {
        var count = 0
        for c in try CodecResources.cases(Self.syntaxes) where !c.expectsError {
            let bytes = try c.bytes
            var output = [UInt8](repeating: 0, count: c.description.decodedFrameLength)
            let engine = try bytes.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { out in
                    var destination = FrameDestination(out)
                    return try JPEGLSDecoder.decodeNamingEngine(input, description: c.description, into: &destination)
                }
            }
            XCTAssertEqual(engine, .swift, c.name)
            count += 1
        }
        XCTAssertGreaterThanOrEqual(count, 19)
    }

    private func engine(_ codestream: [UInt8], _ description: PixelDescription) throws -> JPEGLSDecoder.Engine {
        var output = [UInt8](repeating: 0, count: description.decodedFrameLength)
        return try codestream.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { out in
                var destination = FrameDestination(out)
                return try JPEGLSDecoder.decodeNamingEngine(input, description: description, into: &destination)
            }
        }
    }

    /// Features the Swift decoder declines while reading headers go to CharLS, which then
    /// decodes them exactly as it would on its own.
    func testDeclinedFeaturesGoToCharLS() throws {
        // The HP colour transform (APP8 "mrfx").
        let colour = CharLSTestImage(columns: 9, rows: 7, bits: 8, components: 3,
                                     interleave: CHARLS_INTERLEAVE_MODE_SAMPLE,
                                     colourTransform: CHARLS_COLOR_TRANSFORMATION_HP1)
        let colourStream = try colour.encode(colour.samples(.smooth, seed: 3))
        XCTAssertEqual(JPEGLSDecoding.swift(colourStream, colour.description).failure,
                       JPEGLSFailure(unsupported: "the HP colour transform (APP8 \"mrfx\")"))
        XCTAssertEqual(try engine(colourStream, colour.description), .charLS)

        // A MAXVAL below 2^P - 1.
        let limited = CharLSTestImage(columns: 9, rows: 7, bits: 8, presets: charls_jpegls_pc_parameters(
            maximum_sample_value: 200, threshold1: 0, threshold2: 0, threshold3: 0, reset_value: 0))
        let limitedSamples = limited.samples(.random, seed: 4)
        let limitedStream = try limited.encode(limitedSamples)
        XCTAssertEqual(JPEGLSDecoding.swift(limitedStream, limited.description).failure,
                       JPEGLSFailure(unsupported: "MAXVAL 200 below the 8-bit maximum"))
        XCTAssertEqual(try engine(limitedStream, limited.description), .charLS)
        XCTAssertEqual(try JPEGLSDecoder().decode(EncodedFrame(index: 0, fragments: [ByteSlice(copying: limitedStream)]),
                                                  description: limited.description,
                                                  transferSyntax: JPEGLSDecoder.transferSyntaxUIDs[0]), limitedSamples)

        // A mapping table (LSE type 2) in front of the scan.
        let plain = CharLSTestImage(columns: 9, rows: 7, bits: 8)
        var mapped = try plain.encode(plain.samples(.random, seed: 5))
        let sos = try XCTUnwrap((0..<mapped.count - 1).first { mapped[$0] == 0xFF && mapped[$0 + 1] == 0xDA })
        mapped.insert(contentsOf: [0xFF, 0xF8, 0x00, 0x06, 0x02, 0x01, 0x01, 0x00], at: sos)
        XCTAssertEqual(JPEGLSDecoding.swift(mapped, plain.description).failure,
                       JPEGLSFailure(unsupported: "mapping tables (LSE types 2 and 3)"))
    }

    /// A damaged codestream is reported by the Swift decoder and never retried with CharLS.
    func testDamagedCodestreamIsNotRetriedWithCharLS() throws {
        let image = CharLSTestImage(columns: 64, rows: 64, bits: 12)
        let codestream = try image.encode(image.samples(.random, seed: 6))
        let cut = Array(codestream.prefix(codestream.count / 2))
        XCTAssertThrowsError(try engine(cut, image.description)) { error in
            // Random 12-bit samples take about 1.5 bytes each, so half the codestream runs
            // out a little before the middle row.
            let reason = (error as? JPEGLSFailure)?.reason ?? "\(error)"
            XCTAssertTrue(reason.hasPrefix("the scan data ends in row 3") && reason.hasSuffix(" of 64 (truncated?)"), reason)
        }
    }

    /// A codestream whose scan is complete but whose EOI marker is cut off is still damaged.
    func testMissingEOIIsReported() throws {
        let image = CharLSTestImage(columns: 5, rows: 4, bits: 8)
        let codestream = try image.encode(image.samples(.random, seed: 8))
        XCTAssertEqual(JPEGLSDecoding.swift(Array(codestream.dropLast(2)), image.description).failure?.reason,
                       "the codestream ends before its EOI marker")
    }

    /// Truncation at every length and random byte changes (fixed seeds) of synthetic
    /// codestreams in every mode: a decode or `corruptFrame`, never a crash or a hang.
    func testTruncatedAndFlippedSyntheticCodestreamsFailCleanly() throws {
        var corrupter = ByteCorrupter()
        let images = [
            CharLSTestImage(columns: 17, rows: 9, bits: 12),
            CharLSTestImage(columns: 17, rows: 9, bits: 16, near: 3),
            CharLSTestImage(columns: 8, rows: 5, bits: 8, components: 3, interleave: CHARLS_INTERLEAVE_MODE_NONE),
            CharLSTestImage(columns: 8, rows: 5, bits: 10, components: 3, interleave: CHARLS_INTERLEAVE_MODE_LINE, near: 1),
            CharLSTestImage(columns: 8, rows: 5, bits: 5, components: 3, interleave: CHARLS_INTERLEAVE_MODE_SAMPLE),
        ]
        let decoder = JPEGLSDecoder()
        for (index, image) in images.enumerated() {
            for content in [CharLSTestImage.Content.random, .flatRuns] {
                let codestream = try image.encode(image.samples(content, seed: UInt64(index)))
                let variants = (0..<codestream.count).map { Array(codestream.prefix($0)) }
                    + corrupter.copies(of: codestream, count: 300, changing: 3)
                for v in variants {
                    let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: v)])
                    do {
                        let out = try decoder.decode(frame, description: image.description,
                                                     transferSyntax: JPEGLSDecoder.transferSyntaxUIDs[1])
                        XCTAssertEqual(out.count, image.description.decodedFrameLength)
                    } catch {
                        guard case .corruptFrame = error else { return XCTFail("\(image): unexpected \(error)") }
                    }
                }
            }
        }
    }
}
