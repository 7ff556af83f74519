import XCTest
@testable import Annotations

/// The PNG decoder against images encoded independently by `scripts/make-annotation-fixtures.py`.
final class PNGImageTests: XCTestCase {
    func testEveryColourTypeBitDepthFilterAndInterlacingDecodesToTheExpectedMaskValues() throws {
        let expected = try Fixtures.expected(Fixtures.ExpectedPNG.self)
        XCTAssertEqual(expected.count, 23)
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            let image = try PNGImage(bytes: Fixtures.bytes(name))
            XCTAssertEqual(image.width, want.width, name)
            XCTAssertEqual(image.height, want.height, name)
            XCTAssertEqual(image.maskValues, want.maskValues, name)
        }
    }

    func testSubByteSamplesAreUnpackedMostSignificantBitFirst() throws {
        let image = try PNGImage(bytes: Fixtures.bytes("png/grey1.png"))
        XCTAssertEqual(image.bitDepth, 1)
        XCTAssertEqual(image.colorType, .greyscale)
        XCTAssertEqual(image.samples.count, 13 * 5)
        XCTAssertEqual(Set(image.samples), [0, 1])
        // Row 0 packs 0101 0101 | 1100 0...: least-significant-bit-first would reverse each byte.
        XCTAssertEqual(Array(image.samples.prefix(13)), [0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0])
    }

    func testSixteenBitSamplesKeepTheirFullValue() throws {
        let image = try PNGImage(bytes: Fixtures.bytes("png/grey16.png"))
        XCTAssertEqual(image.samples.max(), 65535)
        XCTAssertTrue(image.samples.contains { $0 > 255 && $0 < 65535 })
    }

    func testPaletteTransparencyApplies() throws {
        let image = try PNGImage(bytes: Fixtures.bytes("png/palette4.png"))
        XCTAssertEqual(image.colorType, .indexed)
        XCTAssertEqual(image.palette, [[0, 0, 0, 255], [255, 0, 0, 255], [0, 128, 0, 128], [40, 40, 200, 0], [255, 255, 255, 255]])
        // Row 0 holds indices 0 1 2 3 4 0 …: black, red, half-transparent green, invisible blue, white.
        XCTAssertEqual(Array(image.maskValues.prefix(5)), [0, 255, 64, 0, 255])
    }

    // MARK: - Bad input

    /// Adam7 passes land on their own grid, including in images so small that some passes
    /// are empty (their expected values are checked with the rest above).
    func testInterlacedImagesHaveTheirFullSize() throws {
        let interlaced = try PNGImage(bytes: Fixtures.bytes("png/adam7-grey8.png"))
        XCTAssertEqual(interlaced.width, 13)
        XCTAssertEqual(interlaced.height, 11)
        XCTAssertEqual(interlaced.samples.count, 13 * 11)
        XCTAssertEqual(try PNGImage(bytes: Fixtures.bytes("png/adam7-1x1.png")).samples.count, 1)
        XCTAssertEqual(try PNGImage(bytes: Fixtures.bytes("png/adam7-3x2.png")).samples.count, 3 * 2 * 3)
    }

    func testDamagedChunkIsCaughtByItsCRC() {
        XCTAssertThrowsError(try PNGImage(bytes: Fixtures.bytes("png/bad-crc.png"))) { error in
            XCTAssertEqual(error as? PNGReadError, .badChecksum(chunk: "IHDR"))
        }
    }

    func testNonexistentInterlaceMethod() {
        XCTAssertThrowsError(try PNGImage(bytes: Fixtures.bytes("png/bad-interlace-method.png"))) { error in
            XCTAssertEqual(error as? PNGReadError, .malformed("interlace method 2 does not exist"))
        }
    }

    func testUnknownCriticalChunk() {
        XCTAssertThrowsError(try PNGImage(bytes: Fixtures.bytes("png/unknown-critical-chunk.png"))) { error in
            XCTAssertEqual(error as? PNGReadError, .unsupported("unknown critical chunk ABCD"))
        }
    }

    func testTruncatedFile() {
        XCTAssertThrowsError(try PNGImage(bytes: Fixtures.bytes("png/truncated.png"))) { error in
            guard case .truncated = error as? PNGReadError else { return XCTFail("\(error)") }
        }
    }

    func testNotAPNG() {
        XCTAssertThrowsError(try PNGImage(bytes: Array("GIF89a not a png".utf8))) { error in
            XCTAssertEqual(error as? PNGReadError, .notPNG)
        }
        XCTAssertThrowsError(try PNGImage(bytes: [])) { error in
            XCTAssertEqual(error as? PNGReadError, .notPNG)
        }
    }

    func testEveryTruncationAndSingleByteCorruptionFailsCleanly() throws {
        // Bad input never crashes: every prefix, and every byte flipped, either decodes or throws PNGReadError.
        let original = try Fixtures.bytes("png/filter4-rgb8.png")
        for length in 0..<original.count {
            XCTAssertThrowsError(try PNGImage(bytes: Array(original.prefix(length))))
        }
        for position in original.indices {
            var damaged = original
            damaged[position] ^= 0x5A
            _ = try? PNGImage(bytes: damaged)   // any answer but a crash or a hang; the error type is typed
        }
    }
}
