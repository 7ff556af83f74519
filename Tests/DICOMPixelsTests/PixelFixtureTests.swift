import CZlib
import DICOM
import DICOMPixels
import Foundation
import XCTest

/// Every study under `Fixtures/pixels/` (made by `scripts/make-pixel-fixtures.sh`: CT, MR, CR,
/// US colour, palette, 1-bit, 32-bit, float and multi-frame images in every transfer syntax
/// Concord decodes) decoded frame by frame through `PixelData(file:)` and compared with what
/// pydicom's `pixel_array(path, index: i, raw: True)` returns, as recorded in
/// `Fixtures/pixels/expected.json`:
///
/// - lossless syntaxes (rule `exact`): the frame's length, byte sum and FNV-1a 64 hash;
/// - lossy syntaxes (rule `within1`): every value within ±1 of pydicom's decoded frames, which
///   are stored gzip'd under `Fixtures/pixels/reference/` (IDCT, 9/7 wavelet and colour
///   transforms round differently from one conformant decoder to the next).
final class PixelFixtureTests: XCTestCase {
    struct Manifest: Decodable {
        var files: [Entry]
    }

    struct Entry: Decodable {
        var file: String
        var transferSyntax: String
        var transferSyntaxName: String
        var photometricInterpretation: String
        var frameShape: [Int]
        var shape: [Int]
        var dtype: String
        var rule: String
        var frames: [Frame]
        var reference: String?
    }

    struct Frame: Decodable {
        var length: Int
        var sum: Int
        var fnv1a64: String
        var sha256: String
    }

    /// Every transfer syntax Concord decodes; each must have at least one fixture.
    static let decodedSyntaxes = [
        "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
        "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
        "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90",
        "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
    ]

    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pixels")

