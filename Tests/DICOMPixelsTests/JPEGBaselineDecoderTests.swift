import DICOM
@testable import DICOMPixels
import Foundation
import XCTest

/// The codec test resources under `Resources/Codecs`, made by
/// `Resources/make-codec-resources.sh` with DCMTK, GDCM, OpenJPEG, OpenJPH and libturbojpeg,
/// with the output pydicom 3 (`pixel_array(..., raw=True)`) gives for each — and, for 12-bit
/// JPEG, the exact output of DCMTK's IJG decoder, since pydicom's libjpeg rounds differently.
enum CodecResources {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources/Codecs")

    /// How a case's decoded output is judged.
    enum Check: Equatable {
        /// Byte-identical output: FNV-1a 64 of the little-endian bytes.
        case fnv64(UInt64)
        /// Within `tolerance` of pydicom's output stored in `file` (12-bit JPEG, where pydicom's
        /// libjpeg uses another IDCT), comparing only sample `component` of each pixel if given.
        case reference(file: String, tolerance: Int, component: Int?)
        /// Must fail with `PixelDataError.corruptFrame`.
        case error
    }

    struct Case {
        var name: String
        var file: String
        var transferSyntax: String
        var description: PixelDescription
        var checks: [Check]
        var note: String

        var expectsError: Bool { checks == [.error] }

        var bytes: [UInt8] {
            get throws { try [UInt8](Data(contentsOf: directory.appendingPathComponent(file))) }
        }

        func frame(index: Int = 0) throws -> EncodedFrame {
            EncodedFrame(index: index, fragments: [ByteSlice(copying: try bytes)])
        }
    }

