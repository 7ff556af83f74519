import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

/// The Swift JPEG 2000 decoder against OpenJPEG (the peer it replaces), byte for byte: every
/// J2K resource and fixture it accepts, and codestreams `opj_compress` makes here with each
/// coding option the decoder claims; everything else must be declined with a reason.
final class J2KLosslessDecoderTests: XCTestCase {
    enum Outcome: Equatable {
        case equal
        case declined(String)
        /// Both decoders rejected the codestream.
        case bothFailed
    }

    /// Decodes `bytes` with both decoders and asserts the same samples (or both failing).
    @discardableResult
    static func compare(_ bytes: [UInt8], _ description: PixelDescription, _ name: String,
                        file: StaticString = #filePath, line: UInt = #line) -> Outcome {
        let length = description.decodedFrameLength
        var theirs = [UInt8](repeating: 0xA5, count: length), ours = [UInt8](repeating: 0x5A, count: length)
        return bytes.withUnsafeBytes { input in
            var peerError: JPEG2000Failure?
            theirs.withUnsafeMutableBytes { out in
                do throws(JPEG2000Failure) { try JPEG2000Decoder.decodeWithOpenJPEG(input, description: description, into: out) } catch {
                    peerError = error
                }
            }
            var ownError: JPEG2000Failure?
            var declined: String?
            ours.withUnsafeMutableBytes { out in
                do throws(JPEG2000Failure) {
                    if case let .declined(reason) = try JPEG2000Decoder.swiftVerdict(input, description: description) {
                        declined = reason
                    } else {
                        _ = try JPEG2000Decoder.decodeInSwift(input, description: description, into: out)
                    }
                } catch {
                    ownError = error
                }
            }
            if let declined { return .declined(declined) }
            if let ownError {
                XCTAssertNotNil(peerError, "\(name): only the Swift decoder failed: \(ownError.reason)", file: file, line: line)
                return .bothFailed
            }
            if let peerError {
                XCTFail("\(name): only OpenJPEG failed: \(peerError.reason)", file: file, line: line)
                return .bothFailed
            }
            if ours != theirs {
                let first = ours.indices.first { ours[$0] != theirs[$0] } ?? -1
                XCTFail("\(name): differs from OpenJPEG from byte \(first) of \(length)", file: file, line: line)
            }
            return .equal
        }
    }

    /// The opj_compress, gdcmconv resources (lossless and lossy, RCT, ICT, tiles, SOP/EPH,
    /// JP2, truncated, garbage, wrong size).
    func testResourcesMatchOpenJPEG() throws {
        let syntaxes: Set<String> = ["1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"]
        var outcomes: [String: Outcome] = [:]
        for c in try CodecResources.cases(syntaxes) {
            outcomes[c.name] = Self.compare(try c.bytes, c.description, c.name)
        }
        XCTAssertEqual(outcomes["j2k-mono16-signed"], .equal)
        XCTAssertEqual(outcomes["j2k-rgb-rct"], .equal)
        XCTAssertEqual(outcomes["j2k-rgb-tiles"], .equal)
        XCTAssertEqual(outcomes["j2k-gdcm-mono12-signed"], .equal)
        XCTAssertEqual(outcomes["j2k-mono13-pixelrep-mismatch"], .equal)
        XCTAssertEqual(outcomes["j2k-mono12-signed-as-unsigned"], .equal)
        XCTAssertEqual(outcomes["j2k-mono8-in16"], .equal)
        XCTAssertEqual(outcomes["j2k-mono16-signed-jp2"], .declined("not a bare codestream"))
        XCTAssertEqual(outcomes["j2k-lossy-mono16-signed"], .declined("the irreversible 9/7 wavelet (lossy)"))
        XCTAssertEqual(outcomes["j2k-rgb-ict"], .declined("the irreversible 9/7 wavelet (lossy)"))
        XCTAssertEqual(outcomes["j2k-truncated"], .bothFailed)
        XCTAssertEqual(outcomes["j2k-wrong-size"], .bothFailed)
        XCTAssertEqual(outcomes["j2k-garbage"], .bothFailed)
    }

    /// Every frame of the J2K studies under Fixtures/pixels.
    func testFixturesMatchOpenJPEG() throws {
        let directory = CodecResources.directory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/pixels")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.contains("_j2k_") && $0.hasSuffix(".dcm") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 10)
        var equal = 0
        for name in names {
            let pixels = try PixelData(file: try DICOMFile(path: directory.appendingPathComponent(name).path))
            for i in 0..<pixels.numberOfFrames {
                let frame = try pixels.encodedFrame(i)
                let bytes = try frame.withContiguousBytes { [UInt8]($0) }
                let outcome = Self.compare(bytes, pixels.description, "\(name) frame \(i)")
                if outcome == .equal { equal += 1 }
                if name.contains("lossless") { XCTAssertEqual(outcome, .equal, name) }
            }
        }
        XCTAssertGreaterThanOrEqual(equal, 10)
    }
}
