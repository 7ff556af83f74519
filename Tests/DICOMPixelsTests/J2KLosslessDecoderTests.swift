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
                var destination = FrameDestination(out)
                do throws(JPEG2000Failure) {
                    try JPEG2000Decoder.decodeWithOpenJPEG(input, description: description, into: &destination)
                } catch {
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
                        var destination = FrameDestination(out)
                        _ = try JPEG2000Decoder.decodeInSwift(input, description: description, into: &destination)
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

    /// A codestream the Swift decoder finds broken is an error of its own, not retried
    /// with OpenJPEG.
    func testCorruptStreamIsNotRetriedWithOpenJPEG() throws {
        let c = try XCTUnwrap(CodecResources.cases(["1.2.840.10008.1.2.4.90"]).first { $0.name == "j2k-truncated" })
        XCTAssertThrowsError(try JPEG2000Decoder()
            .decode(try c.frame(), description: c.description, transferSyntax: c.transferSyntax)) { error in
            guard case let .corruptFrame(_, _, reason) = error as? PixelDataError else { return XCTFail("\(error)") }
            XCTAssertFalse(reason.hasPrefix("OpenJPEG"), reason)
            XCTAssertTrue(reason.hasPrefix("the codestream is truncated: a tile-part of tile 0 claims"), reason)
        }
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

/// Codestreams made by `opj_compress` from images written here, one per coding option the
/// Swift decoder claims (and a few it declines), each compared with OpenJPEG's decode.
final class J2KGeneratedCodestreamTests: XCTestCase {
    struct Image {
        var width: Int, height: Int, components = 1, bits: Int, signed = false

        var description: PixelDescription {
            PixelDescription(rows: height, columns: width, samplesPerPixel: components,
                             bitsAllocated: bits <= 8 ? 8 : 16, bitsStored: bits, isSigned: signed,
                             photometricInterpretation: components == 3 ? "RGB" : "MONOCHROME2")
        }

        /// Planar little-endian samples (opj_compress's .rawl): a smooth ramp, edges and
        /// noise from a fixed seed, so every coding pass has work, over the full range.
        var raw: [UInt8] {
            var seed: UInt64 = UInt64(width * 7919 + height * 104_729 + bits * 31 + components)
            let range = 1 << bits, low = signed ? -(range / 2) : 0
            var out: [UInt8] = []
            for c in 0..<components {
                for y in 0..<height {
                    for x in 0..<width {
                        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        let noise = Int(seed >> 58)
                        let ramp = (x * 3 + y * 5 + c * 11) * range / max(1, 3 * width + 5 * height + 33)
                        let edge = (x / 5 + y / 3) % 4 == 0 ? range / 3 : 0
                        let v = low + (ramp + edge + noise * (range / 256 + 1)) % range
                        if bits <= 8 {
                            out.append(UInt8(truncatingIfNeeded: v))
                        } else {
                            out.append(UInt8(truncatingIfNeeded: v))
                            out.append(UInt8(truncatingIfNeeded: v >> 8))
                        }
                    }
                }
            }
            return out
        }
    }

    static let workDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("concord-j2k-\(ProcessInfo.processInfo.processIdentifier)")

    override class func tearDown() {
        try? FileManager.default.removeItem(at: workDirectory)
        super.tearDown()
    }

    /// Encodes `image` with opj_compress and `options`; without `-n`, with as many
    /// resolutions (up to the default 6) as the image's size allows.
    static func encode(_ image: Image, _ options: [String]) throws -> [UInt8] {
        var options = options
        if !options.contains("-n") {
            let side = min(image.width, image.height)
            options += ["-n", "\(min(6, Int.bitWidth - side.leadingZeroBitCount))"]
        }
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        let name = UUID().uuidString
        let input = workDirectory.appendingPathComponent("\(name).rawl"), output = workDirectory.appendingPathComponent("\(name).j2k")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: output)
        }
        try Data(image.raw).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/opj_compress")
        process.arguments = ["-i", input.path, "-o", output.path,
                             "-F", "\(image.width),\(image.height),\(image.components),\(image.bits),\(image.signed ? "s" : "u")"]
            + options
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSDebugDescriptionErrorKey: "opj_compress \(options) failed"])
        }
        return try [UInt8](Data(contentsOf: output))
    }

    /// Encodes, decodes with both decoders, and asserts `expected`.
    func check(_ image: Image, _ options: [String], _ expected: J2KLosslessDecoderTests.Outcome = .equal,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = try Self.encode(image, options)
        let name = "\(image.width)x\(image.height)x\(image.components) \(image.bits)\(image.signed ? "s" : "u") \(options)"
        XCTAssertEqual(J2KLosslessDecoderTests.compare(bytes, image.description, name, file: file, line: line), expected,
                       name, file: file, line: line)
    }

    func testBitDepthsAndSigns() throws {
        for bits in [8, 12, 16] {
            for signed in [false, true] {
                try check(Image(width: 64, height: 64, bits: bits, signed: signed), [])
            }
        }
        try check(Image(width: 64, height: 48, bits: 5), [])
        try check(Image(width: 64, height: 48, bits: 13, signed: true), [])
    }

    func testSizes() throws {
        try check(Image(width: 1, height: 1, bits: 12), [])
        try check(Image(width: 3, height: 5, bits: 16, signed: true), [])
        try check(Image(width: 17, height: 33, bits: 8), [])
        try check(Image(width: 512, height: 512, bits: 12), [])
        try check(Image(width: 512, height: 96, bits: 16), ["-n", "4"])
    }

    func testColour() throws {
        try check(Image(width: 33, height: 17, components: 3, bits: 8), [])
        try check(Image(width: 33, height: 17, components: 3, bits: 12), ["-mct", "0"])
        try check(Image(width: 40, height: 30, components: 3, bits: 16, signed: true), [])
    }

    func testResolutions() throws {
        for n in 1...6 { try check(Image(width: 40, height: 37, bits: 12), ["-n", "\(n)"]) }
    }

    func testCodeBlockSizes() throws {
        for size in ["4,4", "16,64", "64,16", "64,64", "32,8"] {
            try check(Image(width: 70, height: 66, bits: 12), ["-b", size])
        }
    }

    func testPrecincts() throws {
        try check(Image(width: 70, height: 66, bits: 12), ["-c", "[32,32],[16,16]"])
        try check(Image(width: 70, height: 66, bits: 16, signed: true), ["-c", "[64,64]", "-b", "16,16"])
        try check(Image(width: 70, height: 66, bits: 8), ["-c", "[16,16]", "-b", "8,8", "-n", "3"])
    }

    func testQualityLayers() throws {
        try check(Image(width: 64, height: 64, bits: 12), ["-r", "40,20,10,1"])
        // Lossy last layer: passes left out, so the midpoint reconstruction must agree too.
        try check(Image(width: 64, height: 64, bits: 12), ["-r", "30,10"])
        try check(Image(width: 48, height: 40, components: 3, bits: 8), ["-r", "20,5,2"])
    }

    func testProgressionOrders() throws {
        for order in ["LRCP", "RLCP", "RPCL", "PCRL", "CPRL"] {
            try check(Image(width: 70, height: 50, components: 3, bits: 8),
                      ["-p", order, "-c", "[32,32],[16,16],[8,8]", "-r", "20,4,1", "-t", "40,30", "-n", "4"])
            try check(Image(width: 37, height: 29, bits: 12), ["-p", order, "-c", "[16,16]", "-b", "8,8", "-r", "5,1"])
        }
    }

    func testTiles() throws {
        try check(Image(width: 70, height: 50, bits: 12), ["-t", "33,17", "-n", "4"])
        // The last tile column is one sample wide and starts at an odd x.
        try check(Image(width: 32, height: 20, bits: 16), ["-t", "31,7", "-n", "3"])
        try check(Image(width: 45, height: 45, components: 3, bits: 8), ["-t", "16,16", "-TP", "R", "-n", "4"])
        try check(Image(width: 45, height: 45, bits: 12), ["-r", "10,1", "-TP", "L"])
        try check(Image(width: 45, height: 45, components: 3, bits: 8), ["-TP", "C"])
    }

    func testCodeBlockModes() throws {
        let image = Image(width: 48, height: 40, bits: 12, signed: true)
        for mode in 1...63 {
            try check(image, ["-M", "\(mode)", "-r", "10,3,1"])
        }
        try check(Image(width: 64, height: 64, bits: 16), ["-M", "1", "-b", "16,16"])
    }

    func testMarkers() throws {
        try check(Image(width: 40, height: 40, bits: 12), ["-SOP"])
        try check(Image(width: 40, height: 40, bits: 12), ["-EPH"])
        try check(Image(width: 40, height: 40, bits: 12), ["-SOP", "-EPH", "-r", "8,1", "-t", "20,20", "-n", "4"])
    }

    func testDeclinedFeaturesGoToOpenJPEG() throws {
        let image = Image(width: 40, height: 40, bits: 12)
        try check(image, ["-I"], .declined("the irreversible 9/7 wavelet (lossy)"))
        try check(image, ["-d", "3,5"], .declined("an image offset (3, 5)"))
        try check(image, ["-ROI", "c=0,U=3"], .declined("region of interest (RGN)"))
        try check(image, ["-POC", "T1=0,0,1,6,1,CPRL"], .declined("progression order changes (POC)"))
    }

    /// Truncations and byte flips (fixed seed) of generated codestreams: a typed failure or
    /// a frame, never a crash or a hang.
    func testCorruptCodestreamsFailCleanly() throws {
        var corrupter = ByteCorrupter()
        let sources: [(Image, [String])] = [
            (Image(width: 48, height: 40, bits: 16, signed: true), []),
            (Image(width: 33, height: 17, components: 3, bits: 8), ["-p", "RPCL", "-c", "[16,16]", "-SOP", "-EPH", "-t", "20,10", "-n", "3"]),
            (Image(width: 48, height: 40, bits: 12), ["-M", "63", "-r", "10,3,1"]),
        ]
        var failures = 0
        for (image, options) in sources {
            let bytes = try Self.encode(image, options)
            var variants: [[UInt8]] = []
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) { variants.append(Array(bytes.prefix(cut))) }
            variants += corrupter.copies(of: bytes, count: 150, changing: 4)
            var output = [UInt8](repeating: 0, count: image.description.decodedFrameLength)
            for v in variants {
                v.withUnsafeBytes { input in
                    output.withUnsafeMutableBytes { out in
                        do throws(JPEG2000Failure) {
                            var destination = FrameDestination(out)
                            _ = try JPEG2000Decoder.decodeInSwift(input, description: image.description, into: &destination)
                        } catch {
                            XCTAssertFalse(error.reason.isEmpty)
                            failures += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(failures, 40)
    }
}