    static func manifest() throws -> Manifest {
        let url = folder.appendingPathComponent("expected.json")
        let data = try XCTUnwrap(try? Data(contentsOf: url),
                                 "\(url.path) is missing; run scripts/make-pixel-fixtures.sh")
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    // MARK: The manifest

    func testManifestCoversEveryFixtureAndSyntax() throws {
        let manifest = try Self.manifest()
        let listed = Set(manifest.files.map(\.file))
        XCTAssertEqual(listed.count, manifest.files.count, "a file is listed twice")
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".dcm") }
        XCTAssertEqual(Set(present), listed, "expected.json and the .dcm files in Fixtures/pixels differ")
        let syntaxes = Set(manifest.files.map(\.transferSyntax))
        for uid in Self.decodedSyntaxes {
            XCTAssertTrue(syntaxes.contains(uid), "no fixture in transfer syntax \(uid)")
        }
        for entry in manifest.files where entry.rule == "within1" {
            XCTAssertNotNil(entry.reference, "\(entry.file): lossy but without reference frames")
        }
        XCTAssertTrue(manifest.files.contains { $0.dtype == "<f4" } && manifest.files.contains { $0.dtype == "<f8" })
        XCTAssertTrue(manifest.files.contains { $0.dtype == "<u4" } && manifest.files.contains { $0.dtype == "<i4" })
        XCTAssertTrue(manifest.files.contains { $0.photometricInterpretation == "PALETTE COLOR" })
        XCTAssertTrue(manifest.files.contains { $0.photometricInterpretation == "YBR_FULL_422" })
    }

    // MARK: Decoding

    func testLosslessFixturesDecodeToPydicomValues() throws {
        var checked = 0
        for entry in try Self.manifest().files where entry.rule == "exact" {
            guard let pixels = open(entry) else { continue }
            for (index, expected) in entry.frames.enumerated() {
                guard let frame = decode(pixels, index, entry) else { continue }
                let sum = frame.reduce(0) { $0 + Int($1) }
                let hash = Self.hex(Self.fowlerNollVo(frame))
                if frame.count != expected.length || sum != expected.sum || hash != expected.fnv1a64 {
                    XCTFail("\(entry.file) [\(entry.transferSyntaxName)] frame \(index): \(frame.count) bytes, "
                            + "sum \(sum), FNV-1a \(hash); pydicom: \(expected.length) bytes, sum \(expected.sum), "
                            + "FNV-1a \(expected.fnv1a64)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 250, "lossless frames compared")
    }

    /// `frame(_:into:)` and `allFrames()` hand decoders uninitialised memory; a decoder that
    /// skipped a byte would leak whatever was there. Memory filled with junk first must come
    /// out exactly as `frame(_:)` returns it, for every fixture in every syntax.
    func testDecodingIntoMemoryOverwritesEveryByte() throws {
        var checked = 0
        for entry in try Self.manifest().files {
            guard let pixels = open(entry) else { continue }
            let length = pixels.description.decodedFrameLength
            for index in 0..<pixels.numberOfFrames {
                let expected = try pixels.frame(index)
                var junk = [UInt8](repeating: 0xA5, count: length)
                try junk.withUnsafeMutableBytes { try pixels.frame(index, into: $0) }
                XCTAssertEqual(junk, expected, "\(entry.file) [\(entry.transferSyntaxName)] frame \(index)")
                checked += 1
            }
            XCTAssertEqual(try pixels.allFrames(), try (0..<pixels.numberOfFrames).flatMap { try pixels.frame($0) },
                           entry.file)
        }
        XCTAssertGreaterThan(checked, 300, "frames compared")
    }

    func testDecodingIntoMemoryOfTheWrongSizeIsRefused() throws {
        let entry = try XCTUnwrap(try Self.manifest().files.first { $0.file == "ct16_jpeg_ls_lossless.dcm" })
        let pixels = try XCTUnwrap(open(entry))
        var short = [UInt8](repeating: 0, count: pixels.description.decodedFrameLength - 2)
        XCTAssertThrowsError(try short.withUnsafeMutableBytes { try pixels.frame(0, into: $0) }) { error in
            XCTAssertEqual(error as? PixelDataError, .wrongOutputSize(index: 0, expected: short.count + 2, actual: short.count))
            XCTAssertEqual("\(error)", "frame 0 decodes to \(short.count + 2) bytes, but the memory given for it holds \(short.count)")
        }
    }

    func testLossyFixturesDecodeWithinOneOfPydicom() throws {
        var checked = 0
        for entry in try Self.manifest().files where entry.rule == "within1" {
            guard let pixels = open(entry), let name = entry.reference else { continue }
            let reference = try Self.gunzip(Self.folder.appendingPathComponent(name))
            let width = try XCTUnwrap(Int(entry.dtype.dropFirst(2)), entry.dtype)
            let signed = entry.dtype.dropFirst().hasPrefix("i")
            var offset = 0
            for (index, expected) in entry.frames.enumerated() {
                defer { offset += expected.length }
                guard let frame = decode(pixels, index, entry) else { continue }
                guard frame.count == expected.length, offset + expected.length <= reference.count else {
                    XCTFail("\(entry.file) frame \(index): \(frame.count) bytes, pydicom \(expected.length)")
                    continue
                }
                let want = Self.values(reference[offset..<(offset + expected.length)], width: width, signed: signed)
                let got = Self.values(frame[...], width: width, signed: signed)
                let far = zip(want, got).enumerated().filter { abs($0.element.0 - $0.element.1) > 1 }
                if let first = far.first, !Self.agreesByPSNR(want, got) {
                    let largest = far.map { abs($0.element.0 - $0.element.1) }.max() ?? 0
                    XCTFail("\(entry.file) [\(entry.transferSyntaxName)] frame \(index): \(far.count) of \(want.count) "
                            + "values differ from pydicom by more than 1 (largest \(largest)); first at index "
                            + "\(first.offset): pydicom \(first.element.0), Concord \(first.element.1)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20, "lossy frames compared")
    }

    /// The differential test's second lossy rule: no value off by more than 2 and a PSNR of at
    /// least 70 dB against pydicom (peak: pydicom's value range). 12-bit IDCTs round
    /// differently between IJG libjpeg and libjpeg 9 by that much.
    static func agreesByPSNR(_ want: [Int], _ got: [Int]) -> Bool {
        guard want.count == got.count, let low = want.min(), let high = want.max() else { return false }
        var squares = 0.0
        for (w, g) in zip(want, got) {
            let d = abs(w - g)
            if d > 2 { return false }
            squares += Double(d * d)
        }
        if squares == 0 { return true }
        let peak = Double(max(high - low, 1))
        let mse = squares / Double(want.count)
        return 10 * log10(peak * peak / mse) >= 70
    }

    /// The parallel whole-file decode gives the frames of the one-by-one decode, in order.
    func testAllFramesMatchSingleFrames() throws {
        for entry in try Self.manifest().files where entry.frames.count > 1 {
            guard let pixels = open(entry) else { continue }
            do {
                let all = try pixels.allFrames()
                var one = [UInt8]()
                for index in 0..<pixels.numberOfFrames { one += try pixels.frame(index) }
                XCTAssertEqual(all.count, entry.frames.reduce(0) { $0 + $1.length }, entry.file)
                XCTAssertTrue(all == one, "\(entry.file): allFrames() differs from frame(0…\(pixels.numberOfFrames - 1))")
            } catch {
                XCTFail("\(entry.file): \(error)")
            }
        }
    }

    // MARK: Helpers

    /// The file's pixel data, checked against the manifest's syntax and frame count.
    private func open(_ entry: Entry) -> PixelData? {
        let path = Self.folder.appendingPathComponent(entry.file).path
        do {
            let pixels = try PixelData(file: try DICOMFile(path: path))
            XCTAssertEqual(pixels.transferSyntax.uid, entry.transferSyntax, entry.file)
            XCTAssertEqual(pixels.numberOfFrames, entry.frames.count, "\(entry.file): number of frames")
            return pixels
        } catch {
            XCTFail("\(entry.file) [\(entry.transferSyntaxName)]: \(error)")
            return nil
        }
    }

    private func decode(_ pixels: PixelData, _ index: Int, _ entry: Entry) -> [UInt8]? {
        do {
            return try pixels.frame(index)
        } catch {
            XCTFail("\(entry.file) [\(entry.transferSyntaxName)] frame \(index): \(error)")
            return nil
        }
    }

    /// Little-endian samples of `width` bytes as integers.
    static func values(_ bytes: ArraySlice<UInt8>, width: Int, signed: Bool) -> [Int] {
        let base = bytes.startIndex
        return stride(from: 0, to: bytes.count - width + 1, by: width).map { start in
            var raw: UInt64 = 0
            for k in 0..<width { raw |= UInt64(bytes[base + start + k]) << (8 * UInt64(k)) }
            guard signed, width < 8, raw & (1 << UInt64(8 * width - 1)) != 0 else { return Int(truncatingIfNeeded: raw) }
            return Int(truncatingIfNeeded: raw) - (1 << (8 * width))
        }
    }

    /// FNV-1a, 64 bits (what expected.json records beside the SHA-256).
    static func fowlerNollVo(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    struct InflateError: Error, CustomStringConvertible {
        var description: String
    }

    /// The contents of a gzip file (zlib with gzip header detection).
    static func gunzip(_ url: URL) throws -> [UInt8] {
        let input = [UInt8](try Data(contentsOf: url))
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InflateError(description: "zlib could not start inflating \(url.lastPathComponent)")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return try input.withUnsafeBufferPointer { source -> [UInt8] in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                switch status {
                case Z_STREAM_END: return output
                case Z_OK: continue
                default: throw InflateError(description: "\(url.lastPathComponent): zlib status \(status)")
                }
            }
        }
    }
}