    /// The manifest's cases for `transferSyntaxes`.
    static func cases(_ transferSyntaxes: Set<String>) throws -> [Case] {
        let text = try String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        var result: [Case] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 11, transferSyntaxes.contains(f[2]),
                  let rows = Int(f[3]), let columns = Int(f[4]), let samples = Int(f[5]),
                  let allocated = Int(f[6]), let stored = Int(f[7]) else { continue }
            let description = PixelDescription(rows: rows, columns: columns, samplesPerPixel: samples,
                                               bitsAllocated: allocated, bitsStored: stored, isSigned: f[8] == "1",
                                               photometricInterpretation: f[9])
            var checks: [Check] = []
            for item in f[10].split(separator: ";") {
                let parts = item.split(separator: ":").map(String.init)
                switch parts[0] {
                case "fnv64": checks.append(.fnv64(UInt64(parts[1], radix: 16) ?? 0))
                case "ref": checks.append(.reference(file: parts[1], tolerance: Int(parts[2]) ?? 0,
                                                     component: parts.count > 3 ? Int(parts[3]) : nil))
                default: checks.append(.error)
                }
            }
            result.append(Case(name: f[0], file: f[1], transferSyntax: f[2], description: description,
                               checks: checks, note: f.count > 11 ? f[11] : ""))
        }
        return result
    }

    static func fnv64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// Sample values of little-endian `bytes`, read with `description`'s container and sign.
    static func samples(_ bytes: [UInt8], _ description: PixelDescription) -> [Int] {
        let size = description.bytesPerSample
        return stride(from: 0, to: bytes.count - size + 1, by: size).map { offset in
            var value = 0
            for i in (0..<size).reversed() { value = value << 8 | Int(bytes[offset + i]) }
            let bits = size * 8
            if description.isSigned && value >= 1 << (bits - 1) { value -= 1 << bits }
            return value
        }
    }

    /// Decodes every case of `transferSyntaxes` with `decoder` and checks it; returns how many ran.
    @discardableResult
    static func verifyAll(_ decoder: any FrameDecoder, _ transferSyntaxes: Set<String>,
                          file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let all = try cases(transferSyntaxes)
        XCTAssertFalse(all.isEmpty, "no resources for \(transferSyntaxes.sorted())", file: file, line: line)
        for c in all {
            let frame = try c.frame(index: 3)
            if c.expectsError {
                do {
                    let out = try decoder.decode(frame, description: c.description, transferSyntax: c.transferSyntax)
                    XCTFail("\(c.name): decoded \(out.count) bytes, expected an error (\(c.note))", file: file, line: line)
                } catch {
                    guard case let .corruptFrame(syntax, index, reason) = error else {
                        XCTFail("\(c.name): \(error)", file: file, line: line)
                        continue
                    }
                    XCTAssertEqual(syntax, c.transferSyntax, c.name, file: file, line: line)
                    XCTAssertEqual(index, 3, c.name, file: file, line: line)
                    XCTAssertFalse(reason.isEmpty, c.name, file: file, line: line)
                }
                continue
            }
            let out = try decoder.decode(frame, description: c.description, transferSyntax: c.transferSyntax)
            XCTAssertEqual(out.count, c.description.decodedFrameLength, c.name, file: file, line: line)
            for check in c.checks {
                switch check {
                case .error:
                    XCTFail("\(c.name): an error case with other checks", file: file, line: line)
                case let .fnv64(expected):
                    XCTAssertEqual(fnv64(out), expected, "\(c.name) (\(c.note)) differs", file: file, line: line)
                case let .reference(name, tolerance, component):
                    let reference = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                    XCTAssertEqual(out.count, reference.count, c.name, file: file, line: line)
                    let spp = c.description.samplesPerPixel
                    let ours = samples(out, c.description), theirs = samples(reference, c.description)
                    let worst = zip(ours, theirs).enumerated()
                        .filter { component == nil || $0.offset % spp == component }
                        .map { abs($0.element.0 - $0.element.1) }.max() ?? 0
                    XCTAssertLessThanOrEqual(worst, tolerance, "\(c.name) (\(c.note)) vs pydicom", file: file, line: line)
                }
            }
        }
        return all.count
    }

    /// HTJ2K syntaxes: Debian's libopenjp2 2.5.0 is built with assertions on, and its HT
    /// block decoder (ht_dec.c) aborts the process on some corrupt code-blocks — opj_decompress
    /// too — so only truncations, which strict mode rejects cleanly, are tried on them.
    static let htj2k: Set<String> = ["1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"]

    /// Feeds `decoder` truncations and byte corruptions of every valid case: each must decode
    /// or fail with `corruptFrame`, never crash or hang.
    static func survivesCorruption(_ decoder: any FrameDecoder, _ transferSyntaxes: Set<String>,
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        var corrupter = ByteCorrupter(seed: 0x9E37_79B9_7F4A_7C15)
        for c in try cases(transferSyntaxes) where !c.expectsError {
            let bytes = try c.bytes
            var variants: [[UInt8]] = [[], Array(bytes.prefix(2)), Array(bytes.prefix(bytes.count / 3))]
            for cut in stride(from: 3, to: bytes.count, by: max(1, bytes.count / 24)) { variants.append(Array(bytes.prefix(cut))) }
            variants += corrupter.copies(of: bytes, count: htj2k.contains(c.transferSyntax) ? 0 : 40, changing: 4)
            for v in variants {
                let frame = EncodedFrame(index: 0, fragments: [ByteSlice(copying: v)])
                do {
                    let out = try decoder.decode(frame, description: c.description, transferSyntax: c.transferSyntax)
                    XCTAssertEqual(out.count, c.description.decodedFrameLength, c.name, file: file, line: line)
                } catch {
                    guard case .corruptFrame = error else {
                        XCTFail("\(c.name): unexpected \(error)", file: file, line: line)
                        continue
                    }
                }
            }
        }
    }
}

final class JPEGBaselineDecoderTests: XCTestCase {
    static let baseline: Set<String> = [JPEGBaselineDecoder.transferSyntaxUID]

    /// Greyscale, 4:4:4, 4:2:2, 4:2:0, 4:1:1, 4:4:0, RGB-coded and tiny images, plus
    /// truncated, garbage and wrongly sized frames, against pydicom (GDCM) byte for byte.
    func testResourcesMatchPydicom() throws {
        let count = try CodecResources.verifyAll(JPEGBaselineDecoder(), Self.baseline)
        XCTAssertGreaterThanOrEqual(count, 12)
    }

