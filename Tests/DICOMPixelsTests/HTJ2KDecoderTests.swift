import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

final class HTJ2KDecoderTests: XCTestCase {
    static let syntaxes = Set(HTJ2KDecoder.transferSyntaxUIDs)

    /// The HTJ2K codestreams of Resources/Codecs (ojph_compress: 16-bit, 12-bit odd-sized,
    /// RPCL, lossy RGB; a truncated one) byte for byte against pydicom.
    func testResourcesMatchPydicom() throws {
        let count = try CodecResources.verifyAll(HTJ2KDecoder(), Self.syntaxes)
        XCTAssertEqual(count, 5)
    }

    /// The OpenJPH path gives exactly the bytes the OpenJPEG path gives, for every HTJ2K
    /// codestream of Resources/Codecs and every frame of every HTJ2K study in Fixtures/pixels
    /// (whose lossless frames, signed, unsigned, 12 and 16-bit, RGB with the RCT, all take
    /// the OpenJPH path).
    func testOpenJPHAndOpenJPEGGiveTheSameBytes() throws {
        var compared = 0
        for c in try CodecResources.cases(Self.syntaxes) where !c.expectsError {
            let ours = try HTJ2KDecoder().decode(try c.frame(), description: c.description, transferSyntax: c.transferSyntax)
            let openJPEG = try JPEG2000Decoder().decode(try c.frame(), description: c.description, transferSyntax: c.transferSyntax)
            XCTAssertEqual(ours, openJPEG, c.name)
            compared += 1
        }
        var openJPEGOnly = DecoderRegistry.standard
        openJPEGOnly.register(JPEG2000Decoder(), for: HTJ2KDecoder.transferSyntaxUIDs)
        let folder = PixelFixtureTests.folder
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("htj2k") }.sorted()
        XCTAssertEqual(files.count, 8)
        for name in files {
            let file = try DICOMFile(path: folder.appendingPathComponent(name).path)
            let ours = try PixelData(file: file), theirs = try PixelData(file: file, registry: openJPEGOnly)
            for index in 0..<ours.numberOfFrames {
                let bytes = try ours.encodedFrame(index).withContiguousBytes { Array($0) }
                let library = try bytes.withUnsafeBytes { try HTJ2KDecoder.library(for: $0) }
                if !name.contains("lossy") { XCTAssertEqual(library, .openJPH, "\(name) frame \(index)") }
                XCTAssertEqual(try ours.frame(index), try theirs.frame(index), "\(name) frame \(index)")
                compared += 1
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 4 + 8)
    }

    /// Reversible HT codestreams go to OpenJPH; irreversible ones, Part 1 code-blocks and JP2
    /// files to OpenJPEG, with the reason.
    func testEachCodestreamGoesToTheLibraryThatMatchesPydicom() throws {
        let all = try CodecResources.cases(Self.syntaxes.union(JPEG2000DecoderTests.syntaxes))
        func library(_ name: String) throws -> HTJ2KDecoder.Library {
            let bytes = try XCTUnwrap(all.first { $0.name == name }).bytes
            return try bytes.withUnsafeBytes { input in try HTJ2KDecoder.library(for: input) }
        }
        XCTAssertEqual(try library("htj2k-mono16"), .openJPH)
        XCTAssertEqual(try library("htj2k-rpcl-mono16"), .openJPH)
        XCTAssertEqual(try library("htj2k-mono12-odd"), .openJPH)
        XCTAssertEqual(try library("htj2k-rgb-lossy"), .openJPEG(reason: "the 9/7 irreversible wavelet is used"))
        XCTAssertEqual(try library("j2k-mono16-signed"), .openJPEG(reason: "the code-blocks are not all HT"))
        XCTAssertEqual(try library("j2k-mono16-signed-jp2"), .openJPEG(reason: "the frame is not a bare J2K codestream"))
    }

