import CZlib
import DICOM
import Foundation
import XCTest

@testable import DICOMPixels

/// PNG files written by `PNGWriter` are read back by an independent reader below (chunk
/// walk, CRC-32 computed bit by bit rather than by zlib, inflate, all five unfilters) and must
/// give the exact pixels.
final class PNGWriterTests: XCTestCase {
    func testGreyRoundTripsWithBothFilterings() throws {
        let image = try XCTUnwrap(DisplayImage(width: 37, height: 23, format: .grey8, pixels: testPattern(37 * 23)))
        for filtering in [PNGWriter.Filtering.none, .adaptive] {
            let png = try PNGWriter(filtering: filtering).encode(image)
            let decoded = try decodePNG(png)
            XCTAssertEqual([decoded.width, decoded.height, decoded.bitDepth, decoded.colourType], [37, 23, 8, 0])
            XCTAssertEqual(decoded.pixels, image.pixels, "\(filtering)")
            if case .none = filtering { XCTAssertEqual(Set(decoded.filterTypes), [0]) }
        }
    }

    func testAdaptiveFilteringUsesSeveralFiltersAndShrinksGradients() throws {
        // A diagonal gradient: Sub/Up/Paeth leave constant residuals, None does not.
        let pixels = (0..<(64 * 64)).map { UInt8(truncatingIfNeeded: ($0 % 64) * 3 + ($0 / 64) * 2) }
        let image = try XCTUnwrap(DisplayImage(width: 64, height: 64, format: .grey8, pixels: pixels))
        let adaptive = try PNGWriter(filtering: .adaptive).encode(image)
        let none = try PNGWriter(filtering: .none).encode(image)
        let decoded = try decodePNG(adaptive)
        XCTAssertEqual(decoded.pixels, pixels)
        XCTAssertFalse(decoded.filterTypes.allSatisfy { $0 == 0 })
        XCTAssertLessThan(adaptive.count, none.count)
    }

    func testRGBRoundTrips() throws {
        let image = try XCTUnwrap(DisplayImage(width: 17, height: 9, format: .rgb8, pixels: testPattern(17 * 9 * 3)))
        let decoded = try decodePNG(try PNGWriter().encode(image))
        XCTAssertEqual([decoded.width, decoded.height, decoded.bitDepth, decoded.colourType], [17, 9, 8, 2])
        XCTAssertEqual(decoded.pixels, image.pixels)
    }

    func testSixteenBitGreyRoundTripsMostSignificantByteFirst() throws {
        let samples: [UInt16] = [0, 1, 255, 256, 0x1234, 0xFFFF]
        let image = try XCTUnwrap(DisplayImage(width: 3, height: 2, grey16: samples))
        XCTAssertEqual(Array(image.pixels.prefix(4)), [0, 0, 0, 1])
        let decoded = try decodePNG(try PNGWriter().encode(image))
        XCTAssertEqual([decoded.width, decoded.height, decoded.bitDepth, decoded.colourType], [3, 2, 16, 0])
        XCTAssertEqual(stride(from: 0, to: decoded.pixels.count, by: 2).map { UInt16(decoded.pixels[$0]) << 8 | UInt16(decoded.pixels[$0 + 1]) },
                       samples)
    }

    func testFileLayoutIsSignatureIHDRIDATIEND() throws {
        let image = try XCTUnwrap(DisplayImage(width: 1, height: 1, format: .grey8, pixels: [42]))
        let png = try PNGWriter().encode(image)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: length 13, width 1, height 1, depth 8, grey, deflate, filter method 0, no interlace.
        XCTAssertEqual(Array(png[8..<33]), [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0,
                                            0x3A, 0x7E, 0x9B, 0x55])
        // IEND is always the same 12 bytes.
        XCTAssertEqual(Array(png.suffix(12)), [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        XCTAssertEqual(try decodePNG(png).chunkTypes, ["IHDR", "IDAT", "IEND"])
    }

    func testLargeImagesSplitIDATIntoChunks() throws {
        // Noise does not compress, so 3.3 MB of it needs four 1 MiB IDAT chunks.
        let image = try XCTUnwrap(DisplayImage(width: 1100, height: 1000, format: .rgb8, pixels: testPattern(1100 * 1000 * 3)))
        let png = try PNGWriter(filtering: .none, compressionLevel: 1).encode(image)
        let decoded = try decodePNG(png)
        XCTAssertEqual(decoded.chunkTypes.filter { $0 == "IDAT" }.count, 4)
        XCTAssertEqual(decoded.pixels, image.pixels)
    }

    /// End to end: the repository's CT fixture (window 40/400 and 400/1500, rescale -1024) read,
    /// decoded, rendered and written, then read back. Expected CRCs come from pydicom
    /// (`apply_modality_lut`, then C.11.2.1.2.1 onto 0...255, rounded).
    func testRenderedCTFixtureRoundTripsThroughPNG() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fixtures/dicom/ct_explicit_le.dcm").standardized.path
        let file = try DICOMFile(path: path)
        let pixels = try PixelData(file: file)
        let cases: [(Renderer, UInt32)] = [
            (Renderer(), 1_388_069_385),
            (Renderer(voiIndex: 1), 2_477_175_658),
            (Renderer(window: Window(center: -600, width: 1600)), 2_985_478_871),
        ]
        for (renderer, crc) in cases {
            let image = try renderer.render(pixels, frame: 0, dataSet: file.dataSet)
            XCTAssertEqual([image.width, image.height], [64, 64])
            var check = BitwiseCRC32()
            check.update(image.pixels)
            XCTAssertEqual(check.value, crc)
            XCTAssertEqual(try decodePNG(try PNGWriter().encode(image)).pixels, image.pixels)
        }
    }

    func testImagesMustHoldWidthTimesHeightPixels() {
        XCTAssertNil(DisplayImage(width: 2, height: 2, format: .grey8, pixels: [0, 0, 0]))
        XCTAssertNil(DisplayImage(width: 0, height: 2, format: .grey8, pixels: []))
        XCTAssertNil(DisplayImage(width: 2, height: 1, format: .rgb8, pixels: [0, 0, 0, 0, 0]))
        XCTAssertNil(DisplayImage(width: Int.max, height: 2, format: .rgb8, pixels: []))
        XCTAssertNotNil(DisplayImage(width: 2, height: 1, format: .grey16, pixels: [0, 0, 0, 0]))
    }

    func testCRC32MatchesTheCheckValue() {
        var crc = BitwiseCRC32()
        crc.update(Array("123456789".utf8))
        XCTAssertEqual(crc.value, 0xCBF4_3926)
    }
}

/// Pseudo-random bytes (a fixed LCG) with some structure, so every filter gets used.
fileprivate func testPattern(_ count: Int) -> [UInt8] {
    var state: UInt32 = 0x1234_5678
    return (0..<count).map { i in
        state = state &* 1_664_525 &+ 1_013_904_223
        return i % 3 == 0 ? UInt8(truncatingIfNeeded: i) : UInt8(truncatingIfNeeded: state >> 24)
    }
}

/// CRC-32 (ISO 3309, as PNG and zlib use), computed bit by bit: independent of zlib's.
struct BitwiseCRC32 {
    private var crc: UInt32 = 0xFFFF_FFFF

    mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
    }

    var value: UInt32 { crc ^ 0xFFFF_FFFF }
}

fileprivate struct DecodedPNG {
    var width = 0, height = 0, bitDepth = 0, colourType = 0
    var chunkTypes: [String] = []
    var filterTypes: [UInt8] = []
    var pixels: [UInt8] = []
}

fileprivate struct PNGReadError: Error, CustomStringConvertible {
    let description: String
}

/// Reads a non-interlaced 8/16-bit grey or RGB PNG: checks the signature and every chunk's
/// CRC, inflates the IDAT stream and undoes each row's filter (PNG §9).
fileprivate func decodePNG(_ png: [UInt8]) throws -> DecodedPNG {
    guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw PNGReadError(description: "no signature") }
    var result = DecodedPNG()
    var idat: [UInt8] = []
    var offset = 8
    func be32(_ at: Int) -> Int { Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3]) }
    while offset + 12 <= png.count {
        let length = be32(offset)
        let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
        guard offset + 12 + length <= png.count else { throw PNGReadError(description: "\(type) runs past the end") }
        let data = Array(png[(offset + 8)..<(offset + 8 + length)])
        var crc = BitwiseCRC32()
        crc.update(png[(offset + 4)..<(offset + 8 + length)])
        guard crc.value == UInt32(be32(offset + 8 + length)) else { throw PNGReadError(description: "bad CRC in \(type)") }
        result.chunkTypes.append(type)
        switch type {
        case "IHDR":
            result.width = Int(data[0]) << 24 | Int(data[1]) << 16 | Int(data[2]) << 8 | Int(data[3])
            result.height = Int(data[4]) << 24 | Int(data[5]) << 16 | Int(data[6]) << 8 | Int(data[7])
            result.bitDepth = Int(data[8])
            result.colourType = Int(data[9])
            guard data[10] == 0, data[11] == 0, data[12] == 0 else { throw PNGReadError(description: "unexpected IHDR methods") }
        case "IDAT":
            idat += data
        default:
            break
        }
        offset += 12 + length
    }
    guard offset == png.count, result.chunkTypes.last == "IEND" else { throw PNGReadError(description: "does not end with IEND") }

    let channels = result.colourType == 2 ? 3 : 1
    let bpp = channels * result.bitDepth / 8
    let rowLength = result.width * bpp
    var raw = [UInt8](repeating: 0, count: (rowLength + 1) * result.height)
    var rawLength = uLongf(raw.count)
    let status = raw.withUnsafeMutableBufferPointer { out in
        idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &rawLength, $0.baseAddress, uLong($0.count)) }
    }
    guard status == Z_OK, Int(rawLength) == raw.count else { throw PNGReadError(description: "inflate failed (\(status))") }

    var pixels = [UInt8](repeating: 0, count: rowLength * result.height)
    for y in 0..<result.height {
        let filter = raw[y * (rowLength + 1)]
        result.filterTypes.append(filter)
        for x in 0..<rowLength {
            let residual = raw[y * (rowLength + 1) + 1 + x]
            let a = x >= bpp ? Int(pixels[y * rowLength + x - bpp]) : 0
            let b = y > 0 ? Int(pixels[(y - 1) * rowLength + x]) : 0
            let c = x >= bpp && y > 0 ? Int(pixels[(y - 1) * rowLength + x - bpp]) : 0
            let predictor: Int
            switch filter {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: throw PNGReadError(description: "filter type \(filter)")
            }
            pixels[y * rowLength + x] = residual &+ UInt8(predictor)
        }
    }
    result.pixels = pixels
    return result
}