    func testCorruptInputsNeverCrash() throws {
        try CodecResources.survivesCorruption(JPEGBaselineDecoder(), Self.baseline)
    }

    /// YCbCr stays YCbCr: the disc of RGB (250, 30, 40) in the 4:4:4 image decodes to
    /// Y≈97, Cb≈96, Cr≈237, not back to RGB.
    func testColourIsNotConverted() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.baseline).first { $0.name == "baseline-444" })
        let out = try JPEGBaselineDecoder().decode(try c.frame(), description: c.description,
                                                   transferSyntax: c.transferSyntax)
        let centre = ((c.description.rows / 2) * c.description.columns + c.description.columns / 2) * 3
        let ycbcr = Array(out[centre..<centre + 3]).map(Int.init)
        XCTAssertEqual(Double(ycbcr[0]), 97, accuracy: 4)
        XCTAssertEqual(Double(ycbcr[1]), 96, accuracy: 4)
        XCTAssertEqual(Double(ycbcr[2]), 237, accuracy: 4)
    }

    /// A frame split over fragments decodes like the whole codestream.
    func testFragmentedFrame() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.baseline).first { $0.name == "baseline-422" })
        let bytes = try c.bytes
        let whole = try JPEGBaselineDecoder().decode(try c.frame(), description: c.description,
                                                     transferSyntax: c.transferSyntax)
        let parts = [0..<100, 100..<101, 101..<bytes.count].map { ByteSlice(copying: bytes[$0]) }
        let split = try JPEGBaselineDecoder().decode(EncodedFrame(index: 0, fragments: parts),
                                                     description: c.description, transferSyntax: c.transferSyntax)
        XCTAssertEqual(split, whole)
    }

    /// 8-bit samples in 16-bit containers (pydicom cannot decode this): same values, wider.
    func testEightBitSamplesInSixteenBitContainers() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.baseline).first { $0.name == "baseline-mono8" })
        let narrow = try JPEGBaselineDecoder().decode(try c.frame(), description: c.description,
                                                      transferSyntax: c.transferSyntax)
        var wide = c.description
        wide.bitsAllocated = 16
        let out = try JPEGBaselineDecoder().decode(try c.frame(), description: wide, transferSyntax: c.transferSyntax)
        XCTAssertEqual(CodecResources.samples(out, wide), narrow.map(Int.init))
    }

    /// Bits above Bits Stored are cleared, as pydicom's `correct_unused_bits` does.
    func testBitsAboveBitsStoredAreMasked() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.baseline).first { $0.name == "baseline-mono8" })
        let full = try JPEGBaselineDecoder().decode(try c.frame(), description: c.description,
                                                    transferSyntax: c.transferSyntax)
        var seven = c.description
        seven.bitsStored = 7
        let out = try JPEGBaselineDecoder().decode(try c.frame(), description: seven, transferSyntax: c.transferSyntax)
        XCTAssertEqual(out, full.map { $0 & 0x7F })
    }

    func testErrorsNameSyntaxFrameAndReason() throws {
        let c = try XCTUnwrap(CodecResources.cases(Self.baseline).first { $0.name == "baseline-truncated" })
        XCTAssertThrowsError(try JPEGBaselineDecoder().decode(try c.frame(index: 7), description: c.description,
                                                              transferSyntax: c.transferSyntax)) { error in
            XCTAssertEqual(error as? PixelDataError,
                           .corruptFrame(transferSyntax: c.transferSyntax, index: 7,
                                         reason: "libturbojpeg: Premature end of JPEG file"))
        }
        var rgb = c.description
        rgb.samplesPerPixel = 3
        XCTAssertThrowsError(try JPEGBaselineDecoder().decode(try c.frame(), description: rgb,
                                                              transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(_, _, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("1 components but Samples per Pixel is 3"), reason)
        }
    }
}