    /// What the header says about the 12-bit codestream (ojph_compress -num_decomps 2 -block_size {16,16}).
    func testCodestreamHeader() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "htj2k-mono12-odd" })
        let header = try c.bytes.withUnsafeBytes { input in try HTJ2KCodestream(input) }
        XCTAssertEqual(header.width, 29)
        XCTAssertEqual(header.height, 37)
        XCTAssertEqual(header.components, [.init(precision: 12, isSigned: false, subsampling: (1, 1))])
        XCTAssertTrue(header.declaresHT)
        XCTAssertTrue(header.usesHTCodeBlocks)
        XCTAssertTrue(header.isReversible)
        XCTAssertEqual(header.quantizationStyle, 0)
        XCTAssertEqual(header.unsupportedMarkers, [])
        XCTAssertNil(header.openJPHObstacle)
    }

    /// A frame whose size disagrees with Rows and Columns names both sizes, the transfer
    /// syntax and the frame.
    func testWrongSizeFrameIsRejected() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "htj2k-mono16" })
        var description = c.description
        description.rows = 47
        XCTAssertThrowsError(try HTJ2KDecoder().decode(try c.frame(index: 2), description: description,
                                                       transferSyntax: c.transferSyntax)) { error in
            XCTAssertEqual(error as? PixelDataError, .corruptFrame(
                transferSyntax: c.transferSyntax, index: 2,
                reason: "the codestream is 40x48 but the data set says 40x47 (Columns x Rows)"))
        }
        description = c.description
        description.samplesPerPixel = 3
        description.photometricInterpretation = "RGB"
        XCTAssertThrowsError(try HTJ2KDecoder().decode(try c.frame(), description: description,
                                                       transferSyntax: c.transferSyntax)) { error in
            XCTAssertEqual(error as? PixelDataError, .corruptFrame(
                transferSyntax: c.transferSyntax, index: 0,
                reason: "the codestream has 1 components but Samples per Pixel is 3"))
        }
    }

    /// A frame cut inside its tile-part is caught before OpenJPH reads it.
    func testTruncatedFrameIsRejected() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "htj2k-truncated" })
        XCTAssertThrowsError(try HTJ2KDecoder().decode(try c.frame(index: 7), description: c.description,
                                                       transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(syntax, index, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(syntax, "1.2.840.10008.1.2.4.201")
            XCTAssertEqual(index, 7)
            XCTAssertTrue(reason.hasPrefix("tile-part of tile 0 needs "), reason)
            XCTAssertTrue(reason.hasSuffix("(truncated?)"), reason)
        }
    }

    /// OpenJPH's own message becomes the reason, and the next frame on the same thread
    /// decodes cleanly. Byte 185 lies in the coded data of the first packets (which start
    /// at byte 122, after SOD); zeroing it breaks a code-block.
    func testOpenJPHErrorIsTheReason() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "htj2k-mono16" })
        var bytes = try c.bytes
        bytes[185] = 0
        let broken = EncodedFrame(index: 4, fragments: [ByteSlice(copying: bytes)])
        XCTAssertThrowsError(try HTJ2KDecoder().decode(broken, description: c.description, transferSyntax: c.transferSyntax)) { error in
            XCTAssertEqual(error as? PixelDataError, .corruptFrame(transferSyntax: c.transferSyntax, index: 4,
                                                                   reason: "OpenJPH: Error decoding a codeblock"))
        }
        let good = try HTJ2KDecoder().decode(try c.frame(), description: c.description, transferSyntax: c.transferSyntax)
        XCTAssertEqual(CodecResources.fnv64(good), 0xA596_2209_6107_3F7C)
    }

    /// Header segments whose length disagrees with their contents or the frame are refused
    /// before OpenJPH reads them: given a QCD segment running past the end of the frame,
    /// OpenJPH 0.9.0 reports the error, then frees a stray pointer (a segmentation fault).
    func testInconsistentHeaderIsRejected() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "htj2k-mono16" })
        let bytes = try c.bytes
        func reason(_ change: (inout [UInt8]) -> Void) -> String? {
            var v = bytes
            change(&v)
            let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: v)])
            do {
                _ = try HTJ2KDecoder().decode(frame, description: c.description, transferSyntax: c.transferSyntax)
                return nil
            } catch {
                guard case let .corruptFrame(_, _, reason) = error else { return "\(error)" }
                return reason
            }
        }
        // QCD (at byte 69) with Lqcd 0x240D instead of 0x000D.
        XCTAssertEqual(reason { $0[71] = 0x24 }, "marker segment FF5C runs past the end of the frame")
        // QCD with two more step sizes than 3 decomposition levels have sub-bands.
        XCTAssertEqual(reason { $0.insert(contentsOf: [0x90, 0x90], at: 84); $0[72] = 15 },
                       "the QCD marker segment does not match 3 decomposition levels")
        // SIZ (at byte 2) claiming two components in a segment sized for one.
        XCTAssertEqual(reason { $0[41] = 2 }, "the SIZ marker segment has the wrong length for its component count")
        // COD's Lcod (byte 58) one too long: the next segment starts inside QCD.
        XCTAssertEqual(reason { $0[58] = 13 }, "the COD marker segment has the wrong length for its precincts")
    }

    /// A marker code inside coded data is refused before OpenJPH, which aborts on some.
    func testMarkerCodeInCodedDataIsRejected() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == "htj2k-mono16" })
        var bytes = try c.bytes
        bytes[300] = 0xFF
        bytes[301] = 0xA0
        let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: bytes)])
        XCTAssertThrowsError(try HTJ2KDecoder().decode(frame, description: c.description, transferSyntax: c.transferSyntax)) { error in
            XCTAssertEqual(error as? PixelDataError, .corruptFrame(
                transferSyntax: c.transferSyntax, index: 0,
                reason: "the coded data of tile 0 holds the marker code FFA0 at byte 300 (corrupt data)"))
        }
    }

    /// Every truncation and random byte changes (fixed seed) of codestreams that OpenJPH
    /// decodes (16 and 12-bit) and of one that goes to OpenJPEG (9/7 RGB): each decodes or
    /// fails with `corruptFrame` — never a crash, abort or hang. (Passed with 100,000 changes
    /// per codestream. Called bare, OpenJPH aborted, crashed or hung on 8 of 1,200 such
    /// changes; with the header checks but not the marker-code one, on about one in 40,000.)
    func testCorruptCodestreamsNeverCrash() throws {
        var corrupter = ByteCorrupter()
        var decoded = 0, rejected = 0
        for name in ["htj2k-mono16", "htj2k-mono12-odd", "htj2k-rgb-lossy"] {
            let c = try XCTUnwrap(CodecResources.cases(Self.syntaxes).first { $0.name == name })
            let bytes = try c.bytes
            let variants = (0..<bytes.count).map { Array(bytes.prefix($0)) }
                + corrupter.copies(of: bytes, count: 3000, changing: 4)
            for v in variants {
                let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: v)])
                do {
                    let out = try HTJ2KDecoder().decode(frame, description: c.description, transferSyntax: c.transferSyntax)
                    XCTAssertEqual(out.count, c.description.decodedFrameLength, name)
                    decoded += 1
                } catch {
                    guard case .corruptFrame = error else { return XCTFail("\(name): unexpected \(error)") }
                    rejected += 1
                }
            }
        }
        XCTAssertGreaterThan(decoded, 0)
        XCTAssertGreaterThan(rejected, 0)
    }
}
